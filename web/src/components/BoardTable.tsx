// A host leaderboard (an event's, or the lasting one): players and teams tabs, one page at a
// time, ranks shared by ties marked as such.

import { useEffect, useRef, useState } from "preact/hooks";
import type { ApiError } from "../api";
import { pageInfo, sharedRanks } from "../boards";
import { num, ordinal } from "../format";
import type { BoardKind, BoardPage, PlayerEntry, TeamEntry } from "../protocol";
import { type Column, DataTable } from "./DataTable";
import { Alert, Spinner } from "./ui";

export interface BoardTableProps {
  id: string;
  kind: BoardKind;
  offset: number;
  limit: number;
  load: (kind: BoardKind, offset: number, limit: number) => Promise<BoardPage>;
  onChange: (change: { kind?: BoardKind; offset?: number }) => void;
  /** Anything else the board depends on (a season): a change loads it again. */
  reloadKey?: string;
  /** Words for an empty board. */
  empty: { players: string; teams: string };
  label: string;
}

const KINDS: { kind: BoardKind; label: string }[] = [
  { kind: "players", label: "Players" },
  { kind: "teams", label: "Teams" },
];

export function RankCell({ rank, shared }: { rank: number; shared: boolean }) {
  return (
    <span class={`rank-cell ${rank <= 3 ? `top top-${rank}` : ""}`}>
      {shared ? (
        <>
          <span aria-hidden="true">={rank}</span>
          <span class="sr-only">{ordinal(rank)}, tied</span>
        </>
      ) : (
        <>
          <span aria-hidden="true">{rank}</span>
          <span class="sr-only">{ordinal(rank)}</span>
        </>
      )}
    </span>
  );
}

export function BoardTable({ id, kind, offset, limit, load, onChange, reloadKey = "", empty, label }: BoardTableProps) {
  const [page, setPage] = useState<BoardPage | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const tabs = useRef<(HTMLButtonElement | null)[]>([]);

  useEffect(() => {
    let live = true;
    setLoading(true);
    setError(null);
    load(kind, offset, limit)
      .then((p) => {
        if (!live) return;
        setPage(p);
        // A page past the end (the board shrank): go back to the first one.
        if (p.entries.length === 0 && p.total > 0 && offset > 0) onChange({ offset: 0 });
      })
      .catch((e: ApiError) => live && setError(e.message))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [kind, offset, limit, reloadKey]);

  const shown = page && page.kind === kind ? page : null;
  const info = shown ? pageInfo(shown.offset, shown.limit, shown.total, shown.entries.length) : null;
  const shared = shown ? sharedRanks(shown.entries, shown.offset) : [];

  const onTabKey = (e: KeyboardEvent, i: number) => {
    if (e.key !== "ArrowRight" && e.key !== "ArrowLeft" && e.key !== "Home" && e.key !== "End") return;
    e.preventDefault();
    const next = e.key === "Home" ? 0 : e.key === "End" ? KINDS.length - 1 : (i + (e.key === "ArrowRight" ? 1 : -1) + KINDS.length) % KINDS.length;
    onChange({ kind: KINDS[next].kind, offset: 0 });
    tabs.current[next]?.focus();
  };

  return (
    <div class="board-table" data-testid={`${id}-board`}>
      <div class="tabs" role="tablist" aria-label={label}>
        {KINDS.map((k, i) => (
          <button
            key={k.kind}
            ref={(el) => {
              tabs.current[i] = el;
            }}
            type="button"
            role="tab"
            id={`${id}-tab-${k.kind}`}
            aria-selected={kind === k.kind ? "true" : "false"}
            aria-controls={`${id}-panel`}
            tabIndex={kind === k.kind ? 0 : -1}
            class={`tab ${kind === k.kind ? "active" : ""}`}
            onClick={() => kind !== k.kind && onChange({ kind: k.kind, offset: 0 })}
            onKeyDown={(e) => onTabKey(e, i)}
          >
            {k.label}
          </button>
        ))}
      </div>
      <div class="tab-panel" role="tabpanel" id={`${id}-panel`} aria-labelledby={`${id}-tab-${kind}`} aria-busy={loading ? "true" : "false"}>
        {error ? <Alert>{error}</Alert> : null}
        {!shown ? (
          error ? null : <Spinner label="Loading the leaderboard…" />
        ) : shown.entries.length === 0 ? (
          <div class="board-empty-host">
            <p>{kind === "players" ? empty.players : empty.teams}</p>
          </div>
        ) : (
          <div class={`table-wrap ${loading ? "is-loading" : ""}`}>
            {kind === "players" ? (
              <PlayersTable entries={shown.entries as PlayerEntry[]} shared={shared} id={id} />
            ) : (
              <TeamsTable entries={shown.entries as TeamEntry[]} shared={shared} id={id} />
            )}
          </div>
        )}
        {info && shown && shown.total > 0 ? (
          <nav class="pager" aria-label={`${label}: pages`}>
            <span class="pager-info" data-testid={`${id}-range`}>
              {info.first}–{info.last} of {num(shown.total)}
            </span>
            {info.pages > 1 ? (
              <>
                <button
                  type="button"
                  class="btn btn-ghost-dark btn-sm"
                  disabled={info.prevOffset === null || loading}
                  onClick={() => info.prevOffset !== null && onChange({ offset: info.prevOffset })}
                >
                  <span aria-hidden="true">←</span> Previous<span class="sr-only"> page</span>
                </button>
                <span class="pager-page">
                  Page {info.page} of {info.pages}
                </span>
                <button
                  type="button"
                  class="btn btn-ghost-dark btn-sm"
                  disabled={info.nextOffset === null || loading}
                  onClick={() => info.nextOffset !== null && onChange({ offset: info.nextOffset })}
                >
                  Next<span class="sr-only"> page</span> <span aria-hidden="true">→</span>
                </button>
              </>
            ) : null}
          </nav>
        ) : null}
      </div>
    </div>
  );
}

/** A board page: rank (ties marked), the name, score, games and wins, then one more column. */
function EntriesTable<E extends PlayerEntry | TeamEntry>({
  testId,
  entries,
  shared,
  rowKey,
  name,
  last,
}: {
  testId: string;
  entries: E[];
  shared: boolean[];
  rowKey: (entry: E) => string;
  name: Column<E>;
  last: Column<E>;
}) {
  return (
    <DataTable
      class="table board-tbl"
      testId={testId}
      rows={entries}
      rowKey={rowKey}
      rowClass={(_, i) => (shared[i] ? "tied" : "")}
      columns={[
        { head: "Rank", cell: (e, i) => <RankCell rank={e.rank} shared={shared[i]} /> },
        name,
        { head: "Score", right: true, cellClass: "num", cell: (e) => num(e.score) },
        { head: "Games", right: true, cell: (e) => num(e.games) },
        { head: "Wins", right: true, cell: (e) => num(e.wins) },
        last,
      ]}
    />
  );
}

function PlayersTable({ entries, shared, id }: { entries: PlayerEntry[]; shared: boolean[]; id: string }) {
  const identifiers = entries.some((e) => e.identifier);
  return (
    <EntriesTable
      testId={`${id}-players`}
      entries={entries}
      shared={shared}
      rowKey={(e) => e.identity_id}
      name={{
        head: "Player",
        cell: (e) => (
          <>
            <span class="who">{e.nickname}</span>
            {identifiers ? <span class="who-id">{e.identifier ?? "device only"}</span> : null}
          </>
        ),
      }}
      last={{ head: "Correct", right: true, cell: (e) => num(e.correct) }}
    />
  );
}

function TeamsTable({ entries, shared, id }: { entries: TeamEntry[]; shared: boolean[]; id: string }) {
  return (
    <EntriesTable
      testId={`${id}-teams`}
      entries={entries}
      shared={shared}
      rowKey={(e) => (e.team_id ? `id:${e.team_id}` : `name:${e.team}`)}
      name={{ head: "Team", cell: (e) => <span class="who">{e.team}</span> }}
      last={{ head: <abbr title="Players over all games">Players</abbr>, right: true, cell: (e) => num(e.members) }}
    />
  );
}
