// `/screen/event/<id>`: the big screen between an event's rounds. It follows the event on its own
// (`/screen` `watch_event`), and each time a round's results reach the database the server
// pushes `event_leaderboard`: rows slide to their new places and scores count up.

import { useEffect, useReducer, useState } from "preact/hooks";
import { toLeaderRows } from "../boards";
import { Leaderboard, TeamStandings } from "../components/Leaderboard";
import { ConnectionBanner, Logo, Pulse, Spinner } from "../components/ui";
import { boardAnnouncement, emptyEventScreen, eventScreenReducer, isEventBoard } from "../event-screen";
import { num } from "../format";
import { useLiveLink } from "../hooks/live-link";
import type { TeamEntry } from "../protocol";
import { queryParam } from "../router";

function teamRows(teams: TeamEntry[]) {
  return teams.map((t) => ({
    rank: t.rank,
    team: t.team,
    score: t.score,
    members: t.members,
    detail: t.wins === 1 ? "1 round won" : `${num(t.wins)} rounds won`,
  }));
}

export function EventScreen({ eventId }: { eventId: string }) {
  const [s, dispatch] = useReducer(eventScreenReducer, undefined, emptyEventScreen);
  const [announce, setAnnounce] = useState("");
  const { connected, everConnected } = useLiveLink(
    "/screen",
    {
      event: "watch_event",
      // The event's screen key from the host's event page (the id alone is refused).
      payload: { event_id: eventId, key: queryParam("key") },
      onAck: (ack) => {
        if (ack.ok && isEventBoard(ack.event_leaderboard, eventId)) {
          dispatch({ type: "board", board: ack.event_leaderboard });
          return null;
        }
        if (!ack.ok && ["event_not_found", "invalid", "screen_key_required"].includes(ack.error.code)) {
          dispatch({ type: "error", message: "No event has this address. Check the link from the host's event page." });
          return 10000;
        }
        return 1500;
      },
      listeners: {
        event_leaderboard: (b: unknown) => {
          if (isEventBoard(b, eventId)) dispatch({ type: "board", board: b });
        },
      },
    },
    [eventId],
  );

  const board = s.board;
  useEffect(() => {
    document.title = `${board?.name ?? "Event"} · Huddle`;
  }, [board?.name]);
  useEffect(() => {
    // Only updates after the first board are news worth saying.
    if (s.version > 1) setAnnounce(boardAnnouncement(s));
  }, [s.version]);

  const rows = board ? toLeaderRows(board.players) : [];
  const previous = s.previous ? toLeaderRows(s.previous) : null;
  const hasTeams = !!board && board.teams.length > 0;

  return (
    <main class="page-screen page-event-screen" data-testid="event-screen" data-version={s.version}>
      <ConnectionBanner connected={connected} everConnected={everConnected} />
      <header class="screen-top">
        <Logo size="sm" />
        <span class="screen-join">{board ? "Event leaderboard" : ""}</span>
        {board ? (
          <span class="screen-players" data-testid="rounds">
            {board.rounds === 1 ? "1 round played" : `${num(board.rounds)} rounds played`}
          </span>
        ) : null}
      </header>
      <p class="sr-only" role="status" aria-live="polite">
        {announce}
      </p>
      {s.error && !board ? (
        <div class="stage center">
          <Logo size="lg" />
          <h1 class="big-msg">{s.error}</h1>
        </div>
      ) : !board ? (
        <div class="stage center">
          <Spinner label="Connecting…" />
        </div>
      ) : (
        <div class={`stage stage-board stage-event ${hasTeams ? "with-teams" : ""}`}>
          <h1 class="stage-title event-name" data-testid="event-name">
            {board.name}
          </h1>
          {board.rounds === 0 || (rows.length === 0 && !hasTeams) ? (
            <div class="event-waiting">
              <Pulse />
              <p class="event-waiting-text">The leaderboard fills up when the first round finishes.</p>
            </div>
          ) : (
            <div class="board-layout">
              <div class="event-col">
                <h2 class="event-col-title">Top players</h2>
                <Leaderboard key={s.version} rows={rows} previous={previous} title="Top players" />
              </div>
              {hasTeams ? <TeamStandings teams={teamRows(board.teams)} title="Teams" /> : null}
            </div>
          )}
        </div>
      )}
    </main>
  );
}
