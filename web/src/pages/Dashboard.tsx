import { useEffect, useState } from "preact/hooks";
import { api, ApiError } from "../api";
import { HostShell, useAuth } from "../components/HostShell";
import { Alert, formatPin, Spinner } from "../components/ui";
import { dateTime, plural } from "../format";
import type { GameSummary, QuizDoc } from "../protocol";
import { navigate } from "../router";
import { type HostGame, hostGameKey, load } from "../storage";

export function Dashboard() {
  const auth = useAuth();
  const [quizzes, setQuizzes] = useState<QuizDoc[] | null>(null);
  const [games, setGames] = useState<GameSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [confirmDelete, setConfirmDelete] = useState<string | null>(null);

  async function refresh() {
    try {
      const [q, g] = await Promise.all([
        api<{ quizzes: QuizDoc[] }>("GET", "/quizzes"),
        api<{ games: GameSummary[] }>("GET", "/games"),
      ]);
      setQuizzes(q.quizzes);
      setGames(g.games);
    } catch (err) {
      const e = err as ApiError;
      if (e.status === 401) navigate(`/login?next=/host`, { replace: true });
      else setError(e.message);
    }
  }

  useEffect(() => {
    document.title = "Your quizzes · Huddle";
    if (auth) void refresh();
  }, []);

  useEffect(() => {
    if (games && window.location.hash === "#games") document.getElementById("games")?.scrollIntoView();
  }, [games]);

  if (!auth) return null;

  async function duplicate(quiz: QuizDoc) {
    setError(null);
    try {
      const full = await api<QuizDoc>("GET", `/quizzes/${encodeURIComponent(quiz.id!)}`);
      const { id: _id, created_ms: _c, updated_ms: _u, ...doc } = full;
      doc.title = `Copy of ${doc.title}`.slice(0, 200);
      await api<QuizDoc>("POST", "/quizzes", doc);
      setNotice(`Made a copy of “${quiz.title}”.`);
      await refresh();
    } catch (err) {
      setError((err as ApiError).message);
    }
  }

  async function remove(quiz: QuizDoc) {
    setConfirmDelete(null);
    setError(null);
    try {
      await api<void>("DELETE", `/quizzes/${encodeURIComponent(quiz.id!)}`);
      setNotice(`Deleted “${quiz.title}”.`);
      await refresh();
    } catch (err) {
      setError((err as ApiError).message);
    }
  }

  return (
    <HostShell auth={auth}>
      <div class="page-head">
        <div>
          <h1>Your quizzes</h1>
          <p class="muted-dark">Hi {auth.host.name}! Pick a quiz to play, or make a new one.</p>
        </div>
        <a class="btn btn-primary btn-lg" href="/quizzes/new">
          <span aria-hidden="true">+</span> New quiz
        </a>
      </div>
      {error ? <Alert>{error}</Alert> : null}
      {notice ? <Alert kind="success">{notice}</Alert> : null}
      {quizzes === null ? (
        <Spinner label="Loading your quizzes…" />
      ) : quizzes.length === 0 ? (
        <div class="empty card">
          <h2>No quizzes yet</h2>
          <p>Make your first quiz: a title and a few questions are all it takes.</p>
          <a class="btn btn-primary" href="/quizzes/new">
            Create a quiz
          </a>
        </div>
      ) : (
        <ul class="quiz-grid" aria-label="Quizzes">
          {quizzes.map((quiz, i) => (
            <li key={quiz.id} class="quiz-card card">
              <div class={`quiz-band band-${i % 4}`} aria-hidden="true" />
              <h2 class="quiz-title">
                <a href={`/quizzes/${encodeURIComponent(quiz.id!)}`}>{quiz.title}</a>
              </h2>
              <p class="muted-dark">
                {plural(quiz.questions?.length ?? 0, "question")} · updated {dateTime(quiz.updated_ms)}
              </p>
              <div class="quiz-actions">
                <a class="btn btn-primary" href={`/quizzes/${encodeURIComponent(quiz.id!)}/start`}>
                  <span aria-hidden="true">▶</span> Start game<span class="sr-only"> with {quiz.title}</span>
                </a>
                <a class="btn btn-ghost-dark" href={`/quizzes/${encodeURIComponent(quiz.id!)}`}>
                  Edit<span class="sr-only"> {quiz.title}</span>
                </a>
                <button type="button" class="btn btn-ghost-dark" onClick={() => void duplicate(quiz)}>
                  Duplicate<span class="sr-only"> {quiz.title}</span>
                </button>
                {confirmDelete === quiz.id ? (
                  <span class="confirm-inline" role="group" aria-label={`Delete ${quiz.title}?`}>
                    <button type="button" class="btn btn-danger" onClick={() => void remove(quiz)}>
                      Yes, delete
                    </button>
                    <button type="button" class="btn btn-ghost-dark" onClick={() => setConfirmDelete(null)}>
                      Cancel
                    </button>
                  </span>
                ) : (
                  <button type="button" class="btn btn-danger-ghost-dark" onClick={() => setConfirmDelete(quiz.id!)}>
                    Delete<span class="sr-only"> {quiz.title}</span>
                  </button>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
      <section id="games" class="games-section" aria-labelledby="games-title">
        <h2 id="games-title">Past games</h2>
        {games === null ? null : games.length === 0 ? (
          <p class="muted-dark">No games yet. Start one from a quiz above.</p>
        ) : (
          <div class="table-wrap card">
            <table class="table">
              <thead>
                <tr>
                  <th scope="col">Quiz</th>
                  <th scope="col">Started</th>
                  <th scope="col">PIN</th>
                  <th scope="col">Status</th>
                  <th scope="col">
                    <span class="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {games.map((g) => {
                  const hasKey = !!load<HostGame>(hostGameKey(g.id));
                  const status = g.finished_ms ? "Finished" : g.started_ms ? "Running" : "In the lobby";
                  return (
                    <tr key={g.id}>
                      <td>{g.title}</td>
                      <td>{dateTime(g.started_ms ?? g.created_ms)}</td>
                      <td class="mono">{formatPin(g.pin)}</td>
                      <td>
                        <span class={`status status-${g.finished_ms ? "done" : "live"}`}>{status}</span>
                      </td>
                      <td class="right">
                        {g.finished_ms ? (
                          <a class="btn btn-ghost-dark btn-sm" href={`/games/${encodeURIComponent(g.id)}`}>
                            Results<span class="sr-only"> of {g.title}</span>
                          </a>
                        ) : hasKey ? (
                          <a class="btn btn-primary btn-sm" href={`/host/${encodeURIComponent(g.id)}`}>
                            Open console
                          </a>
                        ) : null}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </HostShell>
  );
}
