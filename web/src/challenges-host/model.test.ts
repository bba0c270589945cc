import { describe, expect, it } from "vitest";
import {
  type ChallengeDoc,
  defaultForm,
  firstError,
  fromLocalInput,
  groupByStatus,
  localInput,
  parseChallengeForm,
  participation,
  ruleLabel,
  standingsAnnouncement,
  teamChart,
  toMs,
} from "./model";

const NOW = new Date(2026, 11, 7, 21, 10).getTime();
const HOUR = 3600_000;

function challenge(over: Partial<ChallengeDoc>): ChallengeDoc {
  return {
    id: "c1",
    kind: "challenge",
    title: "Safety",
    pin: "123456",
    join_url: "http://x/join/123456",
    game_id: "g1",
    opens_at: null,
    closes_at: null,
    audience: "guests",
    team_ids: [],
    team_rule: null,
    attempts: 1,
    status: "open",
    players: 0,
    finished: 0,
    ...over,
  };
}

describe("times", () => {
  it("reads ISO strings and milliseconds, and nothing else", () => {
    expect(toMs("2026-12-07T21:00:00Z")).toBe(Date.UTC(2026, 11, 7, 21));
    expect(toMs(5)).toBe(5);
    expect(toMs(null)).toBeNull();
    expect(toMs("")).toBeNull();
    expect(toMs("soon")).toBeNull();
    expect(toMs(Number.NaN)).toBeNull();
  });
  it("round-trips a datetime-local value and refuses impossible dates", () => {
    expect(fromLocalInput(localInput(NOW))).toBe(NOW);
    expect(fromLocalInput("2026-02-31T10:00")).toBeNull();
    expect(fromLocalInput("2026-12-07")).toBeNull();
    expect(fromLocalInput("")).toBeNull();
  });
});

describe("the create form", () => {
  it("defaults to open now for a week, guests, one attempt", () => {
    const form = defaultForm(NOW);
    const parsed = parseChallengeForm("q1", form, NOW);
    expect("body" in parsed).toBe(true);
    if (!("body" in parsed)) return;
    expect(parsed.body).toMatchObject({ quiz_id: "q1", audience: "guests", attempts: 1 });
    expect(parsed.body.opens_at).toBeUndefined();
    expect(parsed.body.team_rule).toBeUndefined();
    const closes = Date.parse(parsed.body.closes_at);
    expect(closes - NOW).toBeGreaterThan(6 * 24 * HOUR);
    expect(closes - NOW).toBeLessThanOrEqual(7 * 24 * HOUR);
  });

  it("sends teams and the top-n rule for a team challenge", () => {
    const form = { ...defaultForm(NOW), title: "  Team cup ", audience: "teams" as const, teamIds: ["t1", "t2"], rule: "top_n" as const, topN: "3", attempts: "2" };
    const parsed = parseChallengeForm("q1", form, NOW);
    expect(parsed).toMatchObject({ body: { title: "Team cup", team_ids: ["t1", "t2"], team_rule: { top_n: 3 }, attempts: 2 } });
  });

  it("sends average and sum as they are", () => {
    for (const rule of ["average", "sum"] as const) {
      const parsed = parseChallengeForm("q1", { ...defaultForm(NOW), audience: "teams", teamIds: ["t1"], rule }, NOW);
      expect(parsed).toMatchObject({ body: { team_rule: rule } });
    }
  });

  it("says what is wrong beside each field", () => {
    const bad = {
      title: "x".repeat(201),
      opens: localInput(NOW + 48 * HOUR),
      closes: localInput(NOW + 24 * HOUR),
      audience: "teams" as const,
      teamIds: [],
      rule: "top_n" as const,
      topN: "0",
      attempts: "6",
    };
    const parsed = parseChallengeForm("q1", bad, NOW);
    expect("errors" in parsed && parsed.errors).toEqual({
      title: "Use at most 200 characters.",
      closes: "It must close after it opens.",
      teams: "Pick at least one team.",
      topN: "Give a whole number from 1 to 100.",
      attempts: "Give a whole number from 1 to 5.",
    });
    if ("errors" in parsed) expect(firstError(parsed.errors)).toBe("title");
  });

  it("refuses a closing time in the past, past 90 days, or missing", () => {
    const at = (closes: string) => {
      const p = parseChallengeForm("q1", { ...defaultForm(NOW), closes }, NOW);
      return "errors" in p ? p.errors.closes : null;
    };
    expect(at(localInput(NOW - HOUR))).toBe("Pick a time in the future.");
    expect(at(localInput(NOW + 91 * 24 * HOUR))).toBe("Pick a time at most 90 days from now.");
    expect(at("")).toBe("Give the date and time the challenge closes.");
    expect(at(localInput(NOW + 89 * 24 * HOUR))).toBeNull();
  });

  it("takes at most 20 teams", () => {
    const teamIds = Array.from({ length: 21 }, (_, i) => `t${i}`);
    const p = parseChallengeForm("q1", { ...defaultForm(NOW), audience: "teams", teamIds }, NOW);
    expect(p).toEqual({ errors: { teams: "Pick at most 20 teams." } });
  });

  it("refuses control characters and non-numbers", () => {
    const p = parseChallengeForm("q1", { ...defaultForm(NOW), title: "a\u0000b", attempts: "1.5" }, NOW);
    expect(p).toEqual({ errors: { title: "Use visible characters only.", attempts: "Give a whole number from 1 to 5." } });
  });
});

describe("how it reads", () => {
  it("names the team rules and participation", () => {
    expect(ruleLabel("average")).toBe("Average of members' best runs");
    expect(ruleLabel("sum")).toBe("Sum of members' best runs");
    expect(ruleLabel({ top_n: 3 })).toBe("Sum of the 3 best members' best runs");
    expect(participation({ played: 12, members: 15 })).toBe("12 of 15 have played");
    expect(participation({ played: 1, members: 1 })).toBe("1 of 1 has played");
  });

  it("groups the list: open closing soonest, scheduled opening soonest, closed latest first", () => {
    const list = [
      challenge({ id: "a", status: "open", closes_at: NOW + 5 * HOUR }),
      challenge({ id: "b", status: "open", closes_at: new Date(NOW + HOUR).toISOString() }),
      challenge({ id: "c", status: "scheduled", opens_at: NOW + 9 * HOUR }),
      challenge({ id: "d", status: "scheduled", opens_at: NOW + 2 * HOUR }),
      challenge({ id: "e", status: "closed", closes_at: NOW - 9 * HOUR }),
      challenge({ id: "f", status: "closed", closes_at: NOW - HOUR }),
    ];
    const g = groupByStatus(list);
    expect(g.open.map((c) => c.id)).toEqual(["b", "a"]);
    expect(g.scheduled.map((c) => c.id)).toEqual(["d", "c"]);
    expect(g.closed.map((c) => c.id)).toEqual(["f", "e"]);
  });

  it("charts the teams in rank order and announces the leader", () => {
    const teams = [
      { team_id: "t2", name: "Larks", score: 400, rank: 2, played: 1, members: 3 },
      { team_id: "t1", name: "Owls", score: 900, rank: 1, played: 2, members: 2 },
    ];
    expect(teamChart(teams)).toEqual({ categories: ["Owls", "Larks"], values: [900, 400] });
    const s = { challenge: challenge({ finished: 3 }), players: [], teams };
    expect(standingsAnnouncement(s)).toBe("Standings updated. Owls leads with 900 points. 3 runs finished.");
    expect(standingsAnnouncement({ ...s, teams: [] })).toBe("Nobody has finished yet.");
    const players = [{ rank: 1, nickname: "Ann", team: null, score: 50, correct: 1, finished_at: null }];
    expect(standingsAnnouncement({ ...s, teams: [], players })).toBe("Standings updated. Ann leads with 50 points. 3 runs finished.");
    expect(standingsAnnouncement({ ...s, challenge: challenge({ finished: 0 }) })).toBe("Nobody has finished yet.");
  });
});
