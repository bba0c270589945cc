// Type the answer in the quiz editor: the accepted answers.

import { ListEditor, NO_FIELDS, QUESTION_PROMPT } from "./editor-fields";
import type { KindEditor, KindFieldsProps } from "./types";

function AcceptedFields({ q, p, err, change }: KindFieldsProps) {
  return (
    <ListEditor
      p={p}
      field="accepted"
      legend="Accepted answers"
      itemLabel={(i) => `Accepted answer ${i + 1}`}
      addLabel="Add another accepted answer"
      values={q.accepted}
      max={20}
      min={1}
      err={err}
      onChange={(v) => change((d) => ({ ...d, accepted: v }))}
    />
  );
}

export const typeAnswerEditor: KindEditor = {
  ...NO_FIELDS,
  ...QUESTION_PROMPT,
  fromDoc(q, d) {
    d.accepted = (q.accepted ?? []).slice();
    if (!d.accepted.length) d.accepted = [""];
  },
  toDoc(d, doc) {
    doc.accepted = d.accepted.map((a) => a.trim()).filter(Boolean);
  },
  validate(d, p, e) {
    if (!d.accepted.some((a) => a.trim())) e[`${p}.accepted`] = "Add at least one accepted answer.";
  },
  limitedTexts: (d) => d.accepted.map((text, j) => ({ field: "accepted", what: `Accepted answer ${j + 1}`, text })),
  Fields: AcceptedFields,
};
