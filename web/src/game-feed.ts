// The state a watching page (big screen or host console) keeps: State, roster, progress,
// and the previous leaderboard for the animation. Pure, so it is unit-tested.

import type { LeaderRow, Progress, Roster, State } from "./protocol";
import { isNewer } from "./player-model";

export interface Feed {
  state: State | null;
  roster: Roster;
  progress: Progress | null;
  /** The leaderboard of the scoreboard before the current one. */
  previousBoard: LeaderRow[] | null;
  /** The leaderboard of the latest scoreboard seen, and its seq. */
  lastBoard: LeaderRow[] | null;
  lastBoardSeq: number;
}

export const emptyFeed = (): Feed => ({
  state: null,
  roster: { players: [], count: 0 },
  progress: null,
  previousBoard: null,
  lastBoard: null,
  lastBoardSeq: -1,
});

export function feedState(f: Feed, s: State): Feed {
  if (!isNewer(f.state, s)) return f;
  let { previousBoard, lastBoard, lastBoardSeq } = f;
  if (f.state && f.state.game_id !== s.game_id) {
    previousBoard = null;
    lastBoard = null;
    lastBoardSeq = -1;
  }
  if (s.phase === "scoreboard" && s.leaderboard && s.seq !== lastBoardSeq) {
    previousBoard = lastBoard;
    lastBoard = s.leaderboard;
    lastBoardSeq = s.seq;
  }
  // A new question starts with nobody having answered it.
  const progress =
    s.phase === "question" && s.question && f.progress?.question !== s.question.index ? null : f.progress;
  return { ...f, state: s, previousBoard, lastBoard, lastBoardSeq, progress };
}

export function feedRoster(f: Feed, r: Roster): Feed {
  return { ...f, roster: { players: r.players ?? [], count: r.count ?? 0 } };
}

export function feedProgress(f: Feed, p: Progress): Feed {
  const q = f.state?.question;
  if (q && p.question !== q.index) return f;
  return { ...f, progress: p };
}

export type FeedAction =
  | { type: "state"; state: State }
  | { type: "roster"; roster: Roster }
  | { type: "progress"; progress: Progress };

export function feedReducer(f: Feed, a: FeedAction): Feed {
  switch (a.type) {
    case "state":
      return feedState(f, a.state);
    case "roster":
      return feedRoster(f, a.roster);
    case "progress":
      return feedProgress(f, a.progress);
  }
}

/** The URL players join with: the server's `join_url` when known, else this origin's. */
export function joinUrlFor(pin: string, known?: string | null): string {
  if (known && /^https?:\/\//.test(known) && known.endsWith(`/join/${pin}`)) return known;
  return `${window.location.origin}/join/${pin}`;
}
