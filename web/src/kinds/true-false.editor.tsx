// True or false in the quiz editor: whether the statement is true.

import { NO_FIELDS } from "./editor-fields";
import type { KindEditor, KindFieldsProps } from "./types";

function TrueFalseFields({ q, p, change }: KindFieldsProps) {
  return (
    <fieldset class="field tf-field">
      <legend class="field-label">The statement is</legend>
      <div class="row">
        {[true, false].map((v) => (
          <label key={String(v)} class={`radio-card ${q.tf === v ? "checked" : ""}`}>
            <input type="radio" name={`${p}-tf`} checked={q.tf === v} onChange={() => change((d) => ({ ...d, tf: v }))} />
            {v ? "True" : "False"}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

export const trueFalseEditor: KindEditor = {
  ...NO_FIELDS,
  promptLabel: "Statement",
  promptPlaceholder: "e.g. The Moon is bigger than Mars.",
  promptName: "The statement",
  fromDoc(q, d) {
    d.tf = q.correct === true;
  },
  toDoc(d, doc) {
    doc.correct = d.tf;
  },
  Fields: TrueFalseFields,
};
