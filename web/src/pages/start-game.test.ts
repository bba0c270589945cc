import { describe, expect, it } from "vitest";
import { GAME_BOUNDS } from "../rules";
import { READ_FIRST_S } from "./StartGame";

describe("start game form", () => {
  it("offers reading times from the engine's shortest to its longest", () => {
    const ms = READ_FIRST_S.map((s) => s * 1000);
    expect(Math.min(...ms)).toBe(GAME_BOUNDS.minReadFirstMs);
    expect(Math.max(...ms)).toBe(GAME_BOUNDS.maxReadFirstMs);
  });
});
