import { useEffect, useRef, useState } from "preact/hooks";
import { useFit } from "./fit";
import { num, ordinal } from "../format";
import type { LeaderRow, TeamRow } from "../protocol";
import { prefersReducedMotion, useCountUp } from "./motion";

function Score({ from, to, run }: { from: number; to: number; run: boolean }) {
  const value = useCountUp(from, to, run);
  return <>{num(value)}</>;
}

interface BoardProps {
  /** `detail`: a short line beside the name (the event screen: rounds played). */
  rows: (LeaderRow & { detail?: string })[];
  /** The leaderboard shown last time: rows slide from their old places to the new ones. */
  previous?: LeaderRow[] | null;
  highlight?: string | null;
  title?: string;
}

/** The top 10, animated from the previous standings (still with prefers-reduced-motion). */
export function Leaderboard({ rows, previous, highlight, title = "Leaderboard" }: BoardProps) {
  const animate = !prefersReducedMotion();
  const [settled, setSettled] = useState(!animate);
  useEffect(() => {
    if (!animate) return;
    let inner = 0;
    const outer = requestAnimationFrame(() => {
      inner = requestAnimationFrame(() => setSettled(true));
    });
    return () => {
      cancelAnimationFrame(outer);
      cancelAnimationFrame(inner);
    };
  }, []);
  const prevIndex = new Map((previous ?? []).map((r, i) => [r.player_id, i]));
  const prevScore = new Map((previous ?? []).map((r) => [r.player_id, r.score]));
  const hasPrevious = !!previous && previous.length > 0;
  if (rows.length === 0) {
    return (
      <section class="board-wrap" aria-label={title}>
        <p class="board-empty">No players yet.</p>
      </section>
    );
  }
  return (
    <section class="board-wrap" aria-label={title}>
      <ol class="board" style={{ "--n": rows.length }}>
        {rows.map((r, i) => {
          const was = prevIndex.get(r.player_id);
          const pos = settled ? i : hasPrevious ? (was ?? rows.length) : i;
          const entering = !settled && (hasPrevious ? was === undefined : true);
          const moved = hasPrevious && was !== undefined ? was - i : 0;
          return (
            <li
              key={r.player_id}
              class={`board-row ${r.player_id === highlight ? "me" : ""} ${entering ? "entering" : ""} ${
                hasPrevious ? "" : "fresh"
              }`}
              style={{ "--pos": pos, "--i": i }}
              data-player={r.player_id}
            >
              <span class="board-rank">
                <span class="sr-only">Rank </span>
                {r.rank}
              </span>
              <span class="board-name">{r.nickname}</span>
              {r.team ? <span class="board-team">{r.team}</span> : null}
              {r.detail ? <span class="board-detail">{r.detail}</span> : null}
              {moved > 0 ? (
                <span class="board-move up">
                  <span aria-hidden="true">▲</span>
                  <span class="sr-only">up</span> {moved}
                </span>
              ) : null}
              <span class="board-score">
                <Score from={prevScore.get(r.player_id) ?? 0} to={r.score} run={settled} />
                <span class="sr-only"> points</span>
              </span>
            </li>
          );
        })}
      </ol>
    </section>
  );
}

export function TeamStandings({
  teams,
  highlight,
  title = "Teams",
}: {
  /** `detail` replaces the player count (the event screen: round wins). */
  teams: (TeamRow & { detail?: string })[];
  highlight?: string | null;
  title?: string;
}) {
  if (!teams.length) return null;
  const top = Math.max(1, ...teams.map((t) => t.score));
  return (
    <section class="teams" aria-label="Team standings">
      <h3 class="teams-title">{title}</h3>
      <ol class="teams-list">
        {teams.map((t) => (
          <li key={t.team} class={`team-row ${t.team === highlight ? "me" : ""}`} data-team={t.team}>
            <span class="team-rank">{ordinal(t.rank)}</span>
            <span class="team-name">
              {t.team}
              <span class="team-members">
                <span class="sep"> · </span>
                {t.detail ?? `${t.members} ${t.members === 1 ? "player" : "players"}`}
              </span>
            </span>
            <span class="team-bar" aria-hidden="true">
              <span class="team-bar-fill" style={{ width: `${Math.max(4, (t.score / top) * 100)}%` }} />
            </span>
            <span class="team-score">{num(t.score)}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}

export function Podium({ rows }: { rows: { nickname: string; score: number; rank: number; player_id: string }[] }) {
  const top = rows.slice(0, 3);
  const order = [top[1], top[0], top[2]];
  const places = ["second", "first", "third"];
  // Names shrink together until the longest one fits its column, rather than being cut.
  const box = useRef<HTMLElement>(null);
  useFit(box, [top.map((r) => r.nickname).join("\n")]);
  return (
    <section class="podium" aria-label="Podium" ref={box}>
      <ol class="sr-only">
        {top.map((r) => (
          <li key={r.player_id}>
            {ordinal(r.rank)}: {r.nickname}, {num(r.score)} points
          </li>
        ))}
      </ol>
      <div class="podium-stage" aria-hidden="true">
        {order.map((r, i) =>
          r ? (
            <div class={`podium-col podium-${places[i]}`} key={r.player_id} data-place={places[i]}>
              <div class="podium-name" data-fit-clip>
                {r.nickname}
              </div>
              <div class="podium-score">{num(r.score)}</div>
              <div class="podium-block">
                <span class="podium-medal">{r.rank}</span>
              </div>
            </div>
          ) : (
            <div class={`podium-col podium-${places[i]} podium-empty`} key={`empty-${i}`}>
              <div class="podium-block" />
            </div>
          ),
        )}
      </div>
    </section>
  );
}
