// `/leaderboards`: the host's lasting leaderboards over all its games, all time or over a
// season (a date range), players and teams, a page at a time; tied players share a rank.

import { useEffect, useState } from "preact/hooks";
import { api } from "../api";
import { boardQuery, isIsoDate, isoDate, presetSeason, type Season, type SeasonPreset, seasonLabel, seasonQuery } from "../boards";
import { BoardTable } from "../components/BoardTable";
import { HostShell, useAuth } from "../components/HostShell";
import { ErrorText } from "../components/ui";
import type { BoardKind, BoardPage } from "../protocol";
import { queryParam } from "../router";
import { useBoardParams } from "../hooks/board-params";

const PRESETS: { preset: SeasonPreset; label: string }[] = [
  { preset: "month", label: "This month" },
  { preset: "quarter", label: "This quarter" },
  { preset: "year", label: "This year" },
  { preset: "30d", label: "Last 30 days" },
];

const sameSeason = (a: Season, b: Season) => a.from === b.from && a.until === b.until;

function initialSeason(): Season {
  const from = queryParam("from");
  const until = queryParam("until");
  return { from: isIsoDate(from) ? from : null, until: isIsoDate(until) ? until : null };
}

export function LeaderboardsPage() {
  const auth = useAuth();
  const board = useBoardParams();
  // The season the board shows, and the one being edited in the form.
  const [season, setSeason] = useState<Season>(initialSeason);
  const [draft, setDraft] = useState<Season>(season);
  const [mode, setMode] = useState<"all" | "season">(season.from || season.until ? "season" : "all");
  const [seasonError, setSeasonError] = useState<{ field: "from" | "until"; message: string } | null>(null);

  useEffect(() => {
    document.title = "Leaderboards · Huddle";
  }, []);

  if (!auth) return null;

  const apply = (next: Season) => {
    const checked = seasonQuery(next);
    if (!checked.ok) {
      setSeasonError({ field: checked.field, message: checked.message });
      document.getElementById(checked.field === "from" ? "season-from" : "season-until")?.focus();
      return;
    }
    setSeasonError(null);
    setSeason(next);
    setDraft(next);
    board.change({ offset: 0 }, { from: next.from, until: next.until });
  };

  const today = isoDate(Date.now());
  const query = seasonQuery(season);
  const loadBoard = (kind: BoardKind, offset: number, limit: number) => {
    const range = query.ok ? { from: query.from, to: query.to } : {};
    return api<BoardPage>("GET", `/leaderboards${boardQuery({ kind, offset, limit, ...range })}`);
  };

  return (
    <HostShell auth={auth} section="leaderboards" wide>
      <div class="page-head">
        <div>
          <h1>Leaderboards</h1>
          <p class="muted-dark">
            Everyone who played your games, added up. Players are recognised by their device, or by their e-mail or ID where
            an event asked for it.
          </p>
        </div>
      </div>
      <section class="card season-card" aria-labelledby="season-title">
        <h2 id="season-title">Period</h2>
        <div class="season-modes" role="radiogroup" aria-label="Period">
          <label class={`radio-card ${mode === "all" ? "checked" : ""}`}>
            <input
              type="radio"
              name="season-mode"
              checked={mode === "all"}
              onChange={() => {
                setMode("all");
                apply({ from: null, until: null });
              }}
            />
            <span>
              <strong>All time</strong>
              <span class="hint-dark">Every game you have hosted.</span>
            </span>
          </label>
          <label class={`radio-card ${mode === "season" ? "checked" : ""}`}>
            <input
              type="radio"
              name="season-mode"
              checked={mode === "season"}
              onChange={() => {
                setMode("season");
                if (!draft.from && !draft.until) setDraft(presetSeason("quarter", today));
              }}
            />
            <span>
              <strong>A season</strong>
              <span class="hint-dark">Games finished between two dates.</span>
            </span>
          </label>
        </div>
        {mode === "season" ? (
          <form
            class="season-form"
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              apply(draft);
            }}
          >
            <div class="season-presets" role="group" aria-label="Quick picks">
              {PRESETS.map((p) => (
                <button
                  key={p.preset}
                  type="button"
                  class="chip-btn"
                  aria-pressed={sameSeason(season, presetSeason(p.preset, today)) ? "true" : "false"}
                  onClick={() => apply(presetSeason(p.preset, today))}
                >
                  {p.label}
                </button>
              ))}
            </div>
            <div class="season-dates">
              <div class="field">
                <label class="field-label small" for="season-from">
                  From
                </label>
                <input
                  id="season-from"
                  type="date"
                  class="input"
                  value={draft.from ?? ""}
                  onInput={(e) => setDraft((d) => ({ ...d, from: (e.target as HTMLInputElement).value || null }))}
                  aria-invalid={seasonError?.field === "from" ? "true" : undefined}
                  aria-describedby={seasonError?.field === "from" ? "season-from-error" : undefined}
                />
                <ErrorText id="season-from-error" message={seasonError?.field === "from" ? seasonError.message : null} />
              </div>
              <div class="field">
                <label class="field-label small" for="season-until">
                  To <span class="optional">(included)</span>
                </label>
                <input
                  id="season-until"
                  type="date"
                  class="input"
                  value={draft.until ?? ""}
                  min={draft.from ?? undefined}
                  onInput={(e) => setDraft((d) => ({ ...d, until: (e.target as HTMLInputElement).value || null }))}
                  aria-invalid={seasonError?.field === "until" ? "true" : undefined}
                  aria-describedby={seasonError?.field === "until" ? "season-until-error" : undefined}
                />
                <ErrorText id="season-until-error" message={seasonError?.field === "until" ? seasonError.message : null} />
              </div>
              <button type="submit" class="btn btn-primary season-apply">
                Show this period
              </button>
            </div>
          </form>
        ) : null}
        <p class="season-now" role="status">
          Showing: <strong data-testid="season-label">{seasonLabel(season)}</strong>
          <span class="muted-dark"> (dates in UTC)</span>
        </p>
      </section>
      <section class="card" aria-labelledby="lasting-title">
        <h2 id="lasting-title">{board.kind === "players" ? "Top players" : "Top teams"}</h2>
        <BoardTable
          id="lasting"
          label="Lasting leaderboard"
          kind={board.kind}
          offset={board.offset}
          limit={board.limit}
          load={loadBoard}
          onChange={(c) => board.change(c)}
          reloadKey={`${season.from}-${season.until}`}
          empty={{
            players:
              season.from || season.until
                ? "Nobody played in this period."
                : "No players yet. Players appear here once they have finished a game.",
            teams: season.from || season.until ? "No team games finished in this period." : "No team games yet.",
          }}
        />
        <p class="hint-dark ties-note">
          Equal scores are split by the lower total time of right answers; players equal in both share a rank, shown as “=2”.
        </p>
      </section>
    </HostShell>
  );
}
