// Page-wide keyboard shortcuts.

import { useLayoutEffect, useRef } from "preact/hooks";

/** One `keydown` listener for the component's life, calling the handler of its latest render. */
export function useKeydown(handler: (e: KeyboardEvent) => void): void {
  const latest = useRef(handler);
  latest.current = handler;
  useLayoutEffect(() => {
    const listener = (e: KeyboardEvent) => latest.current(e);
    window.addEventListener("keydown", listener);
    return () => window.removeEventListener("keydown", listener);
  }, []);
}
