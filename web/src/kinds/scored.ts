// Which kinds earn points: the engine's list (the generated rules.ts), so the pages never keep a copy.

import { UNSCORED_KINDS } from "../rules";

/** Whether answers to a kind earn points (polls and word clouds do not; a kind unknown here does). */
export function isScored(kind: string): boolean {
  return !(UNSCORED_KINDS as readonly string[]).includes(kind);
}
