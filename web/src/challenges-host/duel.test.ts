import { describe, expect, it } from "vitest";
import { playedQuizzes } from "./duel";
import { elapsedText, myTurn } from "./duel";
import { challengeRoute, dailyForm, duelBody, duelDone, duelHeadline, type HeadToHead, parseDailyForm, questionRows, resultText } from "./duel";
import type { ChallengeDoc } from "./model";

const C = { id: "d1", kind: "duel", title: "Safety" } as ChallengeDoc;

function h2h(a: Partial<HeadToHead["sides"][number]>, b: Partial<HeadToHead["sides"][number]>, winner: string | null): HeadToHead {
  return { challenge: C, sides: [{ account_id: "me", name: "Ann", ...a }, { account_id: "bob", name: "Bob", ...b }], winner };
}

const q = (correct: boolean, points: number, elapsed_ms: number | null = 1000) => ({ correct, points, elapsed_ms });

describe("the head-to-head as the server sends it", () => {
  const played = (a: boolean, b: boolean) => [
    { account_id: "me", name: "Ann", side: "challenger" as const, finished: a },
    { account_id: "bob", name: "Bob", side: "opponent" as const, finished: b },
  ];
  it("reads who has played before the sides come", () => {
    const none: HeadToHead = { challenge: C, played: played(false, false), complete: false, sides: [], winner: null };
    expect(duelHeadline(none, "me")).toBe("Nobody has played yet.");
    expect(myTurn(none, "me")).toBe(true);
    const half = { ...none, played: played(true, false) };
    expect(duelDone(half)).toBe(false);
    expect(duelHeadline(half, "me")).toBe("Waiting for Bob to play.");
    expect(duelHeadline(half, "bob")).toBe("Waiting for you to play.");
    expect(myTurn(half, "me")).toBe(false);
    expect(myTurn(half, "bob")).toBe(true);
    expect(myTurn(half, "eve")).toBe(false);
    const done: HeadToHead = {
      ...none,
      played: played(true, true),
      complete: true,
      sides: [
        { account_id: "me", name: "Ann", score: 900, correct: 2, per_question: [q(true, 500), q(true, 400)] },
        { account_id: "bob", name: "Bob", score: 500, correct: 1, per_question: [q(true, 500), q(false, 0)] },
      ],
      winner: "me",
    };
    expect(duelDone(done)).toBe(true);
    expect(duelHeadline(done, "bob")).toBe("Ann won, 900 to 500 against you.");
  });
  it("waits for the challenger or any of a team", () => {
    const team: HeadToHead = {
      challenge: C,
      complete: false,
      sides: [],
      winner: null,
      played: [
        { account_id: "me", name: "Ann", side: "challenger", finished: true },
        { account_id: "b", name: "Bea", side: "opponent", finished: false },
        { account_id: "c", name: "Cy", side: "opponent", finished: false },
      ],
    };
    expect(duelHeadline(team, "me")).toBe("Waiting for Bea or Cy to play.");
    const first: HeadToHead = { ...team, played: team.played!.map((p) => (p.account_id === "me" ? { ...p, finished: false } : { ...p, finished: p.account_id === "b" })) };
    expect(duelHeadline(first, "b")).toBe("Waiting for Ann to play.");
  });
});

describe("the head-to-head", () => {
  it("waits until both have played", () => {
    expect(duelHeadline(h2h({}, {}, null), "me")).toBe("Nobody has played yet.");
    const half = h2h({ score: 900, correct: 1, per_question: [q(true, 900)] }, { played: false }, null);
    expect(duelDone(half)).toBe(false);
    expect(duelHeadline(half, "me")).toBe("Waiting for Bob to play.");
    expect(duelHeadline(half, "bob")).toBe("Waiting for you to play.");
    expect(duelHeadline(h2h({ played: true }, { played: false }, null), "bob")).toBe("Waiting for you to play.");
  });

  it("says who won from either side, and a draw", () => {
    const done = h2h({ score: 1200, per_question: [q(true, 1200)] }, { score: 900, per_question: [q(true, 900)] }, "me");
    expect(duelDone(done)).toBe(true);
    expect(duelHeadline(done, "me")).toBe("You won, 1,200 to 900.");
    expect(duelHeadline(done, "bob")).toBe("Ann won, 1,200 to 900 against you.");
    expect(duelHeadline(done, null)).toBe("Ann won, 1,200 to 900.");
    const draw = h2h({ score: 500, per_question: [] }, { score: 500, per_question: [] }, null);
    expect(duelHeadline(draw, "me")).toBe("A draw: 500 points each.");
  });

  it("lines the questions up and marks who took each", () => {
    const done = h2h(
      { score: 1, per_question: [q(true, 900), q(false, 0), q(true, 500)] },
      { score: 1, per_question: [q(true, 950), q(false, 0), q(true, 500)] },
      "bob",
    );
    expect(questionRows(done).map((r) => r.best)).toEqual([1, null, null]);
    expect(resultText(q(true, 1950, 2340))).toBe("Right · 1,950");
    expect(resultText(q(false, 0, null))).toBe("Wrong · 0");
    expect(resultText(null)).toBe("–");
    expect(elapsedText(q(true, 950, 2340))).toBe("2.3 s");
    expect(elapsedText(q(true, 950, null))).toBe("");
    expect(elapsedText(null)).toBe("");
  });

  it("builds the duel body for a colleague or a team", () => {
    expect(duelBody("q1", "account:a9")).toEqual({ body: { quiz_id: "q1", opponent_account_id: "a9" } });
    expect(duelBody("q1", "team:t1")).toEqual({ body: { quiz_id: "q1", opponent_team_id: "t1" } });
    expect(duelBody("q1", "")).toEqual({ error: "Pick a colleague or a team." });
    expect(duelBody("", "team:t1")).toEqual({ error: "Pick a quiz." });
  });
});

describe("a member's quizzes to duel on", () => {
  it("takes each quiz of their challenges and duels once, daily ones left out", () => {
    const mine = {
      open: [{ id: "c1", title: "Safety", quiz_id: "q1" }],
      done: [{ challenge: { id: "c2", title: "Fire drill", quiz_id: "q2" }, score: 5 }, { challenge: { id: "c3", title: "Daily", quiz_id: null } }],
      duels: [{ id: "d1", title: "Safety again", quiz_id: "q1" }],
      streak: { current: 1, best: 2 },
    };
    expect(playedQuizzes(mine)).toEqual([
      { id: "q2", title: "Fire drill" },
      { id: "q1", title: "Safety" },
    ]);
    expect(playedQuizzes(null)).toEqual([]);
    expect(playedQuizzes({ open: "x" })).toEqual([]);
  });
});

describe("the daily settings", () => {
  it("starts from the server's settings or the defaults", () => {
    expect(dailyForm(null)).toEqual({ enabled: false, tag: "", count: "5", timeLimit: "20" });
    expect(dailyForm({ enabled: true, tag: "safety", count: 3, time_limit_s: 30 })).toEqual({ enabled: true, tag: "safety", count: "3", timeLimit: "30" });
  });
  it("sends a good form and refuses a bad one", () => {
    expect(parseDailyForm({ enabled: true, tag: " safety ", count: "3", timeLimit: "30" })).toEqual({
      body: { enabled: true, tag: "safety", count: 3, time_limit_s: 30 },
    });
    expect(parseDailyForm({ enabled: false, tag: "", count: "5", timeLimit: "20" })).toEqual({
      body: { enabled: false, tag: null, count: 5, time_limit_s: 20 },
    });
    expect(parseDailyForm({ enabled: true, tag: "x".repeat(33), count: "0", timeLimit: "4" })).toEqual({
      errors: {
        tag: "Use at most 32 characters.",
        count: "Give a whole number from 1 to 20.",
        timeLimit: "Give a whole number of seconds from 5 to 240.",
      },
    });
  });
});

describe("the routes", () => {
  it("parses each page and refuses the rest", () => {
    expect(challengeRoute("/challenges")).toEqual({ view: "list" });
    expect(challengeRoute("/challenges/")).toEqual({ view: "list" });
    expect(challengeRoute("/challenges/new", "?quiz=q%201")).toEqual({ view: "new", quizId: "q 1" });
    expect(challengeRoute("/challenges/new")).toEqual({ view: "new", quizId: null });
    expect(challengeRoute("/challenges/c1")).toEqual({ view: "results", id: "c1" });
    expect(challengeRoute("/challenges/c%2F1/screen")).toEqual({ view: "screen", id: "c/1" });
    expect(challengeRoute("/duels/new", "?quiz=q1")).toEqual({ view: "duelNew", quizId: "q1" });
    expect(challengeRoute("/duels/d1")).toEqual({ view: "duel", id: "d1" });
    expect(challengeRoute("/duels")).toEqual({ view: "notFound" });
    expect(challengeRoute("/challenges/%E0%A4%A")).toEqual({ view: "notFound" });
    expect(challengeRoute("/challenges/c1/other")).toEqual({ view: "notFound" });
  });
});
