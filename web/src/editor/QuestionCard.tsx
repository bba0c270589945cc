// One question's card in the quiz editor: what every kind has (kind, prompt, time limit, points,
// image and explanation) around the fields of its kind (web/src/kinds/).

import { ImageField } from "../components/ImageField";
import { Copy, Trash } from "../components/icons";
import { ErrorText } from "../components/ui";
import { fieldId } from "../field-id";
import { kindOf } from "../kinds";
import { editorOf } from "../kinds/editors";
import { isScored } from "../kinds/scored";
import type { QuestionKind } from "../protocol";
import { type DraftQuestion, LIMITS } from "../quiz-model";
import { KindOptions } from "./KindOptions";
import { ExplanationField, PromptField, TimeLimitField } from "./QuestionFields";

export interface CardProps {
  q: DraftQuestion;
  index: number;
  total: number;
  err: (path: string) => string | undefined;
  described: (path: string) => Record<string, string>;
  counted: (path: string) => Record<string, string>;
  change: (fn: (q: DraftQuestion) => DraftQuestion) => void;
  move: (delta: number) => void;
  duplicate: () => void;
  remove: () => void;
}

/** One question of the quiz: its kind, tools, prompt, the kind's fields, time, points, image. */
export function QuestionCard({ q, index, total, err, described, counted, change, move, duplicate, remove }: CardProps) {
  const p = `questions[${index}]`;
  const n = index + 1;
  const set = <K extends keyof DraftQuestion>(key: K, value: DraftQuestion[K]) => change((d) => ({ ...d, [key]: value }));
  const { help } = kindOf(q.kind);
  const scored = isScored(q.kind);
  const editor = editorOf(q.kind);
  const { Fields } = editor;
  return (
    <li class="q-card card" aria-labelledby={`${fieldId(p)}-title`}>
      <div class="q-card-head">
        <h2 class="q-card-title" id={`${fieldId(p)}-title`}>
          <span class="q-num">{n}</span>
          <span class="sr-only">Question {n}</span>
        </h2>
        <label class="sr-only" for={fieldId(`${p}.kind`)}>
          Question {n} type
        </label>
        <select
          id={fieldId(`${p}.kind`)}
          class="input kind-select"
          value={q.kind}
          onChange={(e) => set("kind", (e.target as HTMLSelectElement).value as QuestionKind)}
          {...described(`${p}.kind`)}
        >
          <KindOptions />
        </select>
        <div class="q-tools">
          <button type="button" class="icon-btn-dark" onClick={() => move(-1)} disabled={index === 0} aria-label={`Move question ${n} up`} title="Move up">
            ↑
          </button>
          <button type="button" class="icon-btn-dark" onClick={() => move(1)} disabled={index === total - 1} aria-label={`Move question ${n} down`} title="Move down">
            ↓
          </button>
          <button type="button" class="icon-btn-dark" onClick={duplicate} aria-label={`Duplicate question ${n}`} title="Duplicate">
            <Copy />
          </button>
          <button type="button" class="icon-btn-dark danger" onClick={remove} disabled={total === 1} aria-label={`Delete question ${n}`} title="Delete">
            <Trash />
          </button>
        </div>
      </div>
      <ErrorText id={`${fieldId(`${p}.kind`)}-error`} message={err(`${p}.kind`)} />
      <p class="hint-dark">{help}</p>
      <PromptField q={q} p={p} err={err} set={set} counted={counted} />

      {Fields ? <Fields q={q} p={p} err={err} described={described} change={change} /> : null}

      <div class="q-row">
        <TimeLimitField q={q} p={p} err={err} set={set} described={described} label="Time limit" selectClass="input" />
        {scored ? (
          <div class="field">
            <label class="field-label small" for={fieldId(`${p}.points`)}>
              Points
            </label>
            <select
              id={fieldId(`${p}.points`)}
              class="input"
              value={String(q.points)}
              onChange={(e) => set("points", Number((e.target as HTMLSelectElement).value))}
            >
              <option value="1">Standard</option>
              <option value="2">Double points</option>
              <option value="0">No points</option>
            </select>
          </div>
        ) : null}
      </div>
      <details class="more" open={!!(q.image || q.explanation || err(`${p}.media.image`) || err(`${p}.explanation`))}>
        <summary>Image and explanation</summary>
        <ImageField
          id={fieldId(`${p}.media.image`)}
          owner={`question ${n}`}
          value={q.image}
          maxLength={LIMITS.image}
          error={err(`${p}.media.image`)}
          onChange={(v) => set("image", v)}
        />
        <ExplanationField q={q} p={p} err={err} set={set} counted={counted} />
      </details>
    </li>
  );
}
