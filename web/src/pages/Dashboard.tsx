// `/host`: the workspace's library (search, tag filter; start, edit, copy, export, delete,
// import) and past games.

import { useEffect, useMemo, useState } from "preact/hooks";
import { api, ApiError, downloadFile } from "../api";
import { HostShell, useAuth } from "../components/HostShell";
import { Alert } from "../components/ui";
import { GamesTable } from "../dashboard/GamesTable";
import { ImportBox, ImportButton } from "../dashboard/ImportBox";
import { LibrarySearch } from "../dashboard/LibrarySearch";
import { useQuizImport } from "../dashboard/quiz-import";
import { QuizGrid } from "../dashboard/QuizGrid";
import { plural } from "../format";
import { countAnnouncement, searchPath, useDebouncedSearch } from "../library/search";
import type { GameSummary, LibraryPage, QuizDoc } from "../protocol";
import { skippedSummary } from "../quiz-files";
import { navigate } from "../router";

export function Dashboard() {
  const auth = useAuth();
  const [q, setQ] = useState("");
  const [tag, setTag] = useState<string | null>(null);
  const library = useDebouncedSearch<LibraryPage>(auth ? searchPath("/quizzes", q, tag, 200) : null);
  const quizzes = library.results?.quizzes ?? null;
  // Every tag seen in the library so far: the chips stay while a filter narrows the list.
  const [seenTags, setSeenTags] = useState<Set<string>>(() => new Set());
  useEffect(() => {
    const found = (quizzes ?? []).flatMap((quiz) => quiz.tags ?? []);
    if (found.some((t) => !seenTags.has(t))) setSeenTags(new Set([...seenTags, ...found]));
  }, [quizzes]);
  const tags = useMemo(() => [...seenTags].sort().slice(0, 30), [seenTags]);
  const [games, setGames] = useState<GameSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const imp = useQuizImport(
    () => {
      setNotice(null);
      setError(null);
    },
    async (quiz) => {
      setNotice(`Imported “${quiz.title}” with ${plural(quiz.questions.length, "question")}.`);
      await refresh();
    },
  );

  async function refresh() {
    library.refresh();
    try {
      const g = await api<{ games: GameSummary[] }>("GET", "/games");
      setGames(g.games);
    } catch (err) {
      const e = err as ApiError;
      if (e.status === 401) navigate(`/login?next=/host`, { replace: true });
      else setError(e.message);
    }
  }

  useEffect(() => {
    if (library.error?.status === 401) navigate(`/login?next=/host`, { replace: true });
    else if (library.error) setError(library.error.message);
  }, [library.error]);

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

  /** Runs a quiz action; its failure becomes the page's error. */
  async function attempt(action: () => Promise<void>) {
    try {
      await action();
    } catch (err) {
      setError((err as ApiError).message);
    }
  }

  const actions = {
    duplicate: (quiz: QuizDoc) => {
      setError(null);
      void attempt(async () => {
        const copy = await api<QuizDoc>("POST", `/quizzes/${encodeURIComponent(quiz.id!)}/duplicate`);
        setNotice(`Made a copy of “${quiz.title}”: “${copy.title}”.`);
        await refresh();
      });
    },
    exportQuiz: (quiz: QuizDoc) => {
      setError(null);
      void attempt(async () => {
        const name = await downloadFile(`/quizzes/${encodeURIComponent(quiz.id!)}/export`, `${quiz.title || "quiz"}.json`);
        setNotice(`Exported “${quiz.title}” as ${name}.`);
      });
    },
    exportKahoot: (quiz: QuizDoc) => {
      setError(null);
      setNotice(null);
      void attempt(async () => {
        let skipped: string | null = null;
        const name = await downloadFile(
          `/quizzes/${encodeURIComponent(quiz.id!)}/export.xlsx`,
          `${quiz.title || "quiz"}.xlsx`,
          (headers) => (skipped = skippedSummary(headers.get("Huddle-Skipped"), headers.get("Huddle-Skipped-Count"))),
        );
        setNotice(`Exported “${quiz.title}” as ${name} in Kahoot's spreadsheet template.${skipped ? ` ${skipped}` : ""}`);
      });
    },
    remove: (quiz: QuizDoc) => {
      setError(null);
      void attempt(async () => {
        await api<void>("DELETE", `/quizzes/${encodeURIComponent(quiz.id!)}`);
        setNotice(`Deleted “${quiz.title}”.`);
        await refresh();
      });
    },
  };

  return (
    <HostShell auth={auth} section="quizzes">
      <div class="page-head">
        <div>
          <h1>Your quizzes</h1>
          <p class="muted-dark">Hi {auth.host.name}! Pick a quiz to play, or make a new one.</p>
        </div>
        <div class="head-actions">
          <ImportButton imp={imp} />
          <a class="btn btn-primary btn-lg" href="/quizzes/new">
            <span aria-hidden="true">+</span> New quiz
          </a>
        </div>
      </div>
      <ImportBox imp={imp} />
      {error ? <Alert>{error}</Alert> : null}
      {notice ? <Alert kind="success">{notice}</Alert> : null}
      <LibrarySearch
        q={q}
        setQ={setQ}
        tag={tag}
        setTag={setTag}
        tags={tags}
        status={library.results ? countAnnouncement(library.results.total, ["quiz", "quizzes"], q, tag) : ""}
      />
      <QuizGrid quizzes={quizzes} actions={actions} filtered={Boolean(q.trim() || tag)} />
      <GamesTable
        games={games}
        ended={ended}
        onEnded={(g) => {
          setNotice(`Ended “${g.title}”. Its results appear here once saved.`);
          setEnded((s) => new Set(s).add(g.id));
          void refresh();
        }}
        onError={setError}
      />
    </HostShell>
  );
}
