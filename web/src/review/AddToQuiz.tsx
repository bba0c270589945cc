// "Add to quiz" on an approved question: pick one of the workspace's quizzes; the server appends
// the question with its author's credit (POST /api/contributions/{id}/add-to-quiz). Shown added
// only once the server answered.

import { useState } from "preact/hooks";
import { api, type ApiError } from "../api";
import { ErrorText } from "../components/ui";
import type { LibraryPage, QuizDoc } from "../protocol";
import { type Contribution, errorText, itemTitle } from "./review-model";

// The quiz list, loaded once per page for every item's picker (a host's library page).
let quizList: Promise<QuizDoc[]> | null = null;
function loadQuizzes(): Promise<QuizDoc[]> {
  quizList ??= api<LibraryPage>("GET", "/quizzes?limit=100").then(
    (page) => page.quizzes,
    (err: unknown) => {
      quizList = null;
      throw err;
    },
  );
  return quizList;
}

/** Forget the loaded list (a quiz created since, e.g. by a community round). */
export function forgetQuizzes(): void {
  quizList = null;
}

export function AddToQuiz({ c, say }: { c: Contribution; say: (text: string) => void }) {
  const [quizzes, setQuizzes] = useState<QuizDoc[] | null>(null);
  const [quizId, setQuizId] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [added, setAdded] = useState<{ id: string; title: string } | null>(null);
  const id = `add-${c.id}`;

  function open(e: Event) {
    if (!(e.currentTarget as HTMLDetailsElement).open || quizzes) return;
    loadQuizzes().then(
      (list) => {
        setQuizzes(list);
        setQuizId((q) => q || list[0]?.id || "");
      },
      (err: ApiError) => setError(err.message),
    );
  }

  async function add(e: Event) {
    e.preventDefault();
    const quiz = quizzes?.find((q) => q.id === quizId);
    if (!quiz) {
      setError("Pick a quiz.");
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await api("POST", `/contributions/${encodeURIComponent(c.id)}/add-to-quiz`, { quiz_id: quiz.id });
      setAdded({ id: quiz.id!, title: quiz.title });
      say(`Added “${itemTitle(c)}” to ${quiz.title}.`);
    } catch (err) {
      const e2 = err as ApiError;
      setError(errorText(e2.code, e2.message));
    } finally {
      setBusy(false);
    }
  }

  return (
    <details class="review-add" onToggle={open}>
      <summary>Add to quiz</summary>
      {quizzes === null && !error ? <p class="muted-dark">Loading the quizzes…</p> : null}
      {quizzes && quizzes.length === 0 ? <p class="muted-dark">No quiz yet: create one first, or use a community round.</p> : null}
      {quizzes && quizzes.length ? (
        <form class="review-add-form" onSubmit={add} noValidate>
          <label class="field-label small" for={`${id}-quiz`}>
            Quiz
          </label>
          <select id={`${id}-quiz`} class="input" value={quizId} onChange={(e) => setQuizId((e.target as HTMLSelectElement).value)}>
            {quizzes.map((q) => (
              <option key={q.id} value={q.id}>
                {q.title}
              </option>
            ))}
          </select>
          <button type="submit" class="btn btn-primary btn-sm" disabled={busy}>
            {busy ? "Adding…" : "Add to this quiz"}
          </button>
        </form>
      ) : null}
      <ErrorText id={`${id}-error`} message={error} />
      {added ? (
        <p class="review-added" data-testid="review-added">
          <span aria-hidden="true">✓ </span>Added to <a href={`/quizzes/${encodeURIComponent(added.id)}`}>{added.title}</a>.{" "}
          <a href={`/quizzes/${encodeURIComponent(added.id)}/start`}>Start a game with it</a>
        </p>
      ) : null}
    </details>
  );
}
