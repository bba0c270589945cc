// The editor fields that several kinds share: a list of answers on coloured tiles (multiple
// choice, poll) and a list of texts (accepted answers, items to put in order).

import { TILE_STYLES } from "../answers";
import { CharCount } from "../components/CharCount";
import { ErrorText, Shape } from "../components/ui";
import { fieldId } from "../field-id";
import { TEXT_LIMITS as LIMITS, textLength } from "../text-length";
import type { DraftQuestion, FieldErrors } from "../quiz-model";
import { QUESTION_BOUNDS } from "../rules";
import type { KindEditor, KindFieldsProps, LimitedText } from "./types";

/** The prompt of every kind that asks a question (true or false states one instead). */
export const QUESTION_PROMPT: Pick<KindEditor, "promptLabel" | "promptPlaceholder" | "promptName"> = {
  promptLabel: "Question",
  promptPlaceholder: "e.g. Which planet is closest to the Sun?",
  promptName: "The question",
};

/** The draft fields of a kind with no fields of its own. */
export const NO_FIELDS: Pick<KindEditor, "defaults" | "fromDoc" | "toDoc" | "validate" | "limitedTexts" | "Fields"> = {
  defaults: () => ({}),
  fromDoc: () => undefined,
  toDoc: () => undefined,
  validate: () => undefined,
  limitedTexts: () => [],
  Fields: null,
};

/** The answers of a choice or poll question; `withCorrect`: each has a "Correct" tick box. */
export function ChoicesEditor({ q, p, err, change, withCorrect }: Omit<KindFieldsProps, "described"> & { withCorrect: boolean }) {
  const groupErr = err(`${p}.choices`);
  const correctErr = err(`${p}.correct`);
  const describedBy = [groupErr ? `${fieldId(`${p}.choices`)}-error` : "", correctErr ? `${fieldId(`${p}.correct`)}-error` : ""]
    .filter(Boolean)
    .join(" ");
  return (
    <fieldset class="field choices-field" id={fieldId(`${p}.choices`)} tabIndex={-1} aria-describedby={describedBy || undefined}>
      <legend class="field-label">{withCorrect ? "Answers (tick the correct ones)" : "Options"}</legend>
      <ul class="choice-rows">
        {q.choices.map((c, i) => {
          const tile = TILE_STYLES[i % TILE_STYLES.length];
          const correct = q.correct.includes(i);
          return (
            <li key={i} class={`choice-row ${correct ? "is-correct" : ""}`}>
              <span class={`tile-chip tile-${tile.tone}`} aria-hidden="true">
                <Shape shape={tile.shape} />
                {tile.letter}
              </span>
              <span class="counted-input">
                <input
                  class="input"
                  aria-label={`Answer ${tile.letter}`}
                  value={c}
                  placeholder={`Answer ${tile.letter}`}
                  onInput={(e) => {
                    const v = (e.target as HTMLInputElement).value;
                    change((d) => ({ ...d, choices: d.choices.map((x, j) => (j === i ? v : x)) }));
                  }}
                  aria-describedby={`${fieldId(`${p}.choices`)}-${i}-count`}
                  aria-invalid={(groupErr && !c.trim()) || textLength(c) > LIMITS.tile ? "true" : undefined}
                />
                <CharCount id={`${fieldId(`${p}.choices`)}-${i}-count`} value={c} limit={LIMITS.tile} />
              </span>
              {withCorrect ? (
                <label class="correct-toggle">
                  <input
                    type="checkbox"
                    checked={correct}
                    id={i === 0 ? fieldId(`${p}.correct`) : undefined}
                    onChange={() =>
                      change((d) => ({
                        ...d,
                        correct: d.correct.includes(i) ? d.correct.filter((x) => x !== i) : [...d.correct, i],
                      }))
                    }
                  />
                  <span>Correct</span>
                  <span class="sr-only"> (answer {tile.letter})</span>
                </label>
              ) : null}
              <button
                type="button"
                class="icon-btn-dark"
                disabled={q.choices.length <= QUESTION_BOUNDS.minChoices}
                aria-label={`Remove answer ${tile.letter}`}
                onClick={() =>
                  change((d) => ({
                    ...d,
                    choices: d.choices.filter((_, j) => j !== i),
                    correct: d.correct.filter((x) => x !== i).map((x) => (x > i ? x - 1 : x)),
                  }))
                }
              >
                ✕
              </button>
            </li>
          );
        })}
      </ul>
      {q.choices.length < QUESTION_BOUNDS.maxChoices ? (
        <button type="button" class="btn btn-ghost-dark btn-sm" onClick={() => change((d) => ({ ...d, choices: [...d.choices, ""] }))}>
          <span aria-hidden="true">+</span> Add answer
        </button>
      ) : null}
      <ErrorText id={`${fieldId(`${p}.choices`)}-error`} message={groupErr} />
      <ErrorText id={`${fieldId(`${p}.correct`)}-error`} message={correctErr} />
    </fieldset>
  );
}

/** A list of texts (accepted answers, items in order), each with its remove button. */
export function ListEditor({
  p,
  field,
  legend,
  itemLabel,
  addLabel,
  values,
  max,
  min,
  ordered,
  err,
  onChange,
}: {
  p: string;
  field: "accepted" | "items";
  legend: string;
  itemLabel: (i: number) => string;
  addLabel: string;
  values: string[];
  max: number;
  min: number;
  ordered?: boolean;
  err: (path: string) => string | undefined;
  onChange: (v: string[]) => void;
}) {
  const path = `${p}.${field}`;
  const message = err(path);
  return (
    <fieldset class="field" id={fieldId(path)} tabIndex={-1} aria-describedby={message ? `${fieldId(path)}-error` : undefined}>
      <legend class="field-label">{legend}</legend>
      <ul class="choice-rows">
        {values.map((v, i) => (
          <li key={i} class="choice-row">
            {ordered ? (
              <span class="order-num" aria-hidden="true">
                {i + 1}
              </span>
            ) : null}
            <span class="counted-input">
              <input
                class="input"
                aria-label={itemLabel(i)}
                value={v}
                onInput={(e) => onChange(values.map((x, j) => (j === i ? (e.target as HTMLInputElement).value : x)))}
                aria-describedby={`${fieldId(path)}-${i}-count`}
                aria-invalid={(message && !v.trim()) || textLength(v) > LIMITS.tile ? "true" : undefined}
              />
              <CharCount id={`${fieldId(path)}-${i}-count`} value={v} limit={LIMITS.tile} />
            </span>
            {ordered ? (
              <>
                <button
                  type="button"
                  class="icon-btn-dark"
                  aria-label={`Move ${itemLabel(i).toLowerCase()} up`}
                  disabled={i === 0}
                  onClick={() => {
                    const next = values.slice();
                    [next[i - 1], next[i]] = [next[i], next[i - 1]];
                    onChange(next);
                  }}
                >
                  ↑
                </button>
                <button
                  type="button"
                  class="icon-btn-dark"
                  aria-label={`Move ${itemLabel(i).toLowerCase()} down`}
                  disabled={i === values.length - 1}
                  onClick={() => {
                    const next = values.slice();
                    [next[i + 1], next[i]] = [next[i], next[i + 1]];
                    onChange(next);
                  }}
                >
                  ↓
                </button>
              </>
            ) : null}
            <button
              type="button"
              class="icon-btn-dark"
              aria-label={`Remove ${itemLabel(i).toLowerCase()}`}
              disabled={values.length <= min}
              onClick={() => onChange(values.filter((_, j) => j !== i))}
            >
              ✕
            </button>
          </li>
        ))}
      </ul>
      {values.length < max ? (
        <button type="button" class="btn btn-ghost-dark btn-sm" onClick={() => onChange([...values, ""])}>
          <span aria-hidden="true">+</span> {addLabel}
        </button>
      ) : null}
      <ErrorText id={`${fieldId(path)}-error`} message={message} />
    </fieldset>
  );
}

/** Multiple choice and poll: every answer filled in, as many as the engine allows (QUESTION_BOUNDS). */
export function validateChoices(d: DraftQuestion, p: string, e: FieldErrors): void {
  const filled = d.choices.filter((c) => c.trim());
  if (d.choices.length < QUESTION_BOUNDS.minChoices || filled.length !== d.choices.length)
    e[`${p}.choices`] = `Fill in every answer, or remove the empty ones (${QUESTION_BOUNDS.minChoices} to ${QUESTION_BOUNDS.maxChoices} answers).`;
}

/** The answers of a choice or poll question, named by their tile letter. */
export function choiceTexts(d: DraftQuestion): LimitedText[] {
  return d.choices.map((text, j) => ({ field: "choices", what: `Answer ${TILE_STYLES[j]?.letter ?? j + 1}`, text }));
}
