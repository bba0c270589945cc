// `/events/<id>`: an event's rounds, "start a round", its leaderboard (players and teams, a page
// at a time), the big screen link and the report (downloads, questions hardest first).

import { useEffect, useRef, useState } from "preact/hooks";
import { api, type ApiError } from "../api";
import { boardQuery } from "../boards";
import { BoardTable } from "../components/BoardTable";
import { DataTable } from "../components/DataTable";
import { GameActions } from "../components/GameActions";
import { HostShell, useAuth } from "../components/HostShell";
import { Downloads, fileStem, HardestQuestions, reportDownloads, roundLabel } from "../components/Reports";
import { Alert, formatPin, Spinner } from "../components/ui";
import { eventDates, roundStatus } from "../event-model";
import { dateTime, num } from "../format";
import type { BoardKind, BoardPage, EventReport, EventWithGames, QuizDoc } from "../protocol";
import { useBoardParams } from "../hooks/board-params";
import { navigate } from "../router";
// The events' stylesheet comes with their chunks, not with the join page's first screen.
import "../styles/events.css";

export function EventPage({ eventId }: { eventId: string }) {
  const auth = useAuth();
  const [event, setEvent] = useState<EventWithGames | null>(null);
  const [report, setReport] = useState<EventReport | null>(null);
  const [quizzes, setQuizzes] = useState<QuizDoc[] | null>(null);
  const [quizId, setQuizId] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [version, setVersion] = useState(0);
  const board = useBoardParams();
  const finishedRef = useRef(-1);
  const base = `/events/${encodeURIComponent(eventId)}`;

  async function refresh() {
    try {
      const e = await api<EventWithGames>("GET", base);
      setEvent(e);
      document.title = `${e.name} · Huddle`;
      const finished = e.games.filter((g) => g.results).length;
      if (finished !== finishedRef.current) {
        // A round's results arrived: the board and the report change.
        finishedRef.current = finished;
        setVersion((v) => v + 1);
        setReport(await api<EventReport>("GET", `${base}/report`));
      }
    } catch (err) {
      const ae = err as ApiError;
      if (ae.status === 401) navigate(`/login?next=${encodeURIComponent(base)}`, { replace: true });
      else setError(ae.status === 404 ? "This event does not exist (or belongs to another account)." : ae.message);
    }
  }

  useEffect(() => {
    document.title = "Event · Huddle";
    if (!auth) return;
    void refresh();
    api<{ quizzes: QuizDoc[] }>("GET", "/quizzes")
      .then((r) => {
        setQuizzes(r.quizzes);
        if (r.quizzes[0]?.id) setQuizId(r.quizzes[0].id);
      })
      .catch(() => setQuizzes([]));
  }, [eventId]);

  // While a round is still being played, look for its results now and then.
  const open = event?.games.some((g) => !g.results) ?? false;
  useEffect(() => {
    if (!open) return;
    const timer = window.setInterval(() => void refresh(), 4000);
    return () => window.clearInterval(timer);
  }, [open]);

  if (!auth) return null;
  if (!event) {
    return (
      <HostShell auth={auth} section="events">
        <a href="/events" class="back-link">
          <span aria-hidden="true">←</span> Events
        </a>
        {error ? <Alert>{error}</Alert> : <Spinner label="Loading the event…" />}
      </HostShell>
    );
  }

  async function remove() {
    setConfirmDelete(false);
    try {
      await api<void>("DELETE", base);
      navigate("/events");
    } catch (err) {
      setError((err as ApiError).message);
    }
  }

  // The screen key lets the big screen in: the event id alone, which players see, does not.
  const screenHref = `/screen/event/${encodeURIComponent(event.id)}${event.screen_key ? `?key=${encodeURIComponent(event.screen_key)}` : ""}`;
  const finished = event.games.filter((g) => g.results).length;
  const loadBoard = (kind: BoardKind, offset: number, limit: number) =>
    api<BoardPage>("GET", `${base}/leaderboard${boardQuery({ kind, offset, limit })}`);
  const reportPath = `${base}/report`;

  return (
    <HostShell auth={auth} section="events" wide>
      <div class="page-head">
        <div>
          <a href="/events" class="back-link">
            <span aria-hidden="true">←</span> Events
          </a>
          <h1 data-testid="event-title">{event.name}</h1>
          <p class="muted-dark">{eventDates(event)}</p>
          <p class="event-tags">
            {event.teams.map((t) => (
              <span key={t} class="team-tag">
                {t}
              </span>
            ))}
            {event.require_identifier ? <span class="id-tag">Asks for e-mail or ID</span> : null}
          </p>
        </div>
        <div class="head-actions">
          <a class="btn btn-primary" href={screenHref} target="huddle-event-screen" rel="noopener" data-testid="event-screen-link">
            Open big screen <span aria-hidden="true">↗</span>
          </a>
          <a class="btn btn-ghost-dark" href={`${base}/edit`}>
            Edit
          </a>
          {confirmDelete ? (
            <span class="confirm-inline" role="group" aria-label={`Delete ${event.name}?`}>
              <button type="button" class="btn btn-danger" onClick={() => void remove()}>
                Yes, delete
              </button>
              <button type="button" class="btn btn-ghost-dark" onClick={() => setConfirmDelete(false)}>
                Cancel
              </button>
            </span>
          ) : (
            <button type="button" class="btn btn-danger-ghost-dark" onClick={() => setConfirmDelete(true)}>
              Delete
            </button>
          )}
        </div>
      </div>
      {confirmDelete ? (
        <Alert kind="info">Deleting the event keeps its rounds and their results as ordinary past games.</Alert>
      ) : null}
      {error ? <Alert>{error}</Alert> : null}

      <section class="card start-round" aria-labelledby="start-round-title">
        <h2 id="start-round-title">Start a round</h2>
        {quizzes === null ? (
          <Spinner label="Loading your quizzes…" />
        ) : quizzes.length === 0 ? (
          <p>
            You have no quizzes yet. <a href="/quizzes/new">Create a quiz</a>, then start it here as a round.
          </p>
        ) : (
          <form
            class="start-round-form"
            onSubmit={(e) => {
              e.preventDefault();
              if (quizId) navigate(`/quizzes/${encodeURIComponent(quizId)}/start?event=${encodeURIComponent(event.id)}`);
            }}
          >
            <div class="field">
              <label class="field-label small" for="round-quiz">
                Quiz for round {event.games.length + 1}
              </label>
              <select id="round-quiz" class="input" value={quizId} onChange={(e) => setQuizId((e.target as HTMLSelectElement).value)}>
                {quizzes.map((q) => (
                  <option key={q.id} value={q.id}>
                    {q.title}
                  </option>
                ))}
              </select>
            </div>
            <button type="submit" class="btn btn-primary btn-lg">
              Start round <span aria-hidden="true">▶</span>
            </button>
          </form>
        )}
        <p class="hint-dark">
          You choose the game settings next.
          {event.teams.length ? " The round offers the event's teams." : ""}
          {event.require_identifier ? " Players are asked for their e-mail or ID." : ""}
        </p>
      </section>

      <div class="stat-row">
        <div class="stat card">
          <span class="stat-num" data-testid="rounds-played">
            {num(finished)}
          </span>
          <span class="stat-label">{finished === 1 ? "round played" : "rounds played"}</span>
        </div>
        <div class="stat card">
          <span class="stat-num">{report ? num(report.players.length) : "–"}</span>
          <span class="stat-label">players on the board</span>
        </div>
        <div class="stat card">
          <span class="stat-num">{num(event.teams.length)}</span>
          <span class="stat-label">teams</span>
        </div>
      </div>

      <section class="card" aria-labelledby="rounds-title">
        <h2 id="rounds-title">Rounds</h2>
        {event.games.length === 0 ? (
          <p class="muted-dark">No rounds yet. Start the first one above.</p>
        ) : (
          <div class="table-wrap">
            <DataTable
              testId="rounds-table"
              rows={event.games.map((g) => ({ ...g, status: roundStatus(g) }))}
              rowKey={(g) => g.id}
              columns={[
                { head: "Round", cell: (_, i) => roundLabel(i + 1) },
                { head: "Quiz", cell: (g) => g.title },
                { head: "Created", cell: (g) => dateTime(g.created_ms) },
                { head: "PIN", cellClass: "mono", cell: (g) => formatPin(g.pin) },
                {
                  head: "Status",
                  cell: (g) => (
                    <span class={`status status-${g.status === "finished" ? "done" : "live"}`}>
                      {g.status === "finished" ? "Finished" : g.status === "writing" ? "Saving results" : "Not finished"}
                    </span>
                  ),
                },
                {
                  head: <span class="sr-only">Actions</span>,
                  cellClass: "right",
                  cell: (g, i) =>
                    g.status === "finished" ? (
                      <a class="btn btn-ghost-dark btn-sm" href={`/games/${encodeURIComponent(g.id)}`}>
                        Results<span class="sr-only"> of round {i + 1}</span>
                      </a>
                    ) : g.running ? (
                      <GameActions gameId={g.id} label={`of round ${i + 1}`} onEnded={() => void refresh()} onError={setError} />
                    ) : null,
                },
              ]}
            />
          </div>
        )}
      </section>

      <section class="card" aria-labelledby="event-board-title">
        <h2 id="event-board-title">Event leaderboard</h2>
        <p class="hint-dark">
          Scores added up over the finished rounds. Players count when their device or their e-mail/ID recognises them from
          round to round.
        </p>
        <BoardTable
          id="event"
          label="Event leaderboard"
          kind={board.kind}
          offset={board.offset}
          limit={board.limit}
          load={loadBoard}
          onChange={(c) => board.change(c)}
          reloadKey={String(version)}
          empty={{
            players: "No scores yet: the board fills up when the first round finishes.",
            teams: event.teams.length ? "No team scores yet: they add up when a round finishes." : "This event has no teams.",
          }}
        />
      </section>

      <section class="card" aria-labelledby="event-report-title">
        <h2 id="event-report-title">Report</h2>
        <Downloads
          hint="Players with their e-mail or ID, the teams, every round's questions and the rounds. The workbook has one sheet per table."
          items={reportDownloads(reportPath, fileStem(event.name, "event"), [
            { table: "players", label: "Players", testId: "dl-players-csv" },
            event.teams.length > 0 && { table: "teams", label: "Teams" },
            { table: "questions", label: "Questions", testId: "dl-questions-csv" },
            { table: "rounds", label: "Rounds" },
          ])}
        />
        <h3 class="report-subtitle">Questions, hardest first</h3>
        <p class="hint-dark">The lowest share of right answers first; a longer average time breaks ties.</p>
        {report ? <HardestQuestions questions={report.questions} rounds /> : <Spinner label="Loading the report…" />}
      </section>
    </HostShell>
  );
}
