// A watching page's Socket.IO link (the big screen, the event screen, the host console): connect
// to a namespace, ask to follow (`attach`, `watch`, …) on every connection, ask again after a
// pause while the answer says so, and say whether the link is up.

import { useEffect, useMemo, useReducer, useRef, useState } from "preact/hooks";
import type { Socket } from "socket.io-client";
import { ClockOffset, stateStamps } from "../clock";
import { emptyFeed, feedReducer } from "../game-feed";
import { connect, type Namespace, request } from "../live";
import type { Ack, Progress, Roster, State } from "../protocol";

export interface Follow<T> {
  /** The request sent on each connection, e.g. `watch` with `{pin}`. */
  event: string;
  payload: unknown;
  /** Takes the answer; returns in how many ms to ask again, or null to stop asking. */
  onAck: (ack: Ack<T>) => number | null;
  /** The events the server pushes, and what to do with each. */
  listeners?: Record<string, (data: never) => void>;
}

/**
 * Follows on `socket`: asks on each connection, again while `onAck` says so (if still connected),
 * and tells `onUp` when the link goes up or down. The returned function closes it all.
 */
export function follow<T>(socket: Socket, spec: Follow<T>, onUp: (up: boolean) => void): () => void {
  let closed = false;
  let retry = 0;
  const ask = async () => {
    const ack = await request<T>(socket, spec.event, spec.payload);
    if (closed) return;
    const again = spec.onAck(ack);
    if (again !== null) retry = window.setTimeout(() => socket.connected && void ask(), again);
  };
  socket.on("connect", () => {
    onUp(true);
    void ask();
  });
  socket.on("disconnect", () => onUp(false));
  // A listener takes what the server sends with its event, unchecked (as Socket.IO hands it over).
  for (const [event, listener] of Object.entries(spec.listeners ?? {})) socket.on(event, listener as (data: unknown) => void);
  return () => {
    closed = true;
    window.clearTimeout(retry);
    socket.disconnect();
  };
}

/** A link for the page's life (a new one when `deps` change); `socket` is for requests of its own. */
export function useLiveLink<T>(namespace: Namespace, spec: Follow<T>, deps: unknown[]) {
  const [connected, setConnected] = useState(false);
  const [everConnected, setEverConnected] = useState(false);
  const socket = useRef<Socket | null>(null);
  useEffect(() => {
    const s = connect(namespace);
    socket.current = s;
    return follow(s, spec, (up) => {
      setConnected(up);
      if (up) setEverConnected(true);
    });
  }, deps);
  return { connected, everConnected, socket };
}

export interface Attached {
  state: State;
  roster: Roster;
  /** `/host` `attach`: the game's screen key, for the big screen's link. */
  screen_key?: string;
  /** `/host` `attach`: whether the lobby is locked (another console may have locked it). */
  locked?: boolean;
  /** `/screen` `watch`: whether the screen sees the whole question (it sent the screen key). */
  full?: boolean;
}

/**
 * A game's feed, as the big screen and the host console follow it: the answer to `event` and the
 * pushed state, roster and progress go into the feed, the state's stamps into the clock offset.
 * `onAck` sees each answer after a good one is in the feed, and says when to ask again.
 */
export function useGameFeed(
  namespace: "/host" | "/screen",
  ask: { event: string; payload: unknown; onAck: (ack: Ack<Attached>) => number | null },
  deps: unknown[],
) {
  const [feed, dispatch] = useReducer(feedReducer, undefined, emptyFeed);
  const clock = useMemo(() => new ClockOffset(), []);
  const link = useLiveLink<Attached>(
    namespace,
    {
      event: ask.event,
      payload: ask.payload,
      onAck: (ack) => {
        if (ack.ok) {
          dispatch({ type: "state", state: ack.state });
          dispatch({ type: "roster", roster: ack.roster });
        }
        return ask.onAck(ack);
      },
      listeners: {
        state: (s: State) => {
          for (const stamp of stateStamps(s)) clock.sample(stamp);
          dispatch({ type: "state", state: s });
        },
        roster: (r: Roster) => dispatch({ type: "roster", roster: r }),
        progress: (p: Progress) => dispatch({ type: "progress", progress: p }),
      },
    },
    deps,
  );
  return { feed, dispatch, clock, ...link };
}
