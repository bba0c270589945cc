// "My challenges" as a pure view model: `GET /api/me/challenges` (and the daily card's
// `GET /api/daily`) turned into the rows the page shows: open ones with their time left, done
// ones with score and rank, duels waiting, and the day streak.

import { num, ordinal } from "../format";
import type { ChallengeDoc, MyChallenges } from "../protocol";
import { timeLeftText } from "./run-model";

/** An instant as the API gives it (ISO 8601 text or ms since the epoch), in ms; null if none. */
export function instantMs(value: string | number | null | undefined): number | null {
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value !== "string" || !value) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}

/** A list entry is the challenge itself or `{challenge, …}` around it. */
function challengeOf(entry: unknown): ChallengeDoc | null {
  if (!entry || typeof entry !== "object") return null;
  const e = entry as { challenge?: unknown; id?: unknown; pin?: unknown };
  const c = (e.challenge && typeof e.challenge === "object" ? e.challenge : e) as Partial<ChallengeDoc>;
  return typeof c.id === "string" && typeof c.pin === "string" ? (c as ChallengeDoc) : null;
}

/** Where a challenge is played: its join link on this site (the PIN page). */
export function playHref(c: ChallengeDoc): string {
  return `/join/${encodeURIComponent(c.pin)}`;
}

const KIND_NAMES: Record<ChallengeDoc["kind"], string> = { challenge: "Challenge", duel: "Duel", daily: "Daily challenge" };

export interface OpenRow {
  id: string;
  title: string;
  kind: string;
  href: string;
  /** "Closes in 3 days". */
  left: string;
  closesMs: number | null;
}

export interface DoneRow {
  id: string;
  title: string;
  kind: string;
  score: string;
  rank: string;
  finishedMs: number | null;
}

export interface DuelRow {
  id: string;
  title: string;
  href: string;
  /** The head-to-head (`/duels/<id>`). */
  result: string;
  left: string;
  /** The other side's name ("" when the list does not say). */
  against: string;
  /** This person has played it: only the head-to-head is left to see. */
  played: boolean;
}

export interface MyChallengesView {
  open: OpenRow[];
  done: DoneRow[];
  duels: DuelRow[];
  streak: { current: number; best: number };
  /** "3 days in a row" / "No streak yet". */
  streakText: string;
  /** "Best: 7 days" / how to start one. */
  bestText: string;
}

/** The other side of a duel entry, as this person sees it. */
function duelOpponent(entry: unknown, me: string | null): string {
  const e = (entry ?? {}) as { challenger?: { account_id?: unknown; name?: unknown }; opponent_name?: unknown };
  const challenger = e.challenger && typeof e.challenger.name === "string" ? e.challenger.name : "";
  const opponent = typeof e.opponent_name === "string" ? e.opponent_name : "";
  return me !== null && e.challenger?.account_id === me ? opponent : challenger;
}

/**
 * The page's rows at `nowMs` for the account `me`: open ones closing first, done ones latest
 * first, duels not played yet (and still open) first.
 */
export function myChallengesView(data: MyChallenges, nowMs: number, me: string | null = null): MyChallengesView {
  const open: OpenRow[] = [];
  for (const entry of data.open ?? []) {
    const c = challengeOf(entry);
    if (!c) continue;
    const closesMs = instantMs(c.closes_at);
    // The list may be a moment old: one that closed meanwhile is no longer offered.
    if (closesMs !== null && closesMs <= nowMs) continue;
    open.push({ id: c.id, title: c.title || "Challenge", kind: KIND_NAMES[c.kind] ?? "Challenge", href: playHref(c), left: timeLeftText(closesMs, nowMs), closesMs });
  }
  open.sort((a, b) => (a.closesMs ?? Infinity) - (b.closesMs ?? Infinity));

  const done: DoneRow[] = [];
  for (const entry of data.done ?? []) {
    const c = challengeOf(entry);
    if (!c) continue;
    const rank = typeof entry.rank === "number" && entry.rank > 0 ? `${ordinal(entry.rank)} place` : "–";
    done.push({
      id: c.id,
      title: c.title || "Challenge",
      kind: KIND_NAMES[c.kind] ?? "Challenge",
      score: `${num(entry.score ?? 0)} points`,
      rank,
      finishedMs: instantMs(entry.finished_at),
    });
  }
  done.sort((a, b) => (b.finishedMs ?? 0) - (a.finishedMs ?? 0));

  const duels: DuelRow[] = [];
  for (const entry of data.duels ?? []) {
    const c = challengeOf(entry);
    if (!c) continue;
    const closesMs = instantMs(c.closes_at);
    const open = closesMs === null || closesMs > nowMs;
    duels.push({
      id: c.id,
      title: c.title || "Duel",
      href: playHref(c),
      result: `/duels/${encodeURIComponent(c.id)}`,
      left: timeLeftText(closesMs, nowMs),
      against: duelOpponent(entry, me),
      // Closed unplayed, it cannot be played any more: only its result is left.
      played: (entry as { played?: unknown }).played === true || !open,
    });
  }
  duels.sort((a, b) => Number(a.played) - Number(b.played));

  const current = Math.max(0, Math.floor(data.streak?.current ?? 0));
  const best = Math.max(current, Math.floor(data.streak?.best ?? 0));
  const streakText = current > 0 ? `${num(current)} ${current === 1 ? "day" : "days in a row"}` : "No streak yet";
  const bestText = best > 0 ? `Best: ${num(best)} ${best === 1 ? "day" : "days"}` : "Play the daily challenge day after day to start one.";
  return { open, done, duels, streak: { current, best }, streakText, bestText };
}

/** Today's daily challenge as its card shows it, or null when it is off or already done. */
export function dailyCard(daily: ChallengeDoc | null, view: MyChallengesView | null): { title: string; href: string; done: boolean } | null {
  if (!daily || typeof daily.pin !== "string") return null;
  const done = !!view?.done.some((d) => d.id === daily.id);
  return { title: daily.title || "Today's challenge", href: playHref(daily), done };
}
