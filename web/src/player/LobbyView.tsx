// The player's view while the game waits in its lobby.

import { Alert, Pulse } from "../components/ui";
import { playingAs, signedIn } from "../auth";
import type { PlayerModel } from "../player-model";

/** "You're in!": the nickname (or the one given instead of a refused one), the team, and who
 *  the player is when signed in ("Playing as Ann"). */
export function LobbyView({ model, renamed }: { model: PlayerModel; renamed: string | null }) {
  // Signed in: the results, badges and history go to the person, whatever the device.
  const as = playingAs(model.player, signedIn());
  return (
    <section class="player-card center lobby-wait" data-testid="lobby">
      {renamed ? (
        <Alert kind="info">That nickname is not allowed here, so you play as {renamed}.</Alert>
      ) : null}
      <Pulse />
      <h1 class="big-msg">You're in!</h1>
      <p class="nick-big">{model.player?.nickname}</p>
      {as ? (
        <p class="lead playing-as" data-testid="playing-as">
          Playing as <strong>{as}</strong>: your results go to your history on every device.
        </p>
      ) : null}
      <p class="lead">Look for your nickname on the big screen.</p>
      {model.player?.team ? (
        <p class="lead">
          You play for team <strong>{model.player.team}</strong>.
        </p>
      ) : null}
      <p class="muted" role="status">
        Waiting for the host to start…
      </p>
    </section>
  );
}
