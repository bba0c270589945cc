// `/host/<game id>`: the host's console. It attaches to the game with the host key this browser
// keeps (or the host's login), shows what the big screen shows, and sends the host's commands.

import { useEffect, useRef, useState } from "preact/hooks";
import { PhaseStage } from "../components/Stage";
import { ConnectionBanner, Logo, Spinner } from "../components/ui";
import { joinUrlFor } from "../game-feed";
import { ConfirmEnd } from "../host/ConfirmEnd";
import { ConsoleHeader, ShortcutsHelp } from "../host/ConsoleHeader";
import { ControlsBar } from "../host/ControlsBar";
import { useConsoleKeys } from "../host/console-keys";
import { NoKey } from "../host/NoKey";
import { type Command, primaryAction } from "../host/phase-actions";
import { BannedList, RosterPanel } from "../host/RosterPanel";
import { teamNamesOf } from "../host/team-names";
import { useGameFeed } from "../hooks/live-link";
import { getAuth } from "../api";
import { request } from "../live";
import type { BannedPlayer, RosterPlayer } from "../protocol";
import { navigate } from "../router";
import { type HostGame, hostGameKey, load, save } from "../storage";

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

  useConsoleKeys({
    phase: s?.phase ?? null,
    screenHref,
    confirmingEnd: confirmEnd,
    onPrimary: primary,
    onToggleLock: () => void toggleLock(),
    onConfirmEnd: setConfirmEnd,
    setHelp,
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
  const teamSettings = s?.settings?.teams;

  return (
    <main class={`page-console phase-${s?.phase ?? "none"}`}>
      <ConnectionBanner connected={connected} everConnected={everConnected} />
      <ConsoleHeader state={s} pin={pin} screenHref={screenHref} help={help} onHelp={() => setHelp((h) => !h)} />
      {help ? <ShortcutsHelp next={action?.label ?? "Next"} /> : null}
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
            <ControlsBar
              state={s}
              progress={progress}
              action={action}
              disabled={busy || !connected}
              players={feed.roster.count}
              locked={locked}
              error={error}
              onPrimary={primary}
              onToggleLock={() => void toggleLock()}
              onEnd={() => setConfirmEnd(true)}
            />
          ) : null}
          <RosterPanel
            phase={s?.phase ?? null}
            players={allPlayers ?? feed.roster.players}
            count={feed.roster.count}
            teamNames={teamSettings ? teamNamesOf(teamSettings) : []}
            titleRef={rosterTitle}
            partial={!allPlayers && feed.roster.count > feed.roster.players.length}
            onShowAll={() => void loadAll()}
            onAssign={(p, team) => void assign(p, team)}
            onKick={(p, ban, row) => void kick(p, ban, row)}
          />
          {banned.length ? <BannedList banned={banned} onUnban={(p, row) => void unban(p, row)} /> : null}
        </aside>
      </div>
      {confirmEnd ? <ConfirmEnd onCancel={() => setConfirmEnd(false)} onConfirm={() => {
        setConfirmEnd(false);
        void command("end");
      }} /> : null}
    </main>
  );
}
