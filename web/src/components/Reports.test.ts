import { describe, expect, it } from "vitest";
import { fileStem, reportDownloads, roundLabel } from "./Reports";

describe("roundLabel", () => {
  it("names a round by its number, as the reports do", () => {
    expect(roundLabel(1)).toBe("Round 1");
    expect(roundLabel(12)).toBe("Round 12");
    expect(roundLabel(null)).toBe("–");
    expect(roundLabel(undefined)).toBe("–");
  });
});

describe("fileStem", () => {
  it("keeps letters and digits, lower case, and joins the rest with dashes", () => {
    expect(fileStem("Spring Cup 2025!", "event")).toBe("spring-cup-2025-");
    expect(fileStem("Quiz: Planets & Moons", "game")).toBe("quiz-planets-moons");
  });

  it("falls back when the title leaves nothing", () => {
    expect(fileStem("", "game")).toBe("game");
  });
});

describe("reportDownloads", () => {
  it("gives a CSV per table in the order given, then the workbook", () => {
    expect(
      reportDownloads("/games/g1/report", "planets", [
        { table: "players", label: "Players", testId: "dl-players-csv" },
        { table: "teams", label: "Teams" },
      ]),
    ).toEqual([
      { label: "Players", path: "/games/g1/report.csv?table=players", fallbackName: "planets-players.csv", kind: "csv", testId: "dl-players-csv" },
      { label: "Teams", path: "/games/g1/report.csv?table=teams", fallbackName: "planets-teams.csv", kind: "csv", testId: undefined },
      { label: "Workbook", path: "/games/g1/report.xlsx", fallbackName: "planets.xlsx", kind: "xlsx", testId: "dl-xlsx" },
    ]);
  });

  it("leaves out the tables given as false", () => {
    const items = reportDownloads("/events/e1/report", "cup", [false, { table: "rounds", label: "Rounds" }, false]);
    expect(items.map((i) => i.label)).toEqual(["Rounds", "Workbook"]);
  });
});
