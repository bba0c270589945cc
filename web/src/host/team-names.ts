// The team names a console offers when the host moves a player in the lobby.

import type { TeamSettings } from "../protocol";

// The names the server gives automatic teams (games/settings.py AUTO_TEAM_NAMES).
const AUTO_TEAM_NAMES = [
  "Red",
  "Blue",
  "Green",
  "Yellow",
  "Purple",
  "Orange",
  "Pink",
  "Teal",
  ...Array.from({ length: 12 }, (_, i) => `Team ${i + 9}`),
];

/** The game's teams: the host's names, or as many automatic names as the game has teams. */
export function teamNamesOf(t: TeamSettings): string[] {
  if (t.names && t.names.length) return t.names;
  return AUTO_TEAM_NAMES.slice(0, t.count ?? 0);
}
