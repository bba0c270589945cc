// A person with an account (docs/protocol.md, "People across devices"): what the player pages
// send and show when the browser is signed in, and the person's page's figures.
//
// - Signed in (the login kept by api.ts as `huddle.auth`), the join page sends the login token
//   as `account_token`: a member of the game's workspace plays as themselves, on any device.
// - The device's earlier guest history is claimed for the account (`POST /api/me/claim`).
// - `/me` then reads the account's history and page (`GET /api/me`, `/api/me/figures`).

import { api } from "./api";
import { type SignedIn, signedIn } from "./auth";

export { playingAs, type SignedIn, signedIn } from "./auth";
import { peekPlayerKey } from "./identity";
import type { MyHistory } from "./protocol";
import { load, save } from "./storage";

export interface ScorePoint {
  game_id: string;
  finished_at: number | null;
  title: string;
  workspace: { id: string; name: string } | null;
  score: number;
  rank: number;
  players: number | null;
  correct: number;
  answered: number;
  accuracy: number | null;
}

export interface TagFigure {
  tag: string;
  games: number;
  correct: number;
  answered: number;
  accuracy: number | null;
}

export interface BadgeFigure {
  code: string;
  title: string;
  description: string;
  game_id: string;
  awarded_at: number | null;
}

export interface PersonFigures {
  account: { id: string; name: string; role?: string | null };
  scores: ScorePoint[];
  tags: TagFigure[];
  badges: BadgeFigure[];
}

export type AccountHistory = MyHistory & { account: { id: string; name: string } };

/** A short date for an axis or a table ("7 Dec"), "–" for none. */
export function shortDay(ms: number | null): string {
  if (!ms) return "–";
  return new Date(ms).toLocaleDateString(undefined, { day: "numeric", month: "short" });
}

/** The scores over time as a chart's categories and series (oldest first, as the API sends). */
export function scoreSeries(scores: ScorePoint[]): { categories: string[]; points: (number | null)[]; accuracy: (number | null)[] } {
  return {
    categories: scores.map((s, i) => `${i + 1}. ${shortDay(s.finished_at)}`),
    points: scores.map((s) => s.score),
    accuracy: scores.map((s) => s.accuracy),
  };
}

/** A percentage as the page shows it ("75%", "–" for none). */
export function percent(value: number | null): string {
  return value === null ? "–" : `${Math.round(value)}%`;
}

/** Claim this device's guest history for the signed-in account, once per account and key
 *  (the server merges nothing twice either); how many guest identities were merged. */
export async function claimDevice(who: SignedIn | null = signedIn(), key: string | null = peekPlayerKey()): Promise<number> {
  if (!who || !key) return 0;
  const marker = `huddle.claimed.${who.id}`;
  if (load<string>(marker) === key) return 0;
  const { merged } = await api<{ merged: number }>("POST", "/me/claim", { player_key: key });
  save(marker, key);
  return merged;
}
