// The form of a member's question or tip card, new or edited: a question of any kind the quiz
// editor knows (its kind's own fields come from web/src/kinds, as in the editor), or a tip card
// (title, text, one picture, sound or video, up to five links); tags; media. The checks of
// model.ts run first; the server's refusal is shown at its field, or above the button.

import { useState } from "preact/hooks";
import { ApiError } from "../api";
import { Alert, ErrorText } from "../components/ui";
import { KindOptions } from "../editor/KindOptions";
import { ExplanationField, PromptField, TimeLimitField } from "../editor/QuestionFields";
import { fieldId } from "../field-id";
import { kindOf } from "../kinds";
import { editorOf } from "../kinds/editors";
import type { QuestionDoc, QuestionKind } from "../protocol";
import { type DraftQuestion, draftFromDoc, docFromDraft, type FieldErrors, newQuestion } from "../quiz-model";
import { MediaField } from "./MediaField";
import {
  type Contribution,
  type ContributionKind,
  CONTRIBUTION_LIMITS,
  errorField,
  type MediaSlots,
  newTipDraft,
  parseTags,
  questionDocWithMedia,
  submitError,
  tagsError,
  type TipDoc,
  type TipDraft,
  tipDocFromDraft,
  tipDraftFromDoc,
  validateQuestion,
  validateTip,
} from "./model";
import { TipFields } from "./TipFields";

export interface ContributionBody {
  kind: ContributionKind;
  document: QuestionDoc | TipDoc;
  tags: string[];
}

export interface ContributionFormProps {
  /** The contribution edited, or null for a new one. */
  initial: Contribution | null;
  /** The kind of a new one (a radio group picks it); an edit keeps its kind. */
  kind: ContributionKind;
  submitLabel: string;
  /** Sends it; resolves with the server's answer (the form then says nothing more itself). */
  send: (body: ContributionBody) => Promise<Contribution>;
  onDone: (saved: Contribution) => void;
  onCancel?: () => void;
}

/** The fields and the send button; `kind` picks question or tip. */
export function ContributionForm({ initial, kind, submitLabel, send, onDone, onCancel }: ContributionFormProps) {
  const [q, setQ] = useState<DraftQuestion>(() =>
    initial?.kind === "question" ? draftFromDoc(initial.document as QuestionDoc) : newQuestion("choice"),
  );
  const [qMedia, setQMedia] = useState<MediaSlots>(() => (initial?.kind === "question" ? { ...((initial.document as { media?: MediaSlots }).media ?? {}) } : {}));
  const [tip, setTip] = useState<TipDraft>(() => (initial?.kind === "tip" ? tipDraftFromDoc(initial.document as TipDoc) : newTipDraft()));
  const [tagsText, setTagsText] = useState(() => (initial?.tags ?? []).join(", "));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  // One form on a page at a time: the kinds' own fields name their inputs by fieldId too.
  const id = fieldId;
  const err = (path: string) => errors[path];
  const described = (path: string): Record<string, string> =>
    errors[path] ? { "aria-invalid": "true", "aria-describedby": `${id(path)}-error` } : {};
  const counted = (path: string): Record<string, string> => {
    const own = described(path);
    return { ...own, "aria-describedby": [`${id(path)}-count`, own["aria-describedby"]].filter(Boolean).join(" ") };
  };

  const focusFirst = (found: FieldErrors) => {
    const first = Object.keys(found)[0];
    if (!first) return;
    // After the render that shows the messages, so the field's description is read with it.
    window.setTimeout(() => {
      const el = document.getElementById(id(first)) ?? document.getElementById(id(errorField(first)));
      el?.focus();
    }, 0);
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    const tags = parseTags(tagsText);
    const found: FieldErrors = kind === "question" ? validateQuestion(q) : validateTip(tip);
    const tagProblem = tagsError(tags);
    if (tagProblem) found.tags = tagProblem;
    setErrors(found);
    setFormError(null);
    if (Object.keys(found).length) {
      setFormError(Object.keys(found).length === 1 ? "Fix the field marked below." : `Fix the ${Object.keys(found).length} fields marked below.`);
      focusFirst(found);
      return;
    }
    const document: QuestionDoc | TipDoc = kind === "question" ? questionDocWithMedia(docFromDraft(q), qMedia) : tipDocFromDraft(tip);
    setBusy(true);
    try {
      const saved = await send({ kind, document, tags });
      setBusy(false);
      onDone(saved);
    } catch (caught) {
      setBusy(false);
      const error = caught instanceof ApiError ? caught : new ApiError(0, "error", "Something went wrong. Try again.");
      const message = submitError(error.code, error.message);
      if (error.field && error.code !== "rate_limited") {
        const path = errorField(error.field);
        setErrors({ [path]: message });
        setFormError("Fix the field marked below.");
        focusFirst({ [path]: message });
      } else setFormError(message);
    }
  };

  return (
    <form class="contrib-form" onSubmit={submit} noValidate aria-busy={busy}>
      {kind === "question" ? (
        <QuestionFields q={q} setQ={setQ} media={qMedia} setMedia={setQMedia} id={id} err={err} described={described} counted={counted} />
      ) : (
        <TipFields tip={tip} setTip={setTip} id={id} err={err} described={described} counted={counted} />
      )}
      <div class="field">
        <label class="field-label small" for={id("tags")}>
          Tags <span class="optional">(optional, separated by commas)</span>
        </label>
        <input
          id={id("tags")}
          class="input"
          value={tagsText}
          placeholder="e.g. safety, history"
          onInput={(e) => setTagsText((e.target as HTMLInputElement).value)}
          {...described("tags")}
        />
        <p class="hint-dark">
          Up to {CONTRIBUTION_LIMITS.tags} tags of {CONTRIBUTION_LIMITS.tag} characters each.
        </p>
        <ErrorText id={`${id("tags")}-error`} message={err("tags")} />
      </div>
      {formError ? <Alert>{formError}</Alert> : null}
      <div class="row contrib-actions">
        <button type="submit" class="btn btn-primary btn-lg" disabled={busy} data-testid="contrib-send">
          {busy ? "Sending…" : submitLabel}
        </button>
        {onCancel ? (
          <button type="button" class="btn btn-ghost-dark" onClick={onCancel} disabled={busy}>
            Cancel
          </button>
        ) : null}
      </div>
    </form>
  );
}

interface FieldHelpers {
  id: (path: string) => string;
  err: (path: string) => string | undefined;
  described: (path: string) => Record<string, string>;
  counted: (path: string) => Record<string, string>;
}

/** A question's fields: kind, prompt, the kind's own fields, time limit, explanation, media. */
function QuestionFields({
  q,
  setQ,
  media,
  setMedia,
  id,
  err,
  described,
  counted,
}: FieldHelpers & { q: DraftQuestion; setQ: (fn: (q: DraftQuestion) => DraftQuestion) => void; media: MediaSlots; setMedia: (m: MediaSlots) => void }) {
  const p = "document";
  const editor = editorOf(q.kind);
  const { Fields } = editor;
  const set = <K extends keyof DraftQuestion>(key: K, value: DraftQuestion[K]) => setQ((d) => ({ ...d, [key]: value }));
  return (
    <div class="contrib-question">
      <div class="field">
        <label class="field-label small" for={id(`${p}.kind`)}>
          Type of question
        </label>
        <select
          id={id(`${p}.kind`)}
          class="input"
          value={q.kind}
          onChange={(e) => {
            const next = (e.target as HTMLSelectElement).value as QuestionKind;
            // The kind's own defaults (two options for a poll, four answers for a choice…).
            setQ((d) => ({ ...d, kind: next, ...editorOf(next).defaults() }));
          }}
          {...described(`${p}.kind`)}
        >
          <KindOptions />
        </select>
        <p class="hint-dark">{kindOf(q.kind).help}</p>
        <ErrorText id={`${id(`${p}.kind`)}-error`} message={err(`${p}.kind`)} />
      </div>
      <PromptField q={q} p={p} err={err} set={set} counted={counted} />
      {Fields ? <Fields q={q} p={p} err={err} described={described} change={setQ} /> : null}
      <TimeLimitField q={q} p={p} err={err} set={set} described={described} label="Time to answer" selectClass="input input-short" />
      <ExplanationField q={q} p={p} err={err} set={set} counted={counted} />
      <MediaField id={id(`${p}.media`)} single={false} owner="your question" value={media} error={err(`${p}.media`)} onChange={setMedia} />
    </div>
  );
}
