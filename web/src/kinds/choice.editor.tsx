// Multiple choice in the quiz editor: its answers, each with a "Correct" tick box.

import { ChoicesEditor, choiceTexts, QUESTION_PROMPT, validateChoices } from "./editor-fields";
import type { KindEditor, KindFieldsProps } from "./types";

export const choiceEditor: KindEditor = {
  ...QUESTION_PROMPT,
  defaults: () => ({ choices: ["", "", "", ""] }),
  fromDoc(q, d) {
    d.choices = (q.choices ?? []).slice();
    const c = q.correct;
    d.correct = Array.isArray(c) ? c.slice() : typeof c === "number" ? [c] : [];
  },
  toDoc(d, doc) {
    doc.choices = d.choices.map((c) => c.trim());
    doc.correct = d.correct.slice().sort((a, b) => a - b);
  },
  validate(d, p, e) {
    validateChoices(d, p, e);
    if (d.correct.length === 0) e[`${p}.correct`] = "Mark at least one answer as correct.";
  },
  limitedTexts: choiceTexts,
  Fields: (props: KindFieldsProps) => <ChoicesEditor {...props} withCorrect />,
};
