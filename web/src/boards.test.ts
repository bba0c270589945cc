import { describe, expect, it } from "vitest";
import {
  addDays,
  boardQuery,
  intParam,
  isIsoDate,
  kindParam,
  pageInfo,
  presetSeason,
  seasonLabel,
  seasonQuery,
  sharedRanks,
  toLeaderRows,
} from "./boards";

describe("pages", () => {
  it("counts entries and neighbours", () => {
    expect(pageInfo(0, 20, 31, 20)).toEqual({ first: 1, last: 20, page: 1, pages: 2, prevOffset: null, nextOffset: 20 });
    expect(pageInfo(20, 20, 31, 11)).toEqual({ first: 21, last: 31, page: 2, pages: 2, prevOffset: 0, nextOffset: null });
    expect(pageInfo(0, 20, 0, 0)).toEqual({ first: 0, last: 0, page: 1, pages: 1, prevOffset: null, nextOffset: null });
    expect(pageInfo(5, 2, 9, 2).prevOffset).toBe(3);
  });
});

describe("shared ranks", () => {
  it("marks equal ranks on a page", () => {
    expect(sharedRanks([{ rank: 1 }, { rank: 2 }, { rank: 2 }, { rank: 4 }])).toEqual([false, true, true, false]);
  });
  it("marks a tie with the page before", () => {
    // Page 2 (offset 2) starts with rank 2: it shares second place with the last of page 1.
    expect(sharedRanks([{ rank: 2 }, { rank: 4 }], 2)).toEqual([true, false]);
    expect(sharedRanks([{ rank: 3 }, { rank: 4 }], 2)).toEqual([false, false]);
  });
});

describe("queries", () => {
  it("leaves defaults out", () => {
    expect(boardQuery({ kind: "players" })).toBe("?kind=players");
    expect(boardQuery({ kind: "teams", offset: 20, limit: 20, from: "2026-01-01", to: "2026-04-01" })).toBe(
      "?kind=teams&offset=20&limit=20&from=2026-01-01&to=2026-04-01",
    );
  });
  it("reads URL parameters safely", () => {
    expect(intParam("40", 0, 0, 1e9)).toBe(40);
    expect(intParam("-1", 0, 0, 1e9)).toBe(0);
    expect(intParam("abc", 20, 1, 500)).toBe(20);
    expect(intParam("900", 20, 1, 500)).toBe(20);
    expect(intParam(null, 20, 1, 500)).toBe(20);
    expect(kindParam("teams")).toBe("teams");
    expect(kindParam("<x>")).toBe("players");
  });
});

describe("seasons", () => {
  it("validates dates", () => {
    expect(isIsoDate("2026-02-28")).toBe(true);
    expect(isIsoDate("2026-02-30")).toBe(false);
    expect(isIsoDate("26-02-01")).toBe(false);
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2024-03-01", -1)).toBe("2024-02-29");
  });
  it("makes presets for a day", () => {
    expect(presetSeason("year", "2026-05-17")).toEqual({ from: "2026-01-01", until: "2026-12-31" });
    expect(presetSeason("quarter", "2026-05-17")).toEqual({ from: "2026-04-01", until: "2026-06-30" });
    expect(presetSeason("quarter", "2026-11-02")).toEqual({ from: "2026-10-01", until: "2026-12-31" });
    expect(presetSeason("month", "2026-02-10")).toEqual({ from: "2026-02-01", until: "2026-02-28" });
    expect(presetSeason("month", "2026-12-10")).toEqual({ from: "2026-12-01", until: "2026-12-31" });
    expect(presetSeason("30d", "2026-03-10")).toEqual({ from: "2026-02-09", until: "2026-03-10" });
    expect(presetSeason("all", "2026-03-10")).toEqual({ from: null, until: null });
  });
  it("turns the last day shown into the API's exclusive end", () => {
    expect(seasonQuery({ from: "2026-01-01", until: "2026-03-31" })).toEqual({ ok: true, from: "2026-01-01", to: "2026-04-01" });
    expect(seasonQuery({ from: null, until: null })).toEqual({ ok: true, from: null, to: null });
    expect(seasonQuery({ from: "2026-01-01", until: "2026-01-01" })).toEqual({ ok: true, from: "2026-01-01", to: "2026-01-02" });
    expect(seasonQuery({ from: "2026-02-01", until: "2026-01-01" }).ok).toBe(false);
    expect(seasonQuery({ from: "2026-13-01", until: null })).toMatchObject({ ok: false, field: "from" });
  });
  it("names a season", () => {
    expect(seasonLabel({ from: null, until: null })).toBe("All time");
    expect(seasonLabel({ from: "2026-01-01", until: "2026-03-31" })).toBe("1 Jan 2026 – 31 Mar 2026");
    expect(seasonLabel({ from: "2026-01-01", until: null })).toBe("Since 1 Jan 2026");
  });
});

describe("screen rows", () => {
  it("keys rows by identity and counts rounds", () => {
    const rows = toLeaderRows([
      { rank: 1, identity_id: "i_1", nickname: "Ann", score: 900, games: 2, correct: 2, wins: 1, correct_time_ms: 100 },
      { rank: 2, identity_id: "i_2", nickname: "Bob", score: 800, games: 1, correct: 1, wins: 0, correct_time_ms: 100 },
    ]);
    expect(rows.map((r) => [r.player_id, r.detail])).toEqual([
      ["i_1", "2 rounds"],
      ["i_2", "1 round"],
    ]);
  });
});
