// The player's phone: one game joined by PIN, its views following the game's phases (each view is
// a module of web/src/player/; the answer input is the question kind's, web/src/kinds/).

import { useEffect, useRef, useState } from "preact/hooks";
import { LiveRegions } from "../components/LiveRegions";
import { ConnectionBanner, Spinner } from "../components/ui";
import { answerError } from "../format";
import { useAnnouncer, usePlayerAnnouncements } from "../hooks/announcer";
import { usePlayerLink } from "../hooks/player-link";
import { peekPlayerKey } from "../identity";
import { AnswerView } from "../player/AnswerView";
import { FinishedView } from "../player/FinishedView";
import { LateNotice } from "../player/LateNotice";
import { LobbyView } from "../player/LobbyView";
import { LockedView } from "../player/LockedView";
import { myHistory } from "../player/my-history";
import { PlayerTop } from "../player/PlayerTop";
import { RevealView } from "../player/RevealView";
import { StandingView } from "../player/StandingView";
import { playerView } from "../player-model";
import { takeRenamed } from "../session";
import { lazyPage } from "../lazy";
import { load, type PlayerSession, playerKey } from "../storage";

// A self-paced challenge's run is a chunk of its own: a live game's phone never loads it.
const RunPage = lazyPage(() => import("../challenges/RunPage").then((m) => m.RunPage));

/** The page at /play/PIN: a live game, or the run of a challenge this device joined. */
export function PlayerPage({ pin }: { pin: string }) {
  const mode = load<PlayerSession>(playerKey(pin))?.mode;
  return mode === "challenge" ? <RunPage pin={pin} /> : <LivePlayer pin={pin} />;
}

function LivePlayer({ pin }: { pin: string }) {
  const { model, dispatch, connected, everConnected, fatal, seed, clock, pick } = usePlayerLink(pin);
  const [renamed] = useState(() => takeRenamed());
  const { polite, assertive, say } = useAnnouncer();
  usePlayerAnnouncements(model, clock, say);

  const view = playerView(model);
  const q = model.state?.question ?? null;
  const finishedGame = view === "finished" ? (model.state?.game_id ?? null) : null;

  // Badges are announced live at the end of the game; a phone that reloaded (or was offline for
  // that moment) finds this game's badges in its own history instead.
  const badgeCount = useRef(0);
  badgeCount.current = model.milestones.length;
  useEffect(() => {
    const key = peekPlayerKey();
    const asAccount = !!model.player?.account_id;
    if (!finishedGame || (!key && !asAccount)) return;
    let stop = false;
    const timer = window.setTimeout(async () => {
      if (stop || badgeCount.current > 0) return;
      const found = await myHistory(key, 0, 50, asAccount);
      if (stop || !found) return;
      for (const m of found.milestones) {
        if (m.game_id === finishedGame) dispatch({ type: "milestone", milestone: m });
      }
    }, 2500);
    return () => {
      stop = true;
      window.clearTimeout(timer);
    };
  }, [finishedGame]);

  useEffect(() => {
    const title = model.state?.title;
    document.title = `${title ? `${title} · ` : ""}Huddle`;
  }, [model.state?.title]);

  if (fatal) {
    return (
      <main class="page-player">
        <PlayerTop model={model} />
        <section class="player-card center">
          <h1 class="big-msg">{fatal}</h1>
          <a class="btn btn-cta btn-xl" href="/">
            Join another game
          </a>
        </section>
      </main>
    );
  }

  return (
    <main class={`page-player view-${view}`}>
      <LiveRegions polite={polite} assertive={assertive} />
      <ConnectionBanner connected={connected || view === "kicked"} everConnected={everConnected} />
      <PlayerTop model={model} />
      {view === "connecting" ? (
        <section class="player-card center">
          <Spinner label="Connecting to the game…" />
        </section>
      ) : view === "kicked" ? (
        <section class="player-card center" data-testid="kicked">
          <h1 class="big-msg">The host removed you from this game.</h1>
          <a class="btn btn-cta btn-xl" href="/">
            Join another game
          </a>
        </section>
      ) : view === "lobby" ? (
        <LobbyView model={model} renamed={renamed} />
      ) : view === "answer" && q ? (
        <AnswerView
          key={q.index}
          q={q}
          state={model.state!}
          clock={clock}
          seed={seed}
          onAnswer={(value) => pick(q.index, value)}
          message={model.refusal?.question === q.index ? answerError(model.refusal.code, model.refusal.message) : null}
        />
      ) : (view === "locked" || view === "sending") && q ? (
        <LockedView
          q={q}
          value={view === "locked" ? model.answers[q.index] : model.outbox?.value}
          clock={clock}
          sending={view === "sending"}
          online={connected}
        />
      ) : view === "missed" && q ? (
        <section class="player-card center" data-testid="missed">
          <LateNotice />
          <p class="muted" role="status">
            Waiting for the answers to be revealed…
          </p>
        </section>
      ) : view === "reveal" && q ? (
        <RevealView model={model} q={q} />
      ) : view === "scoreboard" ? (
        <StandingView model={model} />
      ) : view === "finished" ? (
        <FinishedView model={model} />
      ) : null}
    </main>
  );
}
