// The player's view of an open question: its number, time, text and image, then the kind's
// answer input (after the reading time, when the game gives one).

import { useEffect, useRef } from "preact/hooks";
import type { ClockOffset } from "../clock";
import { Countdown } from "../components/Countdown";
import { Credit } from "../components/Credit";
import { FitBox } from "../components/fit";
import { Alert } from "../components/ui";
import { useReading } from "../hooks/reading";
import { isSiteImage } from "../image-url";
import { kindOf } from "../kinds";
import type { AnswerValue, PublicQuestion, State } from "../protocol";

export interface AnswerProps {
  q: PublicQuestion;
  state: State;
  clock: ClockOffset;
  seed: string | null;
  onAnswer: (value: AnswerValue) => void;
  message: string | null;
}

/** An open question, with the answer input of its kind. */
export function AnswerView({ q, state, clock, seed, onAnswer, message }: AnswerProps) {
  const showText = state.settings?.show_question_on_device !== false;
  const reading = useReading(clock, q);
  const { Input } = kindOf(q.kind).answer;
  // A new question takes the focus (this view is keyed by its index), so a screen reader and the
  // keyboard start from it.
  const title = useRef<HTMLHeadingElement>(null);
  useEffect(() => title.current?.focus(), []);
  return (
    <FitBox class="answer-view" aria-labelledby="q-title" deps={[q.index, showText, message]}>
      <div class="answer-head">
        <span class="q-count">
          Question {q.index + 1} of {q.count}
          {q.points === 2 ? " · double points" : ""}
        </span>
        <Countdown clock={clock} deadlineMs={q.deadline_ms} limitMs={q.time_limit_ms} />
      </div>
      <h1 class={`player-prompt${showText ? "" : " look-up"}`} id="q-title" tabIndex={-1} ref={title}>
        {showText ? q.prompt : "Look at the big screen and pick your answer"}
      </h1>
      <Credit credit={q.credit} class="player-credit" />
      {/* Only images of this site: another site would learn who is playing (the server leaves them out too). */}
      {showText && q.media?.image && isSiteImage(q.media.image) ? <img class="player-image" src={q.media.image} alt="" /> : null}
      {message ? <Alert>{message}</Alert> : null}
      {reading ? (
        <p class="lead read-first" role="status" data-testid="reading">
          Read the question…
        </p>
      ) : (
        <Input q={q} seed={state.settings?.shuffle_choices ? seed : null} showText={showText} onAnswer={onAnswer} />
      )}
    </FitBox>
  );
}
