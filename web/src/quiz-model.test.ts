import { describe, expect, it } from "vitest";
import { fieldId } from "./field-id";
import { humanField, joinError, ordinal } from "./format";
import type { QuestionDoc } from "./protocol";
import { QUESTION_BOUNDS, QUESTION_KINDS } from "./rules";
import {
  docFromDraft,
  docFromDraftQuiz,
  draftFromDoc,
  draftQuizFromDoc,
  errorAnchor,
  isImageUrl,
  newQuestion,
  newQuiz,
  TIME_LIMITS_S,
  tooLong,
  validateQuiz,
} from "./quiz-model";
import { parseRoute } from "./router";

const docs: QuestionDoc[] = [
  { kind: "choice", prompt: "Port?", choices: ["80", "443"], correct: [1], time_limit_ms: 30000, points: 2 },
  { kind: "true_false", prompt: "Redis is relational.", correct: false, time_limit_ms: 20000, points: 1 },
  { kind: "type_answer", prompt: "Capital of France?", accepted: ["Paris"], time_limit_ms: 20000, points: 1 },
  { kind: "numeric", prompt: "Legs?", correct: 8, tolerance: 0, min: 0, max: 20, time_limit_ms: 20000, points: 1 },
  { kind: "order", prompt: "Sort", items: ["a", "b", "c"], time_limit_ms: 20000, points: 0 },
  { kind: "poll", prompt: "Tea or coffee?", choices: ["Tea", "Coffee"], time_limit_ms: 20000 },
  {
    kind: "word_cloud",
    prompt: "One word",
    time_limit_ms: 45000,
    media: { image: "https://example.com/a.png" },
    explanation: "Why",
  },
];

describe("quiz editor model", () => {
  it("round-trips every kind's document", () => {
    for (const doc of docs) expect(docFromDraft(draftFromDoc(doc))).toEqual(doc);
  });

  it("keeps a question's stable id through the draft, and a new question has none", () => {
    const doc = { ...docs[0], id: "Qx7_kd92Lm0a" };
    expect(docFromDraft(draftFromDoc(doc))).toEqual(doc);
    expect(docFromDraft(newQuestion("choice")).id).toBeUndefined();
  });

  it("keeps a member's credit and the question's audio and video through an edit", () => {
    const credit = { contribution_id: "c0ntr1but10n", name: "Ada", team: "Owls" };
    const media = { image: "/media/a.webp", audio: `/media/${"b".repeat(64)}.mp3`, video: `/media/${"c".repeat(64)}.mp4` };
    const doc: QuestionDoc = { ...docs[1], media, credit };
    expect(docFromDraft(draftFromDoc(doc))).toEqual(doc);
    expect(docFromDraft(draftFromDoc({ ...docs[1], media: { audio: media.audio } })).media).toEqual({ audio: media.audio });
  });

  it("routes a quiz's statistics page", () => {
    expect(parseRoute("/quizzes/q1/stats")).toEqual({ page: "quizStats", quizId: "q1" });
    expect(parseRoute("/quizzes/q1")).toEqual({ page: "editor", quizId: "q1" });
  });

  it("offers time limits from the engine's shortest to its longest, its default among them", () => {
    const ms = TIME_LIMITS_S.map((s) => s * 1000);
    expect(Math.min(...ms)).toBe(QUESTION_BOUNDS.minTimeLimitMs);
    expect(Math.max(...ms)).toBe(QUESTION_BOUNDS.maxTimeLimitMs);
    expect(ms).toContain(QUESTION_BOUNDS.defaultTimeLimitMs);
    expect(newQuestion().timeLimitS * 1000).toBe(QUESTION_BOUNDS.defaultTimeLimitMs);
  });

  it("has a new question for every kind", () => {
    for (const kind of QUESTION_KINDS) expect(newQuestion(kind).kind).toBe(kind);
  });

  it("names the problems by the protocol's field paths", () => {
    const quiz = newQuiz();
    expect(validateQuiz(quiz)).toMatchObject({
      title: expect.any(String),
      "questions[0].prompt": expect.any(String),
      "questions[0].choices": expect.any(String),
      "questions[0].correct": "Mark at least one answer as correct.",
    });
    quiz.title = "T";
    quiz.questions[0].prompt = "Q";
    quiz.questions[0].choices = ["a", "b"];
    quiz.questions[0].correct = [0];
    expect(validateQuiz(quiz)).toEqual({});
    expect(docFromDraftQuiz(quiz).questions[0]).toMatchObject({ choices: ["a", "b"], correct: [0] });
  });

  it("checks numeric bounds, order items and accepted answers", () => {
    const quiz = newQuiz();
    quiz.title = "T";
    const n = { ...newQuestion("numeric"), prompt: "n", numCorrect: "30", min: "0", max: "10" };
    const o = { ...newQuestion("order"), prompt: "o", items: ["a", ""] };
    const t = { ...newQuestion("type_answer"), prompt: "t", accepted: [" "] };
    quiz.questions = [n, o, t];
    const errors = validateQuiz(quiz);
    expect(Object.keys(errors).sort()).toEqual(["questions[0].correct", "questions[1].items", "questions[2].accepted"]);
  });

  it("maps server error fields to editor fields and ids", () => {
    expect(errorAnchor("questions[2].choices[1]")).toBe("questions[2].choices");
    expect(errorAnchor("questions[0].media")).toBe("questions[0].media.image");
    expect(fieldId("questions[2].media.image")).toBe("f-questions-2-media-image");
    expect(humanField("questions[2].correct")).toBe("Question 3 · correct");
  });
});

describe("words and routes", () => {
  it("tells every join error in words", () => {
    for (const code of ["game_not_found", "nickname_taken", "nickname_invalid", "lobby_locked", "game_full", "game_started", "banned", "game_over", "invalid"])
      expect(joinError(code)).not.toBe("Could not join this game.");
    expect(joinError("something_new", "server says")).toBe("server says");
  });

  it("writes ordinals", () => {
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 101].map(ordinal)).toEqual([
      "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "101st",
    ]);
  });

  it("routes every page path", () => {
    expect(parseRoute("/")).toEqual({ page: "join", pin: null });
    expect(parseRoute("/join/482913")).toEqual({ page: "join", pin: "482913" });
    expect(parseRoute("/play/482913/")).toEqual({ page: "play", pin: "482913" });
    expect(parseRoute("/screen/482913")).toEqual({ page: "screen", pin: "482913" });
    expect(parseRoute("/host")).toEqual({ page: "dashboard" });
    expect(parseRoute("/host/g_1")).toEqual({ page: "console", gameId: "g_1" });
    expect(parseRoute("/quizzes/new")).toEqual({ page: "editor", quizId: null });
    expect(parseRoute("/quizzes/q1")).toEqual({ page: "editor", quizId: "q1" });
    expect(parseRoute("/quizzes/q1/start")).toEqual({ page: "start", quizId: "q1" });
    expect(parseRoute("/games/g1")).toEqual({ page: "results", gameId: "g1" });
    expect(parseRoute("/register")).toEqual({ page: "login", register: true });
    expect(parseRoute("/nope/x/y")).toEqual({ page: "notFound" });
  });
});

describe("question images", () => {
  it("accepts what the server accepts", () => {
    for (const ok of ["https://example.com/a.png", "HTTP://x.org", "http://[::1]:8080/i?x=1", "/images/q1.png"])
      expect(isImageUrl(ok), ok).toBe(true);
  });
  it("refuses other schemes, credentials, scheme-relative and hidden characters", () => {
    for (const bad of [
      "javascript:alert(1)",
      "data:image/png;base64,AAAA",
      "//evil.example/a.png",
      "/\\evil.example",
      "https://user:pw@example.com/a.png",
      "cat.png",
      "https://exa mple.com/a.png",
      "/a\u200b.png",
    ])
      expect(isImageUrl(bad), bad).toBe(false);
  });
});

describe("text limits in the editor", () => {
  const quiz = (q: QuestionDoc) => draftQuizFromDoc({ title: "T", questions: [q] });

  it("takes texts at the limit and refuses one character more, as the server does", () => {
    const atLimit = quiz({ kind: "choice", prompt: "p".repeat(200), choices: ["a".repeat(90), "b"], correct: [0] });
    expect(validateQuiz(atLimit)).toEqual({});
    const over = quiz({ kind: "choice", prompt: "p".repeat(201), choices: ["a", "b".repeat(91)], correct: [0] });
    expect(validateQuiz(over)).toEqual({
      "questions[0].prompt": "The question is 201 characters long; shorten it to 200 or fewer.",
      "questions[0].choices": "Answer B is 91 characters long; shorten it to 90 or fewer.",
    });
  });

  it("holds every tile text to 90: poll choices, order items, accepted answers", () => {
    expect(tooLong(quiz({ kind: "poll", prompt: "P", choices: ["x".repeat(91), "b"] }))).toHaveProperty(["questions[0].choices"]);
    expect(tooLong(quiz({ kind: "order", prompt: "P", items: ["a", "x".repeat(91)] }))["questions[0].items"]).toContain("Item 2");
    expect(tooLong(quiz({ kind: "type_answer", prompt: "P", accepted: ["x".repeat(91)] }))).toHaveProperty(["questions[0].accepted"]);
    expect(tooLong(draftQuizFromDoc({ title: "t".repeat(201), questions: [] }))).toHaveProperty(["title"]);
  });

  it("loads a quiz saved before the limits as it is", () => {
    const old = quiz({ kind: "order", prompt: "p".repeat(400), items: ["a", "x".repeat(150)] });
    expect(old.questions[0].prompt).toHaveLength(400);
    expect(Object.keys(tooLong(old))).toEqual(["questions[0].prompt", "questions[0].items"]);
  });
});
