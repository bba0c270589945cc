// The question kinds' registry: a kind → its module (web/src/kinds/<kind>.tsx). Pages, the editor's
// model, the reports and the announcements look a kind up here rather than branching on it.

import type { AnswerValue, PublicQuestion, QuestionKind } from "../protocol";
import { choice } from "./choice";
import { numeric } from "./numeric";
import { order } from "./order";
import { poll } from "./poll";
import { isScored } from "./scored";
import { trueFalse } from "./true-false";
import { typeAnswer } from "./type-answer";
import type { KindModule } from "./types";
import { wordCloud } from "./word-cloud";

/** Every question kind of the protocol, with its module. */
export const KINDS: Record<QuestionKind, KindModule> = {
  choice,
  true_false: trueFalse,
  type_answer: typeAnswer,
  numeric,
  order,
  poll,
  word_cloud: wordCloud,
};

/** The module of a kind. */
export function kindOf(kind: QuestionKind): KindModule {
  return KINDS[kind];
}

/** The module of a kind named in stored data (a report, a file), or undefined for one unknown here. */
const known = (kind: string): KindModule | undefined => (KINDS as Record<string, KindModule | undefined>)[kind];

/** A kind's name for people; a kind this page does not know keeps its code. */
export function kindLabel(kind: string): string {
  return known(kind)?.label ?? kind;
}

/** A short human description of an answer value, for the "locked in" screen. */
export function describeAnswer(q: PublicQuestion, value: AnswerValue | null): string {
  if (value === null) return "Your answer is in.";
  return kindOf(q.kind).answer.describe(q, value);
}

/** The correct answer of a reveal, in words (for the screen, the host and the phones). */
export function describeCorrect(q: PublicQuestion, correct: unknown): string {
  if (correct === null || correct === undefined) return isScored(q.kind) ? "–" : "";
  return kindOf(q.kind).screen.describeCorrect(q, correct);
}
