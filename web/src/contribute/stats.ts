// An author's statistics and badges (`GET /api/me/contributions/stats`) read defensively: the
// page shows them only when the route answers with them, and in words a member understands.

import type { ContributionStats } from "../protocol";

export interface AuthorMilestone {
  code: string;
  title: string;
  description: string;
  awarded_at: string | null;
}

export interface AuthorStats {
  questions: ContributionStats[];
  milestones: AuthorMilestone[];
}

const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);
const str = (v: unknown): string => (typeof v === "string" ? v : "");

/** The stats of the answer, or null when it holds none this page can show. */
export function readStats(raw: unknown): AuthorStats | null {
  if (!raw || typeof raw !== "object") return null;
  const o = raw as Record<string, unknown>;
  const list = [o.questions, o.contributions, o.stats].find(Array.isArray) as unknown[] | undefined;
  const questions: ContributionStats[] = (list ?? [])
    .filter((x): x is Record<string, unknown> => !!x && typeof x === "object" && typeof (x as { contribution_id?: unknown }).contribution_id === "string")
    .map((x) => ({
      contribution_id: x.contribution_id as string,
      prompt: str(x.prompt),
      games: num(x.games) ?? 0,
      answered: num(x.answered) ?? 0,
      correct_pct: num(x.correct_pct),
      avg_time_ms: num(x.avg_time_ms),
      discrimination: num(x.discrimination),
      hardest_game_correct_pct: num(x.hardest_game_correct_pct),
    }));
  const milestones: AuthorMilestone[] = (Array.isArray(o.milestones) ? o.milestones : [])
    .filter((m): m is Record<string, unknown> => !!m && typeof m === "object" && typeof (m as { code?: unknown }).code === "string")
    .map((m) => ({ code: m.code as string, title: str(m.title) || (m.code as string), description: str(m.description), awarded_at: str(m.awarded_at) || null }));
  if (!list && !Array.isArray(o.milestones)) return null;
  return { questions, milestones };
}

/** One line per question: "Played in 3 games · 41 answers · 62% right · 7.4 s on average". */
export function statsLine(s: ContributionStats): string {
  if (s.answered === 0) return "Not played yet.";
  const parts = [`Played in ${s.games} game${s.games === 1 ? "" : "s"}`, `${s.answered} answer${s.answered === 1 ? "" : "s"}`];
  if (s.correct_pct !== null) parts.push(`${Math.round(s.correct_pct)}% right`);
  if (s.avg_time_ms !== null) parts.push(`${(s.avg_time_ms / 1000).toFixed(1)} s on average`);
  return parts.join(" · ");
}

/** The discrimination index in words (top third's % right minus the bottom third's). */
export function discriminationText(d: number | null): string {
  if (d === null) return "Too few players yet to tell how well it separates strong and weak players.";
  // As a fraction (-1..1) or in points (-100..100): both are read the same.
  const pts = Math.abs(d) <= 1 ? Math.round(d * 100) : Math.round(d);
  const how = pts >= 30 ? "separates strong and weak players very well" : pts >= 15 ? "separates strong and weak players well" : pts >= 0 ? "barely separates strong and weak players" : "weaker players get it right more often than strong ones";
  return `Discrimination ${pts}: it ${how}.`;
}
