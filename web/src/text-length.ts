// Live character counters of the quiz editor: how long a text is as the server counts it, the
// "87 / 90" shown under a field, and what a screen reader hears: nothing while the text is
// short, one polite sentence when it comes near the limit or passes it (not on every key).

import { TEXT_LIMITS } from "./limits";

export { TEXT_LIMITS };

/** Characters as the server counts them (Unicode code points, spaces at the ends trimmed). */
export function textLength(text: string): number {
  return [...text.trim()].length;
}

export type LengthBand = "ok" | "near" | "over";

/** "near" from 90 % of the limit (at least the last 5 characters), "over" past it. */
export function lengthBand(length: number, limit: number): LengthBand {
  if (length > limit) return "over";
  return limit - length <= Math.max(5, Math.floor(limit / 10)) ? "near" : "ok";
}

/** The visible counter: "87 / 90". */
export function counterText(length: number, limit: number): string {
  return `${length} / ${limit}`;
}

/** The sentence announced when the band changes to `band` ("" for "ok": nothing to say). */
export function lengthAnnouncement(band: LengthBand, length: number, limit: number): string {
  if (band === "over") return `Too long: ${length} of ${limit} characters. Shorten it by ${length - limit}.`;
  if (band === "near") return `${length} of ${limit} characters: ${limit - length} left.`;
  return "";
}

/** The editor's message for a text past its limit; `what` names it ("The question", "Answer B"). */
export function tooLongMessage(what: string, length: number, limit: number): string {
  return `${what} is ${length} characters long; shorten it to ${limit} or fewer.`;
}
