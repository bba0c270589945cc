import { describe, expect, it } from "vitest";
import type { ChallengeDoc, MyChallenges } from "../protocol";
import { dailyCard, instantMs, myChallengesView } from "./my-challenges";

const NOW = Date.parse("2026-12-07T12:00:00Z");

function challenge(id: string, extra: Partial<ChallengeDoc> = {}): ChallengeDoc {
  return { id, kind: "challenge", title: `Quiz ${id}`, pin: `12345${id.length}`, status: "open", ...extra };
}

describe("My challenges", () => {
  it("lists the open ones closing first with their time left, skipping any closed meanwhile", () => {
    const data: MyChallenges = {
      open: [
        challenge("a", { closes_at: "2026-12-10T12:00:00Z" }),
        { challenge: challenge("b", { closes_at: NOW + 2 * 3_600_000 }) },
        challenge("c", { closes_at: NOW - 1 }),
        { nothing: true } as unknown as ChallengeDoc,
      ],
      done: [],
      duels: [],
      streak: { current: 0, best: 0 },
    };
    const view = myChallengesView(data, NOW);
    expect(view.open.map((r) => [r.id, r.left])).toEqual([
      ["b", "Closes in 2 hours"],
      ["a", "Closes in 3 days"],
    ]);
    expect(view.open[0].href).toBe("/join/123451");
    expect(view.streakText).toBe("No streak yet");
    expect(view.bestText).toMatch(/start one/);
  });

  it("shows the done ones latest first with score and rank, the duels and the streak", () => {
    const data: MyChallenges = {
      open: [],
      done: [
        { challenge: challenge("x", { kind: "daily" }), score: 1200, rank: 2, finished_at: "2026-12-06T10:00:00Z" },
        { challenge: challenge("y"), score: 300, rank: null, finished_at: NOW },
      ],
      duels: [
        { challenge: challenge("e", { kind: "duel", title: "Old one" }), played: true, challenger: { account_id: "me", name: "Me" }, opponent_name: "Cy" },
        {
          challenge: challenge("d", { kind: "duel", title: "Ann vs Bo", closes_at: NOW + 86_400_000 * 5 }),
          played: false,
          challenger: { account_id: "ann", name: "Ann" },
          opponent_name: "Me",
        },
      ],
      streak: { current: 3, best: 7 },
    };
    const view = myChallengesView(data, NOW, "me");
    expect(view.done.map((r) => [r.id, r.kind, r.score, r.rank])).toEqual([
      ["y", "Challenge", "300 points", "–"],
      ["x", "Daily challenge", "1,200 points", "2nd place"],
    ]);
    expect(view.duels).toEqual([
      { id: "d", title: "Ann vs Bo", href: "/join/123451", result: "/duels/d", left: "Closes in 5 days", against: "Ann", played: false },
      { id: "e", title: "Old one", href: "/join/123451", result: "/duels/e", left: "", against: "Cy", played: true },
    ]);
    expect(view.streakText).toBe("3 days in a row");
    expect(view.bestText).toBe("Best: 7 days");
    expect(view.streak).toEqual({ current: 3, best: 7 });
    expect(dailyCard(challenge("x", { kind: "daily" }), view)).toEqual({ title: "Quiz x", href: "/join/123451", done: true });
    expect(dailyCard(challenge("z", { kind: "daily" }), view)?.done).toBe(false);
    expect(dailyCard(null, view)).toBeNull();
  });

  it("reads instants as ISO text or ms", () => {
    expect(instantMs("2026-12-07T12:00:00Z")).toBe(NOW);
    expect(instantMs(NOW)).toBe(NOW);
    expect(instantMs("not a date")).toBeNull();
    expect(instantMs(Number.NaN)).toBeNull();
    expect(instantMs(null)).toBeNull();
  });
});
