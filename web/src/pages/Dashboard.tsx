import { useEffect, useRef, useState } from "preact/hooks";
import { api, ApiError, downloadFile, RawBody } from "../api";
import { DataTable } from "../components/DataTable";
import { GameActions } from "../components/GameActions";
import { HostShell, useAuth } from "../components/HostShell";
import { Upload } from "../components/icons";
import { Alert, formatPin, Spinner } from "../components/ui";
import { dateTime, plural } from "../format";
import type { GameSummary, QuizDoc } from "../protocol";
import { checkImportFile, IMPORT_ACCEPT, type ImportProblem, importKind, importProblem } from "../quiz-files";
import { navigate } from "../router";

export function Dashboard() {
  const auth = useAuth();
  const [quizzes, setQuizzes] = useState<QuizDoc[] | null>(null);
  const [games, setGames] = useState<GameSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [confirmDelete, setConfirmDelete] = useState<string | null>(null);
  const [importing, setImporting] = useState(false);
  const [importError, setImportError] = useState<(ImportProblem & { file: string }) | null>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const importErrorRef = useRef<HTMLDivElement>(null);

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

  // A game ended from this list shows "Finished" (and its results link) once the server has
  // its results in SQL: look again every second until then, for a minute at most.
  const [ended, setEnded] = useState<Set<string>>(() => new Set());
  const saving = games?.some((g) => ended.has(g.id) && !g.finished_ms) ?? false;
  useEffect(() => {
    if (!saving) return;
    const timer = window.setInterval(() => void refresh(), 1000);
    const stop = window.setTimeout(() => window.clearInterval(timer), 60_000);
    return () => {
      window.clearInterval(timer);
      window.clearTimeout(stop);
    };
  }, [saving]);

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

  async function exportQuiz(quiz: QuizDoc) {
    setError(null);
    try {
      const name = await downloadFile(`/quizzes/${encodeURIComponent(quiz.id!)}/export`, `${quiz.title || "quiz"}.json`);
      setNotice(`Exported “${quiz.title}” as ${name}.`);
    } catch (err) {
      setError((err as ApiError).message);
    }
  }

  async function importFile(file: File) {
    setImportError(null);
    setNotice(null);
    setError(null);
    const fail = (p: ImportProblem) => {
      setImportError({ ...p, file: file.name });
      window.setTimeout(() => importErrorRef.current?.focus(), 0);
    };
    const problem = checkImportFile(file.name, file.size, file.type);
    if (problem) {
      fail({ where: null, message: problem });
      return;
    }
    let body: unknown;
    if (importKind(file.name, file.type) === "json") {
      try {
        body = JSON.parse(await file.text());
      } catch {
        fail({ where: "The file", message: "This is not a readable JSON quiz file." });
        return;
      }
    } else {
      const form = new FormData();
      form.append("file", file, file.name);
      body = new RawBody(form);
    }
    setImporting(true);
    try {
      const quiz = await api<QuizDoc>("POST", "/quizzes/import", body);
      setNotice(`Imported “${quiz.title}” with ${plural(quiz.questions.length, "question")}.`);
      await refresh();
    } catch (err) {
      const e = err as ApiError;
      fail(e.status === 422 ? importProblem(e.field, e.message) : { where: null, message: e.message });
    } finally {
      setImporting(false);
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
    <HostShell auth={auth} section="quizzes">
      <div class="page-head">
        <div>
          <h1>Your quizzes</h1>
          <p class="muted-dark">Hi {auth.host.name}! Pick a quiz to play, or make a new one.</p>
        </div>
        <div class="head-actions">
          <button type="button" class="btn btn-ghost-dark btn-lg" disabled={importing} onClick={() => fileRef.current?.click()}>
            <Upload /> {importing ? "Importing…" : "Import a quiz"}
          </button>
          <a class="btn btn-primary btn-lg" href="/quizzes/new">
            <span aria-hidden="true">+</span> New quiz
          </a>
        </div>
      </div>
      <div class="import-box">
        <label class="sr-only" for="import-file">
          Import a quiz file (JSON) or a Kahoot spreadsheet (XLSX)
        </label>
        <input
          id="import-file"
          ref={fileRef}
          class="sr-only"
          type="file"
          accept={IMPORT_ACCEPT}
          tabIndex={-1}
          onChange={(e) => {
            const input = e.target as HTMLInputElement;
            const file = input.files?.[0];
            input.value = "";
            if (file) void importFile(file);
          }}
        />
        <details class="more import-help">
          <summary>Importing: a quiz file, or a spreadsheet in the Kahoot layout</summary>
          <ul class="import-layout">
            <li>
              <strong>Quiz file (.json)</strong>: a quiz exported from Huddle (the Export button on each quiz).
            </li>
            <li>
              <strong>Spreadsheet (.xlsx)</strong>: row 1 holds the quiz title alone; then one question per row: the question
              (column A), answers 1–4 (B–E, at least two), the time limit in seconds (F, empty for 20) and the correct answers
              (G: <code>2</code>, or <code>1,3</code> for several). A header row and Kahoot's numbering column are skipped.
            </li>
          </ul>
        </details>
        {importError ? (
          <div class="alert alert-error import-error" role="alert" tabIndex={-1} ref={importErrorRef} data-testid="import-error">
            <span class="alert-icon" aria-hidden="true">
              !
            </span>
            <div>
              <p class="import-error-title">
                Could not import <strong>{importError.file}</strong>
              </p>
              <p class="import-error-detail">
                {importError.where ? <strong class="import-where">{importError.where}: </strong> : null}
                {importError.message}
              </p>
              <p class="import-error-fix">Fix it in the file and import it again.</p>
            </div>
          </div>
        ) : null}
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
              </div>
              <div class="quiz-actions quiz-more">
                <button type="button" class="btn btn-ghost-dark btn-sm" onClick={() => void duplicate(quiz)}>
                  Duplicate<span class="sr-only"> {quiz.title}</span>
                </button>
                <button type="button" class="btn btn-ghost-dark btn-sm" onClick={() => void exportQuiz(quiz)}>
                  Export<span class="sr-only"> {quiz.title} as a file</span>
                </button>
                {confirmDelete === quiz.id ? (
                  <span class="confirm-inline" role="group" aria-label={`Delete ${quiz.title}?`}>
                    <button type="button" class="btn btn-danger btn-sm" onClick={() => void remove(quiz)}>
                      Yes, delete
                    </button>
                    <button type="button" class="btn btn-ghost-dark btn-sm" onClick={() => setConfirmDelete(null)}>
                      Cancel
                    </button>
                  </span>
                ) : (
                  <button type="button" class="btn btn-danger-ghost-dark btn-sm" onClick={() => setConfirmDelete(quiz.id!)}>
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
            <DataTable
              rows={games}
              rowKey={(g) => g.id}
              columns={[
                { head: "Quiz", cell: (g) => g.title },
                { head: "Started", cell: (g) => dateTime(g.started_ms ?? g.created_ms) },
                { head: "PIN", cellClass: "mono", cell: (g) => formatPin(g.pin) },
                {
                  head: "Status",
                  cell: (g) => (
                    <span class={`status status-${g.finished_ms ? "done" : "live"}`} data-testid="game-status">
                      {g.finished_ms
                        ? "Finished"
                        : ended.has(g.id)
                          ? "Saving results"
                          : g.running === false
                            ? "Not running"
                            : g.phase === "lobby"
                              ? "In the lobby"
                              : "Running"}
                    </span>
                  ),
                },
                {
                  head: <span class="sr-only">Actions</span>,
                  cellClass: "right",
                  cell: (g) =>
                    g.finished_ms ? (
                      <a class="btn btn-ghost-dark btn-sm" href={`/games/${encodeURIComponent(g.id)}`}>
                        Results<span class="sr-only"> of {g.title}</span>
                      </a>
                    ) : g.running ? (
                      <GameActions
                        gameId={g.id}
                        label={`of ${g.title}`}
                        onEnded={() => {
                          setNotice(`Ended “${g.title}”. Its results appear here once saved.`);
                          setEnded((s) => new Set(s).add(g.id));
                          void refresh();
                        }}
                        onError={setError}
                      />
                    ) : null,
                },
              ]}
            />
          </div>
        )}
      </section>
    </HostShell>
  );
}
