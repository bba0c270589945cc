import { h } from "preact";
import { describe, expect, it } from "vitest";
import type { PublicQuestion, QuestionDoc, QuestionKind } from "../protocol";
import { QUESTION_KINDS } from "../rules";
import { publicQuestion } from "../test-question";
import { newQuestion } from "../quiz-model";
import { markup } from "../test-render";
import { describeAnswer, describeCorrect, KINDS, kindLabel, kindOf } from ".";
import { EDITORS, editorOf } from "./editors";
import { isScored } from "./scored";
import { numberAnswer } from "./numeric";
import { TYPE_ANSWER_INPUT } from "./type-answer";
import { WORD_CLOUD_INPUT } from "./word-cloud";

const q = publicQuestion;

describe("the kinds' registry", () => {
  it("has a module for every kind of the protocol, and for no other", () => {
    expect(Object.keys(KINDS).sort()).toEqual([...QUESTION_KINDS].sort());
    expect(Object.keys(EDITORS).sort()).toEqual([...QUESTION_KINDS].sort());
    for (const kind of QUESTION_KINDS) {
      const m = kindOf(kind);
      expect(m, kind).toBeDefined();
      expect(m.kind).toBe(kind);
      expect(m.label, kind).not.toBe("");
      expect(m.help, kind).not.toBe("");
      expect(typeof m.answer.Input, kind).toBe("function");
      expect(typeof m.screen.Question, kind).toBe("function");
      expect(typeof m.screen.Distribution, kind).toBe("function");
      expect(editorOf(kind).promptLabel, kind).not.toBe("");
    }
  });

  it("scores every kind but polls and word clouds", () => {
    expect(QUESTION_KINDS.filter((k) => !isScored(k)).sort()).toEqual(["poll", "word_cloud"]);
  });

  it("names kinds for people, and keeps an unknown kind's code", () => {
    expect(kindLabel("choice")).toBe("Multiple choice");
    expect(kindLabel("true_false")).toBe("True or false");
    expect(kindLabel("hologram")).toBe("hologram");
    expect(isScored("hologram")).toBe(true);
  });

  it("gives a new draft of each kind its own defaults", () => {
    const choices = (kind: QuestionKind) => newQuestion(kind).choices.length;
    expect([choices("choice"), choices("poll"), choices("true_false"), choices("numeric")]).toEqual([4, 4, 2, 2]);
  });

  it("puts no points in the document of an unscored kind", () => {
    const doc: QuestionDoc = { kind: "poll", prompt: "p" };
    editorOf("poll").toDoc({ ...newQuestion("poll"), choices: ["a", "b"] }, doc);
    expect(doc).toEqual({ kind: "poll", prompt: "p", choices: ["a", "b"] });
  });
});

describe("answers typed on the phone", () => {
  it("checks numbers against min and max", () => {
    const n = q({ kind: "numeric", min: 0, max: 100 });
    expect(numberAnswer(n, " 42 ")).toEqual({ ok: true, value: 42 });
    expect(numberAnswer(n, "3,5")).toEqual({ ok: true, value: 3.5 });
    expect(numberAnswer(n, "abc").ok).toBe(false);
    expect(numberAnswer(n, "")).toEqual({ ok: false, message: "Type a number." });
    expect(numberAnswer(n, "101").ok).toBe(false);
    expect(numberAnswer(n, "-1").ok).toBe(false);
  });

  it("trims text answers and keeps word clouds within 40 characters", () => {
    const typed = q({ kind: "type_answer" });
    const cloud = q({ kind: "word_cloud" });
    expect(TYPE_ANSWER_INPUT.check(typed, "  Paris ")).toEqual({ ok: true, value: "Paris" });
    expect(TYPE_ANSWER_INPUT.check(typed, "   ").ok).toBe(false);
    expect(WORD_CLOUD_INPUT.check(cloud, "x".repeat(40)).ok).toBe(true);
    expect(WORD_CLOUD_INPUT.check(cloud, "x".repeat(41)).ok).toBe(false);
  });
});

describe("right keys of text, number and order distributions", () => {
  /** Whether the reveal's list ticks `key` as a right answer. */
  const ticked = (question: PublicQuestion, key: string, correct: unknown) => {
    const { Distribution } = kindOf(question.kind).screen;
    const html = markup(h(Distribution, { q: question, reveal: { correct, distribution: { [key]: 1 }, answered: 1 } }));
    expect(html).toContain(key === "correct" ? "Right order" : key);
    return html.includes("is-correct");
  };

  it("marks accepted answers, the number and the right order", () => {
    expect(ticked(q({ kind: "type_answer" }), "Paris", ["Paris", "Paname"])).toBe(true);
    expect(ticked(q({ kind: "type_answer" }), "lyon", ["Paris"])).toBe(false);
    expect(ticked(q({ kind: "numeric" }), "8", 8)).toBe(true);
    expect(ticked(q({ kind: "numeric" }), "2.5", 8)).toBe(false);
    expect(ticked(q({ kind: "order" }), "correct", [1, 0])).toBe(true);
    expect(ticked(q({ kind: "word_cloud" }), "sunny", null)).toBe(false);
  });

  it("says a scored kind's missing answer as a dash, an unscored one's as nothing", () => {
    expect(describeCorrect(q({ kind: "numeric" }), null)).toBe("–");
    expect(describeCorrect(q({ kind: "word_cloud" }), null)).toBe("");
  });
});

describe("answers in words", () => {
  it("names an order answer's items by their displayed indices", () => {
    const order = q({ kind: "order", items: ["one", "two", "three"] });
    expect(describeAnswer(order, [2, 0, 1])).toBe("three → one → two");
    expect(describeCorrect(order, [0, 1, 2])).toBe("one → two → three");
  });

  it("describes answers and correct answers in words", () => {
    const c = q({ choices: ["80", "443"] });
    expect(describeAnswer(c, 1)).toBe("B · 443");
    expect(describeCorrect(c, [0, 1])).toBe("A · 80, B · 443");
    expect(describeCorrect(q({ kind: "true_false" }), false)).toBe("False");
    expect(describeAnswer(q({ kind: "true_false" }), true)).toBe("True");
    expect(describeAnswer(q({ kind: "true_false" }), null)).toBe("Your answer is in.");
    expect(describeCorrect(q({ kind: "type_answer" }), ["Paris", "Paname"])).toBe("Paris / Paname");
    expect(describeCorrect(q({ kind: "poll" }), null)).toBe("");
  });
});
