// The Socket.IO vocabulary per namespace (docs/protocol.md), as socket.io-client's typed event
// maps: what a page may ask (each request with its payload and its ack) and what the server
// pushes. `LiveSocket<"/host">` type-checks every `emit` and `on` against them.

import type { Socket } from "socket.io-client";
import type {
  Ack,
  AnswerValue,
  BannedPlayer,
  EventScreenBoard,
  JoinAck,
  Milestone,
  Progress,
  Result,
  Roster,
  State,
} from "./protocol";

/** One request: the payload it sends and what its ack carries beside `ok: true`. */
export interface Call<Payload, Reply> {
  payload: Payload;
  reply: Reply;
}

/** `/play` `join`: a new player (`nickname`, …) or a resume (`token`). */
export interface JoinRequest {
  pin: string;
  nickname?: string;
  token?: string;
  team?: string;
  identifier?: string;
  player_key?: string;
  /** A login token: a member of the game's workspace plays as the account (docs/protocol.md). */
  account_token?: string;
  /** The proof of work the server asked for (`challenge_required`), see challenge.ts. */
  challenge?: string;
  solution?: string;
}

/** What `/host` `attach` and `/screen` `watch` answer: the game now. */
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

/** A host command's ack: the state it left. */
export interface Moved {
  state: State;
}

/** The `shutdown` notice every client gets before its node stops. */
export interface Shutdown {
  reason: string;
  message: string;
}

/** An empty payload (`start`, `next`, `end`). */
export type Empty = Record<string, never>;

export type PlayCalls = {
  join: Call<JoinRequest, JoinAck>;
  answer: Call<{ question: number; answer: AnswerValue }, object>;
  suggest_nickname: Call<{ pin: string }, { nickname: string }>;
};

export type HostCalls = {
  attach: Call<{ game_id: string; host_key: string } | { game_id: string; token: string }, Attached>;
  roster: Call<{ offset?: number; limit?: number }, Roster & { banned?: BannedPlayer[] }>;
  start: Call<Empty, Moved>;
  next: Call<Empty, Moved>;
  end: Call<Empty, Moved>;
  kick: Call<{ player_id: string; ban?: boolean }, Moved>;
  unban: Call<{ player_id: string }, { unbanned: string }>;
  lock: Call<{ locked: boolean }, Moved & { locked: boolean }>;
  assign: Call<{ player_id: string; team: string }, Moved>;
};

export type ScreenCalls = {
  watch: Call<{ pin: string; key?: string }, Attached>;
  /** The event's screen key is required; a missing one is refused (`screen_key_required`). */
  watch_event: Call<{ event_id: string; key: string | null }, { event_leaderboard: EventScreenBoard }>;
  /** A challenge's standings page follows it by PIN; `challenge_changed` says when to re-read. */
  watch_challenge: Call<{ pin: string }, { challenge_id: string; game_id: string }>;
};

export type PlayPushes = {
  state: (state: State) => void;
  result: (result: Result) => void;
  kicked: (notice: { reason?: string }) => void;
  milestone: (milestone: Milestone) => void;
  shutdown: (notice: Shutdown) => void;
};

export type HostPushes = {
  state: (state: State) => void;
  roster: (roster: Roster) => void;
  progress: (progress: Progress) => void;
  shutdown: (notice: Shutdown) => void;
};

export type ScreenPushes = HostPushes & {
  event_leaderboard: (board: EventScreenBoard) => void;
  /** A run's results of a watched challenge reached SQL (at most one a second per challenge). */
  challenge_changed: (change: { challenge_id: string }) => void;
};

/** Each namespace's requests and pushes. */
export interface Namespaces {
  "/play": { calls: PlayCalls; pushes: PlayPushes };
  "/host": { calls: HostCalls; pushes: HostPushes };
  "/screen": { calls: ScreenCalls; pushes: ScreenPushes };
}

export type Namespace = keyof Namespaces;
export type CallName<N extends Namespace> = keyof Namespaces[N]["calls"] & string;
export type PayloadOf<N extends Namespace, E extends CallName<N>> =
  Namespaces[N]["calls"][E] extends Call<infer P, unknown> ? P : never;
export type ReplyOf<N extends Namespace, E extends CallName<N>> =
  Namespaces[N]["calls"][E] extends Call<unknown, infer R> ? R : never;

/** socket.io-client's map of what a namespace's client emits: payload, then the ack callback. */
export type ClientToServerEvents<N extends Namespace> = {
  [E in CallName<N>]: (payload: PayloadOf<N, E>, ack: (ack: Ack<ReplyOf<N, E>>) => void) => void;
};

/** socket.io-client's map of what the server pushes on a namespace. */
export type ServerToClientEvents<N extends Namespace> = Namespaces[N]["pushes"];

/**
 * A connection to namespace `N`. The optional `namespace` is never set: it only carries `N`
 * in the type, so `request(socket, …)` knows the namespace's vocabulary from the socket alone.
 */
export type LiveSocket<N extends Namespace> = Socket<ServerToClientEvents<N>, ClientToServerEvents<N>> & {
  readonly namespace?: N;
};

/**
 * The requests' names at run time, as server/sockets/events.py lists them (socket-events.test.ts
 * checks the two agree; `EveryCallListed` fails to compile when a map has one this list lacks).
 */
export const CALLS = {
  "/play": ["join", "answer", "suggest_nickname"],
  "/host": ["attach", "roster", "start", "next", "end", "kick", "unban", "lock", "assign"],
  "/screen": ["watch", "watch_event", "watch_challenge"],
} as const satisfies { [N in Namespace]: readonly CallName<N>[] };

/** A compile-time check: `Expect<X>` fails to compile unless `X` is `true`. */
export type Expect<T extends true> = T;

type Unlisted = { [N in Namespace]: Exclude<CallName<N>, (typeof CALLS)[N][number]> }[Namespace];
export type EveryCallListed = Expect<[Unlisted] extends [never] ? true : false>;
