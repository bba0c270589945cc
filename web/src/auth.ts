// The browser's sign-in (kept in localStorage as `huddle.auth`) and the person it names, apart
// from api.ts so the join page and the player page read it without loading the API client.

import type { Host } from "./protocol";
import { load, remove, save } from "./storage";

export interface Auth {
  token: string;
  host: Host;
}

const AUTH_KEY = "huddle.auth";

export function getAuth(): Auth | null {
  return load<Auth>(AUTH_KEY);
}

export function setAuth(auth: Auth): void {
  save(AUTH_KEY, auth);
}

/** Forgets the sign-in only; api.ts's `clearAuth` also forgets the workspace. */
export function removeAuth(): void {
  remove(AUTH_KEY);
}

export interface SignedIn {
  token: string;
  id: string;
  name: string;
}

/** The account this browser is signed in to, if any. */
export function signedIn(): SignedIn | null {
  const auth = getAuth();
  if (!auth || !auth.token || !auth.host?.id) return null;
  return { token: auth.token, id: auth.host.id, name: auth.host.name };
}

/** "Playing as Ann": the account's name when the joined player is this browser's account. */
export function playingAs(player: { account_id?: string } | null | undefined, who: SignedIn | null): string | null {
  if (!player?.account_id || !who || who.id !== player.account_id) return null;
  return who.name;
}
