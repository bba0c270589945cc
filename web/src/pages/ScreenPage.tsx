import { useEffect, useMemo, useReducer, useState } from "preact/hooks";
import { ClockOffset, stateStamps } from "../clock";
import {
  FinishedStage,
  joinHost,
  LobbyStage,
  QuestionStage,
  RevealStage,
  ScoreboardStage,
} from "../components/Stage";
import { ConnectionBanner, formatPin, Logo, Spinner } from "../components/ui";
import { joinError } from "../format";
import { emptyFeed, feedReducer, joinUrlFor } from "../game-feed";
import { connect, request } from "../live";
import type { Progress, Roster, State } from "../protocol";
import { queryParam } from "../router";

export function ScreenPage({ pin }: { pin: string }) {
  const [feed, dispatch] = useReducer(feedReducer, undefined, emptyFeed);
  const [connected, setConnected] = useState(false);
  const [everConnected, setEverConnected] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const clock = useMemo(() => new ClockOffset(), []);
  const joinUrl = joinUrlFor(pin, queryParam("join"));

  useEffect(() => {
    document.title = `Game ${formatPin(pin)} · Huddle`;
    const socket = connect("/screen");
    let closed = false;
    let retry = 0;
    const watch = async () => {
      const ack = await request<{ state: State; roster: Roster }>(socket, "watch", { pin });
      if (closed) return;
      if (ack.ok) {
        setError(null);
        dispatch({ type: "state", state: ack.state });
        dispatch({ type: "roster", roster: ack.roster });
      } else if (ack.error.code === "game_not_found") {
        setError(joinError("game_not_found"));
        retry = window.setTimeout(() => socket.connected && void watch(), 5000);
      } else {
        retry = window.setTimeout(() => socket.connected && void watch(), 1500);
      }
    };
    socket.on("connect", () => {
      setConnected(true);
      setEverConnected(true);
      void watch();
    });
    socket.on("disconnect", () => setConnected(false));
    socket.on("state", (s: State) => {
      for (const stamp of stateStamps(s)) clock.sample(stamp);
      dispatch({ type: "state", state: s });
    });
    socket.on("roster", (r: Roster) => dispatch({ type: "roster", roster: r }));
    socket.on("progress", (p: Progress) => dispatch({ type: "progress", progress: p }));
    return () => {
      closed = true;
      window.clearTimeout(retry);
      socket.disconnect();
    };
  }, [pin]);

  const s = feed.state;
  return (
    <main class={`page-screen phase-${s?.phase ?? "none"}`}>
      <ConnectionBanner connected={connected} everConnected={everConnected} />
      {s && s.phase !== "lobby" ? (
        <header class="screen-top">
          <Logo size="sm" />
          <span class="screen-join">
            Join at <strong>{joinHost(joinUrl)}</strong> · PIN <strong>{formatPin(pin)}</strong>
          </span>
          <span class="screen-players">{s.players} players</span>
        </header>
      ) : null}
      {error ? (
        <div class="stage center">
          <Logo size="lg" />
          <h1 class="big-msg">{error}</h1>
        </div>
      ) : !s ? (
        <div class="stage center">
          <Spinner label="Connecting…" />
        </div>
      ) : s.phase === "lobby" ? (
        <LobbyStage pin={pin} joinUrl={joinUrl} title={s.title} players={feed.roster.players} count={feed.roster.count} />
      ) : s.phase === "question" && s.question ? (
        <QuestionStage key={s.question.index} q={s.question} clock={clock} progress={feed.progress} total={s.players} />
      ) : s.phase === "reveal" && s.question && s.reveal ? (
        <RevealStage q={s.question} reveal={s.reveal} />
      ) : s.phase === "scoreboard" ? (
        <ScoreboardStage
          key={s.seq}
          leaderboard={s.leaderboard ?? []}
          previous={feed.previousBoard}
          teams={s.teams}
        />
      ) : s.phase === "finished" ? (
        <FinishedStage leaderboard={s.leaderboard ?? []} teams={s.teams} title={s.title} />
      ) : null}
    </main>
  );
}
