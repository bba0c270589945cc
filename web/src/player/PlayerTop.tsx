// The bar at the top of every player view: the logo, and once joined the nickname, team and score.

import { Logo } from "../components/ui";
import { num } from "../format";
import type { PlayerModel } from "../player-model";

/** The player's name, team and score, always in view. */
export function PlayerTop({ model }: { model: PlayerModel }) {
  const p = model.player;
  return (
    <header class="player-top">
      <Logo size="sm" />
      {p ? (
        <div class="player-id">
          <span class="player-nick" data-testid="nickname">
            {p.nickname}
          </span>
          {p.team ? <span class="team-chip">{p.team}</span> : null}
          <span class="score-pill" data-testid="score">
            {num(model.me?.score ?? 0)}
            <span class="sr-only"> points</span>
          </span>
        </div>
      ) : null}
    </header>
  );
}
