// A poll in the quiz editor: its options, none of them correct.

import { ChoicesEditor, choiceTexts, QUESTION_PROMPT, validateChoices } from "./editor-fields";
import type { KindEditor, KindFieldsProps } from "./types";

export const pollEditor: KindEditor = {
  ...QUESTION_PROMPT,
  defaults: () => ({ choices: ["", "", "", ""] }),
  fromDoc(q, d) {
    d.choices = (q.choices ?? []).slice();
  },
  toDoc(d, doc) {
    doc.choices = d.choices.map((c) => c.trim());
  },
  validate: validateChoices,
  limitedTexts: choiceTexts,
  Fields: (props: KindFieldsProps) => <ChoicesEditor {...props} withCorrect={false} />,
};
