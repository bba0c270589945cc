// Event and lasting leaderboards as the host pages and the event screen show them: pages,
// shared ranks, seasons (date ranges) and the query strings of `/api/leaderboards` and
// `/api/events/<id>/leaderboard`.

import type { BoardKind, LeaderRow, PlayerEntry, TeamEntry } from "./protocol";

export const PAGE_SIZES = [10, 20, 50, 100];
export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 500;

export interface PageInfo {
  /** 1-based number of the first and last entry shown (0 and 0 when none). */
  first: number;
  last: number;
  page: number;
  pages: number;
  prevOffset: number | null;
  nextOffset: number | null;
}

export function pageInfo(offset: number, limit: number, total: number, shown: number): PageInfo {
  const size = Math.max(1, limit);
  const first = shown > 0 ? offset + 1 : 0;
  const last = shown > 0 ? offset + shown : 0;
  return {
    first,
    last,
    page: Math.floor(offset / size) + 1,
    pages: Math.max(1, Math.ceil(total / size)),
    prevOffset: offset > 0 ? Math.max(0, offset - size) : null,
    nextOffset: offset + size < total ? offset + size : null,
  };
}

/**
 * Which entries of a page share their rank with another entry: equal ranks on the page, and
 * the page's first entries when their rank is above their place (a tie with the page before).
 */
export function sharedRanks(entries: { rank: number }[], offset = 0): boolean[] {
  const count = new Map<number, number>();
  for (const e of entries) count.set(e.rank, (count.get(e.rank) ?? 0) + 1);
  return entries.map((e, i) => (count.get(e.rank) ?? 0) > 1 || e.rank < offset + i + 1);
}

export interface BoardQuery {
  kind: BoardKind;
  offset?: number;
  limit?: number;
  /** ISO dates (`YYYY-MM-DD`), `to` exclusive, as the API takes them. */
  from?: string | null;
  to?: string | null;
}

export function boardQuery(q: BoardQuery): string {
  const p = new URLSearchParams({ kind: q.kind });
  if (q.offset) p.set("offset", String(q.offset));
  if (q.limit) p.set("limit", String(q.limit));
  if (q.from) p.set("from", q.from);
  if (q.to) p.set("to", q.to);
  return `?${p.toString()}`;
}

/** A whole number from a query-string value, or `fallback` when it is missing or out of range. */
export function intParam(raw: string | null, fallback: number, low: number, high: number): number {
  if (raw === null || !/^\d{1,9}$/.test(raw.trim())) return fallback;
  const n = Number(raw);
  return n >= low && n <= high ? n : fallback;
}

export function kindParam(raw: string | null): BoardKind {
  return raw === "teams" ? "teams" : "players";
}

// -- dates and seasons (the API reads a date as midnight UTC, so the pages use UTC dates) ------

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isIsoDate(value: string | null | undefined): value is string {
  const m = value ? DATE_RE.exec(value) : null;
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

/** Epoch ms → `YYYY-MM-DD` (UTC). */
export function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  const m = DATE_RE.exec(date)!;
  return isoDate(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + days));
}

export type SeasonPreset = "all" | "year" | "quarter" | "month" | "30d" | "custom";

export interface Season {
  /** First day shown, inclusive. */
  from: string | null;
  /** Last day shown, inclusive (the API's `to` is the day after). */
  until: string | null;
}

/** The season a preset names, for the day `today` (`YYYY-MM-DD`). */
export function presetSeason(preset: SeasonPreset, today: string): Season {
  const [y, m] = today.split("-").map(Number);
  const pad = (n: number) => String(n).padStart(2, "0");
  switch (preset) {
    case "year":
      return { from: `${y}-01-01`, until: `${y}-12-31` };
    case "quarter": {
      const q0 = Math.floor((m - 1) / 3) * 3 + 1;
      const start = `${y}-${pad(q0)}-01`;
      const next = q0 + 3 > 12 ? `${y + 1}-01-01` : `${y}-${pad(q0 + 3)}-01`;
      return { from: start, until: addDays(next, -1) };
    }
    case "month": {
      const start = `${y}-${pad(m)}-01`;
      const next = m === 12 ? `${y + 1}-01-01` : `${y}-${pad(m + 1)}-01`;
      return { from: start, until: addDays(next, -1) };
    }
    case "30d":
      return { from: addDays(today, -29), until: today };
    default:
      return { from: null, until: null };
  }
}

export type SeasonCheck = { ok: true; from: string | null; to: string | null } | { ok: false; field: "from" | "until"; message: string };

/** A season as the API's `from`/`to` (exclusive): the day after `until`. */
export function seasonQuery(season: Season): SeasonCheck {
  const from = season.from || null;
  const until = season.until || null;
  if (from !== null && !isIsoDate(from)) return { ok: false, field: "from", message: "Pick a start date." };
  if (until !== null && !isIsoDate(until)) return { ok: false, field: "until", message: "Pick an end date." };
  if (from !== null && until !== null && until < from) {
    return { ok: false, field: "until", message: "The end date must not be before the start date." };
  }
  return { ok: true, from, to: until === null ? null : addDays(until, 1) };
}

/** Words for a season: "All time", "1 Jan 2026 – 31 Mar 2026", "Since 1 Jan 2026". */
export function seasonLabel(season: Season): string {
  const fmt = (d: string) =>
    new Date(`${d}T00:00:00Z`).toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
  if (!season.from && !season.until) return "All time";
  if (season.from && season.until) return season.from === season.until ? fmt(season.from) : `${fmt(season.from)} – ${fmt(season.until)}`;
  if (season.from) return `Since ${fmt(season.from)}`;
  return `Until ${fmt(season.until!)}`;
}

// -- the big screen's rows ---------------------------------------------------------------------

/** Event entries as the animated `Leaderboard` takes them (keyed by identity). */
export function toLeaderRows(entries: PlayerEntry[]): (LeaderRow & { detail: string })[] {
  return entries.map((e) => ({
    rank: e.rank,
    player_id: e.identity_id,
    nickname: e.nickname,
    team: null,
    score: e.score,
    detail: e.games === 1 ? "1 round" : `${e.games} rounds`,
  }));
}

export function isTeamEntry(e: PlayerEntry | TeamEntry): e is TeamEntry {
  return typeof (e as TeamEntry).team === "string";
}
