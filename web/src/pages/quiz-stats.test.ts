import { describe, expect, it } from "vitest";
import type { QuizStatsQuestion } from "../protocol";
import { correctSeries, percentText } from "./QuizStatsPage";

const q = (index: number, kind: QuizStatsQuestion["kind"], pct: number | null): QuizStatsQuestion => ({
  id: `id${index}`,
  index,
  kind,
  prompt: `P${index}`,
  asked: 1,
  answered: 1,
  correct: pct === null ? null : 1,
  percent_correct: pct,
  average_time_ms: 1000,
  difficulty: null,
});

describe("quiz statistics page", () => {
  it("charts the scored questions in the quiz's order, polls left out", () => {
    const ranked = [q(2, "choice", 25), q(0, "true_false", 50), q(1, "poll", null), q(3, "choice", null)];
    expect(correctSeries(ranked)).toEqual({ categories: ["Q1", "Q3", "Q4"], values: [50, 25, null] });
  });

  it("writes percentages with their sign, a dash for none", () => {
    expect(percentText(62.5)).toBe("62.5 %");
    expect(percentText(null)).toBe("–");
  });
});
