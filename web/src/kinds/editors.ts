// The question kinds' editor parts: a kind → its fields, defaults, checks and document side in
// the quiz editor (web/src/kinds/<kind>.editor.tsx). Apart from kinds/index.ts so that only the
// editor's chunk holds them: the phone's first screen has a byte budget.

import type { QuestionKind } from "../protocol";
import { choiceEditor } from "./choice.editor";
import { numericEditor } from "./numeric.editor";
import { orderEditor } from "./order.editor";
import { pollEditor } from "./poll.editor";
import { trueFalseEditor } from "./true-false.editor";
import { typeAnswerEditor } from "./type-answer.editor";
import type { KindEditor } from "./types";
import { wordCloudEditor } from "./word-cloud.editor";

/** Every question kind of the protocol, with its editor part. */
export const EDITORS: Record<QuestionKind, KindEditor> = {
  choice: choiceEditor,
  true_false: trueFalseEditor,
  type_answer: typeAnswerEditor,
  numeric: numericEditor,
  order: orderEditor,
  poll: pollEditor,
  word_cloud: wordCloudEditor,
};

/** The editor part of a kind. */
export function editorOf(kind: QuestionKind): KindEditor {
  return EDITORS[kind];
}
