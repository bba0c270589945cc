import { sha256 } from "@noble/hashes/sha256";
import { describe, expect, it } from "vitest";
import { challengeOf, leadingZeroBits, solveChallenge } from "./challenge";

describe("join challenge", () => {
  it("counts leading zero bits", () => {
    expect(leadingZeroBits(new Uint8Array([0, 0x0f, 0xff]), 12)).toBe(true);
    expect(leadingZeroBits(new Uint8Array([0, 0x0f, 0xff]), 13)).toBe(false);
    expect(leadingZeroBits(new Uint8Array([0x80]), 1)).toBe(false);
    expect(leadingZeroBits(new Uint8Array([0x7f]), 1)).toBe(true);
  });

  it("finds a solution the server's rule accepts", async () => {
    const token = "1700000000000.abcdef0123456789.12.0123456789abcdef0123456789abcdef";
    const solution = await solveChallenge({ token, difficulty: 12 });
    const digest = sha256(new TextEncoder().encode(`${token}:${solution}`));
    expect(leadingZeroBits(digest, 12)).toBe(true);
    // The same answer as server/challenge.py's solve(): the first n that works.
    for (let n = 0; n < Number(solution); n++) {
      expect(leadingZeroBits(sha256(new TextEncoder().encode(`${token}:${n}`)), 12)).toBe(false);
    }
  });

  it("reads only well-formed challenges from an ack", () => {
    expect(challengeOf({ ok: false, challenge: { token: "t", difficulty: 14 } })).toEqual({ token: "t", difficulty: 14 });
    expect(challengeOf({ ok: false })).toBeNull();
    expect(challengeOf({ challenge: { token: "t", difficulty: 99 } })).toBeNull();
    expect(challengeOf(null)).toBeNull();
  });
});
