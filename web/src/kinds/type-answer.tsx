// Type the answer: players type it; any accepted answer counts (case, accents and punctuation
// aside, as the server compares them).

import { textValue } from "../answers";
import { QUESTION_BOUNDS } from "../rules";
import { answerList, deviceHint, textInput, type TextInputRules } from "./text";
import type { KindModule } from "./types";

/** The phone's field: what it is called and how long an answer may be. */
export const TYPE_ANSWER_INPUT: TextInputRules = {
  label: "Your answer",
  numeric: false,
  maxLength: QUESTION_BOUNDS.typedAnswer,
  counter: false,
  check: (_q, raw) => textValue(raw, QUESTION_BOUNDS.typedAnswer),
};

export const typeAnswer: KindModule = {
  kind: "type_answer",
  label: "Type the answer",
  help: "Players type the answer. Case, accents and punctuation are ignored.",
  answer: {
    Input: textInput(TYPE_ANSWER_INPUT),
    describe: (_q, value) => String(value),
  },
  screen: {
    badge: null,
    Question: deviceHint("Type your answer on your device"),
    Distribution: answerList({ isRight: (key, correct) => Array.isArray(correct) && correct.includes(key), label: (key) => key }),
    describeCorrect: (_q, correct) => (Array.isArray(correct) ? correct.join(" / ") : String(correct)),
  },
};
