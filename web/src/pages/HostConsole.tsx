import { useEffect, useRef, useState } from "preact/hooks";
import { PhaseStage } from "../components/Stage";
import { Lock } from "../components/icons";
import { Alert, ConnectionBanner, formatPin, Logo, Spinner } from "../components/ui";
import { num, plural } from "../format";
import { joinUrlFor } from "../game-feed";
import { useKeydown } from "../hooks/keydown";
import { useGameFeed } from "../hooks/live-link";
import { getAuth } from "../api";
import { request } from "../live";
import type { BannedPlayer, Phase, RosterPlayer, State, TeamSettings } from "../protocol";
import { navigate } from "../router";
import { type HostGame, hostGameKey, load, save } from "../storage";

type Command = "start" | "next" | "end";

// The names the server gives automatic teams (games/settings.py AUTO_TEAM_NAMES).
const AUTO_TEAM_NAMES = [
  "Red",
  "Blue",
  "Green",
  "Yellow",
  "Purple",
  "Orange",
  "Pink",
  "Teal",
  ...Array.from({ length: 12 }, (_, i) => `Team ${i + 9}`),
];

export function teamNamesOf(t: TeamSettings): string[] {
  if (t.names && t.names.length) return t.names;
  return AUTO_TEAM_NAMES.slice(0, t.count ?? 0);
}

function primaryAction(s: State): { label: string; command: Command | "results" } {
  switch (s.phase) {
    case "lobby":
      return { label: "Start game", command: "start" };
    case "question":
      return { label: "Close question", command: "next" };
    case "reveal":
      return { label: "Show leaderboard", command: "next" };
    case "scoreboard":
      return s.question && s.question.index + 1 >= s.question.count
        ? { label: "Finish game", command: "next" }
        : { label: "Next question", command: "next" };
    default:
      return { label: "See full results", command: "results" };
  }
}

const PHASE_NAMES: Record<Phase, string> = {
  lobby: "Lobby",
  question: "Question",
  reveal: "Answer",
  scoreboard: "Leaderboard",
  finished: "Finished",
};

/** Read `#key=…` (a console link shared to another device), keep it, and drop it from the URL. */
function keyFromFragment(gameId: string): HostGame | null {
  const m = /(?:^#|&)key=([^&]+)/.exec(window.location.hash);
  if (!m) return null;
  const pin = /(?:^#|&)pin=(\d+)/.exec(window.location.hash)?.[1] ?? "";
  const game: HostGame = { host_key: decodeURIComponent(m[1]), pin, join_url: "" };
  save(hostGameKey(gameId), game);
  window.history.replaceState(null, "", window.location.pathname + window.location.search);
  return game;
}

export function HostConsole({ gameId }: { gameId: string }) {
  const [saved, setSaved] = useState<HostGame | null>(() => keyFromFragment(gameId) ?? load<HostGame>(hostGameKey(gameId)));
  // Another browser (a second laptop, a phone as a remote) of the host's account attaches with
  // the login token instead of the host key the starting browser keeps.
  const auth = getAuth();
  if (saved?.host_key) return <Console gameId={gameId} saved={saved} token={null} />;
  if (auth) return <Console gameId={gameId} saved={saved ?? { host_key: "", pin: "", join_url: "" }} token={auth.token} />;
  return <NoKey gameId={gameId} onKey={setSaved} />;
}

function NoKey({ gameId, onKey }: { gameId: string; onKey: (g: HostGame) => void }) {
  const [key, setKey] = useState("");
  return (
    <main class="page-console center-page">
      <form
        class="card narrow"
        onSubmit={(e) => {
          e.preventDefault();
          if (!key.trim()) return;
          const g = { host_key: key.trim(), pin: "", join_url: "" };
          save(hostGameKey(gameId), g);
          onKey(g);
        }}
      >
        <Logo light={false} />
        <h1>Host key needed</h1>
        <p>
          This browser did not start this game, so it does not hold its host key. <a href={`/login?next=/host/${encodeURIComponent(gameId)}`}>Log in</a>{" "}
          to the account that started it, or paste the key here.
        </p>
        <label class="field-label" for="host-key">
          Host key
        </label>
        <input id="host-key" class="input" value={key} onInput={(e) => setKey((e.target as HTMLInputElement).value)} />
        <div class="row">
          <button class="btn btn-primary" type="submit">
            Open console
          </button>
          <a class="btn btn-ghost-dark" href="/host">
            Back to your quizzes
          </a>
        </div>
      </form>
    </main>
  );
}

function Console({ gameId, saved, token }: { gameId: string; saved: HostGame; token: string | null }) {
  const [screenKey, setScreenKey] = useState<string | null>(null);
  const [fatal, setFatal] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [locked, setLocked] = useState<boolean>(() => load<boolean>(`huddle.locked.${gameId}`) ?? false);
  const [confirmEnd, setConfirmEnd] = useState(false);
  const [help, setHelp] = useState(false);
  const [allPlayers, setAllPlayers] = useState<RosterPlayer[] | null>(null);
  const [banned, setBanned] = useState<BannedPlayer[]>([]);
  const { feed, dispatch, clock, connected, everConnected, socket: socketRef } = useGameFeed(
    "/host",
    {
      event: "attach",
      payload: token ? { game_id: gameId, token } : { game_id: gameId, host_key: saved.host_key },
      onAck: (ack) => {
        if (ack.ok) {
          setFatal(null);
          setScreenKey(ack.screen_key ?? null);
          if (typeof ack.locked === "boolean") setLocked(ack.locked);
          if (!token && !saved.pin && ack.state.pin) save(hostGameKey(gameId), { ...saved, pin: ack.state.pin });
          return null;
        }
        if (ack.error.code === "forbidden") {
          setFatal(
            token
              ? "This game does not exist any more, or it is not one of your games."
              : "This game does not exist any more, or the host key is wrong.",
          );
          return null;
        }
        if (ack.error.code === "unauthorized") {
          setFatal("Your login has expired or was logged out. Log in again to open this game.");
          return null;
        }
        return 1500;
      },
    },
    [gameId, saved.host_key, token],
  );

  const s = feed.state;
  const pin = s?.pin ?? saved.pin;
  const joinUrl = pin ? joinUrlFor(pin, saved.join_url) : "";
  // The big screen's link carries the screen key: with it the screen shows the whole question
  // (also when the game keeps questions off the phones); with the PIN alone it would not.
  const screenQuery = new URLSearchParams();
  if (screenKey) screenQuery.set("key", screenKey);
  if (saved.join_url) screenQuery.set("join", saved.join_url);
  const screenSearch = screenQuery.toString();
  const screenHref = pin ? `/screen/${pin}${screenSearch ? `?${screenSearch}` : ""}` : "";

  useEffect(() => {
    document.title = `${s?.title ? `${s.title} · ` : ""}Host console · Huddle`;
  }, [s?.title]);

  async function command(name: Command) {
    const socket = socketRef.current;
    if (!socket || busy) return;
    setBusy(true);
    setError(null);
    const ack = await request(socket, name, {});
    setBusy(false);
    if (ack.ok) dispatch({ type: "state", state: ack.state });
    else if (ack.error.code !== "wrong_phase") setError(ack.error.message);
  }

  async function toggleLock() {
    const socket = socketRef.current;
    if (!socket) return;
    const ack = await request(socket, "lock", { locked: !locked });
    if (ack.ok) {
      setLocked(ack.locked);
      save(`huddle.locked.${gameId}`, ack.locked);
    } else setError(ack.error.message);
  }

  // Kick, Ban and Unban remove their own row: the focus goes to the roster's heading rather
  // than to nowhere (the page's start), so keyboard users stay where they were working.
  const rosterTitle = useRef<HTMLHeadingElement>(null);
  function focusRoster(row: Element | null) {
    const active = document.activeElement;
    if (!active || active === document.body || (row && row.contains(active))) rosterTitle.current?.focus();
  }

  async function kick(p: RosterPlayer, ban: boolean, row: Element | null) {
    const socket = socketRef.current;
    if (!socket) return;
    const ack = await request(socket, "kick", { player_id: p.id, ban });
    if (!ack.ok) setError(ack.error.message);
    else {
      focusRoster(row);
      setAllPlayers((all) => all?.filter((x) => x.id !== p.id) ?? null);
      if (ban) void loadBanned();
    }
  }

  // Banned players, as the server lists them (a roster page of no players carries them).
  async function loadBanned() {
    const socket = socketRef.current;
    if (!socket) return;
    const ack = await request(socket, "roster", { limit: 0 });
    if (ack.ok) setBanned(ack.banned ?? []);
  }

  async function unban(p: BannedPlayer, row: Element | null) {
    const socket = socketRef.current;
    if (!socket) return;
    const ack = await request(socket, "unban", { player_id: p.id });
    if (!ack.ok) setError(ack.error.message);
    else focusRoster(row);
    void loadBanned();
  }

  useEffect(() => {
    if (connected && s) void loadBanned();
  }, [connected, s?.game_id]);

  async function assign(p: RosterPlayer, team: string) {
    const socket = socketRef.current;
    if (!socket) return;
    const ack = await request(socket, "assign", { player_id: p.id, team });
    if (!ack.ok) setError(ack.error.message);
  }

  async function loadAll() {
    const socket = socketRef.current;
    if (!socket) return;
    const out: RosterPlayer[] = [];
    for (let offset = 0; offset < 100000; offset += 500) {
      const ack = await request(socket, "roster", { offset, limit: 500 });
      if (!ack.ok) break;
      out.push(...ack.players);
      if (out.length >= ack.count || ack.players.length === 0) break;
    }
    setAllPlayers(out);
  }

  function primary() {
    if (!s) return;
    const action = primaryAction(s);
    if (action.command === "results") navigate(`/games/${encodeURIComponent(gameId)}`);
    else void command(action.command);
  }

  // Keyboard shortcuts: N or → moves on, L locks, E ends, B opens the big screen, ? helps.
  useKeydown((e) => {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const t = e.target as HTMLElement | null;
    if (t && (/^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName) || t.isContentEditable)) return;
    if (confirmEnd) {
      if (e.key === "Escape") setConfirmEnd(false);
      return;
    }
    const k = e.key.toLowerCase();
    if (k === "n" || e.key === "ArrowRight") {
      e.preventDefault();
      primary();
    } else if (k === "l" && s?.phase === "lobby") {
      e.preventDefault();
      void toggleLock();
    } else if (k === "e" && s && s.phase !== "finished") {
      e.preventDefault();
      setConfirmEnd(true);
    } else if (k === "b" && screenHref) {
      e.preventDefault();
      window.open(screenHref, "huddle-screen");
    } else if (e.key === "?") {
      e.preventDefault();
      setHelp((h) => !h);
    } else if (e.key === "Escape") {
      setHelp(false);
    }
  });

  if (fatal) {
    return (
      <main class="page-console center-page">
        <div class="card narrow">
          <Logo light={false} />
          <h1>Cannot open this game</h1>
          <p>{fatal}</p>
          <a class="btn btn-primary" href="/host">
            Back to your quizzes
          </a>
        </div>
      </main>
    );
  }

  const action = s ? primaryAction(s) : null;
  const q = s?.question;
  const progress = feed.progress && q && feed.progress.question === q.index ? feed.progress : null;
  const roster = allPlayers ?? feed.roster.players;
  const teamSettings = s?.settings?.teams;
  const teamNames = teamSettings ? teamNamesOf(teamSettings) : [];

  return (
    <main class={`page-console phase-${s?.phase ?? "none"}`}>
      <ConnectionBanner connected={connected} everConnected={everConnected} />
      <header class="console-top">
        <a href="/host" class="console-home" aria-label="Huddle: back to your quizzes">
          <Logo size="sm" />
        </a>
        <div class="console-title">
          <span class="console-quiz">{s?.title ?? "…"}</span>
          {pin ? <span class="console-pin">PIN {formatPin(pin)}</span> : null}
          {s ? <span class="phase-chip">{PHASE_NAMES[s.phase]}</span> : null}
        </div>
        <div class="console-links">
          {screenHref ? (
            <a class="btn btn-ghost btn-sm" href={screenHref} target="huddle-screen" rel="noopener">
              Open big screen <span aria-hidden="true">↗</span>
            </a>
          ) : null}
          <button type="button" class="btn btn-ghost btn-sm" onClick={() => setHelp((h) => !h)} aria-expanded={help}>
            Shortcuts
          </button>
        </div>
      </header>
      {help ? (
        <section class="shortcuts" aria-label="Keyboard shortcuts">
          <ul>
            <li>
              <kbd>N</kbd> or <kbd>→</kbd> {action?.label ?? "Next"}
            </li>
            <li>
              <kbd>L</kbd> lock or unlock the lobby
            </li>
            <li>
              <kbd>E</kbd> end the game
            </li>
            <li>
              <kbd>B</kbd> open the big screen
            </li>
            <li>
              <kbd>?</kbd> show or hide this help
            </li>
          </ul>
        </section>
      ) : null}
      <div class="console-body">
        <section class="console-stage" aria-label="What the big screen shows">
          {!s ? (
            <div class="stage center">
              <Spinner label="Connecting to the game…" />
            </div>
          ) : (
            <PhaseStage state={s} feed={feed} clock={clock} pin={s.pin} joinUrl={joinUrl} locked={locked} />
          )}
        </section>
        <aside class="console-panel" aria-label="Game controls">
          {s ? (
            <div class="controls">
              {s.phase === "question" ? (
                <p class="live-count" aria-live="polite" data-testid="host-answered">
                  <strong>{num(progress?.answered ?? 0)}</strong> of {num(progress?.total ?? s.players)} answered
                </p>
              ) : null}
              {q && s.phase !== "finished" ? (
                <p class="muted-dark">
                  Question {q.index + 1} of {q.count}
                </p>
              ) : null}
              {action ? (
                <button
                  type="button"
                  class="btn btn-cta btn-xl primary-action"
                  onClick={primary}
                  disabled={busy || !connected}
                  aria-keyshortcuts="N ArrowRight"
                  data-testid="primary-action"
                >
                  {action.label}
                  <kbd aria-hidden="true">N</kbd>
                </button>
              ) : null}
              {s.phase === "lobby" && feed.roster.count === 0 ? (
                <p class="muted-dark">Players appear here as they join.</p>
              ) : null}
              <div class="row">
                {s.phase === "lobby" ? (
                  <button type="button" class="btn btn-ghost" onClick={() => void toggleLock()} aria-pressed={locked} aria-keyshortcuts="L">
                    <Lock open={!locked} /> {locked ? "Unlock lobby" : "Lock lobby"}
                  </button>
                ) : null}
                {s.phase !== "finished" ? (
                  <button type="button" class="btn btn-danger-ghost" onClick={() => setConfirmEnd(true)} aria-keyshortcuts="E">
                    End game
                  </button>
                ) : (
                  <a class="btn btn-ghost" href="/host">
                    Back to your quizzes
                  </a>
                )}
              </div>
              {error ? <Alert>{error}</Alert> : null}
            </div>
          ) : null}
          <section class="roster" aria-labelledby="roster-title">
            <h2 id="roster-title" class="roster-title" ref={rosterTitle} tabIndex={-1}>
              Players <span class="roster-count">{num(feed.roster.count)}</span>
            </h2>
            {roster.length === 0 ? (
              <p class="muted-dark">No players yet.</p>
            ) : (
              <ul class="roster-list">
                {roster.map((p) => (
                  <li key={p.id} class="roster-row" data-player={p.id}>
                    <span class={`dot ${p.connected ? "on" : "off"}`} aria-hidden="true" />
                    <span class="roster-name">
                      {p.nickname}
                      {p.team && !(teamNames.length && s?.phase === "lobby") ? <span class="chip-team"> · {p.team}</span> : null}
                      <span class="sr-only">{p.connected ? ", connected" : ", disconnected"}</span>
                    </span>
                    {teamNames.length && s?.phase === "lobby" ? (
                      <select
                        class="team-select"
                        aria-label={`Team of ${p.nickname}`}
                        value={p.team ?? ""}
                        onChange={(e) => void assign(p, (e.target as HTMLSelectElement).value)}
                      >
                        {p.team ? null : <option value="">No team</option>}
                        {teamNames.map((t) => (
                          <option key={t} value={t}>
                            {t}
                          </option>
                        ))}
                      </select>
                    ) : null}
                    {s?.phase !== "finished" ? (
                      <>
                        <button type="button" class="mini-btn" onClick={(e) => void kick(p, false, e.currentTarget.closest("li"))} aria-label={`Kick ${p.nickname}`}>
                          Kick
                        </button>
                        <button type="button" class="mini-btn danger" onClick={(e) => void kick(p, true, e.currentTarget.closest("li"))} aria-label={`Ban ${p.nickname}`}>
                          Ban
                        </button>
                      </>
                    ) : null}
                  </li>
                ))}
              </ul>
            )}
            {!allPlayers && feed.roster.count > feed.roster.players.length ? (
              <button type="button" class="btn btn-ghost btn-sm" onClick={() => void loadAll()}>
                Show all {plural(feed.roster.count, "player")}
              </button>
            ) : null}
          </section>
          {banned.length ? (
            <section class="roster" aria-labelledby="banned-title">
              <h2 id="banned-title" class="roster-title">
                Banned <span class="roster-count">{num(banned.length)}</span>
              </h2>
              <ul class="roster-list">
                {banned.map((p) => (
                  <li key={p.id} class="banned-row" data-banned={p.id}>
                    <span class="roster-name">{p.nickname}</span>
                    <button type="button" class="mini-btn" onClick={(e) => void unban(p, e.currentTarget.closest("li"))} aria-label={`Unban ${p.nickname}`}>
                      Unban
                    </button>
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
        </aside>
      </div>
      {confirmEnd ? <ConfirmEnd onCancel={() => setConfirmEnd(false)} onConfirm={() => {
        setConfirmEnd(false);
        void command("end");
      }} /> : null}
    </main>
  );
}

function ConfirmEnd({ onCancel, onConfirm }: { onCancel: () => void; onConfirm: () => void }) {
  const cancelRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    cancelRef.current?.focus();
  }, []);
  return (
    <div class="modal-backdrop" onClick={onCancel}>
      <div
        class="modal"
        role="dialog"
        aria-modal="true"
        aria-labelledby="end-title"
        onClick={(e) => e.stopPropagation()}
        onKeyDown={(e) => e.key === "Escape" && onCancel()}
      >
        <h2 id="end-title">End the game now?</h2>
        <p>Everyone sees the final results straight away. This cannot be undone.</p>
        <div class="row">
          <button type="button" class="btn btn-danger" onClick={onConfirm}>
            End game
          </button>
          <button type="button" class="btn btn-ghost-dark" ref={cancelRef} onClick={onCancel}>
            Keep playing
          </button>
        </div>
      </div>
    </div>
  );
}
