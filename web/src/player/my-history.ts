// A player's own history (`GET /api/me`), asked with the device's key: the player page looks
// there for this game's badges when the live announcement of them was missed.

import type { MyHistory } from "../protocol";

/** `GET /api/me` with the device's key; null when it has no history (yet) or on any failure. */
export async function myHistory(key: string, offset = 0, limit = 50): Promise<MyHistory | null> {
  try {
    const r = await fetch(`/api/me?offset=${offset}&limit=${limit}`, { headers: { Accept: "application/json", "X-Player-Key": key } });
    return r.ok ? ((await r.json()) as MyHistory) : null;
  } catch {
    return null;
  }
}
