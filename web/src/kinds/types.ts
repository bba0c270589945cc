// What a question kind is, in one interface: each kind's module (web/src/kinds/<kind>.tsx)
// implements it, and kinds/index.ts maps a kind to its module. The pages ask the module instead
// of branching on the kind, so a new kind is one new module.

import type { ComponentType } from "preact";
import type { AnswerValue, PublicQuestion, QuestionDoc, QuestionKind, Reveal } from "../protocol";
import type { DraftQuestion, FieldErrors } from "../quiz-model";

/** What the editor gives a kind's own fields (under the prompt). */
export interface KindFieldsProps {
  q: DraftQuestion;
  /** The question's field path prefix: "questions[2]". */
  p: string;
  err: (path: string) => string | undefined;
  /** aria-invalid and aria-describedby for a field with an error. */
  described: (path: string) => Record<string, string>;
  change: (fn: (q: DraftQuestion) => DraftQuestion) => void;
}

/** A text of a draft that the server holds to a length limit ("Answer B", "Item 2"…). */
export interface LimitedText {
  /** The field path's last part the error goes to: "choices", "items", "accepted". */
  field: string;
  what: string;
  text: string;
}

/** The quiz editor's part: the kind's fields, its defaults, and its side of the document. */
export interface KindEditor {
  /** The prompt field's label, its example, and how a length error names it. */
  promptLabel: string;
  promptPlaceholder: string;
  promptName: string;
  /** The kind's own fields in a new draft (the rest are the same for every kind). */
  defaults(): Partial<DraftQuestion>;
  /** Fill the kind's own fields of a draft from a saved question. */
  fromDoc(doc: QuestionDoc, draft: DraftQuestion): void;
  /** Write the kind's own fields of a draft into the question document. */
  toDoc(draft: DraftQuestion, doc: QuestionDoc): void;
  /** The kind's problems before saving, keyed by field path under `p`. */
  validate(draft: DraftQuestion, p: string, errors: FieldErrors): void;
  /** The kind's own texts under a length limit (its answers, items…). */
  limitedTexts(draft: DraftQuestion): LimitedText[];
  /** The fields under the prompt, or null when the kind has none. */
  Fields: ComponentType<KindFieldsProps> | null;
}

/** What the answer screen of a phone gives a kind's input. */
export interface AnswerInputProps {
  q: PublicQuestion;
  /** This device's shuffle seed when the game shuffles choices, else null. */
  seed: string | null;
  /** Whether the phone shows the question's texts (else they are on the big screen only). */
  showText: boolean;
  onAnswer: (value: AnswerValue) => void;
}

/** The phone's part: how an answer is given and said back. */
export interface KindAnswer {
  Input: ComponentType<AnswerInputProps>;
  /** The answer sent, in words, for the "locked in" screen. */
  describe(q: PublicQuestion, value: AnswerValue): string;
}

/** What a kind's reveal view is given. */
export interface DistributionProps {
  q: PublicQuestion;
  reveal: Reveal;
}

/** The big screen's (and the host console's) part. */
export interface KindScreen {
  /** A badge beside the question's number ("Poll"), if the kind has one. */
  badge: string | null;
  /** What the question stage shows under the prompt while the question is open. */
  Question: ComponentType<{ q: PublicQuestion }>;
  /** How everyone answered, at the reveal. */
  Distribution: ComponentType<DistributionProps>;
  /** The reveal's correct answer in words, when it has one (never null here). */
  describeCorrect(q: PublicQuestion, correct: unknown): string;
}

/**
 * One question kind as a game plays it: its description, its answer input on the phone and its
 * big-screen view. Its editor part (kinds/<kind>.editor.tsx) is a module of its own, so that a
 * phone never downloads the quiz editor.
 */
export interface KindModule {
  kind: QuestionKind;
  /** Its name in menus and reports ("Multiple choice"). */
  label: string;
  /** One line under the kind in the editor. */
  help: string;
  answer: KindAnswer;
  screen: KindScreen;
}
