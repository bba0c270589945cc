// Number: players enter a number; answers within the tolerance count, and the question may bound
// what can be entered.

import type { Checked } from "../answers";
import { QUESTION_BOUNDS } from "../rules";
import type { PublicQuestion } from "../protocol";
import { answerList, deviceHint, textInput } from "./text";
import type { KindModule } from "./types";

/** Check and convert what a player typed: a number within the question's bounds. */
export function numberAnswer(q: PublicQuestion, raw: string): Checked {
  const text = raw.trim();
  if (text === "") return { ok: false, message: "Type a number." };
  const value = Number(text.replace(",", "."));
  if (!Number.isFinite(value)) return { ok: false, message: "That is not a number." };
  if (typeof q.min === "number" && value < q.min) return { ok: false, message: `The answer is at least ${q.min}.` };
  if (typeof q.max === "number" && value > q.max) return { ok: false, message: `The answer is at most ${q.max}.` };
  return { ok: true, value };
}

const hasRange = (q: PublicQuestion) => typeof q.min === "number" || typeof q.max === "number";

export const numeric: KindModule = {
  kind: "numeric",
  label: "Number",
  help: "Players enter a number. Answers within the tolerance count as correct.",
  answer: {
    Input: textInput({ label: "Your number", numeric: true, maxLength: QUESTION_BOUNDS.typedAnswer, counter: false, check: numberAnswer }),
    describe: (_q, value) => String(value),
  },
  screen: {
    badge: null,
    Question: deviceHint("Enter a number on your device", (q) => (hasRange(q) ? ` (between ${q.min ?? "…"} and ${q.max ?? "…"})` : "")),
    Distribution: answerList({ isRight: (key, correct) => typeof correct === "number" && Number(key) === correct, label: (key) => key }),
    describeCorrect: (_q, correct) => String(correct),
  },
};
