// The fields of one question that the quiz editor's card (QuestionCard) and a member's question
// (contribute/ContributionForm) both show: prompt, time limit and explanation, with their counts
// and error texts. Ids come from fieldId(`${p}.<field>`), which browser tests and the server's
// field errors rely on. Host and member chunks only: the player's code must not import this.

import { CharCount } from "../components/CharCount";
import { ErrorText } from "../components/ui";
import { fieldId } from "../field-id";
import { editorOf } from "../kinds/editors";
import { type DraftQuestion, LIMITS, TIME_LIMITS_S } from "../quiz-model";

/** What each shared field needs: the question, its path prefix and the form's helpers. */
export interface SharedFieldProps {
  q: DraftQuestion;
  /** The path of the question in the form's errors, e.g. `questions[2]` or `document`. */
  p: string;
  err: (path: string) => string | undefined;
  set: <K extends keyof DraftQuestion>(key: K, value: DraftQuestion[K]) => void;
}

/** The prompt's textarea, labelled as the kind's editor says, with its count and error. */
export function PromptField({ q, p, err, set, counted }: SharedFieldProps & { counted: (path: string) => Record<string, string> }) {
  const editor = editorOf(q.kind);
  const id = fieldId(`${p}.prompt`);
  return (
    <div class="field">
      <label class="field-label" for={id}>
        {editor.promptLabel}
      </label>
      <textarea
        id={id}
        class="input q-prompt-input"
        rows={2}
        value={q.prompt}
        placeholder={editor.promptPlaceholder}
        onInput={(e) => set("prompt", (e.target as HTMLTextAreaElement).value)}
        {...counted(`${p}.prompt`)}
      />
      <CharCount id={`${id}-count`} value={q.prompt} limit={LIMITS.prompt} />
      <ErrorText id={`${id}-error`} message={err(`${p}.prompt`)} />
    </div>
  );
}

/** The time limit's select: the usual choices, plus the question's own if it is another. */
export function TimeLimitField({
  q,
  p,
  err,
  set,
  described,
  label,
  selectClass,
}: SharedFieldProps & { described: (path: string) => Record<string, string>; label: string; selectClass: string }) {
  const id = fieldId(`${p}.time_limit_ms`);
  const choices = TIME_LIMITS_S.includes(q.timeLimitS) ? TIME_LIMITS_S : [...TIME_LIMITS_S, q.timeLimitS].sort((a, b) => a - b);
  return (
    <div class="field">
      <label class="field-label small" for={id}>
        {label}
      </label>
      <select
        id={id}
        class={selectClass}
        value={String(q.timeLimitS)}
        onChange={(e) => set("timeLimitS", Number((e.target as HTMLSelectElement).value))}
        {...described(`${p}.time_limit_ms`)}
      >
        {choices.map((s) => (
          <option key={s} value={String(s)}>
            {s} seconds
          </option>
        ))}
      </select>
      <ErrorText id={`${id}-error`} message={err(`${p}.time_limit_ms`)} />
    </div>
  );
}

/** The optional explanation shown with the answer, with its count and error. */
export function ExplanationField({ q, p, err, set, counted }: SharedFieldProps & { counted: (path: string) => Record<string, string> }) {
  const id = fieldId(`${p}.explanation`);
  return (
    <div class="field">
      <label class="field-label small" for={id}>
        Explanation shown with the answer <span class="optional">(optional)</span>
      </label>
      <textarea
        id={id}
        class="input"
        rows={2}
        value={q.explanation}
        onInput={(e) => set("explanation", (e.target as HTMLTextAreaElement).value)}
        {...counted(`${p}.explanation`)}
      />
      <CharCount id={`${id}-count`} value={q.explanation} limit={LIMITS.explanation} />
      <ErrorText id={`${id}-error`} message={err(`${p}.explanation`)} />
    </div>
  );
}
