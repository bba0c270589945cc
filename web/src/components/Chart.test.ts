import { describe, expect, it } from "vitest";
import { markup } from "../test-render";
import { cellText, ChartTable } from "./Chart";

describe("cellText", () => {
  it("formats a value, and says 'no data' for null or a non-finite value", () => {
    expect(cellText(42.5)).toBe("42.5");
    expect(cellText(42.5, (v) => `${v} %`)).toBe("42.5 %");
    expect(cellText(null, (v) => `${v} %`)).toBe("no data");
    expect(cellText(Number.NaN)).toBe("no data");
  });
});

describe("ChartTable", () => {
  it("holds every figure for screen readers: a row per category, a column per series", () => {
    const html = markup(
      ChartTable({
        label: "Correct answers per question",
        categories: ["Q1", "Q2"],
        series: [
          { label: "% correct", values: [75, null] },
          { label: "% answered", values: [100, 50] },
        ],
        xLabel: "Question",
        yLabel: "%",
        format: (v) => `${v} %`,
      }),
    );
    expect(html).toBe(
      '<div class="sr-only"><table><caption>Correct answers per question</caption>' +
        '<thead><tr><th scope="col">Question</th><th scope="col">% correct</th><th scope="col">% answered</th></tr></thead>' +
        '<tbody><tr><th scope="row">Q1</th><td>75 %</td><td>100 %</td></tr>' +
        '<tr><th scope="row">Q2</th><td>no data</td><td>50 %</td></tr></tbody></table></div>',
    );
  });
});
