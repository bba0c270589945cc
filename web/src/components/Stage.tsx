// What the big screen shows, phase by phase; the host console shows the same.

import type { ClockOffset } from "../clock";
import { num, plural } from "../format";
import type { Feed } from "../game-feed";
import type { LeaderRow, Progress, PublicQuestion, Reveal, RosterPlayer, State, TeamRow } from "../protocol";
import { useRef } from "preact/hooks";
import { Countdown } from "./Countdown";
import { Credit } from "./Credit";
import { useFit } from "./fit";
import { Leaderboard, Podium, TeamStandings } from "./Leaderboard";
import { QrCode } from "./QrCode";
import { QuestionMedia } from "./QuestionMedia";
import { Lock, Trophy } from "./icons";
import { Check, formatPin } from "./ui";
import { useReading } from "../hooks/reading";
import { describeCorrect, kindOf } from "../kinds";
import { isScored } from "../kinds/scored";

export function joinHost(joinUrl: string): string {
  try {
    const u = new URL(joinUrl);
    return u.host;
  } catch {
    return joinUrl;
  }
}

export function LobbyStage({
  pin,
  joinUrl,
  title,
  players,
  count,
  locked,
}: {
  pin: string;
  joinUrl: string;
  title?: string;
  players: RosterPlayer[];
  count: number;
  locked?: boolean;
}) {
  return (
    <div class="stage stage-lobby">
      <div class="lobby-join">
        {title ? <h1 class="lobby-title">{title}</h1> : null}
        <div class="lobby-card">
          <div class="lobby-how">
            <p class="lobby-step">
              Join at <strong class="lobby-url">{joinHost(joinUrl)}</strong>
            </p>
            <p class="lobby-step">with Game PIN:</p>
            <p class="lobby-pin" aria-label={`Game PIN ${pin.split("").join(" ")}`} data-testid="pin">
              {formatPin(pin)}
            </p>
            <p class="lobby-or">or scan the code with your phone camera</p>
          </div>
          <QrCode text={joinUrl} label={`QR code to join: ${joinUrl}`} class="lobby-qr" />
        </div>
        {locked ? (
          <p class="lobby-locked" role="status">
            <Lock /> The game is locked: no new players can join.
          </p>
        ) : null}
      </div>
      <div class="lobby-players" aria-live="polite">
        <h2 class="lobby-count">
          <span class="count-num" data-testid="player-count">
            {num(count)}
          </span>{" "}
          {count === 1 ? "player" : "players"}
        </h2>
        {players.length === 0 ? (
          <p class="lobby-waiting">Waiting for players to join…</p>
        ) : (
          <ul class="chips">
            {players.map((p) => (
              <li key={p.id} class={`chip ${p.connected ? "" : "chip-away"}`}>
                {p.nickname}
                {p.team ? <span class="chip-team"> · {p.team}</span> : null}
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}

export function QuestionHeader({ q }: { q: PublicQuestion }) {
  const { screen } = kindOf(q.kind);
  const scored = isScored(q.kind);
  return (
    <div class="q-header">
      <span class="q-count">
        Question {q.index + 1} of {q.count}
      </span>
      {q.points === 2 ? <span class="q-badge">Double points</span> : null}
      {q.points === 0 && scored ? <span class="q-badge">No points</span> : null}
      {screen.badge ? <span class="q-badge">{screen.badge}</span> : null}
      {q.multi ? <span class="q-badge">Pick all that apply</span> : null}
    </div>
  );
}

export function QuestionStage({
  q,
  clock,
  progress,
  total,
}: {
  q: PublicQuestion;
  clock: ClockOffset;
  progress: Progress | null;
  total: number;
}) {
  const answered = progress && progress.question === q.index ? progress.answered : 0;
  const outOf = progress && progress.question === q.index ? progress.total : total;
  const { Question } = kindOf(q.kind).screen;
  const box = useRef<HTMLDivElement>(null);
  const reading = useReading(clock, q);
  // The box only exists once the answers open: fit again when the reading phase ends.
  useFit(box, [q.index, q.prompt, q.media?.image, q.media?.audio, q.media?.video, q.credit?.name, reading]);
  if (reading) {
    // "Read the question first": the prompt alone, the answers come when they open.
    return (
      <div class="stage stage-question stage-reading" data-testid="reading">
        <QuestionHeader q={q} />
        <h1 class="q-prompt" data-testid="prompt">
          {q.prompt}
        </h1>
        <Credit credit={q.credit} />
        {q.media?.image ? <img class="q-image" src={q.media.image} alt="" /> : null}
        <p class="q-hint" role="status">
          Read the question…
        </p>
      </div>
    );
  }
  return (
    <div class="stage stage-question" ref={box}>
      <QuestionHeader q={q} />
      <h1 class="q-prompt" data-testid="prompt">
        {q.prompt}
      </h1>
      <Credit credit={q.credit} />
      <div class="q-middle">
        <Countdown clock={clock} deadlineMs={q.deadline_ms} limitMs={q.time_limit_ms} variant="ring" />
        {q.media?.image || q.media?.audio || q.media?.video ? <QuestionMedia media={q.media} big /> : <div class="q-spacer" />}
        {/* Not a live region: the count changes several times a second while players answer. */}
        <div class="q-answers">
          <span class="q-answers-num" data-testid="answered">
            {num(answered)}
          </span>
          <span class="q-answers-label">{answered === 1 ? "answer" : "answers"}</span>
          {outOf ? <span class="q-answers-of">of {num(outOf)}</span> : null}
        </div>
      </div>
      <Question q={q} />
    </div>
  );
}

export function RevealStage({ q, reveal }: { q: PublicQuestion; reveal: Reveal }) {
  const correct = describeCorrect(q, reveal.correct);
  const { Distribution } = kindOf(q.kind).screen;
  const box = useRef<HTMLDivElement>(null);
  useFit(box, [q.index, reveal]);
  return (
    <div class="stage stage-reveal" ref={box}>
      <QuestionHeader q={q} />
      <h1 class="q-prompt q-prompt-sm">{q.prompt}</h1>
      <Distribution q={q} reveal={reveal} />
      {correct ? (
        <p class="reveal-correct" data-testid="correct-answer">
          <Check class="reveal-icon" />
          <span>
            <span class="reveal-label">Correct answer: </span>
            {correct}
          </span>
        </p>
      ) : null}
      {reveal.explanation ? <p class="reveal-explain">{reveal.explanation}</p> : null}
      <p class="reveal-count">{plural(reveal.answered, "answer")}</p>
    </div>
  );
}

export function ScoreboardStage({
  leaderboard,
  previous,
  teams,
}: {
  leaderboard: LeaderRow[];
  previous: LeaderRow[] | null;
  teams: TeamRow[] | null;
}) {
  return (
    <div class={`stage stage-board ${teams && teams.length ? "with-teams" : ""}`}>
      <h1 class="stage-title">Leaderboard</h1>
      <div class="board-layout">
        <Leaderboard rows={leaderboard} previous={previous} />
        {teams && teams.length ? <TeamStandings teams={teams} /> : null}
      </div>
    </div>
  );
}

export function FinishedStage({ leaderboard, teams, title }: { leaderboard: LeaderRow[]; teams: TeamRow[] | null; title?: string }) {
  const winner = leaderboard[0];
  return (
    <div class="stage stage-finished">
      <h1 class="stage-title">{title ? `${title}: final results` : "Final results"}</h1>
      {winner ? (
        <p class="winner" data-testid="winner">
          <Trophy class="winner-icon" />
          <span>{winner.nickname} wins!</span>
        </p>
      ) : (
        <p class="winner">Nobody played this time.</p>
      )}
      <Podium rows={leaderboard} />
      {teams && teams.length ? <TeamStandings teams={teams} /> : null}
    </div>
  );
}

/** The stage of the state's phase, as the big screen shows it and the host console previews it. */
export function PhaseStage({
  state: s,
  feed,
  clock,
  pin,
  joinUrl,
  locked,
}: {
  state: State;
  feed: Feed;
  clock: ClockOffset;
  pin: string;
  joinUrl: string;
  /** The lobby says so when the host has locked it. */
  locked?: boolean;
}) {
  const q = s.question;
  switch (s.phase) {
    case "lobby":
      return (
        <LobbyStage
          pin={pin}
          joinUrl={joinUrl}
          title={s.title}
          players={feed.roster.players}
          count={feed.roster.count}
          locked={locked}
        />
      );
    case "question":
      return q ? <QuestionStage key={q.index} q={q} clock={clock} progress={feed.progress} total={s.players} /> : null;
    case "reveal":
      return q && s.reveal ? <RevealStage q={q} reveal={s.reveal} /> : null;
    case "scoreboard":
      return <ScoreboardStage key={s.seq} leaderboard={s.leaderboard ?? []} previous={feed.previousBoard} teams={s.teams} />;
    case "finished":
      return <FinishedStage leaderboard={s.leaderboard ?? []} teams={s.teams} title={s.title} />;
    default:
      return null;
  }
}
