// Hand-over from the join page to the player page: the connected socket and the join ack,
// so the player page does not have to resume right after joining.

import type { JoinAck } from "./protocol";
import type { LiveSocket } from "./socket-events";

export interface PendingJoin {
  pin: string;
  socket: LiveSocket<"/play">;
  ack: JoinAck;
}

let pending: PendingJoin | null = null;

export function handOver(p: PendingJoin): void {
  pending = p;
}

export function takeOver(pin: string): PendingJoin | null {
  const p = pending;
  pending = null;
  if (p && p.pin === pin) return p;
  p?.socket.disconnect();
  return null;
}

/** A message for the join page after a failed resume (shown once). */
let joinNotice: string | null = null;

export function setJoinNotice(message: string | null): void {
  joinNotice = message;
}

export function takeJoinNotice(): string | null {
  const m = joinNotice;
  joinNotice = null;
  return m;
}

/** The nickname the server gave instead of a refused one (shown once on the player page). */
let renamed: string | null = null;

export function setRenamed(nickname: string | null): void {
  renamed = nickname;
}

export function takeRenamed(): string | null {
  const r = renamed;
  renamed = null;
  return r;
}
