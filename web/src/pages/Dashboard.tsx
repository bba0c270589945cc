import { useEffect, useRef, useState } from "preact/hooks";
import { api, ApiError, downloadFile, RawBody } from "../api";
import { CharCount } from "../components/CharCount";
import { DataTable } from "../components/DataTable";
import { GameActions } from "../components/GameActions";
import { HostShell, useAuth } from "../components/HostShell";
import { Upload } from "../components/icons";
import { Alert, ErrorText, formatPin, Spinner } from "../components/ui";
import { dateTime, plural } from "../format";
import type { GameSummary, QuizDoc } from "../protocol";
import {
  checkImportFile,
  IMPORT_ACCEPT,
  type ImportProblem,
  importKind,
  importProblem,
  skippedSummary,
  titleFromFileName,
} from "../quiz-files";
import { navigate } from "../router";
import { TEXT_LIMITS, textLength } from "../text-length";

export function Dashboard() {
  const auth = useAuth();
  const [quizzes, setQuizzes] = useState<QuizDoc[] | null>(null);
  const [games, setGames] = useState<GameSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [confirmDelete, setConfirmDelete] = useState<string | null>(null);
  const [importing, setImporting] = useState(false);
  const [importError, setImportError] = useState<(ImportProblem & { file: string }) | null>(null);
  // A picked spreadsheet waiting for its title (Kahoot's template holds none).
  const [pending, setPending] = useState<File | null>(null);
  const [pendingTitle, setPendingTitle] = useState("");
  const [titleError, setTitleError] = useState<string | null>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const importButtonRef = useRef<HTMLButtonElement>(null);
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
      doc.title = [...`Copy of ${doc.title}`].slice(0, TEXT_LIMITS.title).join("");
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

  async function exportKahoot(quiz: QuizDoc) {
    setError(null);
    setNotice(null);
    try {
      let skipped: string | null = null;
      const name = await downloadFile(
        `/quizzes/${encodeURIComponent(quiz.id!)}/export.xlsx`,
        `${quiz.title || "quiz"}.xlsx`,
        (headers) => (skipped = skippedSummary(headers.get("Huddle-Skipped"), headers.get("Huddle-Skipped-Count"))),
      );
      setNotice(`Exported “${quiz.title}” as ${name} in Kahoot's spreadsheet template.${skipped ? ` ${skipped}` : ""}`);
    } catch (err) {
      setError((err as ApiError).message);
    }
  }

  function importFailed(file: File, p: ImportProblem) {
    setImportError({ ...p, file: file.name });
    window.setTimeout(() => importErrorRef.current?.focus(), 0);
  }

  async function importFile(file: File) {
    setImportError(null);
    setNotice(null);
    setError(null);
    setPending(null);
    const problem = checkImportFile(file.name, file.size, file.type);
    if (problem) {
      importFailed(file, { where: null, message: problem });
      return;
    }
    if (importKind(file.name, file.type) === "json") {
      let body: unknown;
      try {
        body = JSON.parse(await file.text());
      } catch {
        importFailed(file, { where: "The file", message: "This is not a readable JSON quiz file." });
        return;
      }
      await send(file, body, false);
      return;
    }
    // A spreadsheet: ask for the quiz's title first, offering the file name.
    setPending(file);
    setPendingTitle(titleFromFileName(file.name));
    setTitleError(null);
    window.setTimeout(() => document.getElementById("import-title")?.focus(), 0);
  }

  async function sendSpreadsheet() {
    if (!pending) return;
    const title = pendingTitle.trim();
    const length = textLength(title);
    if (!length || length > TEXT_LIMITS.title) {
      setTitleError(length ? `The title is ${length} characters long; shorten it to ${TEXT_LIMITS.title} or fewer.` : "Give the quiz a title.");
      document.getElementById("import-title")?.focus();
      return;
    }
    const form = new FormData();
    form.append("file", pending, pending.name);
    form.append("title", title);
    await send(pending, new RawBody(form), true);
  }

  function cancelSpreadsheet() {
    setPending(null);
    setTitleError(null);
    window.setTimeout(() => importButtonRef.current?.focus(), 0);
  }

  /** Send an import; `asked` when the title form is open (a title error stays in it). */
  async function send(file: File, body: unknown, asked: boolean) {
    setImporting(true);
    try {
      const quiz = await api<QuizDoc>("POST", "/quizzes/import", body);
      setPending(null);
      setNotice(`Imported “${quiz.title}” with ${plural(quiz.questions.length, "question")}.`);
      await refresh();
    } catch (err) {
      const e = err as ApiError;
      if (e.status === 422 && e.field === "title" && asked) {
        setTitleError(e.message);
        document.getElementById("import-title")?.focus();
        return;
      }
      setPending(null);
      importFailed(file, e.status === 422 ? importProblem(e.field, e.message) : { where: null, message: e.message });
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
          <button
            type="button"
            ref={importButtonRef}
            class="btn btn-ghost-dark btn-lg"
            disabled={importing}
            onClick={() => fileRef.current?.click()}
          >
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
              <strong>Kahoot spreadsheet (.xlsx)</strong>: Kahoot's quiz template as you filled it in. Under its header row, one
              question per row: the question, answers 1–4 (at least two), the time limit in seconds (empty for 20) and the
              correct answers (<code>2</code>, or <code>1,3</code> for several). Answers <code>True</code> and{" "}
              <code>False</code> make a true-or-false question. You give the quiz its title when you import. Huddle's limits
              apply: questions up to {TEXT_LIMITS.prompt} characters, answers up to {TEXT_LIMITS.tile}.
            </li>
            <li>
              <strong>Export for Kahoot</strong> on a quiz writes its multiple-choice and true-or-false questions to the same
              template.
            </li>
          </ul>
        </details>
        {pending ? (
          <form
            class="import-title card"
            aria-labelledby="import-title-head"
            onSubmit={(e) => {
              e.preventDefault();
              void sendSpreadsheet();
            }}
          >
            <h2 id="import-title-head" class="import-title-head">
              Import {pending.name}
            </h2>
            <label class="field-label" for="import-title">
              Title of the new quiz
            </label>
            <p class="hint-dark" id="import-title-hint">
              A Kahoot spreadsheet holds no title: this one comes from the file name. Change it if you like.
            </p>
            <input
              id="import-title"
              class="input"
              value={pendingTitle}
              onInput={(e) => {
                setPendingTitle((e.target as HTMLInputElement).value);
                setTitleError(null);
              }}
              aria-describedby={`import-title-hint import-title-count${titleError ? " import-title-error" : ""}`}
              aria-invalid={titleError ? "true" : undefined}
            />
            <CharCount id="import-title-count" value={pendingTitle} limit={TEXT_LIMITS.title} />
            <ErrorText id="import-title-error" message={titleError} />
            <div class="row import-title-actions">
              <button type="submit" class="btn btn-primary" disabled={importing}>
                {importing ? "Importing…" : "Import"}
              </button>
              <button type="button" class="btn btn-ghost-dark" onClick={cancelSpreadsheet} disabled={importing}>
                Cancel
              </button>
            </div>
          </form>
        ) : null}
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
                <button type="button" class="btn btn-ghost-dark btn-sm" onClick={() => void exportKahoot(quiz)}>
                  Export for Kahoot<span class="sr-only"> ({quiz.title} as a spreadsheet)</span>
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
