// The quiz's own fields at the top of the editor: its title and description.

import { CharCount } from "../components/CharCount";
import { ErrorText } from "../components/ui";
import { fieldId } from "../field-id";
import { type DraftQuiz, LIMITS } from "../quiz-model";

/** The title and description, with their counters and errors. */
export function QuizMeta({
  draft,
  update,
  err,
  counted,
}: {
  draft: DraftQuiz;
  update: (fn: (d: DraftQuiz) => DraftQuiz) => void;
  err: (path: string) => string | undefined;
  counted: (path: string) => Record<string, string>;
}) {
  return (
    <div class="card editor-meta">
      <div class="field">
        <label class="field-label" for={fieldId("title")}>
          Quiz title
        </label>
        <input
          id={fieldId("title")}
          class="input input-lg"
          value={draft.title}
          placeholder="e.g. Friday team quiz"
          onInput={(e) => update((d) => ({ ...d, title: (e.target as HTMLInputElement).value }))}
          {...counted("title")}
        />
        <CharCount id={`${fieldId("title")}-count`} value={draft.title} limit={LIMITS.title} />
        <ErrorText id={`${fieldId("title")}-error`} message={err("title")} />
      </div>
      <div class="field">
        <label class="field-label" for={fieldId("description")}>
          Description <span class="optional">(optional)</span>
        </label>
        <textarea
          id={fieldId("description")}
          class="input"
          rows={2}
          value={draft.description}
          onInput={(e) => update((d) => ({ ...d, description: (e.target as HTMLTextAreaElement).value }))}
          {...counted("description")}
        />
        <CharCount id={`${fieldId("description")}-count`} value={draft.description} limit={LIMITS.description} />
        <ErrorText id={`${fieldId("description")}-error`} message={err("description")} />
      </div>
    </div>
  );
}
