// The run page's views, one per screen of the run model (run-model.ts `screenOf`): the start,
// an open question with its own countdown, the answer on its way, time up, the reveal with the
// explanation, and the result at the end.

import { useEffect, useRef } from "preact/hooks";
import type { ClockOffset } from "../clock";
import { Countdown } from "../components/Countdown";
import { Credit } from "../components/Credit";
import { QuestionMedia } from "../components/QuestionMedia";
import { FitBox } from "../components/fit";
import { Flame, Trophy } from "../components/icons";
import { Alert, Check, Cross, Spinner } from "../components/ui";
import { num, ordinal, plural } from "../format";
import { useReading } from "../hooks/reading";
import { isSiteImage } from "../image-url";
import { describeAnswer, describeCorrect, kindOf } from "../kinds";
import { isScored } from "../kinds/scored";
import type { AnswerValue, PublicQuestion, RunResult, RunView } from "../protocol";
import { attemptsLeft, canTryAgain, type ChallengeInfo, isLast, standingText, timeLeftText } from "./run-model";

/** Focuses the element once, when it appears (a new screen starts from its heading). */
function useFocus<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  useEffect(() => ref.current?.focus(), []);
  return ref;
}

interface Actions {
  busy: boolean;
  error: string | null;
  onNext: () => void;
}

/** Before the first question: what the challenge is, and the button that starts the clock. */
export function ReadyView({ info, run, busy, error, onNext }: Actions & { info: ChallengeInfo | null; run: RunView }) {
  const title = useFocus<HTMLHeadingElement>();
  const count = run.count || info?.count || 0;
  return (
    <section class="player-card center run-ready" data-testid="run-ready" aria-labelledby="run-title">
      <p class="muted">Challenge{run.attempt > 1 ? ` · attempt ${run.attempt}` : ""}</p>
      <h1 class="big-msg" id="run-title" tabIndex={-1} ref={title}>
        {info?.title || "Quiz challenge"}
      </h1>
      <p class="lead">
        {plural(count, "question")}, one at a time. Each has its own timer: it starts when the question shows.
      </p>
      {info?.closesMs ? <p class="muted">{timeLeftText(info.closesMs, Date.now())}</p> : null}
      {error ? <Alert>{error}</Alert> : null}
      {info && !info.open ? (
        <Alert kind="info">This challenge has closed.</Alert>
      ) : (
        <button type="button" class="btn btn-cta btn-xl" disabled={busy} onClick={onNext} data-testid="run-start">
          {busy ? "Starting…" : "Start"}
        </button>
      )}
    </section>
  );
}

/** The question's number of the count, and its countdown. */
function QuestionHead({ q, run, clock, running, locked = false }: { q: PublicQuestion; run: RunView; clock: ClockOffset; running: boolean; locked?: boolean }) {
  return (
    <div class={locked ? "answer-head locked-head" : "answer-head"}>
      <span class="q-count" data-testid="run-count">
        Question {run.question + 1} of {run.count}
        {q.points === 2 ? " · double points" : ""}
      </span>
      <Countdown clock={clock} deadlineMs={run.deadline_ms ?? 0} limitMs={q.time_limit_ms} running={running} />
    </div>
  );
}

/** An open question, with the answer input of its kind (after the reading time, if any). */
export function RunQuestionView({
  q,
  run,
  clock,
  seed,
  shuffle,
  message,
  onAnswer,
}: {
  q: PublicQuestion;
  run: RunView;
  clock: ClockOffset;
  seed: string | null;
  shuffle: boolean;
  message: string | null;
  onAnswer: (value: AnswerValue) => void;
}) {
  const reading = useReading(clock, q);
  const { Input } = kindOf(q.kind).answer;
  const title = useFocus<HTMLHeadingElement>();
  return (
    <FitBox class="answer-view" aria-labelledby="q-title" deps={[q.index, message]}>
      <QuestionHead q={q} run={run} clock={clock} running />
      <h1 class="player-prompt" id="q-title" tabIndex={-1} ref={title} data-testid="run-prompt">
        {q.prompt}
      </h1>
      <Credit credit={q.credit} class="player-credit" />
      {/* No big screen in a run: the phone plays the question's sound or video itself. */}
      <QuestionMedia
        media={q.media ? { ...q.media, image: q.media.image && isSiteImage(q.media.image) ? q.media.image : null } : null}
        imageClass="player-image"
      />
      {message ? <Alert>{message}</Alert> : null}
      {reading ? (
        <p class="lead read-first" role="status" data-testid="reading">
          Read the question…
        </p>
      ) : (
        <Input q={q} seed={shuffle ? seed : null} showText onAnswer={onAnswer} />
      )}
    </FitBox>
  );
}

/** The answer on its way ("Sending…" until the server's ack), or time up with no answer. */
export function RunWaitView({
  q,
  run,
  clock,
  value,
  online,
}: {
  q: PublicQuestion;
  run: RunView;
  clock: ClockOffset;
  value: AnswerValue | null;
  online: boolean;
}) {
  const sending = value !== null;
  return (
    <section class="locked sending" data-testid={sending ? "run-sending" : "run-closing"}>
      <QuestionHead q={q} run={run} clock={clock} running={sending} locked />
      <div class="player-card center">
        <div class="lock-icon" aria-hidden="true">
          <span class="spinner" />
        </div>
        <h1 class="big-msg">{sending ? "Sending…" : "Time's up!"}</h1>
        {sending ? <p class="lead locked-answer">{describeAnswer(q, value)}</p> : null}
        <p class="muted" role="status">
          {!online
            ? sending
              ? "You are offline. Your answer goes as soon as the connection is back."
              : "You are offline. The challenge carries on as soon as the connection is back."
            : sending
              ? "Waiting for the server to confirm your answer…"
              : "Waiting for the answer to be revealed…"}
        </p>
      </div>
    </section>
  );
}

/** This player's reveal: right or not, the points, the correct answer, why, and the standing. */
export function RunRevealView({
  q,
  run,
  result,
  sent,
  busy,
  error,
  onNext,
  onSeen,
}: Actions & {
  q: PublicQuestion | null;
  run: RunView;
  result: RunResult;
  sent: AnswerValue | undefined;
  onSeen: (() => void) | null;
}) {
  const next = useFocus<HTMLButtonElement>();
  const scored = !q || isScored(q.kind);
  const good = result.correct;
  const correctText = q && !good ? describeCorrect(q, result.correct_answer) : "";
  const last = isLast(run) || onSeen !== null;
  const tone = !scored ? "neutral" : good ? "good" : "bad";
  return (
    <section class={`player-card center result ${tone}`} data-testid="run-reveal" data-correct={String(good)}>
      <p class="muted">
        Question {run.question + 1} of {run.count}
      </p>
      {scored ? (
        <div class="result-icon" aria-hidden="true">
          {good ? <Check /> : <Cross />}
        </div>
      ) : null}
      <h1 class="big-msg">
        {!scored ? (result.answered ? "Thanks, your answer is in!" : "This one was a poll") : good ? "Correct!" : result.answered ? "Not this time" : "Time's up!"}
      </h1>
      {q && sent !== undefined ? (
        <p class="lead run-sent" data-testid="run-sent">
          Your answer: {describeAnswer(q, sent)}
        </p>
      ) : null}
      {scored ? (
        <p class="result-points" data-testid="run-points">
          {result.points > 0 ? `+${num(result.points)} points` : "No points this time"}
        </p>
      ) : null}
      {correctText ? (
        <p class="lead" data-testid="run-correct">
          Correct answer: {correctText}
        </p>
      ) : null}
      {result.explanation ? (
        <p class="run-explanation" data-testid="run-explanation">
          {result.explanation}
        </p>
      ) : null}
      {run.streak >= 2 ? (
        <p class="streak">
          <Flame class="streak-icon" /> Answer streak: {run.streak}
        </p>
      ) : null}
      <p class="lead rank-line" data-testid="run-rank">
        {standingText(run)}
      </p>
      {error ? <Alert>{error}</Alert> : null}
      <button
        type="button"
        class="btn btn-cta btn-xl"
        ref={next}
        disabled={busy}
        onClick={onSeen ?? onNext}
        data-testid="run-next"
      >
        {busy ? "One moment…" : last ? "See your result" : "Next question"}
      </button>
    </section>
  );
}

/** The end of a run: the score, the rank so far, and another try when attempts remain. */
export function RunDoneView({
  run,
  info,
  signedIn,
  busy,
  error,
  onAgain,
}: {
  run: RunView;
  info: ChallengeInfo | null;
  signedIn: boolean;
  busy: boolean;
  error: string | null;
  onAgain: () => void;
}) {
  const title = useFocus<HTMLHeadingElement>();
  const again = canTryAgain(run, info);
  const left = attemptsLeft(run, info);
  return (
    <section class="player-card center finished" data-testid="run-done">
      <p class="muted">{info?.title || "Challenge"} · finished</p>
      {run.rank === 1 ? (
        <div class="trophy">
          <Trophy />
        </div>
      ) : null}
      <h1 class="rank-big" tabIndex={-1} ref={title} data-testid="run-final-score">
        {num(run.score)} points
      </h1>
      <p class="lead" data-testid="run-final-rank">
        {run.rank ? `${ordinal(run.rank)} place so far` : "Your rank shows as others play"}
        {typeof run.players === "number" && run.players > 0 ? ` · ${plural(run.players, "player")}` : ""}
      </p>
      {typeof run.correct === "number" ? (
        <p class="lead">
          {num(run.correct)} of {num(run.count)} right
        </p>
      ) : null}
      {error ? <Alert>{error}</Alert> : null}
      {again ? (
        <button type="button" class="btn btn-cta btn-xl" disabled={busy} onClick={onAgain} data-testid="run-again">
          {busy ? "Starting…" : `Try again (${plural(left, "try", "tries")} left)`}
        </button>
      ) : null}
      <a class={`btn ${again ? "btn-ghost" : "btn-cta"} btn-lg`} href={signedIn ? "/me/challenges" : "/me"}>
        {signedIn ? "Your challenges" : "Your games and badges"}
      </a>
      <a class="btn btn-ghost btn-lg" href="/">
        Join a game
      </a>
    </section>
  );
}

/** While the page connects or waits for its first view. */
export function RunLoading() {
  return (
    <section class="player-card center">
      <Spinner label="Connecting to the challenge…" />
    </section>
  );
}
