// A phone's run of a self-paced challenge, as a pure reducer: the run page feeds it the server's
// RunViews (the join ack's `run`, the acks of `run_next`, `run_again`, `run_state` and `answer`,
// the `run` event) and its own answer, and renders `screenOf(model, left)`.
//
// The server decides everything: the phone shows the countdown from the view's `deadline_ms`
// (on the server's clock, estimated from `server_ms`), an answer is "sent" only once the server
// acknowledged it (its ack is the reveal), and a correct answer is read only from a reveal's
// `result`, never from a question's view.

import type { ClockOffset } from "../clock";
import { num, ordinal } from "../format";
import type { AnswerValue, ChallengeState, PublicQuestion, RunResult, RunView } from "../protocol";

/** An answer picked on this phone that the server has not acknowledged yet. */
export interface RunOutgoing {
  attempt: number;
  question: number;
  value: AnswerValue;
  /** A copy is on the wire, waiting for its ack. */
  inFlight: boolean;
  /** The last copy got no usable ack (a timeout, a busy server): wait before the next. */
  failed: boolean;
}

export interface RunModel {
  run: RunView | null;
  /** The last question view seen: a reveal shows the question it reveals. */
  question: PublicQuestion | null;
  outbox: RunOutgoing | null;
  /** `attempt:question` → the answer this phone sent and the server acknowledged. */
  sent: Record<string, AnswerValue>;
  /** Why the last answer was refused when it may be given again (e.g. `invalid_answer`). */
  refusal: { question: number; code: string; message?: string } | null;
  /** The last question's reveal when the server's view went straight on to "done": shown first. */
  lastReveal: RunView | null;
}

export const emptyRun = (): RunModel => ({
  run: null,
  question: null,
  outbox: null,
  sent: {},
  refusal: null,
  lastReveal: null,
});

export type RunAction =
  | { type: "run"; run: RunView }
  | { type: "pick"; question: number; value: AnswerValue }
  | { type: "sending" }
  | { type: "failed" }
  | { type: "acked"; run: RunView | null }
  | { type: "refused"; code: string; message?: string }
  | { type: "seen" }
  | { type: "restore"; kept: KeptRun };

/**
 * What a phone keeps of its run across a reload (localStorage): the last question's view (as the
 * phone got it, no correct answer) and the answers the server acknowledged, so a reveal shown
 * after a reload still names the question, the correct answer and the answer sent.
 */
export interface KeptRun {
  question: PublicQuestion | null;
  sent: Record<string, AnswerValue>;
}

/** The part of the model a reload keeps. */
export function keptOf(m: RunModel): KeptRun {
  return { question: m.question, sent: m.sent };
}

const key = (attempt: number, question: number) => `${attempt}:${question}`;

/** Answer error codes after which the same answer is sent again: it may not have been seen. */
export const RUN_RETRY_CODES = new Set(["timeout", "unavailable", "internal", "rate_limited", "not_joined"]);

/**
 * What an answer's ack means for the run: `acked` (the ack carries the reveal), `counted` (an
 * earlier copy got through: `already_answered`; the run's view is to be asked for), `retry`
 * (the same answer goes again shortly) or `refused` (the run's view is to be asked for).
 */
export function answerOutcome(ack: { ok: true } | { ok: false; error: { code: string } }): "acked" | "counted" | "retry" | "refused" {
  if (ack.ok) return "acked";
  if (ack.error.code === "already_answered") return "counted";
  return RUN_RETRY_CODES.has(ack.error.code) ? "retry" : "refused";
}
/** Codes after which the answer may be given again (another value). */
const TRY_AGAIN_CODES = new Set(["invalid_answer", "answers_not_open", "invalid"]);

/** A run's place in time: later attempts, then later questions, a reveal after its question. */
function position(r: RunView): [number, number] {
  if (r.status === "done") return [r.attempt, Number.POSITIVE_INFINITY];
  if (r.status === "ready") return [r.attempt, -1];
  return [r.attempt, r.question * 2 + (r.status === "reveal" ? 1 : 0)];
}

/** Whether `next` should replace `current` (an older view, e.g. a late ack, is dropped). */
export function isNewerRun(current: RunView | null, next: RunView): boolean {
  if (!current) return true;
  const [a, p] = position(current);
  const [b, q] = position(next);
  return b > a || (b === a && q >= p);
}

/** The fields of a question that only a reveal may carry: never kept from a question's view. */
const REVEAL_ONLY = ["correct", "correct_answer", "accepted", "explanation", "result", "tolerance"];

/** The question as the phone may show it: whatever a reveal alone may tell is left out. */
export function questionOf(run: RunView): PublicQuestion | null {
  return questionOfView(run.view);
}

function questionOfView(view: PublicQuestion | null | undefined): PublicQuestion | null {
  if (!view || typeof view !== "object") return null;
  const copy = { ...view } as Record<string, unknown>;
  for (const field of REVEAL_ONLY) delete copy[field];
  return copy as unknown as PublicQuestion;
}

/** What the model's reducer does with each event. */
export function runReducer(m: RunModel, a: RunAction): RunModel {
  switch (a.type) {
    case "run":
      return takeRun(m, a.run);
    case "pick": {
      const run = m.run;
      if (!run || run.status !== "question" || run.question !== a.question || m.outbox) return m;
      return { ...m, refusal: null, outbox: { attempt: run.attempt, question: a.question, value: a.value, inFlight: false, failed: false } };
    }
    case "sending":
      return m.outbox ? { ...m, outbox: { ...m.outbox, inFlight: true } } : m;
    case "failed":
      return m.outbox ? { ...m, outbox: { ...m.outbox, inFlight: false, failed: true } } : m;
    case "acked": {
      const o = m.outbox;
      if (!o) return a.run ? takeRun(m, a.run) : m;
      const next = { ...m, outbox: null, sent: { ...m.sent, [key(o.attempt, o.question)]: o.value } };
      return a.run ? takeRun(next, a.run) : next;
    }
    case "refused": {
      const o = m.outbox;
      if (!o) return m;
      // The server has no answer from this phone: the question may be answered again when it
      // refused the value itself; otherwise (closed, already answered) a fresh view tells where
      // the run is.
      const refusal = TRY_AGAIN_CODES.has(a.code) ? { question: o.question, code: a.code, message: a.message } : null;
      return { ...m, outbox: null, refusal };
    }
    case "seen":
      return { ...m, lastReveal: null };
    case "restore": {
      // Only what this run is still at: a view of another question is of no use.
      const q = a.kept.question;
      const fits = !!q && typeof q === "object" && (!m.run || m.run.question === q.index);
      return { ...m, question: m.question ?? (fits ? questionOfView(q) : null), sent: { ...a.kept.sent, ...m.sent } };
    }
  }
}

function takeRun(m: RunModel, run: RunView): RunModel {
  if (!isNewerRun(m.run, run)) return m;
  const question = run.status === "question" ? questionOf(run) : m.question && m.question.index === run.question ? m.question : questionOf(run);
  // A "done" that carries the last question's result came straight from that question: the
  // reveal is shown first (this phone saw the question, so its player wants to know).
  const skipped = run.status === "done" && !!run.result && m.run?.status === "question" && m.run.attempt === run.attempt;
  const outbox = m.outbox && (m.outbox.attempt !== run.attempt || m.outbox.question !== run.question || run.status !== "question") ? null : m.outbox;
  const refusal = m.refusal && run.status === "question" && m.refusal.question === run.question ? m.refusal : null;
  return { ...m, run, question, outbox, refusal, lastReveal: skipped ? run : run.status === "done" ? m.lastReveal : null };
}

export type RunScreen = "loading" | "ready" | "question" | "sending" | "closing" | "reveal" | "done";

/**
 * What the phone shows: `leftMs` is the question's time left on the server's clock as estimated
 * (`runRemaining`); at 0 with no answer it waits for the server's reveal ("closing"), since the
 * server alone closes a question.
 */
export function screenOf(m: RunModel, leftMs: number): RunScreen {
  const run = m.run;
  if (!run) return "loading";
  if (run.status === "ready") return "ready";
  if (run.status === "question") {
    if (m.outbox) return "sending";
    return leftMs > 0 ? "question" : "closing";
  }
  if (run.status === "reveal" || m.lastReveal) return "reveal";
  return "done";
}

/** The reveal on show: the run's, or the last question's before its "done". */
export function revealOf(m: RunModel): { run: RunView; result: RunResult } | null {
  const run = m.lastReveal ?? m.run;
  if (!run || (run.status !== "reveal" && run !== m.lastReveal) || !run.result) return null;
  return { run, result: run.result };
}

/** The answer this phone sent for the revealed question (acknowledged), if any. */
export function sentAnswer(m: RunModel, run: RunView): AnswerValue | undefined {
  return m.sent[key(run.attempt, run.question)];
}

/** Takes the server's clock from a view: `server_ms` was stamped just before it was sent. */
export function sampleRun(clock: ClockOffset, run: RunView, receivedAt?: number): void {
  clock.sample(run.server_ms, receivedAt);
}

/** The question's time left in ms on the server's clock, within [0, its time limit]. */
export function runRemaining(clock: ClockOffset, run: RunView | null, q: PublicQuestion | null): number {
  if (!run || run.status !== "question" || typeof run.deadline_ms !== "number") return 0;
  const limit = q?.time_limit_ms && q.time_limit_ms > 0 ? q.time_limit_ms : Math.max(0, run.deadline_ms - (run.server_ms ?? 0));
  return clock.remaining(run.deadline_ms, limit);
}

/** Whether the last question is the one revealed (the button then leads to the result). */
export function isLast(run: RunView): boolean {
  return run.question >= run.count - 1;
}

/** The challenge as its join ack's state tells it (fields checked, defaults for the missing). */
export interface ChallengeInfo {
  title: string;
  count: number;
  attempts: number;
  closesMs: number | null;
  open: boolean;
  gameId: string;
  /** The choices are shuffled per player (the settings' `shuffle_choices`). */
  shuffle: boolean;
}

export function challengeInfo(state: unknown): ChallengeInfo | null {
  if (!state || typeof state !== "object") return null;
  const s = state as Partial<ChallengeState> & Record<string, unknown>;
  if (s.mode !== "challenge") return null;
  const int = (v: unknown, fallback: number) => (typeof v === "number" && Number.isFinite(v) ? v : fallback);
  return {
    title: typeof s.title === "string" ? s.title : "",
    count: int(s.count, 0),
    attempts: Math.max(1, int(s.attempts, 1)),
    closesMs: typeof s.closes_ms === "number" && Number.isFinite(s.closes_ms) ? s.closes_ms : null,
    open: s.phase !== "closed",
    gameId: typeof s.game_id === "string" ? s.game_id : "",
    shuffle: !!s.settings?.shuffle_choices,
  };
}

/** "Try again" is offered at the end of a run while attempts remain and the challenge is open. */
export function canTryAgain(run: RunView | null, info: ChallengeInfo | null): boolean {
  return !!run && !!info && run.status === "done" && info.open && run.attempt < info.attempts;
}

/** Attempts left after this one ("2 more tries"). */
export function attemptsLeft(run: RunView | null, info: ChallengeInfo | null): number {
  if (!run || !info) return 0;
  return Math.max(0, info.attempts - run.attempt);
}

/** What the live region says at a reveal (`correctText`: the correct answer in words, or ""). */
export function revealAnnouncement(result: RunResult, run: RunView, correctText: string): string {
  const verdict = result.correct ? "Correct!" : result.answered ? "Not this time." : "Time's up. No answer.";
  const points = result.points > 0 ? `Plus ${num(result.points)} points.` : "No points this time.";
  const answer = !result.correct && correctText ? `Correct answer: ${correctText}.` : "";
  return [verdict, points, answer, standingText(run)].filter(Boolean).join(" ");
}

/** "You're in 2nd place with 1,600 points." (no rank yet: just the points). */
export function standingText(run: RunView): string {
  if (run.rank === null || run.rank === undefined || run.rank < 1) return `You have ${num(run.score)} points.`;
  return `You're in ${ordinal(run.rank)} place with ${num(run.score)} points.`;
}

/** What the live region says when a run is over. */
export function doneAnnouncement(run: RunView): string {
  const right = typeof run.correct === "number" ? ` ${num(run.correct)} of ${num(run.count)} right.` : "";
  const of = typeof run.players === "number" && run.players > 0 ? ` of ${num(run.players)}` : "";
  const place = run.rank && run.rank > 0 ? ` You're ${ordinal(run.rank)}${of} so far.` : "";
  return `Challenge finished: ${num(run.score)} points.${right}${place}`;
}

/** "Closes in 3 days" / "Closes in 5 hours" / "Closes in 12 minutes" / "Closed". */
export function timeLeftText(closesMs: number | null, nowMs: number): string {
  if (closesMs === null) return "";
  const left = closesMs - nowMs;
  if (left <= 0) return "Closed";
  const minutes = Math.ceil(left / 60_000);
  if (minutes < 60) return `Closes in ${minutes} ${minutes === 1 ? "minute" : "minutes"}`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `Closes in ${hours} ${hours === 1 ? "hour" : "hours"}`;
  const days = Math.floor(hours / 24);
  return `Closes in ${days} days`;
}
