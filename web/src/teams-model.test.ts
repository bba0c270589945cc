import { describe, expect, it } from "vitest";
import { addable, chartOf, gap, nameTaken, parseTeamName, percent, type TagRow, type TeamDoc, teamOf } from "./teams-model";

const team = (id: string, name: string, members: string[] = []): TeamDoc => ({
  id,
  name,
  created_ms: 0,
  members: members.map((m) => ({ account_id: m, name: m.toUpperCase() })),
});

describe("team names", () => {
  it("trims and accepts 1 to 40 visible characters", () => {
    expect(parseTeamName("  Owls ")).toEqual({ name: "Owls" });
    expect(parseTeamName("x".repeat(40))).toEqual({ name: "x".repeat(40) });
    expect(parseTeamName("x".repeat(41))).toHaveProperty("error");
    expect(parseTeamName("   ")).toHaveProperty("error");
    expect(parseTeamName("a\u0007b")).toHaveProperty("error");
  });

  it("counts a name taken whatever its case, except by the team itself", () => {
    const teams = [team("1", "Owls"), team("2", "Foxes")];
    expect(nameTaken(teams, "owls")).toBe(true);
    expect(nameTaken(teams, "OWLS", "1")).toBe(false);
    expect(nameTaken(teams, "Larks")).toBe(false);
  });
});

describe("rosters", () => {
  it("offers the people not in the team, by name, and says where one is now", () => {
    const teams = [team("1", "Owls", ["ann"]), team("2", "Foxes", ["bob"])];
    const people = [
      { account_id: "cat", name: "Cat" },
      { account_id: "ann", name: "Ann" },
      { account_id: "bob", name: "Bob" },
    ];
    expect(addable(people, teams[0]).map((p) => p.account_id)).toEqual(["bob", "cat"]);
    expect(teamOf(teams, "bob")?.name).toBe("Foxes");
    expect(teamOf(teams, "cat")).toBeNull();
  });
});

describe("skills", () => {
  const row = (ours: number | null, theirs: number | null): TagRow => ({
    kind: "tag",
    tag: "Safety",
    team: { answered: 10, correct: 5, accuracy: ours },
    workspace: { answered: 10, correct: 5, accuracy: theirs },
  });

  it("shows accuracies as percents and the gap in points", () => {
    expect(percent(0.725)).toBe("73%");
    expect(percent(null)).toBe("–");
    expect(gap(row(0.5, 0.62))).toBe("−12 pts");
    expect(gap(row(0.8, 0.7))).toBe("+10 pts");
    expect(gap(row(0.7, 0.7))).toBe("even");
    expect(gap(row(null, 0.7))).toBe("–");
  });
});

describe("the skills chart", () => {
  it("has a category per tag and the team's and the workspace's % correct", () => {
    const tally = (accuracy: number | null) => ({ answered: 4, correct: 2, accuracy });
    const chart = chartOf({
      team: { id: "t", name: "Owls" },
      games: 2,
      tags: [
        { kind: "tag", tag: "Safety", team: tally(0.25), workspace: tally(0.5) },
        { kind: "quiz", tag: "Geography", team: tally(null), workspace: tally(0.756) },
      ],
    });
    expect(chart.categories).toEqual(["Safety", "Geography (quiz)"]);
    expect(chart.series).toEqual([
      { label: "Owls", values: [25, null] },
      { label: "Workspace", values: [50, 76] },
    ]);
  });
});
