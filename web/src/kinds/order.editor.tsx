// Put in order in the quiz editor: the items, in the correct order.

import { QUESTION_BOUNDS } from "../rules";
import { ListEditor, NO_FIELDS, QUESTION_PROMPT } from "./editor-fields";
import type { KindEditor, KindFieldsProps } from "./types";

function ItemFields({ q, p, err, change }: KindFieldsProps) {
  return (
    <ListEditor
      p={p}
      field="items"
      legend="Items, in the correct order"
      itemLabel={(i) => `Item ${i + 1}`}
      addLabel="Add item"
      values={q.items}
      max={QUESTION_BOUNDS.maxItems}
      min={QUESTION_BOUNDS.minItems}
      ordered
      err={err}
      onChange={(v) => change((d) => ({ ...d, items: v }))}
    />
  );
}

export const orderEditor: KindEditor = {
  ...NO_FIELDS,
  ...QUESTION_PROMPT,
  fromDoc(q, d) {
    d.items = (q.items ?? []).slice();
  },
  toDoc(d, doc) {
    doc.items = d.items.map((i) => i.trim());
  },
  validate(d, p, e) {
    if (d.items.length < QUESTION_BOUNDS.minItems || d.items.some((it) => !it.trim()))
      e[`${p}.items`] = `Fill in every item, or remove the empty ones (at least ${QUESTION_BOUNDS.minItems}).`;
  },
  limitedTexts: (d) => d.items.map((text, j) => ({ field: "items", what: `Item ${j + 1}`, text })),
  Fields: ItemFields,
};
