// Who a phone's player is across games, without an account (docs/privacy.md):
//
// - the **player key**: a long random string the device makes once and keeps in localStorage
//   (`huddle.player_key`); the join page sends it with every new `join`, and `/me` shows the
//   games recorded with it (`GET /api/me`, header `X-Player-Key`). It works like a password for
//   that history, so it is never shown on a page.
// - the **identifier** (an e-mail or an employee/student id): typed only when the game asks for
//   it (`identifier_required`). When the player agrees the device remembers it
//   (`huddle.identifier`) to fill the field in the next time a game asks, never to send it to a
//   game that did not.

import { load, remove, save } from "./storage";

export const PLAYER_KEY_STORAGE = "huddle.player_key";
export const IDENTIFIER_STORAGE = "huddle.identifier";

const KEY_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const KEY_RE = /^[A-Za-z0-9_-]{16,128}$/;
export const KEY_LENGTH = 32;
export const IDENTIFIER_MAX = 254;

/** Whether `value` is a player key the server takes: 16–128 letters, digits, `-` or `_`. */
export function isPlayerKey(value: unknown): value is string {
  return typeof value === "string" && KEY_RE.test(value);
}

function randomBytes(n: number): Uint8Array {
  const bytes = new Uint8Array(n);
  const c = (globalThis as { crypto?: Crypto }).crypto;
  if (c?.getRandomValues) c.getRandomValues(bytes);
  else for (let i = 0; i < n; i++) bytes[i] = Math.floor(Math.random() * 256);
  return bytes;
}

/** A new random key: `length` characters of the URL-safe alphabet (6 random bits each). */
export function makePlayerKey(length = KEY_LENGTH, bytes: (n: number) => Uint8Array = randomBytes): string {
  const raw = bytes(length);
  let key = "";
  for (let i = 0; i < length; i++) key += KEY_ALPHABET[raw[i] & 63];
  return key;
}

/** Kept for the page's lifetime when localStorage is unavailable (private mode). */
let memoryKey: string | null = null;

/** The device's player key, without making one (`/me` asks with it). */
export function peekPlayerKey(): string | null {
  const stored = load<unknown>(PLAYER_KEY_STORAGE);
  if (isPlayerKey(stored)) return stored;
  return memoryKey;
}

/** The device's player key, made and kept the first time it is needed. */
export function playerKey(): string {
  const existing = peekPlayerKey();
  if (existing) return existing;
  const key = makePlayerKey();
  save(PLAYER_KEY_STORAGE, key);
  // Without localStorage the key lasts as long as the page (no history then, but joins work).
  memoryKey = load<unknown>(PLAYER_KEY_STORAGE) === key ? null : key;
  return key;
}

export type IdentifierCheck = { ok: true; value: string } | { ok: false; message: string };

/** The identifier as the server takes it (1–254 characters once trimmed). */
export function checkIdentifier(text: string): IdentifierCheck {
  const value = text.trim();
  if (!value) return { ok: false, message: "Enter your e-mail address or ID." };
  if ([...value].length > IDENTIFIER_MAX) return { ok: false, message: `That is too long: at most ${IDENTIFIER_MAX} characters.` };
  return { ok: true, value };
}

export function rememberedIdentifier(): string | null {
  const v = load<unknown>(IDENTIFIER_STORAGE);
  return typeof v === "string" && v.trim() ? v : null;
}

/** Remember the identifier on this device (or forget it with null). */
export function rememberIdentifier(value: string | null): void {
  if (value) save(IDENTIFIER_STORAGE, value);
  else remove(IDENTIFIER_STORAGE);
}
