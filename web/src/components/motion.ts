import { useEffect, useState } from "preact/hooks";

export function prefersReducedMotion(): boolean {
  try {
    return window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  } catch {
    return false;
  }
}

/** A number that counts from `from` to `to` once `run` is true (at once with reduced motion). */
export function useCountUp(from: number, to: number, run: boolean, durationMs = 900): number {
  const [value, setValue] = useState(run && prefersReducedMotion() ? to : from);
  useEffect(() => {
    if (!run) {
      setValue(from);
      return;
    }
    if (prefersReducedMotion() || from === to) {
      setValue(to);
      return;
    }
    let frame = 0;
    const start = performance.now();
    const step = (t: number) => {
      const p = Math.min(1, (t - start) / durationMs);
      const eased = 1 - Math.pow(1 - p, 3);
      setValue(Math.round(from + (to - from) * eased));
      if (p < 1) frame = requestAnimationFrame(step);
    };
    frame = requestAnimationFrame(step);
    return () => cancelAnimationFrame(frame);
  }, [from, to, run, durationMs]);
  return value;
}
