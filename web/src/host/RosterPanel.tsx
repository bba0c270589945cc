// The console's player list: who is connected, their teams (movable in the lobby), Kick and
// Ban; and the banned players with Unban.

import type { Ref } from "preact";
import { num, plural } from "../format";
import type { BannedPlayer, Phase, RosterPlayer } from "../protocol";

export function RosterPanel(props: {
  phase: Phase | null;
  players: RosterPlayer[];
  count: number;
  /** The game's teams when the host may move players (empty otherwise). */
  teamNames: string[];
  titleRef: Ref<HTMLHeadingElement>;
  /** The list holds the most recent players only: offer to load them all. */
  partial: boolean;
  onShowAll: () => void;
  onAssign: (p: RosterPlayer, team: string) => void;
  /** Kick or ban `p`; `row` is its list item (the focus leaves it). */
  onKick: (p: RosterPlayer, ban: boolean, row: Element | null) => void;
}) {
  const { phase, players, count, teamNames } = props;
  const choosing = teamNames.length > 0 && phase === "lobby";
  return (
    <section class="roster" aria-labelledby="roster-title">
      <h2 id="roster-title" class="roster-title" ref={props.titleRef} tabIndex={-1}>
        Players <span class="roster-count">{num(count)}</span>
      </h2>
      {players.length === 0 ? (
        <p class="muted-dark">No players yet.</p>
      ) : (
        <ul class="roster-list">
          {players.map((p) => (
            <li key={p.id} class="roster-row" data-player={p.id}>
              <span class={`dot ${p.connected ? "on" : "off"}`} aria-hidden="true" />
              <span class="roster-name">
                {p.nickname}
                {p.team && !choosing ? <span class="chip-team"> · {p.team}</span> : null}
                <span class="sr-only">{p.connected ? ", connected" : ", disconnected"}</span>
              </span>
              {choosing ? (
                <select
                  class="team-select"
                  aria-label={`Team of ${p.nickname}`}
                  value={p.team ?? ""}
                  onChange={(e) => props.onAssign(p, (e.target as HTMLSelectElement).value)}
                >
                  {p.team ? null : <option value="">No team</option>}
                  {teamNames.map((t) => (
                    <option key={t} value={t}>
                      {t}
                    </option>
                  ))}
                </select>
              ) : null}
              {phase !== "finished" ? (
                <>
                  <button type="button" class="mini-btn" onClick={(e) => props.onKick(p, false, e.currentTarget.closest("li"))} aria-label={`Kick ${p.nickname}`}>
                    Kick
                  </button>
                  <button type="button" class="mini-btn danger" onClick={(e) => props.onKick(p, true, e.currentTarget.closest("li"))} aria-label={`Ban ${p.nickname}`}>
                    Ban
                  </button>
                </>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {props.partial ? (
        <button type="button" class="btn btn-ghost btn-sm" onClick={props.onShowAll}>
          Show all {plural(count, "player")}
        </button>
      ) : null}
    </section>
  );
}

export function BannedList({ banned, onUnban }: { banned: BannedPlayer[]; onUnban: (p: BannedPlayer, row: Element | null) => void }) {
  return (
    <section class="roster" aria-labelledby="banned-title">
      <h2 id="banned-title" class="roster-title">
        Banned <span class="roster-count">{num(banned.length)}</span>
      </h2>
      <ul class="roster-list">
        {banned.map((p) => (
          <li key={p.id} class="banned-row" data-banned={p.id}>
            <span class="roster-name">{p.nickname}</span>
            <button type="button" class="mini-btn" onClick={(e) => onUnban(p, e.currentTarget.closest("li"))} aria-label={`Unban ${p.nickname}`}>
              Unban
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
