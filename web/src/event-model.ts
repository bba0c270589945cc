// The host's event form: fields as typed, checked as the server checks them
// (docs/events-and-leaderboards.md), and the request body it sends.

import { isIsoDate, isoDate } from "./boards";
import type { EventDoc, EventRound } from "./protocol";
import { GAME_BOUNDS } from "./rules";

export interface EventForm {
  name: string;
  /** `YYYY-MM-DD` (the API reads a date as midnight UTC). */
  starts: string;
  ends: string;
  /** Team names, one per line; empty for none. */
  teams: string;
  requireIdentifier: boolean;
}

export const NAME_MAX = 200;

export function emptyEventForm(today: string): EventForm {
  return { name: "", starts: today, ends: "", teams: "", requireIdentifier: false };
}

export function formFromEvent(e: EventDoc): EventForm {
  return {
    name: e.name,
    starts: isoDate(e.starts_ms),
    ends: e.ends_ms === null ? "" : isoDate(e.ends_ms),
    teams: e.teams.join("\n"),
    requireIdentifier: e.require_identifier,
  };
}

export function teamNames(text: string): string[] {
  return text
    .split("\n")
    .map((x) => x.trim())
    .filter(Boolean);
}

export interface EventBody {
  name: string;
  starts_ms: string;
  ends_ms: string | null;
  teams: string[];
  require_identifier: boolean;
}

export type EventErrors = Partial<Record<"name" | "starts_ms" | "ends_ms" | "teams", string>>;

export function eventBody(f: EventForm): { body: EventBody; errors: EventErrors } {
  const errors: EventErrors = {};
  const name = f.name.trim();
  if (!name) errors.name = "Give the event a name.";
  else if ([...name].length > NAME_MAX) errors.name = `At most ${NAME_MAX} characters.`;
  if (!isIsoDate(f.starts)) errors.starts_ms = "Pick the day the event starts.";
  if (f.ends && !isIsoDate(f.ends)) errors.ends_ms = "Pick a valid end day, or leave it empty.";
  else if (f.ends && isIsoDate(f.starts) && f.ends < f.starts) errors.ends_ms = "The end must not be before the start.";
  const teams = teamNames(f.teams);
  if (teams.length) {
    const unique = new Set(teams.map((t) => t.toLowerCase()));
    if (teams.length < GAME_BOUNDS.minTeams || teams.length > GAME_BOUNDS.maxTeams)
      errors.teams = `Give ${GAME_BOUNDS.minTeams} to ${GAME_BOUNDS.maxTeams} team names, one per line (or none).`;
    else if (unique.size !== teams.length) errors.teams = "Each team needs its own name.";
    else if (teams.some((t) => [...t].length > GAME_BOUNDS.teamName)) errors.teams = `Team names are at most ${GAME_BOUNDS.teamName} characters.`;
  }
  return {
    body: { name, starts_ms: f.starts, ends_ms: f.ends || null, teams, require_identifier: f.requireIdentifier },
    errors,
  };
}

/** A server `422` field → the form's error key. */
export function errorKey(field: string | undefined): keyof EventErrors | null {
  if (!field) return null;
  const root = field.split(/[.[]/)[0];
  return root === "name" || root === "starts_ms" || root === "ends_ms" || root === "teams" ? root : null;
}

/** "12 Mar 2026" for a day stored as midnight UTC. */
export function dayLabel(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return "–";
  return new Date(ms).toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
}

export function eventDates(e: Pick<EventDoc, "starts_ms" | "ends_ms">): string {
  if (e.ends_ms === null || isoDate(e.ends_ms) === isoDate(e.starts_ms)) {
    return e.ends_ms === null ? `From ${dayLabel(e.starts_ms)}` : dayLabel(e.starts_ms);
  }
  return `${dayLabel(e.starts_ms)} – ${dayLabel(e.ends_ms)}`;
}

export type RoundStatus = "finished" | "writing" | "open";

/** A round's state: results in SQL, finished but not yet written, or still open. */
export function roundStatus(r: EventRound): RoundStatus {
  if (r.results) return "finished";
  return r.finished_ms ? "writing" : "open";
}
