import { describe, expect, it } from "vitest";
import type { PublicQuestion, State } from "../protocol";
import { primaryAction } from "./phase-actions";
import { teamNamesOf } from "./team-names";

function at(phase: State["phase"], index = 0, count = 3): State {
  const question = { index, count } as PublicQuestion;
  return { game_id: "g", pin: "1234", phase, seq: 1, players: 2, question, reveal: null, leaderboard: null, teams: null };
}

describe("the console's big button", () => {
  it("moves the game on in each phase and opens the results at the end", () => {
    expect(primaryAction(at("lobby"))).toEqual({ label: "Start game", command: "start" });
    expect(primaryAction(at("question"))).toEqual({ label: "Close question", command: "next" });
    expect(primaryAction(at("reveal"))).toEqual({ label: "Show leaderboard", command: "next" });
    expect(primaryAction(at("scoreboard", 1))).toEqual({ label: "Next question", command: "next" });
    expect(primaryAction(at("scoreboard", 2))).toEqual({ label: "Finish game", command: "next" });
    expect(primaryAction(at("finished"))).toEqual({ label: "See full results", command: "results" });
  });
});

describe("teamNamesOf", () => {
  it("takes the host's names, or as many automatic ones as the game has teams", () => {
    expect(teamNamesOf({ mode: "choose", names: ["Owls", "Larks"] })).toEqual(["Owls", "Larks"]);
    expect(teamNamesOf({ mode: "auto", count: 3 })).toEqual(["Red", "Blue", "Green"]);
    expect(teamNamesOf({ mode: "auto", count: 10 }).slice(8)).toEqual(["Team 9", "Team 10"]);
  });
});
