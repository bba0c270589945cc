// Duels and the daily challenge's settings as pure functions: the head-to-head the server sends
// (`GET /api/duels/{id}`), what the duel form and the daily settings form send, and the routes
// of the challenge pages (one lazy chunk, so the entry chunk carries one route, not six).

import { num } from "../format";
import { QUESTION_BOUNDS } from "../rules";
import { TEXT_LIMITS } from "../limits";
import type { ChallengeDoc } from "./model";

export interface QuestionResult {
  correct: boolean;
  points: number;
  elapsed_ms: number | null;
}

export interface DuelSide {
  account_id: string;
  name: string;
  score?: number | null;
  correct?: number | null;
  /** Whether this side has finished its run (the server may send it before the results). */
  played?: boolean;
  per_question?: QuestionResult[] | null;
}

/** Who is in the duel and whether they have finished their run (always sent). */
export interface DuelPlayer {
  account_id: string;
  name: string;
  side?: "challenger" | "opponent";
  finished: boolean;
}

export interface HeadToHead {
  challenge: ChallengeDoc;
  /** Every side's people, played or not; `sides` is empty until the duel is complete. */
  played?: DuelPlayer[];
  complete?: boolean;
  sides: DuelSide[];
  /** The winner's account id; null for a draw or while a side has still to play. */
  winner: string | null;
}

/** Whether a side has its results (score and per question). */
export function sideDone(s: DuelSide): boolean {
  return typeof s.score === "number" && Array.isArray(s.per_question);
}

/** Whether the head-to-head is complete: both sides have played (the server says so). */
export function duelDone(h: HeadToHead): boolean {
  if (typeof h.complete === "boolean") return h.complete && h.sides.length >= 2;
  return h.sides.length >= 2 && h.sides.every(sideDone);
}

/** Who is in the duel and whether each has played: the server's list, else from the sides. */
export function duelPlayers(h: HeadToHead): DuelPlayer[] {
  if (h.played && h.played.length > 0) return h.played;
  return h.sides.map((s) => ({ account_id: s.account_id, name: s.name, finished: sideDone(s) || !!s.played }));
}

/** Whether `meId` is in the duel and has still to play. */
export function myTurn(h: HeadToHead, meId: string): boolean {
  return duelPlayers(h).some((p) => p.account_id === meId && !p.finished);
}

/** The head-to-head in one sentence, from `meId`'s side ("You won, 1,200 to 900."). */
export function duelHeadline(h: HeadToHead, meId: string | null): string {
  if (!duelDone(h)) {
    const people = duelPlayers(h);
    const waiting = people.filter((p) => !p.finished);
    if (people.length > 0 && waiting.length === people.length) return "Nobody has played yet.";
    if (waiting.length === 0) return "Both have played: the results are on their way.";
    // A team duel: the challenger against whoever of the team plays first.
    const challenger = people.find((p) => p.side === "challenger") ?? people[0];
    const names = challenger && !challenger.finished ? [challenger] : waiting;
    const text = names.map((p) => (p.account_id === meId ? "you" : p.name));
    return `Waiting for ${text.join(" or ")} to play.`;
  }
  const scores = [...h.sides].sort((a, b) => (b.score ?? 0) - (a.score ?? 0));
  const [first, second] = scores;
  if (!h.winner || first.score === second.score) return `A draw: ${num(first.score ?? 0)} points each.`;
  const winner = h.sides.find((s) => s.account_id === h.winner) ?? first;
  const loser = scores.find((s) => s !== winner) ?? second;
  const verb = winner.account_id === meId ? "You won" : `${winner.name} won`;
  return `${verb}, ${num(winner.score ?? 0)} to ${num(loser.score ?? 0)}${loser.account_id === meId ? " against you" : ""}.`;
}

export interface QuestionRow {
  index: number;
  cells: (QuestionResult | null)[];
  /** The side that took the question: right and fastest (null when none or a tie). */
  best: number | null;
}

/** A row per question with each side's result, and who took it (right, then faster). */
export function questionRows(h: HeadToHead): QuestionRow[] {
  const count = Math.max(0, ...h.sides.map((s) => s.per_question?.length ?? 0));
  const rows: QuestionRow[] = [];
  for (let i = 0; i < count; i++) {
    const cells = h.sides.map((s) => s.per_question?.[i] ?? null);
    let best: number | null = null;
    let bestPoints = 0;
    cells.forEach((c, j) => {
      if (!c || !c.correct) return;
      if (c.points > bestPoints) {
        best = j;
        bestPoints = c.points;
      } else if (c.points === bestPoints) best = null;
    });
    rows.push({ index: i, cells, best });
  }
  return rows;
}

/** A result as a cell reads: "Right · 950" (points), or "–" for none. */
export function resultText(r: QuestionResult | null): string {
  if (!r) return "–";
  return `${r.correct ? "Right" : "Wrong"} · ${num(r.points)}`;
}

/** The time a side took on a question: "2.3 s", or "" when unknown. */
export function elapsedText(r: QuestionResult | null): string {
  return r && r.elapsed_ms !== null && Number.isFinite(r.elapsed_ms) ? `${(r.elapsed_ms / 1000).toFixed(1)} s` : "";
}

/** The duel form's opponent value ("account:a1", "team:t1") → the request body, or why not. */
export function duelBody(quizId: string, opponent: string): { body: { quiz_id: string; opponent_account_id?: string; opponent_team_id?: string } } | { error: string } {
  if (!quizId) return { error: "Pick a quiz." };
  const m = /^(account|team):(.+)$/.exec(opponent);
  if (!m) return { error: "Pick a colleague or a team." };
  return { body: m[1] === "account" ? { quiz_id: quizId, opponent_account_id: m[2] } : { quiz_id: quizId, opponent_team_id: m[2] } };
}

/** The quizzes a member may duel on without a library: those of the challenges and duels they
 * were in (`GET /api/me/challenges`), each once, by title; daily challenges have no quiz. */
export function playedQuizzes(mine: unknown): { id: string; title: string }[] {
  const m = (mine ?? {}) as Record<string, unknown>;
  const docs: unknown[] = [];
  for (const key of ["open", "done", "duels"]) {
    const list = m[key];
    if (!Array.isArray(list)) continue;
    for (const item of list) docs.push((item as { challenge?: unknown } | null)?.challenge ?? item);
  }
  const seen = new Map<string, string>();
  for (const d of docs) {
    const c = d as { quiz_id?: unknown; title?: unknown } | null;
    if (c && typeof c.quiz_id === "string" && c.quiz_id && !seen.has(c.quiz_id)) seen.set(c.quiz_id, typeof c.title === "string" ? c.title : c.quiz_id);
  }
  return [...seen].map(([id, title]) => ({ id, title })).sort((a, b) => a.title.localeCompare(b.title));
}

// -- the daily challenge's settings ------------------------------------------------------------

export const DAILY_COUNT_MAX = 20;

export interface DailySettings {
  enabled: boolean;
  tag: string | null;
  count: number;
  time_limit_s: number;
}

export interface DailyForm {
  enabled: boolean;
  tag: string;
  count: string;
  timeLimit: string;
}

export type DailyErrors = Partial<Record<"tag" | "count" | "timeLimit", string>>;

export const MIN_TIME_S = QUESTION_BOUNDS.minTimeLimitMs / 1000;
export const MAX_TIME_S = QUESTION_BOUNDS.maxTimeLimitMs / 1000;

export function dailyForm(s: Partial<DailySettings> | null | undefined): DailyForm {
  return {
    enabled: !!s?.enabled,
    tag: s?.tag ?? "",
    count: String(s?.count ?? 5),
    timeLimit: String(s?.time_limit_s ?? QUESTION_BOUNDS.defaultTimeLimitMs / 1000),
  };
}

function between(text: string, min: number, max: number): number | null {
  const t = text.trim();
  if (!/^\d{1,4}$/.test(t)) return null;
  const n = Number(t);
  return n >= min && n <= max ? n : null;
}

/** The daily settings form → the body of `PUT /api/workspaces/{id}/daily`, or the errors. */
export function parseDailyForm(form: DailyForm): { body: DailySettings } | { errors: DailyErrors } {
  const errors: DailyErrors = {};
  const tag = form.tag.normalize("NFC").trim();
  if ([...tag].length > TEXT_LIMITS.tag) errors.tag = `Use at most ${TEXT_LIMITS.tag} characters.`;
  // eslint-disable-next-line no-control-regex
  else if (/[\u0000-\u001f\u007f-\u009f]/.test(tag)) errors.tag = "Use visible characters only.";
  const count = between(form.count, 1, DAILY_COUNT_MAX);
  if (count === null) errors.count = `Give a whole number from 1 to ${DAILY_COUNT_MAX}.`;
  const time = between(form.timeLimit, MIN_TIME_S, MAX_TIME_S);
  if (time === null) errors.timeLimit = `Give a whole number of seconds from ${MIN_TIME_S} to ${MAX_TIME_S}.`;
  if (Object.keys(errors).length > 0) return { errors };
  return { body: { enabled: form.enabled, tag: tag || null, count: count!, time_limit_s: time! } };
}

// -- the pages' routes -------------------------------------------------------------------------

export type ChallengeRoute =
  | { view: "list" }
  | { view: "new"; quizId: string | null }
  | { view: "results"; id: string }
  | { view: "screen"; id: string }
  | { view: "duelNew"; quizId: string | null }
  | { view: "duel"; id: string }
  | { view: "notFound" };

/** `/challenges…` or `/duels…` (with its query string) → the page. */
export function challengeRoute(pathname: string, search = ""): ChallengeRoute {
  const path = pathname.replace(/\/+$/, "");
  const quiz = new URLSearchParams(search).get("quiz");
  const quizId = quiz && quiz.length <= 200 ? quiz : null;
  let m: RegExpExecArray | null;
  const seg = (s: string) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return null;
    }
  };
  if (path === "/challenges") return { view: "list" };
  if (path === "/challenges/new") return { view: "new", quizId };
  if (path === "/duels/new") return { view: "duelNew", quizId };
  if ((m = /^\/challenges\/([^/]+)(\/screen)?$/.exec(path))) {
    const id = seg(m[1]);
    if (id) return m[2] ? { view: "screen", id } : { view: "results", id };
  }
  if ((m = /^\/duels\/([^/]+)$/.exec(path))) {
    const id = seg(m[1]);
    if (id) return { view: "duel", id };
  }
  return { view: "notFound" };
}
