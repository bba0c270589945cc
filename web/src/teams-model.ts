// Workspace teams in the shapes the server sends (`/api/teams`), and the rules the Teams pages
// check before asking (the server checks the same ones on every request).

export const TEAM_NAME_MAX = 40;

export interface TeamMember {
  account_id: string;
  name: string;
}

export interface TeamDoc {
  id: string;
  name: string;
  created_ms: number;
  members: TeamMember[];
}

export interface Tally {
  answered: number;
  correct: number;
  /** 0–1, or null when nothing was answered. */
  accuracy: number | null;
}

export interface TagRow {
  /** "tag": a quiz tag; "quiz": a quiz without tags, named by its title. */
  kind: "tag" | "quiz";
  tag: string;
  team: Tally;
  workspace: Tally;
}

export interface TeamStats {
  team: { id: string; name: string };
  games: number;
  tags: TagRow[];
}

/** The team name field's text → the name, or why not. */
export function parseTeamName(text: string): { name: string } | { error: string } {
  const name = text.normalize("NFC").trim();
  if (!name) return { error: "Give the team a name." };
  if ([...name].length > TEAM_NAME_MAX) return { error: `Use at most ${TEAM_NAME_MAX} characters.` };
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f-\u009f]/.test(name)) return { error: "Use visible characters only." };
  return { name };
}

/** Whether another team already has this name (case and width ignored, as on the server). */
export function nameTaken(teams: readonly TeamDoc[], name: string, except?: string): boolean {
  const key = name.normalize("NFKC").toLowerCase();
  return teams.some((t) => t.id !== except && t.name.normalize("NFKC").toLowerCase() === key);
}

/** The workspace's people not in `team` yet, by name: whom the roster picker offers. */
export function addable<M extends TeamMember>(people: readonly M[], team: TeamDoc): M[] {
  const inTeam = new Set(team.members.map((m) => m.account_id));
  return people.filter((p) => !inTeam.has(p.account_id)).sort((a, b) => a.name.localeCompare(b.name));
}

/** The team another person is in now (putting them in this one moves them), or null. */
export function teamOf(teams: readonly TeamDoc[], accountId: string): TeamDoc | null {
  return teams.find((t) => t.members.some((m) => m.account_id === accountId)) ?? null;
}

/** An accuracy as "72%", or "–" for nothing answered. */
export function percent(accuracy: number | null): string {
  return accuracy === null ? "–" : `${Math.round(accuracy * 100)}%`;
}

/** The team's accuracy minus the workspace's, in percentage points ("−12 pts"), or "–". */
export function gap(row: TagRow): string {
  const { team, workspace } = row;
  if (team.accuracy === null || workspace.accuracy === null) return "–";
  const pts = Math.round((team.accuracy - workspace.accuracy) * 100);
  return pts === 0 ? "even" : `${pts > 0 ? "+" : "−"}${Math.abs(pts)} pts`;
}

/** The chart's figures: a category per tag, the team's and the workspace's % correct. */
export function chartOf(stats: TeamStats): { categories: string[]; series: { label: string; values: (number | null)[] }[] } {
  const pct = (a: number | null) => (a === null ? null : Math.round(a * 100));
  return {
    categories: stats.tags.map((r) => (r.kind === "quiz" ? `${r.tag} (quiz)` : r.tag)),
    series: [
      { label: stats.team.name, values: stats.tags.map((r) => pct(r.team.accuracy)) },
      { label: "Workspace", values: stats.tags.map((r) => pct(r.workspace.accuracy)) },
    ],
  };
}
