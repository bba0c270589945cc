import { describe, expect, it } from "vitest";
import { emptyFeed, feedProgress, feedReducer, feedRoster, feedState, joinUrlFor } from "./game-feed";
import type { LeaderRow, State } from "./protocol";

const row = (id: string, score: number, rank: number): LeaderRow => ({
  rank,
  player_id: id,
  nickname: id,
  team: null,
  score,
});

const st = (seq: number, phase: State["phase"], extra: Partial<State> = {}): State => ({
  game_id: "g",
  pin: "111222",
  phase,
  seq,
  players: 2,
  question: null,
  reveal: null,
  leaderboard: null,
  teams: null,
  ...extra,
});

const q = (index: number) => ({
  index,
  count: 2,
  kind: "choice" as const,
  prompt: "?",
  time_limit_ms: 1,
  opened_ms: 1,
  deadline_ms: 2,
  points: 1,
});

describe("watching feed", () => {
  it("keeps the previous leaderboard for the animation", () => {
    let f = feedState(emptyFeed(), st(3, "scoreboard", { leaderboard: [row("a", 900, 1)] }));
    expect(f.previousBoard).toBeNull();
    f = feedState(f, st(4, "question", { question: q(1) }));
    f = feedState(f, st(6, "scoreboard", { leaderboard: [row("b", 1900, 1), row("a", 900, 2)] }));
    expect(f.previousBoard?.map((r) => r.player_id)).toEqual(["a"]);
    expect(f.lastBoard?.map((r) => r.player_id)).toEqual(["b", "a"]);
    // The same scoreboard again (an ack after the event) changes nothing.
    const again = feedState(f, st(6, "scoreboard", { leaderboard: [row("b", 1900, 1), row("a", 900, 2)] }));
    expect(again.previousBoard?.map((r) => r.player_id)).toEqual(["a"]);
  });

  it("ignores stale states and progress of another question", () => {
    let f = feedState(emptyFeed(), st(5, "question", { question: q(1) }));
    f = feedState(f, st(4, "lobby"));
    expect(f.state?.seq).toBe(5);
    f = feedProgress(f, { question: 0, answered: 9, total: 9 });
    expect(f.progress).toBeNull();
    f = feedProgress(f, { question: 1, answered: 1, total: 2 });
    expect(f.progress?.answered).toBe(1);
  });

  it("resets the answer count when the next question opens", () => {
    let f = feedState(emptyFeed(), st(2, "question", { question: q(0) }));
    f = feedProgress(f, { question: 0, answered: 2, total: 2 });
    f = feedState(f, st(3, "reveal", { question: q(0) }));
    expect(f.progress?.answered).toBe(2);
    f = feedState(f, st(5, "question", { question: q(1) }));
    expect(f.progress).toBeNull();
  });

  it("takes rosters as they come, through the reducer too", () => {
    let f = feedRoster(emptyFeed(), { players: [{ id: "p", nickname: "n", team: null, connected: true }], count: 1 });
    expect(f.roster.count).toBe(1);
    f = feedReducer(f, { type: "roster", roster: { players: [], count: 0 } });
    expect(f.roster.players).toEqual([]);
  });
});

describe("join url", () => {
  it("uses the server's join url when it matches the PIN, else this origin", () => {
    expect(joinUrlFor("123456", "https://quiz.example/join/123456")).toBe("https://quiz.example/join/123456");
    expect(joinUrlFor("123456", "javascript:alert(1)//join/123456")).toBe("http://localhost:3000/join/123456");
    expect(joinUrlFor("123456", null)).toBe("http://localhost:3000/join/123456");
  });
});
