// The dashboard's quizzes: a card each with its visibility, tags, author and last change, and
// Start, Edit, Statistics, Challenge, Duel, Duplicate, Export, Export for Kahoot and Delete (asked once more
// inline); an invitation to make one when there are none.

import { useState } from "preact/hooks";
import { Spinner } from "../components/ui";
import { dateTime, plural } from "../format";
import type { QuizDoc } from "../protocol";
// The library's stylesheet comes with the host's chunks, not with the join page's first screen.
import "../styles/library.css";

export interface QuizActions {
  duplicate: (quiz: QuizDoc) => void;
  exportQuiz: (quiz: QuizDoc) => void;
  exportKahoot: (quiz: QuizDoc) => void;
  remove: (quiz: QuizDoc) => void;
}

/** "Changed by Bob, 7 Dec 2026 14:05" (or "Updated …" when the editor is unknown). */
function changed(quiz: QuizDoc): string {
  const when = dateTime(quiz.updated_ms);
  return quiz.updated_by?.name ? `Changed by ${quiz.updated_by.name}, ${when}` : `Updated ${when}`;
}

export function QuizGrid({
  quizzes,
  actions,
  filtered = false,
}: {
  quizzes: QuizDoc[] | null;
  actions: QuizActions;
  filtered?: boolean;
}) {
  const [confirmDelete, setConfirmDelete] = useState<string | null>(null);
  if (quizzes === null) return <Spinner label="Loading your quizzes…" />;
  if (quizzes.length === 0 && filtered) {
    return (
      <div class="empty card">
        <h2>No quiz matches</h2>
        <p>Try another word, or clear the tag filter.</p>
      </div>
    );
  }
  if (quizzes.length === 0) {
    return (
      <div class="empty card">
        <h2>No quizzes yet</h2>
        <p>Make your first quiz: a title and a few questions are all it takes.</p>
        <a class="btn btn-primary" href="/quizzes/new">
          Create a quiz
        </a>
      </div>
    );
  }
  return (
    <ul class="quiz-grid" aria-label="Quizzes">
      {quizzes.map((quiz, i) => (
        <li key={quiz.id} class="quiz-card card">
          <div class={`quiz-band band-${i % 4}`} aria-hidden="true" />
          <h2 class="quiz-title">
            <a href={`/quizzes/${encodeURIComponent(quiz.id!)}`}>{quiz.title}</a>
          </h2>
          <p class="quiz-facts">
            <span class={`visibility-badge ${quiz.visibility === "shared" ? "shared" : "draft"}`}>
              {quiz.visibility === "shared" ? "Shared" : "Draft"}
            </span>
            {quiz.author?.name ? <span class="muted-dark"> by {quiz.author.name}</span> : null}
          </p>
          <p class="muted-dark">
            {plural(quiz.questions?.length ?? 0, "question")} · {changed(quiz)}
          </p>
          {quiz.tags?.length ? (
            <ul class="quiz-tags" aria-label="Tags">
              {quiz.tags.map((t) => (
                <li key={t}>{t}</li>
              ))}
            </ul>
          ) : null}
          <div class="quiz-actions">
            <a class="btn btn-primary" href={`/quizzes/${encodeURIComponent(quiz.id!)}/start`}>
              <span aria-hidden="true">▶</span> Start game<span class="sr-only"> with {quiz.title}</span>
            </a>
            <a class="btn btn-ghost-dark" href={`/quizzes/${encodeURIComponent(quiz.id!)}`}>
              Edit<span class="sr-only"> {quiz.title}</span>
            </a>
            <a class="btn btn-ghost-dark" href={`/quizzes/${encodeURIComponent(quiz.id!)}/stats`}>
              Statistics<span class="sr-only"> of {quiz.title}</span>
            </a>
            <a class="btn btn-ghost-dark" href={`/challenges/new?quiz=${encodeURIComponent(quiz.id!)}`}>
              Challenge<span class="sr-only"> with {quiz.title}</span>
            </a>
            {quiz.visibility === "shared" ? (
              <a class="btn btn-ghost-dark" href={`/duels/new?quiz=${encodeURIComponent(quiz.id!)}`}>
                Duel<span class="sr-only"> a colleague on {quiz.title}</span>
              </a>
            ) : null}
          </div>
          <div class="quiz-actions quiz-more">
            <button type="button" class="btn btn-ghost-dark btn-sm" onClick={() => actions.duplicate(quiz)}>
              Duplicate<span class="sr-only"> {quiz.title}</span>
            </button>
            <button type="button" class="btn btn-ghost-dark btn-sm" onClick={() => actions.exportQuiz(quiz)}>
              Export<span class="sr-only"> {quiz.title} as a file</span>
            </button>
            <button type="button" class="btn btn-ghost-dark btn-sm" onClick={() => actions.exportKahoot(quiz)}>
              Export for Kahoot<span class="sr-only"> ({quiz.title} as a spreadsheet)</span>
            </button>
            {confirmDelete === quiz.id ? (
              <span class="confirm-inline" role="group" aria-label={`Delete ${quiz.title}?`}>
                <button
                  type="button"
                  class="btn btn-danger btn-sm"
                  onClick={() => {
                    setConfirmDelete(null);
                    actions.remove(quiz);
                  }}
                >
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
  );
}
