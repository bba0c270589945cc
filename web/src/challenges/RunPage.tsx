// A self-paced challenge on the phone, at /play/PIN when the game this device joined there is a
// challenge (PlayerPage hands over to this lazy chunk): each question with its own countdown, the player's reveal, the
// next question when they are ready, and the result at the end. The server decides everything
// (run-link.ts talks to it; run-model.ts says what to show).

import { useEffect, useState } from "preact/hooks";
import { signedIn } from "../auth";
import type { ClockOffset } from "../clock";
import { LiveRegions } from "../components/LiveRegions";
import { ConnectionBanner, Logo } from "../components/ui";
import { num } from "../format";
import { questionAnnouncement, HURRY_AT_MS } from "../announce";
import { type Say, useAnnouncer } from "../hooks/announcer";
import { describeCorrect } from "../kinds";
import type { PublicQuestion, RunView } from "../protocol";
import "../styles/challenges.css";
import { useRunLink } from "./run-link";
import { doneAnnouncement, revealAnnouncement, revealOf, type RunModel, runRemaining, screenOf, sentAnswer } from "./run-model";
import { RunDoneView, RunLoading, RunQuestionView, ReadyView, RunRevealView, RunWaitView } from "./RunViews";

/** True once the open question's time is up on the server's clock (as estimated). */
function useExpired(clock: ClockOffset, run: RunView | null, q: PublicQuestion | null): boolean {
  const [expired, setExpired] = useState(false);
  useEffect(() => {
    if (!run || run.status !== "question") {
      setExpired(false);
      return;
    }
    const left = runRemaining(clock, run, q);
    setExpired(left <= 0);
    if (left <= 0) return;
    const timer = window.setTimeout(() => setExpired(true), left);
    return () => window.clearTimeout(timer);
  }, [run, q]);
  return expired;
}

/** Says the run's moments: the question, little time left, time's up, the reveal, the end. */
function useRunAnnouncements(model: RunModel, clock: ClockOffset, expired: boolean, say: Say): void {
  const run = model.run;
  const q = model.question;
  const at = run ? `${run.attempt}:${run.question}` : "";
  useEffect(() => {
    if (run?.status === "question" && q) say(`${at}:start`, questionAnnouncement(q, true));
  }, [at, run?.status]);
  useEffect(() => {
    if (!run || run.status !== "question" || !q || q.time_limit_ms <= HURRY_AT_MS) return;
    const until = runRemaining(clock, run, q) - HURRY_AT_MS;
    if (until <= 0) return;
    const timer = window.setTimeout(() => say(`${at}:hurry`, "10 seconds left", true), until);
    return () => window.clearTimeout(timer);
  }, [at, run?.status]);
  useEffect(() => {
    if (expired && run?.status === "question" && !model.outbox) say(`${at}:up`, "Time's up.", true);
  }, [expired, at]);
  const shown = revealOf(model);
  useEffect(() => {
    if (!shown) return;
    const correct = q && !shown.result.correct ? describeCorrect(q, shown.result.correct_answer) : "";
    say(`${shown.run.attempt}:${shown.run.question}:reveal`, revealAnnouncement(shown.result, shown.run, correct));
  }, [shown?.run]);
  useEffect(() => {
    if (run?.status === "done" && !model.lastReveal) say(`${run.attempt}:done`, doneAnnouncement(run));
  }, [run?.status, run?.attempt, model.lastReveal]);
}

/** The challenge's run for the player who joined `pin` on this device. */
export function RunPage({ pin }: { pin: string }) {
  const link = useRunLink(pin);
  const { model, clock, info, player } = link;
  const { polite, assertive, say } = useAnnouncer();
  const run = model.run;
  const q = model.question;
  const expired = useExpired(clock, run, q);
  useRunAnnouncements(model, clock, expired, say);
  const screen = screenOf(model, expired ? 0 : 1);

  useEffect(() => {
    document.title = `${info?.title ? `${info.title} · ` : ""}Challenge · Huddle`;
  }, [info?.title]);

  const reveal = revealOf(model);
  return (
    <main class={`page-player run-page view-run-${screen}`}>
      <LiveRegions polite={polite} assertive={assertive} />
      <ConnectionBanner connected={link.connected} everConnected={link.everConnected} />
      <header class="player-top">
        <Logo size="sm" />
        {player ? (
          <div class="player-id">
            <span class="player-nick" data-testid="nickname">
              {player.nickname}
            </span>
            {player.team ? <span class="team-chip">{player.team}</span> : null}
            <span class="score-pill" data-testid="score">
              {num(run?.score ?? 0)}
              <span class="sr-only"> points</span>
            </span>
          </div>
        ) : null}
      </header>
      {link.fatal ? (
        <section class="player-card center">
          <h1 class="big-msg">{link.fatal}</h1>
          <a class="btn btn-cta btn-xl" href="/">
            Join a game
          </a>
        </section>
      ) : !run || screen === "loading" ? (
        <RunLoading />
      ) : screen === "ready" ? (
        <ReadyView info={info} run={run} busy={link.busy} error={link.error} onNext={link.next} />
      ) : screen === "question" && q ? (
        <RunQuestionView
          key={`${run.attempt}:${run.question}`}
          q={q}
          run={run}
          clock={clock}
          seed={link.seed}
          shuffle={!!info?.shuffle}
          message={model.refusal?.question === run.question ? (model.refusal.message ?? null) : null}
          onAnswer={(value) => link.pick(run.question, value)}
        />
      ) : (screen === "sending" || screen === "closing") && q ? (
        <RunWaitView q={q} run={run} clock={clock} value={model.outbox?.value ?? null} online={link.connected} />
      ) : screen === "reveal" && reveal ? (
        <RunRevealView
          key={`${reveal.run.attempt}:${reveal.run.question}`}
          q={q}
          run={reveal.run}
          result={reveal.result}
          sent={sentAnswer(model, reveal.run)}
          busy={link.busy}
          error={link.error}
          onNext={link.next}
          onSeen={model.lastReveal ? () => link.dispatch({ type: "seen" }) : null}
        />
      ) : screen === "done" ? (
        <RunDoneView key={run.attempt} run={run} info={info} signedIn={signedIn() !== null} busy={link.busy} error={link.error} onAgain={link.again} />
      ) : (
        <RunLoading />
      )}
    </main>
  );
}
