// The player's view when the game is over: the final place, the badges earned, the top three.

import { useEffect, useState } from "preact/hooks";
import { signedIn } from "../auth";
import { BadgeCard } from "../components/Badge";
import { Trophy } from "../components/icons";
import { num, ordinal, plural } from "../format";
import { badgeAnnouncement } from "../milestones";
import { finalRank, finalScore, myTeam, type PlayerModel } from "../player-model";
import type { Milestone } from "../protocol";

/** The final place and score, the new badges and the mini podium. */
export function FinishedView({ model }: { model: PlayerModel }) {
  const rank = finalRank(model);
  const score = finalScore(model);
  const team = myTeam(model);
  const top = (model.state?.leaderboard ?? []).slice(0, 3);
  return (
    <section class="player-card center finished" data-testid="final">
      <p class="muted">Game over</p>
      {rank === 1 ? (
        <div class="trophy">
          <Trophy />
        </div>
      ) : null}
      <h1 class="rank-big" data-testid="final-rank">
        {ordinal(rank)} place
      </h1>
      <p class="lead">
        {num(score)} points · {plural(model.state?.leaderboard?.length ? Math.max(model.state.players, model.state.leaderboard.length) : model.state?.players ?? 0, "player")}
      </p>
      {team ? (
        <p class="lead team-line">
          Team <strong>{team.team}</strong> finished {ordinal(team.rank)}
        </p>
      ) : null}
      <NewBadges milestones={model.milestones} />
      {top.length ? (
        <ol class="mini-podium" aria-label="Top players">
          {top.map((r) => (
            <li key={r.player_id} class={r.player_id === model.player?.id ? "me" : ""}>
              <span class="mp-rank">{ordinal(r.rank)}</span>
              <span class="mp-name">{r.nickname}</span>
              <span class="mp-score">{num(r.score)}</span>
            </li>
          ))}
        </ol>
      ) : null}
      <p class="lead">Thanks for playing!</p>
      <a class="btn btn-cta btn-lg" href="/">
        Join another game
      </a>
      <a class="btn btn-ghost btn-lg" href="/me">
        Your games and badges
      </a>
      <NextTimeLink gameId={model.state?.game_id ?? null} />
    </section>
  );
}

/** "Add a question for next time" (`/contribute?after=<game>`); a guest is asked to sign in first. */
function NextTimeLink({ gameId }: { gameId: string | null }) {
  const href = gameId ? `/contribute?after=${encodeURIComponent(gameId)}` : "/contribute";
  if (signedIn()) {
    return (
      <a class="btn btn-ghost btn-lg" href={href} data-testid="next-time">
        Add a question for next time
      </a>
    );
  }
  return (
    <p class="muted next-time">
      <a href={`/login?next=${encodeURIComponent(href)}`} data-testid="next-time">
        Sign in to add a question
      </a>{" "}
      for next time.
    </p>
  );
}

/** The badges earned in this game, as they arrive; a live region says each one out loud. */
function NewBadges({ milestones }: { milestones: Milestone[] }) {
  const [announce, setAnnounce] = useState("");
  useEffect(() => {
    // Set after the region is on the page, so screen readers hear the change.
    setAnnounce(badgeAnnouncement(milestones.map((m) => m.title)));
  }, [milestones.length]);
  return (
    <>
      <p class="sr-only" role="status" aria-live="polite" aria-atomic="true" data-testid="badge-announcement">
        {announce}
      </p>
      {milestones.length ? (
        <section class="new-badges" aria-labelledby="new-badges-title" data-testid="new-badges">
          <h2 class="new-badges-title" id="new-badges-title">
            {milestones.length === 1 ? "You earned a badge!" : `You earned ${milestones.length} badges!`}
          </h2>
          <ul class="badge-list">
            {milestones.map((m, i) => (
              <BadgeCard key={m.code} code={m.code} title={m.title} description={m.description} index={i} fresh />
            ))}
          </ul>
          <a class="badge-more" href="/me">
            See all your badges <span aria-hidden="true">→</span>
          </a>
        </section>
      ) : null}
    </>
  );
}
