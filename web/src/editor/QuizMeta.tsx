// The quiz's own fields at the top of the editor: its title, description, tags and who sees it
// (a draft for its author alone, or shared with the workspace's hosts).

import { CharCount } from "../components/CharCount";
import { ErrorText } from "../components/ui";
import { fieldId } from "../field-id";
import type { Visibility } from "../protocol";
import { type DraftQuiz, LIMITS } from "../quiz-model";

const VISIBILITY: { value: Visibility; label: string; hint: string }[] = [
  { value: "draft", label: "Draft", hint: "Only you see it." },
  { value: "shared", label: "Shared", hint: "Every host of the workspace finds, edits and runs it." },
];

/** The title, description, tags and visibility, with their counters and errors. Only a quiz's
 * author or an admin may change its visibility (`canShare`; the server refuses anyone else). */
export function QuizMeta({
  draft,
  update,
  err,
  counted,
  canShare = true,
}: {
  draft: DraftQuiz;
  update: (fn: (d: DraftQuiz) => DraftQuiz) => void;
  err: (path: string) => string | undefined;
  counted: (path: string) => Record<string, string>;
  canShare?: boolean;
}) {
  const tagsHint = `${fieldId("tags")}-hint`;
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
      <div class="field">
        <label class="field-label" for={fieldId("tags")}>
          Tags <span class="optional">(optional)</span>
        </label>
        <input
          id={fieldId("tags")}
          class="input"
          value={draft.tags}
          placeholder="e.g. safety, onboarding"
          onInput={(e) => update((d) => ({ ...d, tags: (e.target as HTMLInputElement).value }))}
          aria-invalid={err("tags") ? "true" : undefined}
          aria-describedby={[tagsHint, err("tags") ? `${fieldId("tags")}-error` : ""].filter(Boolean).join(" ")}
        />
        <p id={tagsHint} class="hint-dark">
          Separate tags with commas: up to {LIMITS.tags}, each up to {LIMITS.tag} characters.
        </p>
        <ErrorText id={`${fieldId("tags")}-error`} message={err("tags")} />
      </div>
      <fieldset class="field" id={fieldId("visibility")}>
        <legend class="field-label">Who sees this quiz</legend>
        <div class="row">
          {VISIBILITY.map((v) => (
            <label key={v.value} class={`radio-card ${draft.visibility === v.value ? "checked" : ""}`}>
              <input
                type="radio"
                name="visibility"
                value={v.value}
                checked={draft.visibility === v.value}
                disabled={!canShare}
                onChange={() => update((d) => ({ ...d, visibility: v.value }))}
              />
              <span>
                {v.label}
                <span class="hint-dark">{v.hint}</span>
              </span>
            </label>
          ))}
        </div>
        {canShare ? null : <p class="hint-dark">Only its author or an admin changes who sees it.</p>}
        <ErrorText id={`${fieldId("visibility")}-error`} message={err("visibility")} />
      </fieldset>
    </div>
  );
}
