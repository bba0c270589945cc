import { describe, expect, it } from "vitest";
import {
  applyAnswered,
  applyJoin,
  applyKicked,
  applyResult,
  applyState,
  applyUnanswered,
  currentResult,
  emptyModel,
  finalRank,
  myTeam,
  playerReducer,
  playerView,
} from "./player-model";
import type { PublicQuestion, State } from "./protocol";

const question = (index: number): PublicQuestion => ({
  index,
  count: 3,
  kind: "choice",
  prompt: `Q${index}`,
  choices: ["a", "b", "c", "d"],
  multi: false,
  time_limit_ms: 20000,
  opened_ms: 1_000_000,
  deadline_ms: 1_020_000,
  points: 1,
});

const state = (seq: number, phase: State["phase"], extra: Partial<State> = {}): State => ({
  game_id: "g1",
  pin: "123456",
  phase,
  seq,
  players: 3,
  question: phase === "lobby" || phase === "finished" ? null : question(0),
  reveal: null,
  leaderboard: null,
  teams: null,
  ...extra,
});

const player = { id: "p1", nickname: "Ana", team: "Owls" };
const me = { player_id: "p1", score: 0, rank: 1, streak: 0, answered: false };

describe("player model", () => {
  it("joins into the lobby, without the ack's me in the shared state", () => {
    const m = applyJoin(emptyModel(), { player, state: { ...state(1, "lobby"), me } });
    expect(playerView(m)).toBe("lobby");
    expect(m.state && "me" in m.state).toBe(false);
    expect(m.me?.score).toBe(0);
  });

  it("ignores a state older than the one it has (seq)", () => {
    let m = applyJoin(emptyModel(), { player, state: state(3, "question") });
    m = applyState(m, state(2, "lobby"));
    expect(m.state?.seq).toBe(3);
    m = applyState(m, state(5, "reveal"));
    expect(m.state?.phase).toBe("reveal");
  });

  it("accepts a state of another game whatever its seq", () => {
    const m = applyState(applyJoin(emptyModel(), { player, state: state(9, "finished") }), {
      ...state(1, "lobby"),
      game_id: "g2",
    });
    expect(m.state?.game_id).toBe("g2");
  });

  it("locks in an answer, and unlocks it when the server refused it", () => {
    let m = applyJoin(emptyModel(), { player, state: state(2, "question") });
    expect(playerView(m)).toBe("answer");
    m = applyAnswered(m, 0, 1);
    expect(playerView(m)).toBe("locked");
    expect(applyAnswered(m, 0, null).answers[0]).toBe(1); // keeps what it sent
    m = applyUnanswered(m, 0);
    expect(playerView(m)).toBe("answer");
  });

  it("knows after a resume that it already answered (me.answered)", () => {
    const m = applyJoin(emptyModel(), { player, state: { ...state(2, "question"), me: { ...me, answered: true } } });
    expect(playerView(m)).toBe("locked");
    expect(m.answers[0]).toBeNull();
  });

  it("a resume keeps answers and results of the same player", () => {
    let m = applyJoin(emptyModel(), { player, state: state(2, "question") });
    m = applyAnswered(m, 0, 2);
    m = applyJoin(m, { player, state: { ...state(2, "question"), me: { ...me, answered: true } } });
    expect(m.answers[0]).toBe(2);
  });

  it("shows the result of the question on show and keeps score, rank and streak", () => {
    let m = applyJoin(emptyModel(), { player, state: state(2, "question") });
    m = applyState(m, state(3, "reveal"));
    expect(currentResult(m)).toBeNull();
    m = applyResult(m, { question: 0, correct: true, points: 900, score: 900, rank: 1, streak: 1 });
    expect(currentResult(m)?.points).toBe(900);
    expect(m.me).toMatchObject({ score: 900, rank: 1, streak: 1 });
    expect(playerView(m)).toBe("reveal");
  });

  it("reads the final rank from the leaderboard, and the team standing", () => {
    let m = applyJoin(emptyModel(), { player, state: { ...state(1, "lobby"), me } });
    m = applyState(
      m,
      state(9, "finished", {
        leaderboard: [
          { rank: 1, player_id: "p2", nickname: "Ben", team: "Foxes", score: 2000 },
          { rank: 2, player_id: "p1", nickname: "Ana", team: "Owls", score: 1500 },
        ],
        teams: [
          { rank: 1, team: "Foxes", score: 2000, members: 1 },
          { rank: 2, team: "Owls", score: 1500, members: 1 },
        ],
      }),
    );
    expect(playerView(m)).toBe("finished");
    expect(finalRank(m)).toBe(2);
    expect(myTeam(m)?.rank).toBe(2);
  });

  it("shows the kicked view once kicked", () => {
    const m = applyKicked(applyJoin(emptyModel(), { player, state: state(1, "lobby") }), "");
    expect(playerView(m)).toBe("kicked");
    expect(m.kicked).toBe("removed by the host");
  });

  it("dispatches every action through the reducer", () => {
    let m = playerReducer(emptyModel(), { type: "join", ack: { player, state: state(1, "lobby") } });
    m = playerReducer(m, { type: "state", state: state(2, "question") });
    m = playerReducer(m, { type: "answered", question: 0, value: 3 });
    expect(playerView(m)).toBe("locked");
    m = playerReducer(m, { type: "unanswered", question: 0 });
    m = playerReducer(m, { type: "result", result: { question: 0, correct: false, points: 0, score: 0, rank: 2, streak: 0 } });
    m = playerReducer(m, { type: "kicked", reason: "banned" });
    expect(playerView(m)).toBe("kicked");
  });
});

describe("milestones", () => {
  const joined = () =>
    playerReducer(emptyModel(), {
      type: "join",
      ack: { player: { id: "p1", nickname: "Ann", team: null }, state: state(1, "lobby") },
    });

  it("keeps each badge once, in arrival order", () => {
    let m = joined();
    m = playerReducer(m, { type: "milestone", milestone: { code: "first_game", title: "First game", description: "Played a first game." } });
    m = playerReducer(m, { type: "milestone", milestone: { code: "first_win", title: "First win", description: "" } });
    m = playerReducer(m, { type: "milestone", milestone: { code: "first_game", title: "First game", description: "again" } });
    expect(m.milestones.map((x) => x.code)).toEqual(["first_game", "first_win"]);
    expect(m.milestones[0].description).toBe("Played a first game.");
  });

  it("ignores malformed payloads", () => {
    const m = joined();
    const bad = [null, {}, { code: "", title: "x" }, { code: "x" }] as unknown[];
    for (const b of bad) {
      expect(playerReducer(m, { type: "milestone", milestone: b as never }).milestones).toEqual([]);
    }
  });

  it("survives a resume of the same game, not a new game", () => {
    let m = joined();
    m = playerReducer(m, { type: "milestone", milestone: { code: "podium", title: "Podium", description: "" } });
    m = playerReducer(m, { type: "join", ack: { player: { id: "p1", nickname: "Ann", team: null }, state: state(5, "finished") } });
    expect(m.milestones).toHaveLength(1);
    m = playerReducer(m, {
      type: "join",
      ack: { player: { id: "p9", nickname: "Ann", team: null }, state: { ...state(1, "lobby"), game_id: "g2" } },
    });
    expect(m.milestones).toHaveLength(0);
  });
});
