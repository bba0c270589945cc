// A watching page's Socket.IO link (the big screen, the event screen, the host console): connect
// to a namespace, ask to follow (`attach`, `watch`, …) on every connection, ask again after a
// pause while the answer says so, and say whether the link is up.

import { useEffect, useMemo, useReducer, useRef, useState } from "preact/hooks";
import type { Socket } from "socket.io-client";
import { ClockOffset, stateStamps } from "../clock";
import { emptyFeed, feedReducer } from "../game-feed";
import { connect, request } from "../live";
import type { Ack } from "../protocol";
import type {
  Attached,
  CallName,
  Expect,
  HostPushes,
  LiveSocket,
  Namespace,
  PayloadOf,
  ReplyOf,
  ServerToClientEvents,
} from "../socket-events";

export interface Follow<N extends Namespace, E extends CallName<N>> {
  /** The request sent on each connection, e.g. `watch` with `{pin}`. */
  event: E;
  payload: PayloadOf<N, E>;
  /** Takes the answer; returns in how many ms to ask again, or null to stop asking. */
  onAck: (ack: Ack<ReplyOf<N, E>>) => number | null;
  /** The events the server pushes, and what to do with each. */
  listeners?: Partial<ServerToClientEvents<N>>;
}

/**
 * Follows on `socket`: asks on each connection, again while `onAck` says so (if still connected),
 * and tells `onUp` when the link goes up or down. The returned function closes it all.
 */
export function follow<N extends Namespace, E extends CallName<N>>(
  socket: LiveSocket<N>,
  spec: Follow<N, E>,
  onUp: (up: boolean) => void,
): () => void {
  let closed = false;
  let retry = 0;
  const ask = async () => {
    const ack = await request(socket, spec.event, spec.payload);
    if (closed) return;
    const again = spec.onAck(ack);
    if (again !== null) retry = window.setTimeout(() => socket.connected && void ask(), again);
  };
  socket.on("connect", () => {
    onUp(true);
    void ask();
  });
  socket.on("disconnect", () => onUp(false));
  listen(socket, spec.listeners ?? {});
  return () => {
    closed = true;
    window.clearTimeout(retry);
    socket.disconnect();
  };
}

/** Registers each of `listeners` for its pushed event (the map's types check each one). */
function listen<N extends Namespace>(socket: LiveSocket<N>, listeners: Partial<ServerToClientEvents<N>>): void {
  for (const event of Object.keys(listeners) as (keyof ServerToClientEvents<N> & string)[]) {
    const listener = listeners[event];
    // socket.io-client's `on` cannot resolve a still-generic event name; `listeners`'s type above
    // already paired each name with its payload.
    if (listener) (socket as unknown as Socket).on(event as string, listener as (data: unknown) => void);
  }
}

/** A link for the page's life (a new one when `deps` change); `socket` is for requests of its own. */
export function useLiveLink<N extends Namespace, E extends CallName<N>>(namespace: N, spec: Follow<N, E>, deps: unknown[]) {
  const [connected, setConnected] = useState(false);
  const [everConnected, setEverConnected] = useState(false);
  const socket = useRef<LiveSocket<N> | null>(null);
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

/** The request a game feed follows with on each namespace. */
type FeedAsks = {
  "/host": { event: "attach"; payload: PayloadOf<"/host", "attach"> };
  "/screen": { event: "watch"; payload: PayloadOf<"/screen", "watch"> };
};
type FeedNamespace = keyof FeedAsks;
/** Both answer the game as it is now (compiles only while they do). */
export type FeedAnswersAttached = Expect<
  [ReplyOf<"/host", "attach">, ReplyOf<"/screen", "watch">] extends [Attached, Attached] ? true : false
>;

/**
 * A game's feed, as the big screen and the host console follow it: the answer to `event` and the
 * pushed state, roster and progress go into the feed, the state's stamps into the clock offset.
 * `onAck` sees each answer after a good one is in the feed, and says when to ask again.
 */
export function useGameFeed<N extends FeedNamespace>(
  namespace: N,
  ask: FeedAsks[N] & { onAck: (ack: Ack<Attached>) => number | null },
  deps: unknown[],
) {
  const [feed, dispatch] = useReducer(feedReducer, undefined, emptyFeed);
  const clock = useMemo(() => new ClockOffset(), []);
  const listeners: Partial<HostPushes> = {
    state: (s) => {
      for (const stamp of stateStamps(s)) clock.sample(stamp);
      dispatch({ type: "state", state: s });
    },
    roster: (r) => dispatch({ type: "roster", roster: r }),
    progress: (p) => dispatch({ type: "progress", progress: p }),
  };
  const onAck = (ack: Ack<Attached>) => {
    if (ack.ok) {
      dispatch({ type: "state", state: ack.state });
      dispatch({ type: "roster", roster: ack.roster });
    }
    return ask.onAck(ack);
  };
  // `FeedAsks` paired the namespace with its request and `FeedAnswersAttached` proved the answer
  // `Attached`; the compiler cannot follow those facts through the generic `N`, hence the cast.
  const spec = { event: ask.event, payload: ask.payload, onAck, listeners } as unknown as Follow<N, CallName<N>>;
  const link = useLiveLink(namespace, spec, deps);
  return { feed, dispatch, clock, ...link };
}
