// The player page's Socket.IO link: resume the game on every connection, feed the server's
// events into the player model, and deliver the answer the player picked, again and again until
// the server acknowledges it or the question is no longer open.

import { useEffect, useMemo, useReducer, useRef, useState } from "preact/hooks";
import { shuffleSeed } from "../answers";
import { ClockOffset, stateStamps } from "../clock";
import { connect, request } from "../live";
import {
  emptyModel,
  isOpenFor,
  type Outgoing,
  type PlayerAction,
  type PlayerModel,
  playerReducer,
} from "../player-model";
import type { AnswerValue, Milestone, Result, State } from "../protocol";
import { navigate } from "../router";
import { setJoinNotice, takeOver } from "../session";
import type { LiveSocket } from "../socket-events";
import { load, type PlayerSession, playerKey, remove } from "../storage";

/** How long a copy of an answer waits for its ack before another copy goes. */
export const ANSWER_TIMEOUT_MS = 5000;
/** The pause before another copy after one was refused for a passing reason (a busy server). */
export const ANSWER_RETRY_MS = 1000;

/** The player's game on `pin`: the model, the link's state, and `pick` to answer. */
export function usePlayerLink(pin: string) {
  const [model, dispatch] = useReducer(playerReducer, undefined, emptyModel);
  const [connected, setConnected] = useState(false);
  const [everConnected, setEverConnected] = useState(false);
  // Joined on this connection: answers sent before the resume's ack would be `not_joined`.
  const [joined, setJoined] = useState(false);
  const [fatal, setFatal] = useState<string | null>(null);
  const [seed, setSeed] = useState<string | null>(null);
  const clock = useMemo(() => new ClockOffset(), []);
  const socketRef = useRef<LiveSocket<"/play"> | null>(null);

  useEffect(() => {
    const pending = takeOver(pin);
    if (!pending && !load<PlayerSession>(playerKey(pin))) {
      navigate(`/join/${encodeURIComponent(pin)}`, { replace: true });
      return;
    }
    const socket = pending ? pending.socket : connect("/play");
    socketRef.current = socket;
    let closed = false;
    let retry = 0;

    const resume = async () => {
      const saved = load<PlayerSession>(playerKey(pin));
      if (!saved || closed) return;
      const ack = await request(socket, "join", { pin, token: saved.token }, 10000);
      if (closed) return;
      if (ack.ok) {
        setSeed(shuffleSeed(ack));
        dispatch({ type: "join", ack });
        setJoined(socket.connected);
        setFatal(null);
        return;
      }
      const code = ack.error.code;
      if (code === "invalid") {
        remove(playerKey(pin));
        setJoinNotice("You are no longer in that game. Join it again with a nickname.");
        navigate(`/join/${encodeURIComponent(pin)}`, { replace: true });
      } else if (code === "banned") {
        remove(playerKey(pin));
        dispatch({ type: "kicked", reason: "banned by the host" });
      } else if (code === "game_not_found") {
        remove(playerKey(pin));
        setFatal("This game is no longer running.");
      } else {
        // unavailable, internal, timeout: try again shortly.
        retry = window.setTimeout(() => socket.connected && void resume(), 1500);
      }
    };

    const onConnect = () => {
      setConnected(true);
      setEverConnected(true);
      void resume();
    };
    const onDisconnect = () => {
      setConnected(false);
      setJoined(false);
    };
    const onState = (s: State) => {
      for (const stamp of stateStamps(s)) clock.sample(stamp);
      dispatch({ type: "state", state: s });
    };
    const onResult = (r: Result) => dispatch({ type: "result", result: r });
    const onMilestone = (m: Milestone) => dispatch({ type: "milestone", milestone: m });
    const onKicked = (p: { reason?: string }) => {
      remove(playerKey(pin));
      dispatch({ type: "kicked", reason: p?.reason ?? "" });
      closed = true;
      socket.disconnect();
    };
    socket.on("connect", onConnect);
    socket.on("disconnect", onDisconnect);
    socket.on("state", onState);
    socket.on("result", onResult);
    socket.on("kicked", onKicked);
    socket.on("milestone", onMilestone);
    if (pending) {
      setSeed(shuffleSeed(pending.ack));
      dispatch({ type: "join", ack: pending.ack });
      setConnected(socket.connected);
      setJoined(socket.connected);
      setEverConnected(true);
    }
    return () => {
      closed = true;
      window.clearTimeout(retry);
      socket.off("connect", onConnect);
      socket.off("disconnect", onDisconnect);
      socket.off("state", onState);
      socket.off("result", onResult);
      socket.off("kicked", onKicked);
      socket.off("milestone", onMilestone);
      socket.disconnect();
    };
  }, [pin]);

  // The outbox's answer goes whenever the link is up and joined and the server's state has its
  // question open; each copy is acknowledged or refused, and a passing refusal sends another.
  const outbox = model.outbox;
  const delay = sendDelay(model, connected, joined);
  useEffect(() => {
    const socket = socketRef.current;
    if (!outbox || delay === null || !socket) return;
    const timer = window.setTimeout(() => {
      // Not connected after all: the connect event re-runs this effect.
      if (socket.connected) void sendCopy(socket, outbox, dispatch);
    }, delay);
    return () => window.clearTimeout(timer);
  }, [outbox, delay]);

  const pick = (question: number, value: AnswerValue) => dispatch({ type: "pick", question, value });
  return { model, dispatch, connected, everConnected, fatal, seed, clock, pick };
}

/**
 * In how many ms the outbox's answer should go on the wire, or null when not now: nothing waits,
 * a copy is on the wire, the link is down or not joined yet, or the server's state does not have
 * the question open (then the model says whether it was late).
 */
export function sendDelay(model: PlayerModel, connected: boolean, joined: boolean): number | null {
  const o = model.outbox;
  if (!o || o.sending || !connected || !joined || !isOpenFor(model.state, o.question)) return null;
  return o.failed ? ANSWER_RETRY_MS : 0;
}

/** Puts one copy of the outbox's answer on the wire and dispatches what came of it. */
export async function sendCopy(
  socket: LiveSocket<"/play">,
  outbox: Outgoing,
  dispatch: (action: PlayerAction) => void,
): Promise<void> {
  const { question, value } = outbox;
  dispatch({ type: "sending", question });
  const ack = await request(socket, "answer", { question, answer: value }, ANSWER_TIMEOUT_MS);
  dispatch(
    ack.ok
      ? { type: "ack", question, code: "ok" }
      : { type: "ack", question, code: ack.error.code, message: ack.error.message },
  );
}
