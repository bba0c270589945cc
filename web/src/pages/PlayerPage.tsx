import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import {
  type AnswerOption,
  describeAnswer,
  describeCorrect,
  displayOrder,
  isTileKind,
  moveItem,
  multiValue,
  questionOptions,
  range,
  textAnswer,
  WORD_CLOUD_MAX,
} from "../answers";
import type { ClockOffset } from "../clock";
import { Countdown } from "../components/Countdown";
import { FitBox } from "../components/fit";
import { TeamStandings } from "../components/Leaderboard";
import { Tile, TileGrid } from "../components/Tiles";
import { Flame, Trophy } from "../components/icons";
import { Alert, Check, ConnectionBanner, Cross, ErrorText, Logo, Pulse, Spinner } from "../components/ui";
import { answerError, num, ordinal, plural } from "../format";
import { useKeydown } from "../hooks/keydown";
import { useAnnouncer, usePlayerAnnouncements } from "../hooks/announcer";
import { usePlayerLink } from "../hooks/player-link";
import { LiveRegions } from "../components/LiveRegions";
import { currentResult, finalRank, finalScore, myTeam, type PlayerModel, playerView } from "../player-model";
import { BadgeCard } from "../components/Badge";
import { peekPlayerKey } from "../identity";
import { isSiteImage } from "../image-url";
import { badgeAnnouncement } from "../milestones";
import type { AnswerValue, Milestone, MyHistory, PublicQuestion, State } from "../protocol";
import { useReading } from "../hooks/reading";
import { takeRenamed } from "../session";

export function PlayerPage({ pin }: { pin: string }) {
  const { model, dispatch, connected, everConnected, fatal, seed, clock, pick } = usePlayerLink(pin);
  const [renamed] = useState(() => takeRenamed());
  const { polite, assertive, say } = useAnnouncer();
  usePlayerAnnouncements(model, clock, say);

  const view = playerView(model);
  const q = model.state?.question ?? null;
  const finishedGame = view === "finished" ? (model.state?.game_id ?? null) : null;

  // Badges are announced live at the end of the game; a phone that reloaded (or was offline for
  // that moment) finds this game's badges in its own history instead.
  const badgeCount = useRef(0);
  badgeCount.current = model.milestones.length;
  useEffect(() => {
    const key = peekPlayerKey();
    if (!finishedGame || !key) return;
    let stop = false;
    const timer = window.setTimeout(async () => {
      if (stop || badgeCount.current > 0) return;
      const found = await myHistory(key);
      if (stop || !found) return;
      for (const m of found.milestones) {
        if (m.game_id === finishedGame) dispatch({ type: "milestone", milestone: m });
      }
    }, 2500);
    return () => {
      stop = true;
      window.clearTimeout(timer);
    };
  }, [finishedGame]);

  useEffect(() => {
    const title = model.state?.title;
    document.title = `${title ? `${title} · ` : ""}Huddle`;
  }, [model.state?.title]);

  if (fatal) {
    return (
      <main class="page-player">
        <PlayerTop model={model} />
        <section class="player-card center">
          <h1 class="big-msg">{fatal}</h1>
          <a class="btn btn-cta btn-xl" href="/">
            Join another game
          </a>
        </section>
      </main>
    );
  }

  return (
    <main class={`page-player view-${view}`}>
      <LiveRegions polite={polite} assertive={assertive} />
      <ConnectionBanner connected={connected || view === "kicked"} everConnected={everConnected} />
      <PlayerTop model={model} />
      {view === "connecting" ? (
        <section class="player-card center">
          <Spinner label="Connecting to the game…" />
        </section>
      ) : view === "kicked" ? (
        <section class="player-card center" data-testid="kicked">
          <h1 class="big-msg">The host removed you from this game.</h1>
          <a class="btn btn-cta btn-xl" href="/">
            Join another game
          </a>
        </section>
      ) : view === "lobby" ? (
        <LobbyView model={model} renamed={renamed} />
      ) : view === "answer" && q ? (
        <AnswerView
          key={q.index}
          q={q}
          state={model.state!}
          clock={clock}
          seed={seed}
          onAnswer={(value) => pick(q.index, value)}
          message={model.refusal?.question === q.index ? answerError(model.refusal.code, model.refusal.message) : null}
        />
      ) : (view === "locked" || view === "sending") && q ? (
        <LockedView
          q={q}
          value={view === "locked" ? model.answers[q.index] : model.outbox?.value}
          clock={clock}
          sending={view === "sending"}
          online={connected}
        />
      ) : view === "missed" && q ? (
        <section class="player-card center" data-testid="missed">
          <LateNotice />
          <p class="muted" role="status">
            Waiting for the answers to be revealed…
          </p>
        </section>
      ) : view === "reveal" && q ? (
        <RevealView model={model} q={q} />
      ) : view === "scoreboard" ? (
        <StandingView model={model} />
      ) : view === "finished" ? (
        <FinishedView model={model} />
      ) : null}
    </main>
  );
}

/** `GET /api/me` with the device's key; null when it has no history (yet) or on any failure. */
export async function myHistory(key: string, offset = 0, limit = 50): Promise<MyHistory | null> {
  try {
    const r = await fetch(`/api/me?offset=${offset}&limit=${limit}`, { headers: { Accept: "application/json", "X-Player-Key": key } });
    return r.ok ? ((await r.json()) as MyHistory) : null;
  } catch {
    return null;
  }
}

function PlayerTop({ model }: { model: PlayerModel }) {
  const p = model.player;
  return (
    <header class="player-top">
      <Logo size="sm" />
      {p ? (
        <div class="player-id">
          <span class="player-nick" data-testid="nickname">
            {p.nickname}
          </span>
          {p.team ? <span class="team-chip">{p.team}</span> : null}
          <span class="score-pill" data-testid="score">
            {num(model.me?.score ?? 0)}
            <span class="sr-only"> points</span>
          </span>
        </div>
      ) : null}
    </header>
  );
}

function LobbyView({ model, renamed }: { model: PlayerModel; renamed: string | null }) {
  return (
    <section class="player-card center lobby-wait" data-testid="lobby">
      {renamed ? (
        <Alert kind="info">That nickname is not allowed here, so you play as {renamed}.</Alert>
      ) : null}
      <Pulse />
      <h1 class="big-msg">You're in!</h1>
      <p class="nick-big">{model.player?.nickname}</p>
      <p class="lead">Look for your nickname on the big screen.</p>
      {model.player?.team ? (
        <p class="lead">
          You play for team <strong>{model.player.team}</strong>.
        </p>
      ) : null}
      <p class="muted" role="status">
        Waiting for the host to start…
      </p>
    </section>
  );
}

interface AnswerProps {
  q: PublicQuestion;
  state: State;
  clock: ClockOffset;
  seed: string | null;
  onAnswer: (value: AnswerValue) => void;
  message: string | null;
}

function AnswerView({ q, state, clock, seed, onAnswer, message }: AnswerProps) {
  const showText = state.settings?.show_question_on_device !== false;
  const reading = useReading(clock, q);
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
      {/* Only images of this site: another site would learn who is playing (the server leaves them out too). */}
      {showText && q.media?.image && isSiteImage(q.media.image) ? <img class="player-image" src={q.media.image} alt="" /> : null}
      {message ? <Alert>{message}</Alert> : null}
      {reading ? (
        <p class="lead read-first" role="status" data-testid="reading">
          Read the question…
        </p>
      ) : isTileKind(q.kind) ? (
        <TileAnswer q={q} seed={state.settings?.shuffle_choices ? seed : null} showText={showText} onAnswer={onAnswer} />
      ) : q.kind === "order" ? (
        <OrderAnswer q={q} onAnswer={onAnswer} />
      ) : (
        <TextAnswer q={q} onAnswer={onAnswer} />
      )}
    </FitBox>
  );
}

/** Answers longer than this get a tile as wide as the phone, one under the other. */
const LONG_LABEL = 40;

function TileAnswer({
  q,
  seed,
  showText,
  onAnswer,
}: {
  q: PublicQuestion;
  seed: string | null;
  showText: boolean;
  onAnswer: (v: AnswerValue) => void;
}) {
  const options = useMemo(() => {
    const n = q.choices?.length ?? 0;
    return questionOptions(q, q.kind === "true_false" ? undefined : displayOrder(n, seed, q.index));
  }, [q, seed]);
  const [picked, setPicked] = useState<number[]>([]);
  const multi = q.kind === "choice" && !!q.multi;

  const pick = (o: AnswerOption) => {
    if (!multi) {
      onAnswer(o.value);
      return;
    }
    const i = o.value as number;
    setPicked((p) => (p.includes(i) ? p.filter((x) => x !== i) : [...p, i]));
  };

  // Keyboard: the letters on the tiles (A–F, T/F) or 1–6 pick an answer.
  useKeydown((e) => {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const target = e.target as HTMLElement | null;
    if (target && /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) return;
    const key = e.key.toUpperCase();
    let option = options.find((o) => o.tile.letter === key);
    if (!option && /^[1-6]$/.test(key)) option = options[Number(key) - 1];
    if (option) {
      e.preventDefault();
      pick(option);
    }
  });

  return (
    <div class="tile-answer">
      {multi ? <p class="hint">Pick every right answer, then submit.</p> : null}
      <TileGrid count={options.length} class={`player-tiles ${showText && options.some((o) => o.label.length > LONG_LABEL) ? "tiles-long" : ""}`}>
        {options.map((o) => (
          <Tile
            key={o.key}
            option={o}
            showLabel={showText}
            onPick={pick}
            toggle={multi}
            selected={multi && picked.includes(o.value as number)}
          />
        ))}
      </TileGrid>
      {multi ? (
        <button
          type="button"
          class="btn btn-cta btn-xl submit-answer"
          disabled={picked.length === 0}
          onClick={() => onAnswer(multiValue(picked))}
        >
          Submit {picked.length ? plural(picked.length, "answer") : "answers"}
        </button>
      ) : null}
    </div>
  );
}

function TextAnswer({ q, onAnswer }: { q: PublicQuestion; onAnswer: (v: AnswerValue) => void }) {
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);
  const numeric = q.kind === "numeric";
  const max = q.max_length ?? (q.kind === "word_cloud" ? WORD_CLOUD_MAX : 200);
  const label =
    q.kind === "numeric" ? "Your number" : q.kind === "word_cloud" ? "Your word or short phrase" : "Your answer";
  return (
    <form
      class="text-answer"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const checked = textAnswer(q, text);
        if (!checked.ok) {
          setError(checked.message);
          return;
        }
        onAnswer(checked.value);
      }}
    >
      <label class="join-label" for="answer-input">
        {label}
      </label>
      <input
        id="answer-input"
        class="big-input"
        autoComplete="off"
        inputMode={numeric ? "decimal" : "text"}
        maxLength={numeric ? 40 : max}
        value={text}
        onInput={(e) => setText((e.target as HTMLInputElement).value)}
        aria-invalid={error ? "true" : undefined}
        aria-describedby={error ? "answer-error" : numeric ? "answer-range" : undefined}
      />
      {numeric && (typeof q.min === "number" || typeof q.max === "number") ? (
        <p class="hint" id="answer-range">
          Between {q.min ?? "…"} and {q.max ?? "…"}
        </p>
      ) : null}
      {q.kind === "word_cloud" ? (
        <p class="hint">
          {[...text].length}/{WORD_CLOUD_MAX}
        </p>
      ) : null}
      <ErrorText id="answer-error" message={error} />
      <button class="btn btn-cta btn-xl" type="submit">
        Send
      </button>
    </form>
  );
}

function OrderAnswer({ q, onAnswer }: { q: PublicQuestion; onAnswer: (v: AnswerValue) => void }) {
  const items = q.items ?? [];
  const [order, setOrder] = useState<number[]>(() => range(items.length));
  const [announce, setAnnounce] = useState("");
  const move = (pos: number, delta: number) => {
    setOrder((o) => {
      const next = moveItem(o, pos, delta);
      if (next !== o) setAnnounce(`${items[o[pos]]} moved to place ${pos + delta + 1}`);
      return next;
    });
  };
  return (
    <div class="order-answer">
      <p class="hint">Put them in order with the arrows, first at the top.</p>
      <ol class="order-list">
        {order.map((itemIndex, pos) => (
          <li key={itemIndex} class="order-item">
            <span class="order-pos" aria-hidden="true">
              {pos + 1}
            </span>
            <span class="order-text">{items[itemIndex]}</span>
            <span class="order-buttons">
              <button
                type="button"
                class="icon-btn"
                aria-label={`Move ${items[itemIndex]} up`}
                disabled={pos === 0}
                onClick={() => move(pos, -1)}
              >
                ▲
              </button>
              <button
                type="button"
                class="icon-btn"
                aria-label={`Move ${items[itemIndex]} down`}
                disabled={pos === order.length - 1}
                onClick={() => move(pos, 1)}
              >
                ▼
              </button>
            </span>
          </li>
        ))}
      </ol>
      <p class="sr-only" aria-live="polite">
        {announce}
      </p>
      <button type="button" class="btn btn-cta btn-xl" onClick={() => onAnswer(order)}>
        Lock in this order
      </button>
    </div>
  );
}

/** An answer on its way ("Sending…", until the server's ack) or acknowledged ("Locked in"). */
function LockedView({
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

/**
 * The player tapped, but the server got the answer only after the question closed. At the reveal
 * it is not a live region: the result's announcement says it (once).
 */
function LateNotice({ live = true }: { live?: boolean }) {
  const text = <span data-testid="late">Your answer did not arrive in time: the question closed before the server got it.</span>;
  if (live) return <Alert>{text}</Alert>;
  return (
    <div class="alert alert-error">
      <span class="alert-icon" aria-hidden="true">
        !
      </span>
      <div>{text}</div>
    </div>
  );
}

function RevealView({ model, q }: { model: PlayerModel; q: PublicQuestion }) {
  const result = currentResult(model);
  const reveal = model.state?.reveal;
  const unscored = q.kind === "poll" || q.kind === "word_cloud";
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

function StandingView({ model }: { model: PlayerModel }) {
  const rank = finalRank(model);
  const board = model.state?.leaderboard ?? [];
  const me = model.player?.id;
  const idx = board.findIndex((r) => r.player_id === me);
  const ahead = idx > 0 ? board[idx - 1] : null;
  const score = finalScore(model);
  const team = myTeam(model);
  return (
    <section class="player-card center standing" data-testid="standing">
      <p class="muted">Your place</p>
      <p class="rank-big">{ordinal(rank)}</p>
      <p class="lead">{num(score)} points</p>
      {ahead ? (
        <p class="muted">
          {num(ahead.score - score)} points behind {ahead.nickname}
        </p>
      ) : rank === 1 ? (
        <p class="muted">You're in the lead!</p>
      ) : null}
      {team ? (
        <p class="lead team-line">
          Team <strong>{team.team}</strong> is {ordinal(team.rank)} with {num(team.score)} points
        </p>
      ) : null}
      {model.state?.teams && model.state.teams.length ? (
        <TeamStandings teams={model.state.teams} highlight={model.player?.team} />
      ) : null}
    </section>
  );
}

function FinishedView({ model }: { model: PlayerModel }) {
  const rank = finalRank(model);
  const score = finalScore(model);
  const team = myTeam(model);
  const top = (model.state?.leaderboard ?? []).slice(0, 3);
  return (
    <section class="player-card center finished" data-testid="final">
      <p class="muted">Game over</p>
      {rank === 1 ? (
        <div class="trophy">
          <Trophy />
        </div>
      ) : null}
      <h1 class="rank-big" data-testid="final-rank">
        {ordinal(rank)} place
      </h1>
      <p class="lead">
        {num(score)} points · {plural(model.state?.leaderboard?.length ? Math.max(model.state.players, model.state.leaderboard.length) : model.state?.players ?? 0, "player")}
      </p>
      {team ? (
        <p class="lead team-line">
          Team <strong>{team.team}</strong> finished {ordinal(team.rank)}
        </p>
      ) : null}
      <NewBadges milestones={model.milestones} />
      {top.length ? (
        <ol class="mini-podium" aria-label="Top players">
          {top.map((r) => (
            <li key={r.player_id} class={r.player_id === model.player?.id ? "me" : ""}>
              <span class="mp-rank">{ordinal(r.rank)}</span>
              <span class="mp-name">{r.nickname}</span>
              <span class="mp-score">{num(r.score)}</span>
            </li>
          ))}
        </ol>
      ) : null}
      <p class="lead">Thanks for playing!</p>
      <a class="btn btn-cta btn-lg" href="/">
        Join another game
      </a>
      <a class="btn btn-ghost btn-lg" href="/me">
        Your games and badges
      </a>
    </section>
  );
}

/** The badges earned in this game, as they arrive; a live region says each one out loud. */
function NewBadges({ milestones }: { milestones: Milestone[] }) {
  const [announce, setAnnounce] = useState("");
  useEffect(() => {
    // Set after the region is on the page, so screen readers hear the change.
    setAnnounce(badgeAnnouncement(milestones.map((m) => m.title)));
  }, [milestones.length]);
  return (
    <>
      <p class="sr-only" role="status" aria-live="polite" aria-atomic="true" data-testid="badge-announcement">
        {announce}
      </p>
      {milestones.length ? (
        <section class="new-badges" aria-labelledby="new-badges-title" data-testid="new-badges">
          <h2 class="new-badges-title" id="new-badges-title">
            {milestones.length === 1 ? "You earned a badge!" : `You earned ${milestones.length} badges!`}
          </h2>
          <ul class="badge-list">
            {milestones.map((m, i) => (
              <BadgeCard key={m.code} code={m.code} title={m.title} description={m.description} index={i} fresh />
            ))}
          </ul>
          <a class="badge-more" href="/me">
            See all your badges <span aria-hidden="true">→</span>
          </a>
        </section>
      ) : null}
    </>
  );
}
