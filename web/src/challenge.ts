// The join challenge (server/challenge.py): when many players join from one address, the
// server asks each further join to find a `solution` such that SHA-256 of
// `<token>:<solution>` starts with `difficulty` zero bits (about 100 ms on a phone at 14).
// @noble/hashes rather than crypto.subtle: pages served over plain http on a LAN have no
// crypto.subtle, and one synchronous hash is far cheaper than an async call per attempt.
import { sha256 } from "@noble/hashes/sha256";

export interface Challenge {
  token: string;
  difficulty: number;
}

const encoder = new TextEncoder();

/** Whether `digest` starts with `bits` zero bits. */
export function leadingZeroBits(digest: Uint8Array, bits: number): boolean {
  let left = bits;
  for (const byte of digest) {
    if (left <= 0) return true;
    if (left >= 8) {
      if (byte !== 0) return false;
      left -= 8;
    } else {
      return byte >> (8 - left) === 0;
    }
  }
  return left <= 0;
}

/** A solution of the challenge; yields to the page every few thousand tries so it stays
 * responsive (a screen reader keeps announcing, a tap still registers). */
export async function solveChallenge(c: Challenge, chunk = 4096): Promise<string> {
  const prefix = `${c.token}:`;
  for (let n = 0; ; n++) {
    if (leadingZeroBits(sha256(encoder.encode(prefix + n)), c.difficulty)) return String(n);
    if (n % chunk === chunk - 1) await new Promise((r) => setTimeout(r, 0));
  }
}

/** The challenge an ack carries, if it is a well-formed one. */
export function challengeOf(ack: unknown): Challenge | null {
  const c = (ack as { challenge?: unknown } | null)?.challenge as Partial<Challenge> | undefined;
  if (!c || typeof c.token !== "string" || typeof c.difficulty !== "number") return null;
  if (!Number.isInteger(c.difficulty) || c.difficulty < 1 || c.difficulty > 24) return null;
  return { token: c.token, difficulty: c.difficulty };
}
