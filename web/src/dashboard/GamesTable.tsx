// The dashboard's past games: each with its status, and Results once finished or the running
// game's console and End.

import { DataTable } from "../components/DataTable";
import { GameActions } from "../components/GameActions";
import { formatPin } from "../components/ui";
import { dateTime } from "../format";
import type { GameSummary } from "../protocol";

/** A game's status word; `ending` while a game ended from this list saves its results. */
function status(g: GameSummary, ending: boolean): string {
  if (g.finished_ms) return "Finished";
  if (ending) return "Saving results";
  if (g.running === false) return "Not running";
  return g.phase === "lobby" ? "In the lobby" : "Running";
}

export function GamesTable(props: {
  games: GameSummary[] | null;
  /** The games ended from this list. */
  ended: Set<string>;
  onEnded: (g: GameSummary) => void;
  onError: (message: string) => void;
}) {
  const { games, ended } = props;
  return (
    <section id="games" class="games-section" aria-labelledby="games-title">
      <h2 id="games-title">Past games</h2>
      {games === null ? null : games.length === 0 ? (
        <p class="muted-dark">No games yet. Start one from a quiz above.</p>
      ) : (
        <div class="table-wrap card">
          <DataTable
            rows={games}
            rowKey={(g) => g.id}
            columns={[
              { head: "Quiz", cell: (g) => g.title },
              { head: "Started", cell: (g) => dateTime(g.started_ms ?? g.created_ms) },
              { head: "PIN", cellClass: "mono", cell: (g) => formatPin(g.pin) },
              {
                head: "Status",
                cell: (g) => (
                  <span class={`status status-${g.finished_ms ? "done" : "live"}`} data-testid="game-status">
                    {status(g, ended.has(g.id))}
                  </span>
                ),
              },
              {
                head: <span class="sr-only">Actions</span>,
                cellClass: "right",
                cell: (g) =>
                  g.finished_ms ? (
                    <a class="btn btn-ghost-dark btn-sm" href={`/games/${encodeURIComponent(g.id)}`}>
                      Results<span class="sr-only"> of {g.title}</span>
                    </a>
                  ) : g.running ? (
                    <GameActions gameId={g.id} label={`of ${g.title}`} onEnded={() => props.onEnded(g)} onError={props.onError} />
                  ) : null,
              },
            ]}
          />
        </div>
      )}
    </section>
  );
}
