import { describe, expect, it } from "vitest";
import {
  applyAck,
  applyJoin,
  applyKicked,
  applyPick,
  applyResult,
  applySending,
  applyState,
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

  it("locks in an answer only on the server's ok, and lets the player answer again when it was refused", () => {
    let m = applyJoin(emptyModel(), { player, state: state(2, "question") });
    expect(playerView(m)).toBe("answer");
    m = applyPick(m, 0, 1);
    expect(playerView(m)).toBe("sending");
    m = applySending(m, 0);
    expect(playerView(m)).toBe("sending");
    const locked = applyAck(m, 0, "ok");
    expect(playerView(locked)).toBe("locked");
    expect(locked.answers[0]).toBe(1);
    expect(locked.outbox).toBeNull();
    m = applyAck(m, 0, "invalid_answer", "no such choice");
    expect(playerView(m)).toBe("answer");
    expect(m.refusal).toEqual({ question: 0, code: "invalid_answer", message: "no such choice" });
    expect(applyPick(m, 0, 2).refusal).toBeNull();
  });

  it("knows after a resume that it already answered (me.answered)", () => {
    const m = applyJoin(emptyModel(), { player, state: { ...state(2, "question"), me: { ...me, answered: true } } });
    expect(playerView(m)).toBe("locked");
    expect(m.answers[0]).toBeNull();
  });

  it("a resume keeps answers and results of the same player", () => {
    let m = applyJoin(emptyModel(), { player, state: state(2, "question") });
    m = applyAck(applySending(applyPick(m, 0, 2), 0), 0, "ok");
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
    m = playerReducer(m, { type: "pick", question: 0, value: 3 });
    m = playerReducer(m, { type: "sending", question: 0 });
    expect(playerView(m)).toBe("sending");
    m = playerReducer(m, { type: "ack", question: 0, code: "ok" });
    expect(playerView(m)).toBe("locked");
    m = playerReducer(m, { type: "result", result: { question: 0, correct: false, points: 0, score: 0, rank: 2, streak: 0 } });
    m = playerReducer(m, { type: "kicked", reason: "banned" });
    expect(playerView(m)).toBe("kicked");
  });
});

describe("answer delivery", () => {
  const open = () => applyJoin(emptyModel(), { player, state: { ...state(2, "question"), me } });
  const resume = (m: ReturnType<typeof open>, s: State, meNow: Partial<typeof me> & Record<string, unknown> = {}) =>
    applyJoin(m, { player, state: { ...s, me: { ...me, ...meNow } } });

  it("keeps a tap made offline as sending, never locked in", () => {
    const m = applyPick(open(), 0, 1);
    expect(playerView(m)).toBe("sending");
    expect(m.answers[0]).toBeUndefined();
    expect(m.outbox).toMatchObject({ question: 0, value: 1, sending: false });
  });

  it("takes one answer per question: a second tap while one is on its way changes nothing", () => {
    const m = applyPick(open(), 0, 1);
    expect(applyPick(m, 0, 2)).toBe(m);
    expect(applyPick(applyAck(applySending(m, 0), 0, "ok"), 0, 2).answers[0]).toBe(1);
  });

  it("does not take a pick for a question the server has not open", () => {
    const m = applyJoin(emptyModel(), { player, state: state(3, "reveal") });
    expect(applyPick(m, 0, 1)).toBe(m);
  });

  it("sends again after a timeout or a lost connection, waiting a moment first", () => {
    let m = applySending(applyPick(open(), 0, 1), 0);
    for (const code of ["timeout", "unavailable", "not_joined", "rate_limited", "internal"]) {
      const after = applyAck(m, 0, code);
      expect(playerView(after)).toBe("sending");
      expect(after.outbox).toMatchObject({ sending: false, failed: true });
    }
    m = applyAck(m, 0, "timeout");
    // A copy that arrived earlier: the server keeps the first and says so to the copy.
    m = applyAck(applySending(m, 0), 0, "already_answered");
    expect(playerView(m)).toBe("locked");
    expect(m.answers[0]).toBe(1);
  });

  it("sends a queued answer right away after a resume while the question is open", () => {
    let m = applyAck(applySending(applyPick(open(), 0, 1), 0), 0, "timeout");
    m = resume(m, state(2, "question"));
    expect(m.outbox).toMatchObject({ question: 0, sending: false, failed: false });
    expect(playerView(m)).toBe("sending");
  });

  it("a resume that says the answer arrived (its ack was lost) locks it in", () => {
    let m = applySending(applyPick(open(), 0, 1), 0);
    m = resume(m, state(2, "question"), { answered: true });
    expect(playerView(m)).toBe("locked");
    expect(m.outbox).toBeNull();
  });

  it("says the answer did not arrive in time when the question closed while offline, and shows the reveal", () => {
    let m = applyPick(open(), 0, 1);
    const result = { question: 0, correct: false, points: 0, score: 0, rank: 2, streak: 0, answered: false };
    m = resume(m, state(4, "reveal"), { rank: 2, result });
    expect(playerView(m)).toBe("reveal");
    expect(m.late[0]).toBe(true);
    expect(m.outbox).toBeNull();
    expect(m.answers[0]).toBeUndefined();
    expect(currentResult(m)).toEqual(result);
  });

  it("drops a waiting answer once a state shows its question closed, as late", () => {
    let m = applyPick(open(), 0, 1);
    m = applyState(m, state(3, "reveal"));
    expect(m.late[0]).toBe(true);
    expect(m.outbox).toBeNull();
    expect(playerView(m)).toBe("reveal");
  });

  it("waits for the ack of a copy on the wire even when the reveal came first", () => {
    let m = applySending(applyPick(open(), 0, 1), 0);
    m = applyState(m, state(3, "reveal"));
    expect(m.outbox?.sending).toBe(true);
    expect(m.late[0]).toBeUndefined();
    expect(applyAck(m, 0, "ok").answers[0]).toBe(1);
    const refused = applyAck(m, 0, "question_closed");
    expect(refused.late[0]).toBe(true);
    expect(refused.answers[0]).toBeUndefined();
    // A copy refused as too late after an earlier one timed out: the result says whether it arrived.
    const counted = applyResult(refused, { question: 0, correct: true, points: 800, score: 800, rank: 1, streak: 1, answered: true });
    expect(counted.late[0]).toBeUndefined();
    expect(counted.answers[0]).toBeNull();
  });

  it("marks late an answer on the wire that the result says never arrived", () => {
    let m = applySending(applyPick(open(), 0, 1), 0);
    m = applyState(m, state(3, "reveal"));
    m = applyResult(m, { question: 0, correct: false, points: 0, score: 0, rank: 1, streak: 0, answered: false });
    expect(m.late[0]).toBe(true);
    expect(m.outbox).toBeNull();
  });

  it("marks late an answer refused as question_closed or wrong_question", () => {
    for (const code of ["question_closed", "wrong_question"]) {
      const m = applyAck(applySending(applyPick(open(), 0, 1), 0), 0, code);
      expect(m.late[0]).toBe(true);
      expect(m.outbox).toBeNull();
      // Until the reveal comes the phone says so, and takes no other answer.
      expect(playerView(m)).toBe("missed");
      expect(applyPick(m, 0, 2)).toBe(m);
    }
  });

  it("lets the player answer again after answers_not_open (read the question first)", () => {
    const m = applyAck(applySending(applyPick(open(), 0, 1), 0), 0, "answers_not_open", "not yet");
    expect(playerView(m)).toBe("answer");
    expect(m.refusal?.code).toBe("answers_not_open");
    expect(m.late[0]).toBeUndefined();
    expect(playerView(applyPick(m, 0, 2))).toBe("sending");
  });

  it("ignores an ack for another question than the one on its way", () => {
    const m = applySending(applyPick(open(), 0, 1), 0);
    expect(applyAck(m, 1, "ok")).toBe(m);
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
