// Which member-content page a path is: the entry chunk knows only that these paths are ours
// (router.ts `memberContent`); the page and its parameters are read here, in the lazy chunk.

export type MemberRoute =
  | { view: "contribute"; driveId: string | null; after: string | null; kind: "question" | "tip" }
  | { view: "mine" }
  | { view: "drive"; id: string }
  | { view: "library" }
  | { view: "none" };

/** The page for `pathname` and its query `search` ("?drive=d1&after=g9"). */
export function memberRoute(pathname: string, search: string): MemberRoute {
  const path = pathname.replace(/\/+$/, "") || "/";
  const q = new URLSearchParams(search);
  if (path === "/contribute") {
    return {
      view: "contribute",
      driveId: q.get("drive") || null,
      after: q.get("after") || null,
      kind: q.get("kind") === "tip" ? "tip" : "question",
    };
  }
  if (path === "/me/contributions") return { view: "mine" };
  if (path === "/library/community") return { view: "library" };
  const m = /^\/drives\/([^/]+)$/.exec(path);
  if (m) {
    try {
      return { view: "drive", id: decodeURIComponent(m[1]) };
    } catch {
      return { view: "none" };
    }
  }
  return { view: "none" };
}

/** The link to write for a drive, or "for next time" after a game. */
export function contributeHref(opts: { driveId?: string | null; after?: string | null; kind?: "question" | "tip" } = {}): string {
  const q = new URLSearchParams();
  if (opts.driveId) q.set("drive", opts.driveId);
  if (opts.after) q.set("after", opts.after);
  if (opts.kind === "tip") q.set("kind", "tip");
  const s = q.toString();
  return s ? `/contribute?${s}` : "/contribute";
}
