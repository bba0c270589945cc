// `/me`: a player's own games and badges. Signed in (the login of the host area), the person's:
// every game they played signed in, on any device and in every workspace, with their page's
// figures (`GET /api/me` and `/api/me/figures` with the login token; this device's guest games
// are claimed first). Otherwise the games recorded with this device's player key (`GET
// /api/me`, header `X-Player-Key`): no account, whoever holds the device sees them.

import { useEffect, useState } from "preact/hooks";
import { api, ApiError, clearAuth } from "../api";
import { BadgeCard } from "../components/Badge";
import { PersonFigures, personDownloads } from "../components/PersonFigures";
import { Alert, Logo, Pulse, Spinner } from "../components/ui";
import { num, ordinal } from "../format";
import { peekPlayerKey } from "../identity";
import { badgeTitle } from "../milestones";
import { claimDevice, type PersonFigures as Figures, type SignedIn, signedIn } from "../person";
import type { MyGame, MyHistory } from "../protocol";

const PAGE = 20;

type Load = { status: "loading" } | { status: "empty" } | { status: "signed_out" } | { status: "error"; message: string } | { status: "ok"; history: MyHistory };

/** The signed-in person's history (and page, with the first page of games). */
async function fetchAccount(offset: number, withFigures: boolean): Promise<{ load: Load; figures: Figures | null }> {
  try {
    const [history, figures] = await Promise.all([
      api<MyHistory>("GET", `/me?offset=${offset}&limit=${PAGE}`),
      withFigures ? api<Figures>("GET", "/me/figures") : Promise.resolve(null),
    ]);
    return { load: { status: "ok", history }, figures };
  } catch (err) {
    const e = err as ApiError;
    if (e.status === 401) return { load: { status: "signed_out" }, figures: null };
    return { load: { status: "error", message: e.message }, figures: null };
  }
}

async function fetchHistory(key: string, offset: number): Promise<Load> {
  let response: Response;
  try {
    response = await fetch(`/api/me?offset=${offset}&limit=${PAGE}`, {
      headers: { Accept: "application/json", "X-Player-Key": key },
    });
  } catch {
    return { status: "error", message: "Could not reach the server. Check your connection." };
  }
  // 404: no game recorded this key yet; 401: the key is not one (a damaged value).
  if (response.status === 404 || response.status === 401) return { status: "empty" };
  if (!response.ok) return { status: "error", message: `The server answered ${response.status}. Try again in a moment.` };
  return { status: "ok", history: (await response.json()) as MyHistory };
}

const EXPORT = { label: "All my data", path: "/me/export", fallbackName: "huddle-my-data.json", kind: "json" as const, testId: "me-export" };

export function day(ms: number | null | undefined): string {
  if (!ms) return "–";
  return new Date(ms).toLocaleDateString(undefined, { day: "numeric", month: "short", year: "numeric" });
}

export function MePage() {
  const [load, setLoad] = useState<Load>({ status: "loading" });
  const [more, setMore] = useState<MyGame[]>([]);
  const [moreBusy, setMoreBusy] = useState(false);
  const [moreError, setMoreError] = useState<string | null>(null);
  const key = peekPlayerKey();
  const [who, setWho] = useState<SignedIn | null>(() => signedIn());
  const [figures, setFigures] = useState<Figures | null>(null);

  const refresh = async () => {
    if (who) {
      setLoad({ status: "loading" });
      setMore([]);
      // This device's guest games become the person's first (once; nothing lost if it fails).
      await claimDevice(who).catch(() => undefined);
      const found = await fetchAccount(0, true);
      if (found.load.status === "signed_out") {
        clearAuth();
        setWho(null);
        return;
      }
      setFigures(found.figures);
      setLoad(found.load.status === "ok" && found.load.history.totals.games === 0 ? { status: "empty" } : found.load);
      return;
    }
    if (!key) {
      setLoad({ status: "empty" });
      return;
    }
    setLoad({ status: "loading" });
    setMore([]);
    setLoad(await fetchHistory(key, 0));
  };

  useEffect(() => {
    document.title = "Your games and badges · Huddle";
    void refresh();
  }, [who]);

  async function loadMore(offset: number) {
    if (!key && !who) return;
    setMoreBusy(true);
    setMoreError(null);
    const next = who ? (await fetchAccount(offset, false)).load : await fetchHistory(key!, offset);
    setMoreBusy(false);
    if (next.status === "ok") setMore((m) => [...m, ...next.history.games]);
    else setMoreError(next.status === "error" ? next.message : "No more games.");
  }

  return (
    <main class="page-me">
      <header class="me-top">
        <a href="/" class="me-home" aria-label="Huddle: join a game">
          <Logo size="sm" />
        </a>
        <a class="btn btn-cta btn-sm" href="/">
          Join a game
        </a>
      </header>
      <div class="me-body">
        <h1 class="me-title">Your games and badges</h1>
        {who ? (
          <p class="me-who" data-testid="me-who">
            Signed in as <strong>{who.name}</strong>: your games from every device.{" "}
            <a href="/me/challenges">Your challenges</a>{" "}
            <a href="/me/contributions">Your questions and tips</a>
          </p>
        ) : null}
        {load.status === "loading" ? (
          <div class="me-card center">
            <Spinner label="Loading your games…" />
          </div>
        ) : load.status === "error" ? (
          <div class="me-card">
            <Alert>{load.message}</Alert>
            <button type="button" class="btn btn-cta btn-lg" onClick={() => void refresh()}>
              Try again
            </button>
          </div>
        ) : load.status === "empty" || load.status === "signed_out" ? (
          <EmptyHistory />
        ) : (
          <>
            <History history={load.history} extra={more} onMore={loadMore} moreBusy={moreBusy} moreError={moreError} />
            {who && figures ? (
              <PersonFigures figures={figures} downloads={[...personDownloads("/me/history", "my-games"), EXPORT]} />
            ) : null}
          </>
        )}
        {who ? (
          <p class="me-privacy">
            This page shows the games you played signed in, on any device, and the games this device played before you
            signed in on it. The hosts of a workspace see your figures in their workspace only. “All my data” downloads
            everything Huddle stores about you.
          </p>
        ) : (
          <p class="me-privacy">
            This page shows the games played on this device. It is kept with a random key stored on this device only;
            clearing the browser's data starts afresh. Your e-mail or ID, if a game asked for it, is only seen by that
            game's host.
          </p>
        )}
      </div>
    </main>
  );
}

function EmptyHistory() {
  return (
    <section class="me-card me-empty center" data-testid="me-empty">
      <Pulse />
      <h2 class="big-msg">No games here yet</h2>
      <p class="lead">Play a game on this device and your scores, ranks and badges show up here.</p>
      <a class="btn btn-cta btn-xl" href="/">
        Join a game
      </a>
    </section>
  );
}

function History({
  history,
  extra,
  onMore,
  moreBusy,
  moreError,
}: {
  history: MyHistory;
  extra: MyGame[];
  onMore: (offset: number) => void;
  moreBusy: boolean;
  moreError: string | null;
}) {
  const t = history.totals;
  const games = [...history.games, ...extra];
  const accuracy = t.answered > 0 ? Math.round((t.correct / t.answered) * 100) : null;
  return (
    <>
      <ul class="me-totals" aria-label="Your totals" data-testid="me-totals">
        <li class="me-stat tone-blue">
          <span class="me-stat-num">{num(t.games)}</span> <span class="me-stat-label">{t.games === 1 ? "game" : "games"}</span>
        </li>
        <li class="me-stat tone-yellow">
          <span class="me-stat-num">{num(t.wins)}</span> <span class="me-stat-label">{t.wins === 1 ? "win" : "wins"}</span>
        </li>
        <li class="me-stat tone-green">
          <span class="me-stat-num">{accuracy === null ? "–" : `${accuracy}%`}</span>{" "}
          <span class="me-stat-label">
            right ({num(t.correct)} of {num(t.answered)})
          </span>
        </li>
        <li class="me-stat tone-red">
          <span class="me-stat-num">{num(t.score)}</span> <span class="me-stat-label">points</span>
        </li>
      </ul>

      <section class="me-section" aria-labelledby="badges-title">
        <h2 id="badges-title" class="me-h2">
          Badges <span class="count-pill">{num(history.milestones.length)}</span>
        </h2>
        {history.milestones.length ? (
          <ul class="badge-list badge-grid" data-testid="me-badges">
            {history.milestones.map((m, i) => (
              <BadgeCard
                key={m.code}
                code={m.code}
                title={m.title}
                description={m.description}
                detail={`${m.game_title ?? "A game"} · ${day(m.awarded_at)}`}
                index={i}
              />
            ))}
          </ul>
        ) : (
          <p class="me-note">No badges yet: win a game, answer five in a row or be the quickest to earn one.</p>
        )}
      </section>

      <section class="me-section" aria-labelledby="games-title">
        <h2 id="games-title" class="me-h2">
          Games <span class="count-pill">{num(t.games)}</span>
        </h2>
        <ol class="me-games" data-testid="me-games">
          {games.map((g) => (
            <GameCard key={g.game_id} game={g} />
          ))}
        </ol>
        {moreError ? <Alert kind="info">{moreError}</Alert> : null}
        {games.length < t.games ? (
          <button type="button" class="btn btn-ghost btn-lg me-more" disabled={moreBusy} onClick={() => onMore(games.length)}>
            {moreBusy ? "Loading…" : `Show more games (${num(t.games - games.length)} left)`}
          </button>
        ) : null}
      </section>
    </>
  );
}

function GameCard({ game: g }: { game: MyGame }) {
  const won = g.rank === 1 && (g.players ?? 0) > 1;
  return (
    <li class={`me-game ${won ? "won" : ""}`}>
      <div class="me-game-rank" aria-hidden="true">
        {ordinal(g.rank)}
      </div>
      <div class="me-game-main">
        <h3 class="me-game-title">{g.title}</h3>
        <p class="me-game-meta">
          {day(g.finished_at)} · as <strong>{g.nickname}</strong>
          {g.team ? ` · team ${g.team}` : ""}
        </p>
        {g.event ? <span class="event-chip">{g.event.name}</span> : null}
        <p class="me-game-figures">
          <span class="sr-only">
            Finished {ordinal(g.rank)}
            {g.players ? ` of ${g.players}` : ""}.{" "}
          </span>
          <span aria-hidden="true">{g.players ? `${ordinal(g.rank)} of ${num(g.players)}` : ordinal(g.rank)} · </span>
          <strong>{num(g.score)}</strong> points · {g.correct} of {num(g.answered)} right
        </p>
        {g.milestones.length ? (
          <p class="me-game-badges">
            <span class="sr-only">Badges earned: </span>
            {g.milestones.map((code) => (
              <span key={code} class="mini-badge">
                {badgeTitle(code)}
              </span>
            ))}
          </p>
        ) : null}
      </div>
    </li>
  );
}
