// The host's challenge pages as pure functions (no DOM, no fetch): the shapes the server sends
// (`/api/challenges`, `/api/duels`, docs/protocol.md Part 2), what the create form sends, how a
// status, a team rule and participation read, and the standings as chart figures. The server
// checks every field again; these rules only say so earlier, beside the field.

import { num, plural } from "../format";
import { QUESTION_BOUNDS } from "../rules";
import { TEXT_LIMITS } from "../limits";

export type Audience = "guests" | "members" | "teams";
export type TeamRule = "average" | "sum" | { top_n: number };
export type ChallengeStatus = "scheduled" | "open" | "closed";
export type ChallengeKind = "challenge" | "duel" | "daily";

/** A time as the server sends it: an ISO 8601 string, or epoch milliseconds. */
export type When = string | number | null | undefined;

export interface ChallengeDoc {
  id: string;
  kind: ChallengeKind;
  title: string;
  pin: string;
  join_url: string;
  game_id: string;
  opens_at: When;
  closes_at: When;
  /** When its host closed it early (null or absent otherwise). */
  closed_at?: When;
  audience: Audience;
  team_ids: string[];
  team_rule: TeamRule | null;
  attempts: number;
  status: ChallengeStatus;
  players: number;
  finished: number;
}

export interface PlayerStanding {
  rank: number;
  nickname: string;
  team: string | null;
  score: number;
  correct: number;
  finished_at: When;
}

export interface TeamStanding {
  team_id: string;
  name: string;
  score: number;
  rank: number;
  played: number;
  members: number;
}

export interface Standings {
  challenge: ChallengeDoc;
  players: PlayerStanding[];
  teams: TeamStanding[];
}

/** Milliseconds since the epoch of a server time, or null when there is none (or it is bad). */
export function toMs(when: When): number | null {
  if (when === null || when === undefined || when === "") return null;
  const ms = typeof when === "number" ? when : Date.parse(when);
  return Number.isFinite(ms) ? ms : null;
}

/** A local `datetime-local` value ("2026-12-07T21:30") for `ms`, as the inputs show it. */
export function localInput(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** A `datetime-local` value read in the browser's time zone → ms, or null when it is no time. */
export function fromLocalInput(value: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value.trim());
  if (!m) return null;
  const [y, mo, d, h, mi] = m.slice(1).map(Number);
  const date = new Date(y, mo - 1, d, h, mi);
  // 2026-02-31 rolls over to March in Date: refuse it rather than pick another day.
  if (date.getMonth() !== mo - 1 || date.getDate() !== d || date.getHours() !== h) return null;
  return date.getTime();
}

// -- the create form ---------------------------------------------------------------------------

export const MAX_DAYS_OPEN = 90;
export const ATTEMPTS_MAX = 5;
export const TOP_N_MAX = 100;
export const TEAMS_MAX = 20;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface ChallengeForm {
  title: string;
  /** `datetime-local` values; an empty `opens` opens the challenge now. */
  opens: string;
  closes: string;
  audience: Audience;
  teamIds: string[];
  rule: "average" | "sum" | "top_n";
  topN: string;
  attempts: string;
}

export type FormField = "title" | "opens" | "closes" | "teams" | "topN" | "attempts";
export type FormErrors = Partial<Record<FormField, string>>;

export interface ChallengeBody {
  quiz_id: string;
  title?: string;
  opens_at?: string;
  closes_at: string;
  audience: Audience;
  team_ids?: string[];
  team_rule?: TeamRule;
  attempts: number;
}

/** The form a host starts from: open now, for a week, for guests, one attempt each. */
export function defaultForm(now: number): ChallengeForm {
  // A round hour a week from now reads better than "21:07".
  const closes = new Date(now + 7 * DAY_MS);
  closes.setMinutes(0, 0, 0);
  return { title: "", opens: "", closes: localInput(closes.getTime()), audience: "guests", teamIds: [], rule: "average", topN: "3", attempts: "1" };
}

function wholeNumber(text: string, min: number, max: number): number | null {
  const t = text.trim();
  if (!/^\d{1,4}$/.test(t)) return null;
  const n = Number(t);
  return n >= min && n <= max ? n : null;
}

/** Visible text only: no control characters (the server refuses them too). */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** The form → the request body, or the message of each field that is not right. */
export function parseChallengeForm(quizId: string, form: ChallengeForm, now: number): { body: ChallengeBody } | { errors: FormErrors } {
  const errors: FormErrors = {};
  const title = form.title.normalize("NFC").trim();
  if ([...title].length > TEXT_LIMITS.title) errors.title = `Use at most ${TEXT_LIMITS.title} characters.`;
  else if (CONTROL.test(title)) errors.title = "Use visible characters only.";

  const opens = form.opens.trim() ? fromLocalInput(form.opens) : now;
  if (opens === null) errors.opens = "Give a date and time, or leave it empty to open now.";
  const closes = fromLocalInput(form.closes);
  if (closes === null) errors.closes = "Give the date and time the challenge closes.";
  else if (closes <= now) errors.closes = "Pick a time in the future.";
  else if (closes - now > MAX_DAYS_OPEN * DAY_MS) errors.closes = `Pick a time at most ${MAX_DAYS_OPEN} days from now.`;
  else if (opens !== null && opens >= closes) errors.closes = "It must close after it opens.";

  if (form.audience === "teams" && form.teamIds.length === 0) errors.teams = "Pick at least one team.";
  else if (form.audience === "teams" && form.teamIds.length > TEAMS_MAX) errors.teams = `Pick at most ${TEAMS_MAX} teams.`;
  let rule: TeamRule = form.rule === "top_n" ? { top_n: 0 } : form.rule;
  if (form.rule === "top_n") {
    const n = wholeNumber(form.topN, 1, TOP_N_MAX);
    if (n === null) errors.topN = `Give a whole number from 1 to ${TOP_N_MAX}.`;
    else rule = { top_n: n };
  }
  const attempts = wholeNumber(form.attempts, 1, ATTEMPTS_MAX);
  if (attempts === null) errors.attempts = `Give a whole number from 1 to ${ATTEMPTS_MAX}.`;

  if (Object.keys(errors).length > 0) return { errors };
  const body: ChallengeBody = {
    quiz_id: quizId,
    closes_at: new Date(closes!).toISOString(),
    audience: form.audience,
    attempts: attempts!,
  };
  if (title) body.title = title;
  if (form.opens.trim()) body.opens_at = new Date(opens!).toISOString();
  if (form.audience === "teams") {
    body.team_ids = [...form.teamIds];
    body.team_rule = rule;
  }
  return { body };
}

/** The first field with an error, in the form's order (the page moves the focus to it). */
export function firstError(errors: FormErrors): FormField | null {
  const order: FormField[] = ["title", "opens", "closes", "teams", "topN", "attempts"];
  return order.find((f) => errors[f]) ?? null;
}

// -- how things read ---------------------------------------------------------------------------

export const STATUS_NAMES: Record<ChallengeStatus, string> = { scheduled: "Scheduled", open: "Open", closed: "Closed" };

export const AUDIENCE_NAMES: Record<Audience, string> = {
  guests: "Anyone with the link or PIN",
  members: "Members of the workspace",
  teams: "Chosen teams",
};

/** "Average of members' best runs", "Sum of …", "Sum of the 3 best members' best runs". */
export function ruleLabel(rule: TeamRule | null | undefined): string {
  if (!rule || rule === "average") return "Average of members' best runs";
  if (rule === "sum") return "Sum of members' best runs";
  return `Sum of the ${num(rule.top_n)} best members' best runs`;
}

/** "12 of 15 have played", "1 of 1 has played". */
export function participation(t: { played: number; members: number }): string {
  return `${num(t.played)} of ${num(t.members)} ${t.played === 1 ? "has" : "have"} played`;
}

/** "3 players · 2 finished". */
export function playersLine(c: { players: number; finished: number }): string {
  return `${plural(c.players, "player")} · ${num(c.finished)} finished`;
}

/** The list's three groups, each soonest first: open (closing soonest), scheduled (opening
 * soonest), closed (most recently closed first). */
export function groupByStatus(list: readonly ChallengeDoc[]): Record<ChallengeStatus, ChallengeDoc[]> {
  const at = (w: When, fallback: number) => toMs(w) ?? fallback;
  const groups: Record<ChallengeStatus, ChallengeDoc[]> = { open: [], scheduled: [], closed: [] };
  for (const c of list) (groups[c.status] ?? groups.closed).push(c);
  groups.open.sort((a, b) => at(a.closes_at, Infinity) - at(b.closes_at, Infinity));
  groups.scheduled.sort((a, b) => at(a.opens_at, Infinity) - at(b.opens_at, Infinity));
  groups.closed.sort((a, b) => at(b.closes_at, 0) - at(a.closes_at, 0));
  return groups;
}

/** The team standings as the chart draws them: a bar per team in rank order. */
export function teamChart(teams: readonly TeamStanding[]): { categories: string[]; values: number[] } {
  const ranked = [...teams].sort((a, b) => a.rank - b.rank || a.name.localeCompare(b.name));
  return { categories: ranked.map((t) => t.name), values: ranked.map((t) => t.score) };
}

/** What the standings screen says when the standings change: who leads, how many played. */
export function standingsAnnouncement(s: Standings): string {
  const lead = [...s.teams].sort((a, b) => a.rank - b.rank)[0];
  const top = [...s.players].sort((a, b) => a.rank - b.rank)[0];
  if (s.challenge.finished === 0) return "Nobody has finished yet.";
  const played = `${plural(s.challenge.finished, "run")} finished.`;
  if (lead) return `Standings updated. ${lead.name} leads with ${num(lead.score)} points. ${played}`;
  if (top) return `Standings updated. ${top.nickname} leads with ${num(top.score)} points. ${played}`;
  return "Nobody has finished yet.";
}

/** The default time limit of a question, in seconds (the daily settings' default). */
export const DEFAULT_TIME_S = QUESTION_BOUNDS.defaultTimeLimitMs / 1000;
