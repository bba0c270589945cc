// The player's view once an answer is given: on its way, or locked in by the server.

import { Countdown } from "../components/Countdown";
import type { ClockOffset } from "../clock";
import { Check } from "../components/ui";
import { describeAnswer } from "../kinds";
import type { AnswerValue, PublicQuestion } from "../protocol";

/** An answer on its way ("Sending…", until the server's ack) or acknowledged ("Locked in"). */
export function LockedView({
  q,
  value,
  clock,
  sending,
  online,
}: {
  q: PublicQuestion;
  value: AnswerValue | null | undefined;
  clock: ClockOffset;
  sending: boolean;
  online: boolean;
}) {
  return (
    <section class={`locked${sending ? " sending" : ""}`} data-testid={sending ? "sending" : "locked"}>
      <div class="answer-head locked-head">
        <span class="q-count">
          Question {q.index + 1} of {q.count}
        </span>
        <Countdown clock={clock} deadlineMs={q.deadline_ms} limitMs={q.time_limit_ms} />
      </div>
      <div class="player-card center">
        <div class="lock-icon" aria-hidden="true">
          {sending ? <span class="spinner" /> : <Check />}
        </div>
        <h1 class="big-msg">{sending ? "Sending…" : "Answer locked in"}</h1>
        {value !== undefined ? <p class="lead locked-answer">{describeAnswer(q, value)}</p> : null}
        <p class="muted" role="status">
          {!sending
            ? "Waiting for the others…"
            : online
              ? "Waiting for the server to confirm your answer…"
              : "You are offline. Your answer goes as soon as the connection is back."}
        </p>
      </div>
    </section>
  );
}
