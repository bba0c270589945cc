import { describe, expect, it } from "vitest";
import { boardAnnouncement, emptyEventScreen, eventScreenReducer, isEventBoard } from "./event-screen";
import type { EventScreenBoard, PlayerEntry } from "./protocol";

const p = (id: string, nickname: string, score: number, rank: number): PlayerEntry => ({
  rank,
  identity_id: id,
  nickname,
  score,
  games: 1,
  correct: 1,
  wins: 0,
  correct_time_ms: 1000,
});

const board = (rounds: number, players: PlayerEntry[]): EventScreenBoard => ({
  event_id: "e1",
  name: "Spring cup",
  rounds,
  players,
  teams: [],
});

describe("event screen", () => {
  it("keeps the board before an update so rows can move", () => {
    let s = eventScreenReducer(emptyEventScreen(), { type: "board", board: board(1, [p("a", "Ann", 900, 1), p("b", "Bob", 800, 2)]) });
    expect(s.version).toBe(1);
    expect(s.previous).toBeNull();
    s = eventScreenReducer(s, { type: "board", board: board(2, [p("b", "Bob", 1700, 1), p("a", "Ann", 900, 2)]) });
    expect(s.version).toBe(2);
    expect(s.previous?.map((x) => x.identity_id)).toEqual(["a", "b"]);
    expect(s.board?.players[0].nickname).toBe("Bob");
    expect(boardAnnouncement(s)).toBe("2 rounds played. Bob leads with 1700 points.");
  });

  it("ignores a repeat and an older board", () => {
    const first = eventScreenReducer(emptyEventScreen(), { type: "board", board: board(2, [p("a", "Ann", 900, 1)]) });
    const same = eventScreenReducer(first, { type: "board", board: board(2, [p("a", "Ann", 900, 1)]) });
    expect(same.version).toBe(1);
    const older = eventScreenReducer(first, { type: "board", board: board(1, []) });
    expect(older).toBe(first);
  });

  it("checks payloads", () => {
    expect(isEventBoard(board(0, []), "e1")).toBe(true);
    expect(isEventBoard(board(0, []), "e2")).toBe(false);
    expect(isEventBoard({ event_id: "e1" }, "e1")).toBe(false);
    expect(isEventBoard(null, "e1")).toBe(false);
    expect(boardAnnouncement(emptyEventScreen())).toBe("");
  });
});
