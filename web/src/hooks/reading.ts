// "Read the question first": the question is shown alone until the server's `answers_open_ms`
// (docs/protocol.md). The pages hide the answers until then; the server refuses earlier answers.

import { useEffect, useState } from "preact/hooks";
import type { ClockOffset } from "../clock";

interface Opening {
  answers_open_ms?: number;
}

/** Milliseconds until the answers of `q` open, on the server's clock as estimated (0: open). */
export function readingLeft(serverNow: number, q: Opening | null | undefined): number {
  const opens = q?.answers_open_ms;
  if (typeof opens !== "number" || !Number.isFinite(opens)) return 0;
  return Math.max(0, opens - serverNow);
}

/** True while the question is to be read: one re-render when the answers open (no ticking). */
export function useReading(clock: ClockOffset, q: Opening | null | undefined): boolean {
  const opens = q?.answers_open_ms;
  const [reading, setReading] = useState(() => readingLeft(clock.serverNow(), q) > 0);
  useEffect(() => {
    const left = readingLeft(clock.serverNow(), { answers_open_ms: opens });
    setReading(left > 0);
    if (left <= 0) return;
    // A few ms late rather than early: the server refuses an answer before the opening.
    const id = window.setTimeout(() => setReading(false), left + 30);
    return () => window.clearTimeout(id);
  }, [clock, opens]);
  return reading;
}
