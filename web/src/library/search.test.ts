import { describe, expect, it } from "vitest";
import { countAnnouncement, searchPath } from "./search";
import { docFromDraftQuiz, newQuiz, tagsFromText, validateQuiz } from "../quiz-model";

describe("library search", () => {
  it("builds the query string, leaving out what is empty", () => {
    expect(searchPath("/quizzes", "  ", null, 50)).toBe("/quizzes?limit=50");
    expect(searchPath("/quizzes", " fire drill ", "safety", 20)).toBe("/quizzes?q=fire+drill&tag=safety&limit=20");
    expect(searchPath("/questions", 'a&b="c"', null, 10)).toBe("/questions?q=a%26b%3D%22c%22&limit=10");
  });

  it("says how many match, and what", () => {
    const quizzes: [string, string] = ["quiz", "quizzes"];
    expect(countAnnouncement(0, quizzes, "lava", null)).toBe("No quizzes match “lava”.");
    expect(countAnnouncement(1, quizzes, "lava", "geo")).toBe("1 quiz matches “lava” and tag geo.");
    expect(countAnnouncement(3, quizzes, "", null)).toBe("3 quizzes.");
  });
});

describe("quiz tags and visibility in the editor", () => {
  it("reads comma-separated tags like the server does", () => {
    expect(tagsFromText(" Safety, fire drill,,safety , ")).toEqual(["safety", "fire drill"]);
  });

  it("sends tags and visibility, and checks their limits", () => {
    const draft = { ...newQuiz(), title: "T", tags: "A, b", visibility: "shared" as const };
    const doc = docFromDraftQuiz(draft);
    expect(doc.tags).toEqual(["a", "b"]);
    expect(doc.visibility).toBe("shared");
    expect(docFromDraftQuiz({ ...draft, tags: "" }).tags).toBeUndefined();
    const many = Array.from({ length: 11 }, (_, i) => `t${i}`).join(",");
    expect(validateQuiz({ ...draft, tags: many }).tags).toBe("Use at most 10 tags.");
    expect(validateQuiz({ ...draft, tags: "x".repeat(33) }).tags).toBe("Keep each tag to 32 characters.");
    expect(validateQuiz({ ...draft, tags: "x".repeat(32) }).tags).toBeUndefined();
  });
});
