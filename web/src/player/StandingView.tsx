// The player's view while the big screen shows the leaderboard.

import { TeamStandings } from "../components/Leaderboard";
import { num, ordinal } from "../format";
import { finalRank, finalScore, myTeam, type PlayerModel } from "../player-model";

/** This player's place, the gap to the one ahead, and the team's place. */
export function StandingView({ model }: { model: PlayerModel }) {
  const rank = finalRank(model);
  const board = model.state?.leaderboard ?? [];
  const me = model.player?.id;
  const idx = board.findIndex((r) => r.player_id === me);
  const ahead = idx > 0 ? board[idx - 1] : null;
  const score = finalScore(model);
  const team = myTeam(model);
  return (
    <section class="player-card center standing" data-testid="standing">
      <p class="muted">Your place</p>
      <p class="rank-big">{ordinal(rank)}</p>
      <p class="lead">{num(score)} points</p>
      {ahead ? (
        <p class="muted">
          {num(ahead.score - score)} points behind {ahead.nickname}
        </p>
      ) : rank === 1 ? (
        <p class="muted">You're in the lead!</p>
      ) : null}
      {team ? (
        <p class="lead team-line">
          Team <strong>{team.team}</strong> is {ordinal(team.rank)} with {num(team.score)} points
        </p>
      ) : null}
      {model.state?.teams && model.state.teams.length ? (
        <TeamStandings teams={model.state.teams} highlight={model.player?.team} />
      ) : null}
    </section>
  );
}
