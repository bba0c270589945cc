import type { VNode } from "preact";
import { describe, expect, it } from "vitest";
import { ClockOffset } from "../clock";
import { emptyFeed, type Feed } from "../game-feed";
import type { LeaderRow, Phase, PublicQuestion, State } from "../protocol";
import { FinishedStage, LobbyStage, PhaseStage, QuestionStage, RevealStage, ScoreboardStage } from "./Stage";

const q: PublicQuestion = {
  index: 2,
  count: 5,
  kind: "choice",
  prompt: "Which planet is closest to the sun?",
  choices: ["Venus", "Mercury"],
  time_limit_ms: 20000,
  opened_ms: 1,
  deadline_ms: 20001,
  points: 1000,
};
const board: LeaderRow[] = [{ rank: 1, player_id: "p1", nickname: "Ana", team: null, score: 900 }];

const state = (phase: Phase, extra: Partial<State> = {}): State => ({
  game_id: "g",
  pin: "111222",
  phase,
  seq: 7,
  players: 3,
  title: "Planets",
  question: null,
  reveal: null,
  leaderboard: null,
  teams: null,
  ...extra,
});

const feed: Feed = {
  ...emptyFeed(),
  roster: { players: [{ id: "p1", nickname: "Ana", team: null, connected: true }], count: 1 },
  progress: { question: 2, answered: 1, total: 3 },
  previousBoard: [],
};
const clock = new ClockOffset(() => 0, false);

const stage = (s: State, locked?: boolean) =>
  PhaseStage({ state: s, feed, clock, pin: "123456", joinUrl: "http://quiz.example/", locked }) as VNode<Record<string, unknown>> | null;

describe("PhaseStage", () => {
  it("shows the lobby with the page's PIN, the roster and the lock", () => {
    const v = stage(state("lobby"), true)!;
    expect(v.type).toBe(LobbyStage);
    expect(v.props).toMatchObject({ pin: "123456", joinUrl: "http://quiz.example/", title: "Planets", count: 1, locked: true });
    expect(v.props.players).toBe(feed.roster.players);
  });

  it("shows the question with the clock and progress, keyed by the question", () => {
    const v = stage(state("question", { question: q }))!;
    expect(v.type).toBe(QuestionStage);
    expect(v.key).toBe(2);
    expect(v.props).toMatchObject({ q, clock, progress: feed.progress, total: 3 });
  });

  it("shows the answer once there is a reveal", () => {
    const reveal = { correct: 1, distribution: { "1": 2 }, answered: 2 };
    const v = stage(state("reveal", { question: q, reveal }))!;
    expect(v.type).toBe(RevealStage);
    expect(v.props).toMatchObject({ q, reveal });
  });

  it("shows the leaderboard keyed by seq, with the one before, and the final results", () => {
    const v = stage(state("scoreboard", { leaderboard: board }))!;
    expect(v.type).toBe(ScoreboardStage);
    expect(v.key).toBe(7);
    expect(v.props).toMatchObject({ leaderboard: board, previous: feed.previousBoard, teams: null });
    const f = stage(state("finished", { leaderboard: board }))!;
    expect(f.type).toBe(FinishedStage);
    expect(f.props).toMatchObject({ leaderboard: board, teams: null, title: "Planets" });
  });

  it("shows no leaderboard rows when the state has none", () => {
    expect(stage(state("scoreboard"))!.props.leaderboard).toEqual([]);
    expect(stage(state("finished"))!.props.leaderboard).toEqual([]);
  });

  it("shows nothing while the phase's data is missing", () => {
    expect(stage(state("question"))).toBeNull();
    expect(stage(state("reveal", { question: q }))).toBeNull();
  });
});
