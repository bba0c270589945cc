import { describe, expect, it } from "vitest";
import { closedAnnouncement, questionAnnouncement, resultAnnouncement, timerLabel } from "./announce";
import type { PublicQuestion } from "./protocol";

const q: PublicQuestion = {
  index: 1,
  count: 3,
  kind: "choice",
  prompt: "Which planet is closest to the Sun?",
  choices: ["Venus", "Mercury"],
  multi: false,
  time_limit_ms: 20000,
  opened_ms: 0,
  deadline_ms: 20000,
  points: 1,
};
const result = { question: 1, correct: true, points: 850, score: 1700, rank: 1, streak: 2 };

describe("announcements", () => {
  it("says time's up only when the time ran out", () => {
    expect(closedAnnouncement(0)).toBe("Time's up.");
    expect(closedAnnouncement(900)).toBe("Time's up.");
    expect(closedAnnouncement(12_000)).toBe("The question is closed.");
  });

  it("says the question's number and prompt", () => {
    expect(questionAnnouncement(q, true)).toBe("Question 2 of 3: Which planet is closest to the Sun?");
    expect(questionAnnouncement({ ...q, points: 2 }, false)).toBe(
      "Question 2 of 3, double points. The question and its answers are on the big screen.",
    );
  });

  it("says right or not, the points and the place", () => {
    expect(resultAnnouncement(q, result, true, false)).toBe("Correct! Plus 850 points. You're in 1st place with 1,700 points.");
    expect(resultAnnouncement(q, { ...result, correct: false, points: 0, rank: 3 }, true, false)).toBe(
      "Not this time. No points this time. You're in 3rd place with 1,700 points.",
    );
    expect(resultAnnouncement(q, { ...result, correct: false, points: 0 }, false, false)).toMatch(/^No answer\. No points/);
    expect(resultAnnouncement(q, { ...result, correct: false, points: 0 }, false, true)).toMatch(
      /^Your answer did not arrive in time\. No points this time\./,
    );
    expect(resultAnnouncement(q, null, true, false)).toBeNull();
    expect(resultAnnouncement({ ...q, kind: "poll" }, null, true, false)).toBeNull();
    expect(resultAnnouncement({ ...q, kind: "poll" }, result, true, false)).toMatch(/^Thanks, your answer is in\./);
  });

  it("relabels the timer every ten seconds at most", () => {
    const labels = new Set<string>();
    for (let left = 20000; left >= -100; left -= 100) labels.add(timerLabel(left, true));
    expect([...labels]).toEqual(["Under 20 seconds left", "Under 10 seconds left", "Time is up"]);
    expect(timerLabel(5000, false)).toBe("Time is up");
  });
});
