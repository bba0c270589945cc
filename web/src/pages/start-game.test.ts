import { describe, expect, it } from "vitest";
import { GAME_BOUNDS } from "../rules";
import { DEFAULTS, READ_FIRST_S, settingsFromForm } from "./StartGame";

describe("start game form", () => {
  it("offers reading times from the engine's shortest to its longest", () => {
    const ms = READ_FIRST_S.map((s) => s * 1000);
    expect(Math.min(...ms)).toBe(GAME_BOUNDS.minReadFirstMs);
    expect(Math.max(...ms)).toBe(GAME_BOUNDS.maxReadFirstMs);
  });

  it("asks for the workspace's teams, saying how players without a team are placed", () => {
    const { settings, errors } = settingsFromForm({ ...DEFAULTS, teams: "workspace", guests: "auto", teamScore: "sum" });
    expect(errors).toEqual({});
    expect(settings.teams).toEqual({ mode: "workspace", guests: "auto", score: "sum" });
    expect(settingsFromForm({ ...DEFAULTS, teams: "workspace" }).settings.teams).toEqual({
      mode: "workspace",
      guests: "choose",
      score: "average",
    });
  });
});
