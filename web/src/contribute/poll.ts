// Polling while the tab is visible: `fn` runs every `everyMs` only while the page is shown, and
// once more as soon as it is shown again (a phone unlocked, a tab brought back), never twice at
// once.

import { useEffect, useRef } from "preact/hooks";

export function useVisiblePoll(fn: () => Promise<void>, everyMs: number, enabled: boolean): void {
  const latest = useRef(fn);
  latest.current = fn;
  useEffect(() => {
    if (!enabled) return;
    let timer: number | undefined;
    let running = false;
    let stopped = false;
    const schedule = () => {
      window.clearTimeout(timer);
      if (!stopped && document.visibilityState === "visible") timer = window.setTimeout(tick, everyMs);
    };
    const tick = async () => {
      if (running || stopped) return;
      running = true;
      try {
        await latest.current();
      } finally {
        running = false;
        schedule();
      }
    };
    const onVisibility = () => {
      if (document.visibilityState === "visible") void tick();
      else window.clearTimeout(timer);
    };
    schedule();
    document.addEventListener("visibilitychange", onVisibility);
    return () => {
      stopped = true;
      window.clearTimeout(timer);
      document.removeEventListener("visibilitychange", onVisibility);
    };
  }, [enabled, everyMs]);
}
