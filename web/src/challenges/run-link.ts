// The run page's Socket.IO link: resume the run on every connection (the player's token), feed
// the server's RunViews into the run model, ask for the next question or another attempt, and
// deliver the answer picked, again and again until the server acknowledges or refuses it.

import { useEffect, useMemo, useReducer, useRef, useState } from "preact/hooks";
import { shuffleSeed } from "../answers";
import { ClockOffset } from "../clock";
import { answerError } from "../format";
import { connect, request } from "../live";
import type { AnswerValue, JoinAck, PlayerInfo, RunView } from "../protocol";
import { navigate } from "../router";
import { setJoinNotice, takeOver } from "../session";
import type { LiveSocket } from "../socket-events";
import { load, type PlayerSession, playerKey, remove, save } from "../storage";
import {
  answerOutcome,
  type ChallengeInfo,
  challengeInfo,
  emptyRun,
  type KeptRun,
  keptOf,
  type RunAction,
  runReducer,
  runRemaining,
  sampleRun,
} from "./run-model";

/** How long a copy of an answer waits for its ack before another copy goes. */
const ANSWER_TIMEOUT_MS = 5000;
/** The pause before another copy after one got no usable ack. */
const ANSWER_RETRY_MS = 1000;
/** After the deadline, how long the page waits for the server's `run` event before asking. */
const LATE_ASK_MS = 2500;

/** What went wrong with a request the player made (shown until the next one). */
const RUN_ERRORS: Record<string, string> = {
  no_attempts_left: "You have used all your attempts at this challenge.",
  challenge_closed: "This challenge has closed.",
  timeout: "No answer from the server. Try again.",
  not_joined: "Reconnecting to the challenge… Try again in a moment.",
  unavailable: "The server is busy for a moment. Try again.",
};

/** Where a phone keeps its run of the challenge on `pin` across a reload. */
const keptKey = (pin: string) => `huddle.run.${pin}`;

/** The player's run of the challenge on `pin`: the model, the link's state and the actions. */
export function useRunLink(pin: string) {
  const [model, rawDispatch] = useReducer(runReducer, undefined, emptyRun);
  const [info, setInfo] = useState<ChallengeInfo | null>(null);
  const [player, setPlayer] = useState<PlayerInfo | null>(null);
  const [seed, setSeed] = useState<string | null>(null);
  const [connected, setConnected] = useState(false);
  const [everConnected, setEverConnected] = useState(false);
  const [joined, setJoined] = useState(false);
  const [fatal, setFatal] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const clock = useMemo(() => new ClockOffset(), []);
  const socketRef = useRef<LiveSocket<"/play"> | null>(null);

  // Every view sets the clock first: the countdown reads the server's time from it.
  const dispatch = (a: RunAction) => {
    if ((a.type === "run" || a.type === "acked") && a.run) sampleRun(clock, a.run);
    rawDispatch(a);
  };

  // What a reload keeps (the last question's view, the answers sent): restored first, saved
  // whenever it changes.
  useEffect(() => {
    const kept = load<KeptRun>(keptKey(pin));
    if (kept && typeof kept === "object" && kept.sent && typeof kept.sent === "object") rawDispatch({ type: "restore", kept });
  }, [pin]);
  useEffect(() => {
    if (model.question || Object.keys(model.sent).length) save(keptKey(pin), keptOf(model));
  }, [model.question, model.sent]);

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

    const joinedWith = (ack: JoinAck) => {
      setInfo(challengeInfo(ack.state));
      setPlayer(ack.player);
      setSeed(shuffleSeed(ack));
      if (ack.run) dispatch({ type: "run", run: ack.run });
      setFatal(null);
    };

    const resume = async () => {
      const saved = load<PlayerSession>(playerKey(pin));
      if (!saved || closed) return;
      const ack = await request(socket, "join", { pin, token: saved.token }, 10000);
      if (closed) return;
      if (ack.ok) {
        joinedWith(ack);
        setJoined(socket.connected);
        if (!ack.run) await refresh(socket);
        return;
      }
      const code = ack.error.code;
      if (code === "invalid") {
        remove(playerKey(pin));
        remove(keptKey(pin));
        setJoinNotice("You are no longer in that challenge. Join it again.");
        navigate(`/join/${encodeURIComponent(pin)}`, { replace: true });
      } else if (code === "game_not_found" || code === "banned") {
        remove(playerKey(pin));
        setFatal(code === "banned" ? "The host removed you from this challenge." : "This challenge is no longer running.");
      } else {
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
    const onRun = (run: RunView) => dispatch({ type: "run", run });
    const onKicked = () => {
      remove(playerKey(pin));
      setFatal("The host removed you from this challenge.");
      closed = true;
      socket.disconnect();
    };
    socket.on("connect", onConnect);
    socket.on("disconnect", onDisconnect);
    socket.on("run", onRun);
    socket.on("kicked", onKicked);
    if (pending) {
      joinedWith(pending.ack);
      setConnected(socket.connected);
      setJoined(socket.connected);
      setEverConnected(true);
    }
    return () => {
      closed = true;
      window.clearTimeout(retry);
      socket.off("connect", onConnect);
      socket.off("disconnect", onDisconnect);
      socket.off("run", onRun);
      socket.off("kicked", onKicked);
      socket.disconnect();
    };
  }, [pin]);

  /** Where the run is now, from the server (after a refusal, or a `run` event that never came). */
  async function refresh(socket = socketRef.current): Promise<void> {
    if (!socket) return;
    const ack = await request(socket, "run_state", {});
    if (ack.ok) dispatch({ type: "run", run: ack.run });
  }

  /** `run_next` or `run_again`; the button stays busy until the server answered. */
  async function step(event: "run_next" | "run_again"): Promise<void> {
    const socket = socketRef.current;
    if (!socket || busy) return;
    setBusy(true);
    setError(null);
    const ack = await request(socket, event, {});
    setBusy(false);
    if (ack.ok) dispatch({ type: "run", run: ack.run });
    else setError(RUN_ERRORS[ack.error.code] ?? ack.error.message);
  }

  // The answer goes whenever the link is up and joined; each copy is acknowledged or refused,
  // and a copy that got no usable ack is followed by another (the server's gate makes a second
  // copy of an answer it already has `already_answered`, never a second answer).
  const outbox = model.outbox;
  useEffect(() => {
    const socket = socketRef.current;
    if (!outbox || outbox.inFlight || !connected || !joined || !socket) return;
    const timer = window.setTimeout(
      async () => {
        if (!socket.connected) return;
        rawDispatch({ type: "sending" });
        const ack = await request(socket, "answer", { question: outbox.question, answer: outbox.value }, ANSWER_TIMEOUT_MS);
        const outcome = answerOutcome(ack);
        if (ack.ok) {
          dispatch({ type: "acked", run: ack.run ?? null });
          if (!ack.run) void refresh(socket);
        } else if (outcome === "counted") {
          // An earlier copy got through: the answer counts; the view tells the rest.
          dispatch({ type: "acked", run: null });
          void refresh(socket);
        } else if (outcome === "retry") {
          rawDispatch({ type: "failed" });
        } else {
          rawDispatch({ type: "refused", code: ack.error.code, message: answerError(ack.error.code, ack.error.message) });
          void refresh(socket);
        }
      },
      outbox.failed ? ANSWER_RETRY_MS : 0,
    );
    return () => window.clearTimeout(timer);
  }, [outbox, connected, joined]);

  // The server closes the question at its deadline and says so (`run`); should that event be
  // lost (a reconnect at that moment), the page asks a little after the deadline.
  const run = model.run;
  useEffect(() => {
    if (!run || run.status !== "question" || !joined) return;
    const wait = runRemaining(clock, run, model.question) + LATE_ASK_MS;
    const timer = window.setTimeout(() => void refresh(), wait);
    return () => window.clearTimeout(timer);
  }, [run, joined]);

  const pick = (question: number, value: AnswerValue) => rawDispatch({ type: "pick", question, value });
  return {
    model,
    dispatch: rawDispatch,
    info,
    player,
    seed,
    clock,
    connected,
    everConnected,
    fatal,
    error,
    busy,
    pick,
    next: () => step("run_next"),
    again: () => step("run_again"),
  };
}
