// The team names a console offers when the host moves a player in the lobby.

import type { TeamSettings } from "../protocol";
import { AUTO_TEAM_NAMES } from "../rules";

/** The game's teams: the host's names, or as many automatic names as the game has teams. */
export function teamNamesOf(t: TeamSettings): string[] {
  if (t.names && t.names.length) return t.names;
  return AUTO_TEAM_NAMES.slice(0, t.count ?? 0);
}
