// `/library/community`: the workspace's approved questions and tips (`GET /api/library/community`),
// filtered by kind, tag and drive, sorted by votes or newest. An upvote shows as given only once
// the server answered (`POST`/`DELETE /api/contributions/{id}/vote` → {votes, voted}); a report
// takes a reason (`POST /api/contributions/{id}/report`).

import { useEffect, useRef, useState } from "preact/hooks";
import { api, ApiError } from "../api";
import { HostShell, useAuth } from "../components/HostShell";
import { Alert, Spinner } from "../components/ui";
import { LibraryItem } from "./LibraryItem";
import { type Contribution, type Drive, type LibraryFilter, libraryQuery } from "./model";

export const PAGE_SIZE = 20;

export type CommunityItem = Contribution;
type Load = { status: "loading" } | { status: "error"; message: string } | { status: "ok"; items: CommunityItem[]; more: boolean };

export function CommunityLibraryPage() {
  const auth = useAuth();
  const [filter, setFilter] = useState<LibraryFilter>({ kind: "", tag: "", driveId: "", sort: "votes", offset: 0, limit: PAGE_SIZE });
  const [tagText, setTagText] = useState("");
  const [drives, setDrives] = useState<Drive[]>([]);
  const [load, setLoad] = useState<Load>({ status: "loading" });
  const [busyMore, setBusyMore] = useState(false);
  // Only the latest request's answer is shown (a quick change of filter wins over a slow one).
  const latest = useRef(0);

  const read = async (f: LibraryFilter, append: boolean) => {
    const ticket = ++latest.current;
    if (!append) setLoad({ status: "loading" });
    else setBusyMore(true);
    try {
      const page = await api<{ items: CommunityItem[]; total: number }>("GET", `/library/community?${libraryQuery(f)}`);
      if (ticket !== latest.current) return;
      const got = page?.items ?? [];
      setLoad((prev) => ({
        status: "ok",
        items: append && prev.status === "ok" ? [...prev.items, ...got] : got,
        more: f.offset + got.length < (page?.total ?? 0),
      }));
    } catch (err) {
      if (ticket === latest.current) setLoad({ status: "error", message: err instanceof ApiError ? err.message : "Could not load the community library." });
    } finally {
      if (ticket === latest.current) setBusyMore(false);
    }
  };

  useEffect(() => {
    document.title = "Community library · Huddle";
    if (!auth) return;
    void read(filter, false);
    api<{ drives: Drive[] }>("GET", "/drives").then(
      (found) => setDrives(found?.drives ?? []),
      () => setDrives([]),
    );
  }, []);

  if (!auth) return null;
  const apply = (patch: Partial<LibraryFilter>) => {
    const next = { ...filter, ...patch, offset: 0 };
    setFilter(next);
    void read(next, false);
  };
  const update = (saved: Partial<CommunityItem> & { id: string }) =>
    setLoad((prev) => (prev.status === "ok" ? { ...prev, items: prev.items.map((c) => (c.id === saved.id ? { ...c, ...saved } : c)) } : prev));

  return (
    <HostShell auth={auth} section="community">
      <div class="page-head">
        <div>
          <h1>Community library</h1>
          <p class="muted-dark">Questions and tips from your colleagues, approved by the hosts.</p>
        </div>
        <a class="btn btn-primary" href="/contribute">
          Add a question
        </a>
      </div>
      <form
        class="card contrib-filters"
        role="search"
        aria-label="Filter the community library"
        onSubmit={(e) => {
          e.preventDefault();
          apply({ tag: tagText });
        }}
      >
        <div class="field">
          <label class="field-label small" for="lib-kind">
            Show
          </label>
          <select id="lib-kind" class="input" value={filter.kind} onChange={(e) => apply({ kind: (e.target as HTMLSelectElement).value as LibraryFilter["kind"] })}>
            <option value="">Questions and tips</option>
            <option value="question">Questions</option>
            <option value="tip">Tips</option>
          </select>
        </div>
        <div class="field">
          <label class="field-label small" for="lib-tag">
            Tag
          </label>
          <div class="row contrib-tag-row">
            <input id="lib-tag" class="input" value={tagText} placeholder="e.g. safety" onInput={(e) => setTagText((e.target as HTMLInputElement).value)} />
            <button type="submit" class="btn btn-ghost-dark">
              Filter
            </button>
          </div>
        </div>
        {drives.length ? (
          <div class="field">
            <label class="field-label small" for="lib-drive">
              Question drive
            </label>
            <select id="lib-drive" class="input" value={filter.driveId} onChange={(e) => apply({ driveId: (e.target as HTMLSelectElement).value })}>
              <option value="">Any</option>
              {drives.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.title}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <div class="field">
          <label class="field-label small" for="lib-sort">
            Sort by
          </label>
          <select id="lib-sort" class="input" value={filter.sort} onChange={(e) => apply({ sort: (e.target as HTMLSelectElement).value as LibraryFilter["sort"] })}>
            <option value="votes">Most votes</option>
            <option value="new">Newest</option>
          </select>
        </div>
      </form>
      {load.status === "loading" ? (
        <Spinner label="Loading the community library…" />
      ) : load.status === "error" ? (
        <div class="card">
          <Alert>{load.message}</Alert>
          <button type="button" class="btn btn-primary" onClick={() => void read(filter, false)}>
            Try again
          </button>
        </div>
      ) : (
        <>
          <p class="sr-only" role="status">
            {load.items.length ? `${load.items.length} shown.` : "Nothing found."}
          </p>
          {load.items.length ? (
            <ul class="contrib-list" data-testid="community-list">
              {load.items.map((c) => (
                <LibraryItem key={c.id} c={c} own={!!c.own || c.author?.id === auth.host.id} onChange={update} />
              ))}
            </ul>
          ) : (
            <div class="card">
              <p>Nothing here yet. Approved questions and tips show up here.</p>
            </div>
          )}
          {load.more ? (
            <button
              type="button"
              class="btn btn-ghost-dark"
              disabled={busyMore}
              onClick={() => {
                const next = { ...filter, offset: load.items.length };
                setFilter(next);
                void read(next, true);
              }}
            >
              {busyMore ? "Loading…" : "Show more"}
            </button>
          ) : null}
        </>
      )}
    </HostShell>
  );
}
