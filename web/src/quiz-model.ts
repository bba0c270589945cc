// The quiz editor's model: a draft per question that keeps every kind's fields (so switching
// the kind loses nothing), conversion to and from the protocol's quiz document, and the checks
// run before saving (the server checks again; its 422 `field` is shown the same way).

import type { QuestionDoc, QuestionKind, QuizDoc } from "./protocol";
import { TEXT_LIMITS, textLength, tooLongMessage } from "./text-length";
import { isImageUrl } from "./image-url";

export const KIND_LABELS: Record<QuestionKind, string> = {
  choice: "Multiple choice",
  true_false: "True or false",
  type_answer: "Type the answer",
  numeric: "Number",
  order: "Put in order",
  poll: "Poll",
  word_cloud: "Word cloud",
};

export const TIME_LIMITS_S = [5, 10, 20, 30, 45, 60, 90, 120, 180, 240];
export const MAX_CHOICES = 6;
export const MIN_CHOICES = 2;
export const MAX_ITEMS = 8;
/** The server's text limits (generated from games/limits.py). */
export const LIMITS = TEXT_LIMITS;

export interface DraftQuestion {
  key: string;
  kind: QuestionKind;
  prompt: string;
  timeLimitS: number;
  points: number;
  image: string;
  explanation: string;
  choices: string[];
  correct: number[];
  tf: boolean;
  accepted: string[];
  numCorrect: string;
  tolerance: string;
  min: string;
  max: string;
  items: string[];
}

export interface DraftQuiz {
  title: string;
  description: string;
  questions: DraftQuestion[];
}

let counter = 0;
const newKey = () => `q${Date.now().toString(36)}${(counter++).toString(36)}`;

export function newQuestion(kind: QuestionKind = "choice"): DraftQuestion {
  return {
    key: newKey(),
    kind,
    prompt: "",
    timeLimitS: 20,
    points: 1,
    image: "",
    explanation: "",
    choices: kind === "poll" || kind === "choice" ? ["", "", "", ""] : ["", ""],
    correct: [],
    tf: true,
    accepted: [""],
    numCorrect: "",
    tolerance: "0",
    min: "",
    max: "",
    items: ["", "", ""],
  };
}

export function newQuiz(): DraftQuiz {
  return { title: "", description: "", questions: [newQuestion("choice")] };
}

const str = (n: unknown) => (typeof n === "number" && Number.isFinite(n) ? String(n) : "");

export function draftFromDoc(q: QuestionDoc): DraftQuestion {
  const d = newQuestion(q.kind);
  d.prompt = q.prompt ?? "";
  d.timeLimitS = Math.round((q.time_limit_ms ?? 20000) / 1000);
  d.points = typeof q.points === "number" ? q.points : 1;
  d.image = q.media?.image ?? "";
  d.explanation = q.explanation ?? "";
  if (q.kind === "choice" || q.kind === "poll") {
    d.choices = (q.choices ?? []).slice();
    if (q.kind === "choice") {
      const c = q.correct;
      d.correct = Array.isArray(c) ? c.slice() : typeof c === "number" ? [c] : [];
    }
  } else if (q.kind === "true_false") {
    d.tf = q.correct === true;
  } else if (q.kind === "type_answer") {
    d.accepted = (q.accepted ?? []).slice();
    if (!d.accepted.length) d.accepted = [""];
  } else if (q.kind === "numeric") {
    d.numCorrect = str(q.correct);
    d.tolerance = str(q.tolerance) || "0";
    d.min = str(q.min);
    d.max = str(q.max);
  } else if (q.kind === "order") {
    d.items = (q.items ?? []).slice();
  }
  return d;
}

export function draftQuizFromDoc(doc: QuizDoc): DraftQuiz {
  return {
    title: doc.title ?? "",
    description: doc.description ?? "",
    questions: (doc.questions ?? []).map(draftFromDoc),
  };
}

const toNumber = (s: string): number | null => {
  const t = s.trim().replace(",", ".");
  if (t === "") return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
};

export function docFromDraft(d: DraftQuestion): QuestionDoc {
  const doc: QuestionDoc = { kind: d.kind, prompt: d.prompt.trim(), time_limit_ms: d.timeLimitS * 1000 };
  if (d.kind !== "poll" && d.kind !== "word_cloud") doc.points = d.points;
  switch (d.kind) {
    case "choice":
      doc.choices = d.choices.map((c) => c.trim());
      doc.correct = d.correct.slice().sort((a, b) => a - b);
      break;
    case "poll":
      doc.choices = d.choices.map((c) => c.trim());
      break;
    case "true_false":
      doc.correct = d.tf;
      break;
    case "type_answer":
      doc.accepted = d.accepted.map((a) => a.trim()).filter(Boolean);
      break;
    case "numeric": {
      doc.correct = toNumber(d.numCorrect) ?? (d.numCorrect as unknown as number);
      doc.tolerance = toNumber(d.tolerance) ?? 0;
      const min = toNumber(d.min);
      const max = toNumber(d.max);
      if (min !== null) doc.min = min;
      if (max !== null) doc.max = max;
      break;
    }
    case "order":
      doc.items = d.items.map((i) => i.trim());
      break;
    case "word_cloud":
      break;
  }
  if (d.image.trim()) doc.media = { image: d.image.trim() };
  if (d.explanation.trim()) doc.explanation = d.explanation.trim();
  return doc;
}

export function docFromDraftQuiz(q: DraftQuiz): QuizDoc {
  const doc: QuizDoc = { title: q.title.trim(), questions: q.questions.map(docFromDraft) };
  if (q.description.trim()) doc.description = q.description.trim();
  return doc;
}

export type FieldErrors = Record<string, string>;

/** Problems to fix before saving, keyed by the protocol's field paths ("questions[1].correct"). */
export function validateQuiz(q: DraftQuiz): FieldErrors {
  const e: FieldErrors = {};
  if (!q.title.trim()) e.title = "Give the quiz a title.";
  Object.assign(e, tooLong(q));
  if (q.questions.length === 0) e.questions = "Add at least one question.";
  q.questions.forEach((d, i) => {
    const p = `questions[${i}]`;
    if (!d.prompt.trim()) e[`${p}.prompt`] = "Write the question.";
    if (d.kind === "choice" || d.kind === "poll") {
      const filled = d.choices.filter((c) => c.trim());
      if (d.choices.length < MIN_CHOICES || filled.length !== d.choices.length)
        e[`${p}.choices`] = "Fill in every answer, or remove the empty ones (2 to 6 answers).";
      if (d.kind === "choice" && d.correct.length === 0) e[`${p}.correct`] = "Mark at least one answer as correct.";
    } else if (d.kind === "type_answer") {
      if (!d.accepted.some((a) => a.trim())) e[`${p}.accepted`] = "Add at least one accepted answer.";
    } else if (d.kind === "numeric") {
      const c = toNumber(d.numCorrect);
      const min = toNumber(d.min);
      const max = toNumber(d.max);
      const tol = toNumber(d.tolerance);
      if (c === null) e[`${p}.correct`] = "Enter the correct number.";
      if (d.tolerance.trim() && (tol === null || tol < 0)) e[`${p}.tolerance`] = "The tolerance is a number, 0 or more.";
      if (d.min.trim() && min === null) e[`${p}.min`] = "The lowest allowed answer must be a number.";
      if (d.max.trim() && max === null) e[`${p}.max`] = "The highest allowed answer must be a number.";
      if (min !== null && max !== null && min >= max) e[`${p}.max`] = "The highest answer must be above the lowest.";
      else if (c !== null && ((min !== null && c < min) || (max !== null && c > max)))
        e[`${p}.correct`] = "The correct number must lie between the lowest and highest answers.";
    } else if (d.kind === "order") {
      if (d.items.length < 2 || d.items.some((it) => !it.trim()))
        e[`${p}.items`] = "Fill in every item, or remove the empty ones (at least 2).";
    }
    if (d.image.trim() && !isImageUrl(d.image.trim()))
      e[`${p}.media.image`] = "The image must be a web address starting with https:// (or a path on this site starting with /).";
  });
  return e;
}

const TILE_LETTERS = "ABCDEF";

/** The texts past their limit (games/limits.py), keyed by field path; a list (choices, items,
 *  accepted answers) names its first text too long. Quizzes saved before the limits can hold
 *  them: they load, and these must be shortened before the next save. */
export function tooLong(q: DraftQuiz): FieldErrors {
  const e: FieldErrors = {};
  const check = (path: string, what: string, text: string, limit: number) => {
    const n = textLength(text);
    if (n > limit && !e[path]) e[path] = tooLongMessage(what, n, limit);
  };
  check("title", "The title", q.title, LIMITS.title);
  check("description", "The description", q.description, LIMITS.description);
  q.questions.forEach((d, i) => {
    const p = `questions[${i}]`;
    check(`${p}.prompt`, d.kind === "true_false" ? "The statement" : "The question", d.prompt, LIMITS.prompt);
    if (d.kind === "choice" || d.kind === "poll")
      d.choices.forEach((c, j) => check(`${p}.choices`, `Answer ${TILE_LETTERS[j] ?? j + 1}`, c, LIMITS.tile));
    else if (d.kind === "order") d.items.forEach((it, j) => check(`${p}.items`, `Item ${j + 1}`, it, LIMITS.tile));
    else if (d.kind === "type_answer")
      d.accepted.forEach((a, j) => check(`${p}.accepted`, `Accepted answer ${j + 1}`, a, LIMITS.tile));
    check(`${p}.explanation`, "The explanation", d.explanation, LIMITS.explanation);
  });
  return e;
}

export { isImageUrl };

/** The editor field an error path belongs to ("questions[0].choices[2]" → "questions[0].choices"). */
export function errorAnchor(field: string): string {
  return field.replace(/\[\d+\]$/, "").replace(/^questions\[(\d+)\]\.media$/, "questions[$1].media.image");
}

/** A DOM id for a field path. */
export function fieldId(path: string): string {
  return "f-" + path.replace(/[^a-zA-Z0-9]+/g, "-").replace(/-+$/, "");
}
