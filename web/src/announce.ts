// What the player page says to screen readers, in words: pure functions the page's live regions
// and the countdown's label read (web/src/hooks/announcer.ts says each once, at its moment).

import type { PublicQuestion, Result } from "./protocol";
import { num, ordinal } from "./format";
import { isScored } from "./kinds/scored";

/** Seconds left at which a question says how little time is left (once). */
export const HURRY_AT_MS = 10_000;

/** "Question 2 of 10: Which planet…?" when a question starts. */
export function questionAnnouncement(q: PublicQuestion, showText: boolean): string {
  const head = `Question ${q.index + 1} of ${q.count}${q.points === 2 ? ", double points" : ""}`;
  return showText && q.prompt ? `${head}: ${q.prompt}` : `${head}. The question and its answers are on the big screen.`;
}

/**
 * The player's result at a reveal: right or not, the points, the place. `late` when this device's
 * answer reached the server only after the question closed.
 */
export function resultAnnouncement(
  q: PublicQuestion,
  result: Result | null,
  answered: boolean,
  late: boolean,
): string | null {
  // Said when the result came, so that whether the answer counted is known (polls too).
  if (!result) return null;
  const lateText = late ? "Your answer did not arrive in time. " : "";
  if (!isScored(q.kind)) {
    return `${lateText}${answered ? "Thanks, your answer is in." : "This one was a poll."} See how everyone answered on the big screen.`;
  }
  const verdict = result.correct ? "Correct!" : answered ? "Not this time." : late ? "" : "No answer.";
  const points = result.correct || result.points > 0 ? `Plus ${num(result.points)} points.` : "No points this time.";
  const place = `You're in ${ordinal(result.rank)} place with ${num(result.score)} points.`;
  return [lateText.trim(), verdict, points, place].filter(Boolean).join(" ");
}

/**
 * The countdown's accessible label: it changes at a few moments only (every 10 seconds, and when
 * time is up), not with the digits shown ten times a second.
 */
/**
 * What is said when a question closes: "Time's up." only when its time ran out; a question
 * closed early (everyone answered, or the host closed it) is just closed.
 */
export function closedAnnouncement(leftMs: number): string {
  return leftMs > CLOSED_EARLY_MS ? "The question is closed." : "Time's up.";
}

/** Time left at the close above which the question counts as closed early (clock skew). */
const CLOSED_EARLY_MS = 1500;

export function timerLabel(leftMs: number, running: boolean): string {
  if (!running || leftMs <= 0) return "Time is up";
  const tens = Math.ceil(leftMs / 10_000) * 10;
  return `Under ${tens} seconds left`;
}
