// The quiz editor's model: a draft per question that keeps every kind's fields (so switching
// the kind loses nothing), conversion to and from the protocol's quiz document, and the checks
// run before saving (the server checks again; its 422 `field` is shown the same way).

import type { QuestionDoc, QuestionKind, QuizDoc, Visibility } from "./protocol";
import { TEXT_LIMITS, textLength, tooLongMessage } from "./text-length";
import { isImageUrl } from "./image-url";
import { isScored } from "./kinds/scored";
import { editorOf } from "./kinds/editors";
import { QUESTION_BOUNDS } from "./rules";

export const TIME_LIMITS_S = [5, 10, 20, 30, 45, 60, 90, 120, 180, 240];
/** The server's text limits (generated from games/limits.py). */
export const LIMITS = TEXT_LIMITS;

export interface DraftQuestion {
  key: string;
  /** The question's stable id once saved (kept on edit, so its statistics follow it). */
  id?: string;
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
  /** Kept as loaded and sent back: the server writes credits (and checks them on every save). */
  credit?: QuestionDoc["credit"];
  /** A question's audio and video (this site's files), kept through an edit. */
  audio?: string;
  video?: string;
}

export interface DraftQuiz {
  title: string;
  description: string;
  /** The tags as the host types them: comma-separated (`tagsFromText` reads them). */
  tags: string;
  visibility: Visibility;
  questions: DraftQuestion[];
}

let counter = 0;
const newKey = () => `q${Date.now().toString(36)}${(counter++).toString(36)}`;

export function newQuestion(kind: QuestionKind = "choice"): DraftQuestion {
  return {
    key: newKey(),
    kind,
    prompt: "",
    timeLimitS: QUESTION_BOUNDS.defaultTimeLimitMs / 1000,
    points: 1,
    image: "",
    explanation: "",
    choices: ["", ""],
    correct: [],
    tf: true,
    accepted: [""],
    numCorrect: "",
    tolerance: "0",
    min: "",
    max: "",
    items: ["", "", ""],
    ...editorOf(kind).defaults(),
  };
}

export function newQuiz(): DraftQuiz {
  return { title: "", description: "", tags: "", visibility: "draft", questions: [newQuestion("choice")] };
}

export function draftFromDoc(q: QuestionDoc): DraftQuestion {
  const d = newQuestion(q.kind);
  if (q.id) d.id = q.id;
  d.prompt = q.prompt ?? "";
  d.timeLimitS = Math.round((q.time_limit_ms ?? QUESTION_BOUNDS.defaultTimeLimitMs) / 1000);
  d.points = typeof q.points === "number" ? q.points : 1;
  d.image = q.media?.image ?? "";
  if (q.media?.audio) d.audio = q.media.audio;
  if (q.media?.video) d.video = q.media.video;
  if (q.credit) d.credit = q.credit;
  d.explanation = q.explanation ?? "";
  editorOf(q.kind).fromDoc(q, d);
  return d;
}

export function draftQuizFromDoc(doc: QuizDoc): DraftQuiz {
  return {
    title: doc.title ?? "",
    description: doc.description ?? "",
    tags: (doc.tags ?? []).join(", "),
    visibility: doc.visibility ?? "draft",
    questions: (doc.questions ?? []).map(draftFromDoc),
  };
}

export function docFromDraft(d: DraftQuestion): QuestionDoc {
  const doc: QuestionDoc = { kind: d.kind, prompt: d.prompt.trim(), time_limit_ms: d.timeLimitS * 1000 };
  if (d.id) doc.id = d.id;
  if (isScored(d.kind)) doc.points = d.points;
  editorOf(d.kind).toDoc(d, doc);
  const media = { ...(d.image.trim() ? { image: d.image.trim() } : {}), ...(d.audio ? { audio: d.audio } : {}), ...(d.video ? { video: d.video } : {}) };
  if (Object.keys(media).length) doc.media = media;
  if (d.explanation.trim()) doc.explanation = d.explanation.trim();
  if (d.credit) doc.credit = d.credit;
  return doc;
}

export function docFromDraftQuiz(q: DraftQuiz): QuizDoc {
  const doc: QuizDoc = { title: q.title.trim(), questions: q.questions.map(docFromDraft) };
  if (q.description.trim()) doc.description = q.description.trim();
  const tags = tagsFromText(q.tags);
  if (tags.length) doc.tags = tags;
  doc.visibility = q.visibility;
  return doc;
}

/** Tags typed as "Safety, fire drill": trimmed, lower-cased, without blanks or repeats (the
 * server normalises them the same way, `games.quiz.parse_tags`). */
export function tagsFromText(text: string): string[] {
  const tags = text.split(",").map((t) => t.trim().toLowerCase()).filter(Boolean);
  return [...new Set(tags)];
}

export type FieldErrors = Record<string, string>;

/** Problems to fix before saving, keyed by the protocol's field paths ("questions[1].correct"). */
export function validateQuiz(q: DraftQuiz): FieldErrors {
  const e: FieldErrors = {};
  if (!q.title.trim()) e.title = "Give the quiz a title.";
  Object.assign(e, tooLong(q));
  const tags = tagsFromText(q.tags);
  if (tags.length > LIMITS.tags) e.tags = `Use at most ${LIMITS.tags} tags.`;
  else if (tags.some((t) => textLength(t) > LIMITS.tag)) e.tags = `Keep each tag to ${LIMITS.tag} characters.`;
  if (q.questions.length === 0) e.questions = "Add at least one question.";
  q.questions.forEach((d, i) => {
    const p = `questions[${i}]`;
    if (!d.prompt.trim()) e[`${p}.prompt`] = "Write the question.";
    editorOf(d.kind).validate(d, p, e);
    if (d.image.trim() && !isImageUrl(d.image.trim()))
      e[`${p}.media.image`] = "The image must be a web address starting with https:// (or a path on this site starting with /).";
  });
  return e;
}

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
    const editor = editorOf(d.kind);
    check(`${p}.prompt`, editor.promptName, d.prompt, LIMITS.prompt);
    for (const t of editor.limitedTexts(d)) check(`${p}.${t.field}`, t.what, t.text, LIMITS.tile);
    check(`${p}.explanation`, "The explanation", d.explanation, LIMITS.explanation);
  });
  return e;
}

export { isImageUrl };

/** The editor field an error path belongs to ("questions[0].choices[2]" → "questions[0].choices"). */
export function errorAnchor(field: string): string {
  return field.replace(/\[\d+\]$/, "").replace(/^questions\[(\d+)\]\.media$/, "questions[$1].media.image");
}
