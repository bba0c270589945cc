import { describe, expect, it } from "vitest";
import { ClockOffset } from "../clock";
import type { PublicQuestion, RunView } from "../protocol";
import {
  answerOutcome,
  attemptsLeft,
  canTryAgain,
  challengeInfo,
  doneAnnouncement,
  emptyRun,
  isNewerRun,
  type KeptRun,
  keptOf,
  questionOf,
  revealAnnouncement,
  revealOf,
  runReducer,
  runRemaining,
  type RunModel,
  sampleRun,
  screenOf,
  sentAnswer,
  timeLeftText,
} from "./run-model";

const T0 = 1_700_000_000_000;

function view(index: number, extra: Record<string, unknown> = {}): PublicQuestion {
  return {
    index,
    count: 3,
    kind: "choice",
    prompt: `Question ${index}?`,
    choices: ["A", "B", "C", "D"],
    time_limit_ms: 20_000,
    opened_ms: T0,
    deadline_ms: T0 + 20_000,
    points: 1,
    ...extra,
  } as PublicQuestion;
}

function run(status: RunView["status"], question: number, extra: Partial<RunView> = {}): RunView {
  return {
    status,
    attempt: 1,
    question,
    count: 3,
    score: 0,
    rank: null,
    streak: 0,
    correct: 0,
    answered: 0,
    view: status === "question" ? view(question) : null,
    deadline_ms: status === "question" ? T0 + 20_000 : null,
    server_ms: T0,
    result: null,
    players: 1,
    ...extra,
  };
}

const reveal = (question: number, correct: boolean, extra: Partial<RunView> = {}) =>
  run("reveal", question, {
    score: correct ? 900 : 0,
    rank: 1,
    result: { correct, points: correct ? 900 : 0, answered: true, correct_answer: 2, explanation: "Because." },
    ...extra,
  });

function feed(...actions: Parameters<typeof runReducer>[1][]): RunModel {
  return actions.reduce(runReducer, emptyRun());
}

describe("a run's screens", () => {
  it("goes ready → question → sending → reveal → done, the answer shown as sent only after its ack", () => {
    let m = feed({ type: "run", run: run("ready", 0) });
    expect(screenOf(m, 0)).toBe("ready");
    m = runReducer(m, { type: "run", run: run("question", 0) });
    expect(screenOf(m, 15_000)).toBe("question");
    expect(m.question?.prompt).toBe("Question 0?");
    m = runReducer(m, { type: "pick", question: 0, value: 2 });
    m = runReducer(m, { type: "sending" });
    expect(screenOf(m, 15_000)).toBe("sending");
    expect(sentAnswer(m, run("reveal", 0))).toBeUndefined();
    m = runReducer(m, { type: "acked", run: reveal(0, true) });
    expect(screenOf(m, 0)).toBe("reveal");
    expect(sentAnswer(m, m.run!)).toBe(2);
    expect(revealOf(m)?.result.correct).toBe(true);
    // The reveal keeps the question it reveals, though its view has none.
    expect(m.question?.index).toBe(0);
    m = runReducer(m, { type: "run", run: run("done", 2, { score: 900 }) });
    expect(screenOf(m, 0)).toBe("done");
  });

  it("waits for the server when time is up on the phone (the server closes the question)", () => {
    const m = feed({ type: "run", run: run("question", 1) });
    expect(screenOf(m, 0)).toBe("closing");
    const after = runReducer(m, {
      type: "run",
      run: run("reveal", 1, { result: { correct: false, points: 0, answered: false, correct_answer: 1 } }),
    });
    expect(screenOf(after, 0)).toBe("reveal");
    expect(sentAnswer(after, after.run!)).toBeUndefined();
  });

  it("shows the last question's reveal first when the server went straight to done", () => {
    let m = feed({ type: "run", run: run("question", 2) });
    m = runReducer(m, { type: "pick", question: 2, value: 0 });
    const done = run("done", 2, {
      score: 500,
      result: { correct: true, points: 500, answered: true, correct_answer: 0 },
    });
    m = runReducer(m, { type: "acked", run: done });
    expect(screenOf(m, 0)).toBe("reveal");
    expect(revealOf(m)?.result.points).toBe(500);
    m = runReducer(m, { type: "seen" });
    expect(screenOf(m, 0)).toBe("done");
  });

  it("a run resumed at done (another device) shows the result, not an old reveal", () => {
    const m = feed({ type: "run", run: run("done", 2, { result: { correct: true, points: 1, answered: true, correct_answer: 0 } }) });
    expect(screenOf(m, 0)).toBe("done");
  });
});

describe("the order of views", () => {
  it("drops older views (a late ack, a repeated event) and takes a new attempt", () => {
    expect(isNewerRun(reveal(1, true), run("question", 1))).toBe(false);
    expect(isNewerRun(run("question", 1), reveal(1, true))).toBe(true);
    expect(isNewerRun(run("question", 2), run("question", 1))).toBe(false);
    expect(isNewerRun(run("question", 1), run("question", 1))).toBe(true);
    expect(isNewerRun(run("done", 2), run("reveal", 2))).toBe(false);
    expect(isNewerRun(run("done", 2), run("ready", 0, { attempt: 2 }))).toBe(true);
    const m = feed({ type: "run", run: reveal(1, true) }, { type: "run", run: run("question", 1) });
    expect(m.run?.status).toBe("reveal");
  });
});

describe("answers", () => {
  it("one answer at a time, only for the open question", () => {
    let m = feed({ type: "run", run: run("question", 0) });
    expect(runReducer(m, { type: "pick", question: 1, value: 0 }).outbox).toBeNull();
    m = runReducer(m, { type: "pick", question: 0, value: 1 });
    expect(runReducer(m, { type: "pick", question: 0, value: 3 }).outbox?.value).toBe(1);
    const r = feed({ type: "run", run: reveal(0, true) });
    expect(runReducer(r, { type: "pick", question: 0, value: 1 }).outbox).toBeNull();
  });

  it("a refused value may be given again; a closed question waits for the reveal", () => {
    let m = feed({ type: "run", run: run("question", 0) }, { type: "pick", question: 0, value: 9 });
    m = runReducer(m, { type: "refused", code: "invalid_answer", message: "no" });
    expect(m.outbox).toBeNull();
    expect(m.refusal?.code).toBe("invalid_answer");
    expect(screenOf(m, 5_000)).toBe("question");
    m = runReducer(m, { type: "pick", question: 0, value: 1 });
    m = runReducer(m, { type: "refused", code: "question_closed" });
    expect(m.refusal).toBeNull();
    expect(screenOf(m, 0)).toBe("closing");
  });

  it("reads an answer's ack: the reveal, counted already, sent again, or refused", () => {
    expect(answerOutcome({ ok: true })).toBe("acked");
    const refused = (code: string) => answerOutcome({ ok: false, error: { code } });
    expect(refused("already_answered")).toBe("counted");
    for (const code of ["timeout", "unavailable", "not_joined", "rate_limited"]) expect(refused(code)).toBe("retry");
    for (const code of ["question_closed", "wrong_question", "invalid_answer"]) expect(refused(code)).toBe("refused");
  });

  it("a failed copy stays in the outbox to be sent again", () => {
    let m = feed({ type: "run", run: run("question", 0) }, { type: "pick", question: 0, value: 1 }, { type: "sending" });
    m = runReducer(m, { type: "failed" });
    expect(m.outbox).toMatchObject({ value: 1, inFlight: false, failed: true });
    expect(screenOf(m, 1000)).toBe("sending");
  });

  it("the reveal event for the question drops an answer still waiting", () => {
    let m = feed({ type: "run", run: run("question", 0) }, { type: "pick", question: 0, value: 1 });
    m = runReducer(m, { type: "run", run: run("reveal", 0, { result: { correct: false, points: 0, answered: false, correct_answer: 2 } }) });
    expect(m.outbox).toBeNull();
    expect(sentAnswer(m, m.run!)).toBeUndefined();
  });
});

describe("a reload", () => {
  it("keeps the last question and the answers sent, so the reveal still names them", () => {
    let m = feed({ type: "run", run: run("question", 1) }, { type: "pick", question: 1, value: 3 });
    m = runReducer(m, { type: "acked", run: reveal(1, false) });
    const kept = JSON.parse(JSON.stringify(keptOf(m))) as KeptRun;
    // The reloaded page: restored first, then the join ack's reveal (which has no view).
    let again = feed({ type: "restore", kept }, { type: "run", run: reveal(1, false) });
    expect(again.question?.prompt).toBe("Question 1?");
    expect(sentAnswer(again, again.run!)).toBe(3);
    // A kept view of another question is not shown for this one.
    again = feed({ type: "run", run: reveal(2, true) }, { type: "restore", kept });
    expect(again.question).toBeNull();
  });
});

describe("no correct answer before the reveal", () => {
  it("leaves out of a question's view whatever only a reveal may carry", () => {
    const leaky = run("question", 0, {
      view: view(0, { correct: [2], explanation: "Because.", accepted: ["x"] }),
      result: { correct: true, points: 1, answered: true, correct_answer: 2 },
    });
    const m = feed({ type: "run", run: leaky });
    expect(m.question).not.toHaveProperty("correct");
    expect(m.question).not.toHaveProperty("explanation");
    expect(m.question).not.toHaveProperty("accepted");
    expect(questionOf(leaky)).not.toHaveProperty("correct");
    // A question's status never shows a result, whatever the view carried.
    expect(revealOf(m)).toBeNull();
  });
});

describe("the countdown", () => {
  it("counts from deadline_ms on the server's clock, estimated from server_ms", () => {
    // The device's clock is 5 s behind the server's.
    let deviceNow = T0 - 5_000;
    const clock = new ClockOffset(() => deviceNow, false);
    const r = run("question", 0, { server_ms: T0 + 4_000, deadline_ms: T0 + 20_000 });
    sampleRun(clock, r);
    expect(runRemaining(clock, r, questionOf(r))).toBe(16_000);
    deviceNow += 10_000;
    expect(runRemaining(clock, r, questionOf(r))).toBe(6_000);
    deviceNow += 10_000;
    expect(runRemaining(clock, r, questionOf(r))).toBe(0);
  });

  it("is zero outside a question and never above the time limit", () => {
    const clock = new ClockOffset(() => T0 - 60_000, false);
    expect(runRemaining(clock, reveal(0, true), null)).toBe(0);
    const r = run("question", 0);
    expect(runRemaining(clock, r, questionOf(r))).toBe(20_000);
  });
});

describe("the challenge and its attempts", () => {
  it("reads the join ack's state, and offers another try while attempts remain", () => {
    const info = challengeInfo({ mode: "challenge", phase: "open", title: "Safety", count: 3, attempts: 2, closes_ms: T0, game_id: "g1" });
    expect(info).toEqual({ title: "Safety", count: 3, attempts: 2, closesMs: T0, open: true, gameId: "g1", shuffle: false });
    expect(challengeInfo({ phase: "lobby" })).toBeNull();
    expect(challengeInfo(null)).toBeNull();
    const done = run("done", 2);
    expect(canTryAgain(done, info)).toBe(true);
    expect(attemptsLeft(done, info)).toBe(1);
    expect(canTryAgain({ ...done, attempt: 2 }, info)).toBe(false);
    expect(canTryAgain(done, { ...info!, open: false })).toBe(false);
    expect(canTryAgain(run("reveal", 2), info)).toBe(false);
  });
});

describe("what is said", () => {
  it("says the reveal and the end in words", () => {
    const r = reveal(0, false, { score: 1200, rank: 2, result: { correct: false, points: 0, answered: true, correct_answer: 1 } });
    expect(revealAnnouncement(r.result!, r, "Paris")).toBe(
      "Not this time. No points this time. Correct answer: Paris. You're in 2nd place with 1,200 points.",
    );
    const late = { correct: false, points: 0, answered: false, correct_answer: 1 };
    expect(revealAnnouncement(late, { ...r, rank: null, score: 0 }, "")).toBe("Time's up. No answer. No points this time. You have 0 points.");
    expect(doneAnnouncement(run("done", 2, { score: 2400, rank: 3, correct: 2, players: 12 }))).toBe(
      "Challenge finished: 2,400 points. 2 of 3 right. You're 3rd of 12 so far.",
    );
  });

  it("says how long a challenge stays open", () => {
    expect(timeLeftText(null, T0)).toBe("");
    expect(timeLeftText(T0 - 1, T0)).toBe("Closed");
    expect(timeLeftText(T0 + 60_000, T0)).toBe("Closes in 1 minute");
    expect(timeLeftText(T0 + 5 * 3_600_000, T0)).toBe("Closes in 5 hours");
    expect(timeLeftText(T0 + 3 * 86_400_000, T0)).toBe("Closes in 3 days");
  });
});
