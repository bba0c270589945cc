import { describe, expect, it } from "vitest";
import { readingLeft } from "./reading";

describe("readingLeft", () => {
  it("counts down to the opening of answers on the server's clock", () => {
    expect(readingLeft(1_000, { answers_open_ms: 4_000 })).toBe(3_000);
    expect(readingLeft(3_999, { answers_open_ms: 4_000 })).toBe(1);
  });

  it("is 0 once the answers are open, and for a question without reading time", () => {
    expect(readingLeft(4_000, { answers_open_ms: 4_000 })).toBe(0);
    expect(readingLeft(9_000, { answers_open_ms: 4_000 })).toBe(0);
    expect(readingLeft(9_000, {})).toBe(0);
    expect(readingLeft(9_000, null)).toBe(0);
    expect(readingLeft(9_000, { answers_open_ms: Number.NaN })).toBe(0);
  });
});
