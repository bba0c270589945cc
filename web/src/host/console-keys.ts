// The console's keyboard shortcuts: N or → moves on, L locks, E ends, B opens the big screen,
// ? helps. Typing in a field, and the end dialog (Escape only), keep the keys to themselves.

import type { Dispatch, StateUpdater } from "preact/hooks";
import { useKeydown } from "../hooks/keydown";
import type { Phase } from "../protocol";

export interface ConsoleKeys {
  phase: Phase | null;
  screenHref: string;
  confirmingEnd: boolean;
  onPrimary: () => void;
  onToggleLock: () => void;
  onConfirmEnd: (open: boolean) => void;
  setHelp: Dispatch<StateUpdater<boolean>>;
}

export function useConsoleKeys(keys: ConsoleKeys): void {
  useKeydown((e) => {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const t = e.target as HTMLElement | null;
    if (t && (/^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName) || t.isContentEditable)) return;
    if (keys.confirmingEnd) {
      if (e.key === "Escape") keys.onConfirmEnd(false);
      return;
    }
    const k = e.key.toLowerCase();
    if (k === "n" || e.key === "ArrowRight") {
      e.preventDefault();
      keys.onPrimary();
    } else if (k === "l" && keys.phase === "lobby") {
      e.preventDefault();
      keys.onToggleLock();
    } else if (k === "e" && keys.phase && keys.phase !== "finished") {
      e.preventDefault();
      keys.onConfirmEnd(true);
    } else if (k === "b" && keys.screenHref) {
      e.preventDefault();
      window.open(keys.screenHref, "huddle-screen");
    } else if (e.key === "?") {
      e.preventDefault();
      keys.setHelp((h) => !h);
    } else if (e.key === "Escape") {
      keys.setHelp(false);
    }
  });
}
