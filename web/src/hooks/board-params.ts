// A host leaderboard's place (kind, page) kept in the page's address, so a reload or a shared
// link shows the same page of the same board.

import { useState } from "preact/hooks";
import { DEFAULT_PAGE_SIZE, intParam, kindParam, MAX_PAGE_SIZE } from "../boards";
import type { BoardKind } from "../protocol";
import { queryParam } from "../router";

/** The board's place in the URL (`?kind=teams&offset=20`), so a reload or a link keeps it. */
export function useBoardParams() {
  const [kind, setKind] = useState<BoardKind>(() => kindParam(queryParam("kind")));
  const [offset, setOffset] = useState(() => intParam(queryParam("offset"), 0, 0, 1e9));
  const [limit] = useState(() => intParam(queryParam("limit"), DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE));
  const sync = (k: BoardKind, o: number, extra: Record<string, string | null> = {}) => {
    const p = new URLSearchParams(window.location.search);
    const put = (name: string, value: string | null) => (value === null ? p.delete(name) : p.set(name, value));
    put("kind", k === "players" ? null : k);
    put("offset", o ? String(o) : null);
    for (const [name, value] of Object.entries(extra)) put(name, value);
    const q = p.toString();
    window.history.replaceState(null, "", `${window.location.pathname}${q ? `?${q}` : ""}${window.location.hash}`);
  };
  const change = (c: { kind?: BoardKind; offset?: number }, extra?: Record<string, string | null>) => {
    const k = c.kind ?? kind;
    const o = c.offset ?? (c.kind ? 0 : offset);
    setKind(k);
    setOffset(o);
    sync(k, o, extra);
  };
  return { kind, offset, limit, change };
}
