// The event big screen's state: the latest `event_leaderboard` (from the `watch_event` ack, then
// pushed each time a round reaches SQL) and the one before it, so rows slide from their old
// places and scores count up.

import type { EventScreenBoard, PlayerEntry, TeamEntry } from "./protocol";

export interface EventScreenState {
  board: EventScreenBoard | null;
  /** The top players shown before the latest update (null on the first board). */
  previous: PlayerEntry[] | null;
  previousTeams: TeamEntry[] | null;
  /** Grows with every board that changed something: the page re-runs the animation. */
  version: number;
  error: string | null;
}

export const emptyEventScreen = (): EventScreenState => ({
  board: null,
  previous: null,
  previousTeams: null,
  version: 0,
  error: null,
});

export function isEventBoard(value: unknown, eventId: string): value is EventScreenBoard {
  const b = value as Partial<EventScreenBoard> | null;
  return (
    !!b &&
    typeof b === "object" &&
    b.event_id === eventId &&
    Array.isArray(b.players) &&
    Array.isArray(b.teams) &&
    typeof b.rounds === "number"
  );
}

function sameBoard(a: EventScreenBoard, b: EventScreenBoard): boolean {
  return a.rounds === b.rounds && a.name === b.name && JSON.stringify([a.players, a.teams]) === JSON.stringify([b.players, b.teams]);
}

export type EventScreenAction =
  | { type: "board"; board: EventScreenBoard }
  | { type: "error"; message: string | null };

export function eventScreenReducer(s: EventScreenState, a: EventScreenAction): EventScreenState {
  switch (a.type) {
    case "board": {
      const current = s.board;
      if (current && sameBoard(current, a.board)) return { ...s, board: a.board, error: null };
      // A round fewer than shown is an old answer arriving late (a reconnect's ack racing a push).
      if (current && a.board.rounds < current.rounds) return s;
      return {
        board: a.board,
        previous: current ? current.players : null,
        previousTeams: current ? current.teams : null,
        version: s.version + 1,
        error: null,
      };
    }
    case "error":
      return { ...s, error: a.message };
  }
}

/** What changed for the screen's live announcement ("Round 2 is in: Ben leads"). */
export function boardAnnouncement(s: EventScreenState): string {
  const b = s.board;
  if (!b || b.rounds === 0) return "";
  const leader = b.players[0];
  const rounds = b.rounds === 1 ? "1 round played" : `${b.rounds} rounds played`;
  return leader ? `${rounds}. ${leader.nickname} leads with ${leader.score} points.` : `${rounds}.`;
}
