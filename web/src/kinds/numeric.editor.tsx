// Number in the quiz editor: the correct number, the tolerance, and optional bounds.

import { ErrorText } from "../components/ui";
import { fieldId } from "../field-id";
import { NO_FIELDS, QUESTION_PROMPT } from "./editor-fields";
import type { KindEditor, KindFieldsProps } from "./types";

/** A number as typed in the editor ("3,5" too), or null when it is none. */
export function toNumber(s: string): number | null {
  const t = s.trim().replace(",", ".");
  if (t === "") return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}

const str = (n: unknown) => (typeof n === "number" && Number.isFinite(n) ? String(n) : "");

const NUMBER_FIELDS = [
  ["numCorrect", "correct", "Correct number"],
  ["tolerance", "tolerance", "Tolerance (±)"],
  ["min", "min", "Lowest allowed"],
  ["max", "max", "Highest allowed"],
] as const;

function NumberFields({ q, p, err, described, change }: KindFieldsProps) {
  return (
    <fieldset class="field">
      <legend class="field-label">The answer</legend>
      <div class="num-grid">
        {NUMBER_FIELDS.map(([key, path, label]) => (
          <div key={key}>
            <label class="field-label small" for={fieldId(`${p}.${path}`)}>
              {label}
              {key === "min" || key === "max" ? <span class="optional"> (optional)</span> : null}
            </label>
            <input
              id={fieldId(`${p}.${path}`)}
              class="input"
              inputMode="decimal"
              value={q[key]}
              onInput={(e) => {
                const value = (e.target as HTMLInputElement).value;
                change((d) => ({ ...d, [key]: value }));
              }}
              {...described(`${p}.${path}`)}
            />
            <ErrorText id={`${fieldId(`${p}.${path}`)}-error`} message={err(`${p}.${path}`)} />
          </div>
        ))}
      </div>
    </fieldset>
  );
}

export const numericEditor: KindEditor = {
  ...NO_FIELDS,
  ...QUESTION_PROMPT,
  fromDoc(q, d) {
    d.numCorrect = str(q.correct);
    d.tolerance = str(q.tolerance) || "0";
    d.min = str(q.min);
    d.max = str(q.max);
  },
  toDoc(d, doc) {
    doc.correct = toNumber(d.numCorrect) ?? (d.numCorrect as unknown as number);
    doc.tolerance = toNumber(d.tolerance) ?? 0;
    const min = toNumber(d.min);
    const max = toNumber(d.max);
    if (min !== null) doc.min = min;
    if (max !== null) doc.max = max;
  },
  validate(d, p, e) {
    const c = toNumber(d.numCorrect);
    const min = toNumber(d.min);
    const max = toNumber(d.max);
    const tol = toNumber(d.tolerance);
    if (c === null) e[`${p}.correct`] = "Enter the correct number.";
    if (d.tolerance.trim() && (tol === null || tol < 0)) e[`${p}.tolerance`] = "The tolerance is a number, 0 or more.";
    if (d.min.trim() && min === null) e[`${p}.min`] = "The lowest allowed answer must be a number.";
    if (d.max.trim() && max === null) e[`${p}.max`] = "The highest allowed answer must be a number.";
    if (min !== null && max !== null && min >= max) e[`${p}.max`] = "The highest answer must be above the lowest.";
    else if (c !== null && ((min !== null && c < min) || (max !== null && c > max)))
      e[`${p}.correct`] = "The correct number must lie between the lowest and highest answers.";
  },
  Fields: NumberFields,
};
