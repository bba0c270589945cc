// A player's own history (`GET /api/me`), asked with the device's key, or with the login token
// when the browser is signed in (a signed-in player's games are the person's, not the device's):
// the player page looks there for this game's badges when the live announcement was missed.

import { signedIn } from "../auth";
import type { MyHistory } from "../protocol";

/** `GET /api/me` with the device's key, or (`asAccount`: the player played signed in) as the
 *  person signed in here; null when there is no history (yet) or on any failure. */
export async function myHistory(key: string | null, offset = 0, limit = 50, asAccount = false): Promise<MyHistory | null> {
  const who = asAccount ? signedIn() : null;
  const headers: Record<string, string> = { Accept: "application/json" };
  if (who) headers.Authorization = `Bearer ${who.token}`;
  else if (key) headers["X-Player-Key"] = key;
  else return null;
  try {
    const r = await fetch(`/api/me?offset=${offset}&limit=${limit}`, { headers });
    return r.ok ? ((await r.json()) as MyHistory) : null;
  } catch {
    return null;
  }
}
