// The player's view at a reveal: right or not, the points, the streak and the place (polls and
// word clouds just thank the player).

import { Flame } from "../components/icons";
import { Check, Cross, Spinner } from "../components/ui";
import { num, ordinal } from "../format";
import { describeCorrect } from "../kinds";
import { isScored } from "../kinds/scored";
import { currentResult, type PlayerModel } from "../player-model";
import type { PublicQuestion } from "../protocol";
import { LateNotice } from "./LateNotice";

/** This player's result of the question just revealed. */
export function RevealView({ model, q }: { model: PlayerModel; q: PublicQuestion }) {
  const result = currentResult(model);
  const reveal = model.state?.reveal;
  const unscored = !isScored(q.kind);
  const answered = model.answers[q.index] !== undefined;
  const correctText = reveal ? describeCorrect(q, reveal.correct) : "";
  const late = model.late[q.index] ? <LateNotice live={false} /> : null;
  if (unscored) {
    return (
      <section class="player-card center result neutral" data-testid="result">
        {late}
        <h1 class="big-msg">{answered ? "Thanks, your answer is in!" : "This one was a poll"}</h1>
        <p class="lead">See how everyone answered on the big screen.</p>
      </section>
    );
  }
  if (!result) {
    return (
      <section class="player-card center result neutral" data-testid="result">
        {late}
        <Spinner label="Checking answers…" />
        {correctText ? <p class="lead">Correct answer: {correctText}</p> : null}
      </section>
    );
  }
  const good = result.correct;
  return (
    <section class={`player-card center result ${good ? "good" : "bad"}`} data-testid="result" data-correct={String(good)}>
      {late}
      <div class="result-icon" aria-hidden="true">
        {good ? <Check /> : <Cross />}
      </div>
      <h1 class="big-msg">{good ? "Correct!" : answered ? "Not this time" : "Time's up!"}</h1>
      <p class="result-points" data-testid="points">
        {good || result.points > 0 ? `+${num(result.points)} points` : "No points this time"}
      </p>
      {!good && correctText ? <p class="lead">Correct answer: {correctText}</p> : null}
      {result.streak >= 2 ? (
        <p class="streak">
          <Flame class="streak-icon" /> Answer streak: {result.streak}
        </p>
      ) : null}
      <p class="lead rank-line" data-testid="rank">
        You're in <strong>{ordinal(result.rank)}</strong> place with {num(result.score)} points
      </p>
    </section>
  );
}
