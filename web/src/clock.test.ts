import { describe, expect, it } from "vitest";
import { ClockOffset, stateStamps } from "./clock";

describe("clock offset", () => {
  it("is 0 without samples", () => {
    const c = new ClockOffset(() => 1000, false);
    expect(c.offset()).toBe(0);
    expect(c.serverNow()).toBe(1000);
  });

  it("takes the tightest lower bound: the largest stamp − receipt", () => {
    let now = 10_000;
    const c = new ClockOffset(() => now, false);
    // Server is 5 s ahead; events take 40 ms, then 300 ms, to arrive.
    c.sample(15_000 - 40, 10_000);
    c.sample(20_000 - 300, 15_000);
    expect(c.offset()).toBe(4960);
    now = 20_000;
    expect(c.serverNow()).toBe(24_960);
  });

  it("handles a device clock ahead of the server", () => {
    const c = new ClockOffset(() => 0, false);
    c.sample(1_000_000, 1_003_050); // device 3 s ahead, 50 ms on the way
    expect(c.offset()).toBe(-3050);
  });

  it("clamps the remaining time to the time limit and to zero", () => {
    let now = 0;
    const c = new ClockOffset(() => now, false);
    c.sample(100_000, 100_000);
    now = 100_000;
    expect(c.remaining(120_000, 20_000)).toBe(20_000);
    expect(c.remaining(130_000, 20_000)).toBe(20_000); // a loose estimate never shows more
    now = 125_000;
    expect(c.remaining(120_000, 20_000)).toBe(0);
    now = 110_000;
    expect(c.remaining(120_000, 20_000)).toBe(10_000);
  });

  it("ignores nonsense stamps and forgets old samples", () => {
    const c = new ClockOffset(() => 0, false);
    c.sample(undefined, 5);
    c.sample(Number.NaN, 5);
    c.sample(0, 5);
    expect(c.offset()).toBe(0);
    c.sample(10_000, 0); // one old, very loose-high sample
    for (let i = 0; i < 12; i++) c.sample(1000, 0);
    expect(c.offset()).toBe(1000);
  });

  it("samples a question's opening and a reveal's closing, nothing else", () => {
    const base = { question: { opened_ms: 5 }, reveal: { closed_ms: 9 } };
    expect(stateStamps({ ...base, phase: "question" })).toEqual([5]);
    expect(stateStamps({ ...base, phase: "reveal" })).toEqual([9]);
    expect(stateStamps({ ...base, phase: "scoreboard" })).toEqual([]);
  });
});
