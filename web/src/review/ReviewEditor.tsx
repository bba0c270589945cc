// "Edit and approve": the quiz editor's question card (web/src/editor/QuestionCard) on the
// contribution's question, or a tip's title and body; the edited document goes with the
// approval. One editor is open at a time (the card's field ids are the editor's).

import { useState } from "preact/hooks";
import { ErrorText } from "../components/ui";
import { QuestionCard } from "../editor/QuestionCard";
import { fieldId } from "../field-id";
import type { QuestionDoc } from "../protocol";
import { type DraftQuestion, docFromDraft, draftFromDoc, type FieldErrors, newQuiz, validateQuiz } from "../quiz-model";
import type { Contribution, TipDoc } from "./review-model";

const P = "questions[0]";

/** The editor's checks on one question, keyed by the editor's field paths. */
function questionErrors(d: DraftQuestion): FieldErrors {
  const all = validateQuiz({ ...newQuiz(), title: "review", questions: [d] });
  return Object.fromEntries(Object.entries(all).filter(([k]) => k.startsWith(P)));
}

/** The edited question document (the card keeps its audio and video through the edit); never
 * a credit: the server writes it at approval. */
function editedQuestion(d: DraftQuestion): QuestionDoc {
  const { credit: _, ...doc } = docFromDraft(d);
  return doc;
}

export function ReviewEditor({
  c,
  busy,
  serverError,
  onApprove,
  onCancel,
}: {
  c: Contribution;
  busy: boolean;
  serverError: { field?: string; message: string } | null;
  onApprove: (document: QuestionDoc | TipDoc) => void;
  onCancel: () => void;
}) {
  const [draft, setDraft] = useState<DraftQuestion | null>(c.kind === "question" ? draftFromDoc(c.document as QuestionDoc) : null);
  const [tip, setTip] = useState<TipDoc>(c.kind === "tip" ? { ...(c.document as TipDoc) } : { title: "", body: "" });
  const [errors, setErrors] = useState<FieldErrors>({});

  const all: FieldErrors = { ...errors };
  if (serverError?.field) all[serverError.field.replace(/^document/, P)] = serverError.message;
  const err = (path: string) => all[path];
  const described = (path: string): Record<string, string> =>
    err(path) ? { "aria-invalid": "true", "aria-describedby": `${fieldId(path)}-error` } : {};
  const counted = (path: string): Record<string, string> => {
    const own = described(path);
    return { ...own, "aria-describedby": [`${fieldId(path)}-count`, own["aria-describedby"]].filter(Boolean).join(" ") };
  };

  function submit(e: Event) {
    e.preventDefault();
    if (draft) {
      const errs = questionErrors(draft);
      setErrors(errs);
      const first = Object.keys(errs)[0];
      if (first) {
        document.getElementById(fieldId(first.replace(/\[\d+\]$/, "")))?.focus();
        return;
      }
      onApprove(editedQuestion(draft));
      return;
    }
    const errs: FieldErrors = {};
    if (!tip.title.trim()) errs["tip.title"] = "Give the tip a title.";
    if (!tip.body.trim()) errs["tip.body"] = "Write the tip.";
    setErrors(errs);
    if (Object.keys(errs).length) {
      document.getElementById(fieldId(Object.keys(errs)[0]))?.focus();
      return;
    }
    onApprove({ ...tip, title: tip.title.trim(), body: tip.body.trim() });
  }

  return (
    <form class="review-editor" onSubmit={submit} noValidate aria-label="Edit and approve">
      {draft ? (
        <ol class="q-list">
          <QuestionCard
            q={draft}
            index={0}
            total={1}
            err={err}
            described={described}
            counted={counted}
            change={(fn) => {
              setDraft((d) => (d ? fn(d) : d));
              setErrors({});
            }}
            move={() => undefined}
            duplicate={() => undefined}
            remove={() => undefined}
          />
        </ol>
      ) : (
        <>
          <div class="field">
            <label class="field-label" for={fieldId("tip.title")}>
              Tip title
            </label>
            <input
              id={fieldId("tip.title")}
              class="input"
              maxLength={120}
              value={tip.title}
              onInput={(e) => setTip({ ...tip, title: (e.target as HTMLInputElement).value })}
              {...described("tip.title")}
            />
            <ErrorText id={`${fieldId("tip.title")}-error`} message={err("tip.title")} />
          </div>
          <div class="field">
            <label class="field-label" for={fieldId("tip.body")}>
              Tip text
            </label>
            <textarea
              id={fieldId("tip.body")}
              class="input"
              rows={5}
              maxLength={2000}
              value={tip.body}
              onInput={(e) => setTip({ ...tip, body: (e.target as HTMLTextAreaElement).value })}
              {...described("tip.body")}
            />
            <ErrorText id={`${fieldId("tip.body")}-error`} message={err("tip.body")} />
          </div>
        </>
      )}
      {serverError && !serverError.field ? <ErrorText id="review-edit-error" message={serverError.message} /> : null}
      <div class="row review-editor-actions">
        <button type="submit" class="btn btn-primary" disabled={busy}>
          {busy ? "Saving…" : "Save and approve"}
        </button>
        <button type="button" class="btn btn-ghost-dark" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
      </div>
    </form>
  );
}
