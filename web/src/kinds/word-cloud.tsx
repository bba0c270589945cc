// Word cloud: players send a word or two, no points; the big screen draws the most sent largest.

import { textValue } from "../answers";
import { QUESTION_BOUNDS } from "../rules";
import { deviceHint, textInput, type TextInputRules } from "./text";
import type { KindModule, KindScreen } from "./types";

/** The 40 words sent most, each sized by how often it was sent. */
const Cloud: KindScreen["Distribution"] = ({ reveal }) => {
  const entries = Object.entries(reveal.distribution ?? {}).sort((a, b) => b[1] - a[1]);
  const max = Math.max(1, ...entries.map((e) => e[1]));
  return (
    <figure class="cloud" aria-label="Word cloud">
      {entries.slice(0, 40).map(([word, count]) => (
        <span key={word} class="cloud-word" style={{ fontSize: `${1 + 2.2 * (count / max)}em` }}>
          {word}
          <span class="sr-only">: {count}</span>
        </span>
      ))}
    </figure>
  );
};

/** The phone's field: what it is called and how long an answer may be. */
export const WORD_CLOUD_INPUT: TextInputRules = {
  label: "Your word or short phrase",
  numeric: false,
  maxLength: QUESTION_BOUNDS.wordCloudAnswer,
  counter: true,
  check: (_q, raw) => textValue(raw, QUESTION_BOUNDS.wordCloudAnswer),
};

export const wordCloud: KindModule = {
  kind: "word_cloud",
  label: "Word cloud",
  help: `Players send a word or two (up to ${QUESTION_BOUNDS.wordCloudAnswer} characters). No points.`,
  answer: {
    Input: textInput(WORD_CLOUD_INPUT),
    describe: (_q, value) => String(value),
  },
  screen: {
    badge: "Word cloud",
    Question: deviceHint("Send a word or two from your device"),
    Distribution: Cloud,
    describeCorrect: () => "",
  },
};
