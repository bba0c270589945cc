import { useEffect, useState } from "preact/hooks";
import { LiveRegions } from "../components/LiveRegions";
import { SoundToggle, usePhaseCues, useScreenSound } from "../components/Sound";
import { joinHost, PhaseStage } from "../components/Stage";
import { ConnectionBanner, formatPin, Logo, Spinner } from "../components/ui";
import { joinError, plural } from "../format";
import { joinUrlFor } from "../game-feed";
import { useAnnouncer, useScreenAnnouncements } from "../hooks/announcer";
import { useGameFeed } from "../hooks/live-link";
import { queryParam } from "../router";

export function ScreenPage({ pin }: { pin: string }) {
  const [error, setError] = useState<string | null>(null);
  const joinUrl = joinUrlFor(pin, queryParam("join"));
  // The host's big-screen link carries the game's screen key: with it the screen shows the whole
  // question; with the PIN alone, what a phone shows.
  const key = queryParam("key");
  const { feed, clock, connected, everConnected } = useGameFeed(
    "/screen",
    {
      event: "watch",
      payload: key ? { pin, key } : { pin },
      onAck: (ack) => {
        if (ack.ok) {
          setError(null);
          return null;
        }
        if (ack.error.code === "game_not_found") {
          setError(joinError("game_not_found"));
          return 5000;
        }
        if (ack.error.code === "forbidden") {
          setError("This big-screen link is not right. Open the big screen again from the host console.");
          return null;
        }
        return 1500;
      },
    },
    [pin, key],
  );

  useEffect(() => {
    document.title = `Game ${formatPin(pin)} · Huddle`;
  }, [pin]);

  const s = feed.state;
  const { polite, assertive, say } = useAnnouncer();
  useScreenAnnouncements(s, say, clock);
  const sound = useScreenSound();
  usePhaseCues(sound, s, clock);
  return (
    <main class={`page-screen phase-${s?.phase ?? "none"}`}>
      <LiveRegions polite={polite} assertive={assertive} />
      <ConnectionBanner connected={connected} everConnected={everConnected} />
      <header class="screen-top">
        <Logo size="sm" />
        {s && s.phase !== "lobby" ? (
          <>
            <span class="screen-join">
              Join at <strong>{joinHost(joinUrl)}</strong> · PIN <strong>{formatPin(pin)}</strong>
            </span>
            {/* The roster's count follows every join and kick; the state's is as of its phase. */}
            <span class="screen-players" data-testid="screen-players">
              {plural(feed.roster.count, "player")}
            </span>
          </>
        ) : (
          <span class="screen-join" />
        )}
        <SoundToggle sound={sound} />
      </header>
      {error ? (
        <div class="stage center">
          <Logo size="lg" />
          <h1 class="big-msg">{error}</h1>
        </div>
      ) : !s ? (
        <div class="stage center">
          <Spinner label="Connecting…" />
        </div>
      ) : (
        <PhaseStage state={s} feed={feed} clock={clock} pin={pin} joinUrl={joinUrl} />
      )}
    </main>
  );
}
