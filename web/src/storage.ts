// localStorage that never throws (private mode, storage full, disabled cookies).

export function load<T>(key: string): T | null {
  try {
    const raw = window.localStorage.getItem(key);
    return raw === null ? null : (JSON.parse(raw) as T);
  } catch {
    return null;
  }
}

export function save(key: string, value: unknown): void {
  try {
    window.localStorage.setItem(key, JSON.stringify(value));
  } catch {
    /* the page still works without it; only resuming after a reload is lost */
  }
}

export function remove(key: string): void {
  try {
    window.localStorage.removeItem(key);
  } catch {
    /* ignore */
  }
}

/** What a phone keeps to resume its place in a game (key `huddle.player.<pin>`). */
export interface PlayerSession {
  token: string;
  game_id: string;
  player_id: string;
  nickname: string;
  team: string | null;
  /** "challenge": a self-paced challenge's run (the player page hands over to its chunk). */
  mode?: string;
}

export const playerKey = (pin: string) => `huddle.player.${pin}`;

/** What the host keeps for a game it created (key `huddle.game.<game_id>`). */
export interface HostGame {
  host_key: string;
  pin: string;
  join_url: string;
}

export const hostGameKey = (gameId: string) => `huddle.game.${gameId}`;
