// `/challenges/<id>/screen`: a challenge's standings on the big screen (1080p): the teams as a
// bar chart (the same figures in a table beside it, for screen readers and for reading from the
// back of the room) and the top players. It updates without a reload: `/screen`
// `watch_challenge` pushes `challenge_changed` when a run's results land, and the page reads
// the standings again; a polite live region says who leads.

import { useEffect, useRef, useState } from "preact/hooks";
import { type ApiError, api } from "../api";
import { Chart } from "../components/Chart";
import { useAuth } from "../components/HostShell";
import { joinHost } from "../components/Stage";
import { ConnectionBanner, formatPin, Logo, Spinner } from "../components/ui";
import { num, plural } from "../format";
import { navigate } from "../router";
import { joinLink } from "./common";
import { useChallengeFeed } from "./feed";
import { participation, ruleLabel, type Standings, standingsAnnouncement, teamChart } from "./model";

const TOP_PLAYERS = 10;

export function StandingsScreen({ id }: { id: string }) {
  const auth = useAuth();
  const [s, setS] = useState<Standings | null>(null);
  const [version, setVersion] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [announce, setAnnounce] = useState("");
  const loads = useRef(0);
  const asked = useRef(0);
  const finished = useRef(0);

  async function load() {
    const mine = ++asked.current;
    try {
      const next = await api<Standings>("GET", `/challenges/${encodeURIComponent(id)}/standings`);
      if (mine !== asked.current) return; // a later read is on its way: it has newer standings
      setS(next);
      setError(null);
      loads.current += 1;
      // The first load is the page itself; a later one is news worth saying when more runs
      // have finished (a reconnection's read may bring nothing new).
      if (loads.current > 1 && next.challenge.finished !== finished.current) setAnnounce(standingsAnnouncement(next));
      finished.current = next.challenge.finished;
      setVersion(loads.current);
    } catch (err) {
      const e = err as ApiError;
      if (e.status === 401) navigate(`/login?next=${encodeURIComponent(window.location.pathname)}`, { replace: true });
      else setError(e.status === 404 ? "No challenge has this address, or it is not yours to see." : e.message);
    }
  }

  useEffect(() => {
    if (auth) void load();
  }, [id]);
  const link = useChallengeFeed(s?.challenge.pin ?? null, () => void load());
  useEffect(() => {
    document.title = `${s?.challenge.title ?? "Challenge"}: standings · Huddle`;
  }, [s?.challenge.title]);
  if (!auth) return null;

  const c = s?.challenge;
  const chart = s ? teamChart(s.teams) : null;
  const players = s ? [...s.players].sort((a, b) => a.rank - b.rank).slice(0, TOP_PLAYERS) : [];
  return (
    <main class="page-screen page-challenge-screen" data-testid="challenge-screen" data-version={version}>
      <ConnectionBanner connected={link.connected} everConnected={link.everConnected} />
      <header class="screen-top">
        <Logo size="sm" />
        <span class="screen-join">
          {c && c.status !== "closed" ? (
            <>
              Play at <strong>{joinHost(joinLink(c))}</strong> · PIN <strong data-testid="screen-pin">{formatPin(c.pin)}</strong>
            </>
          ) : c ? (
            "The challenge has closed"
          ) : null}
        </span>
        {c ? (
          <span class="screen-players" data-testid="screen-finished">
            {plural(c.finished, "run")} finished
          </span>
        ) : null}
      </header>
      <p class="sr-only" role="status" aria-live="polite" data-testid="screen-announce">
        {announce}
      </p>
      {error && !s ? (
        <div class="stage center">
          <h1 class="big-msg">{error}</h1>
        </div>
      ) : !s || !c || !chart ? (
        <div class="stage center">
          <Spinner label="Loading the standings…" />
        </div>
      ) : (
        <div class="stage challenge-stage">
          <h1 class="stage-title" data-testid="screen-title">
            {c.title}
          </h1>
          {s.teams.length > 0 ? (
            <div class="challenge-board">
              <section class="card challenge-chart" aria-labelledby="screen-teams-title">
                <h2 id="screen-teams-title">Teams · {ruleLabel(c.team_rule)}</h2>
                <Chart
                  testId="screen-team-chart"
                  label="Team standings: each team's score"
                  categories={chart.categories}
                  series={[{ label: "Score", values: chart.values }]}
                  xLabel="Team"
                  yLabel="Score"
                  format={(v) => num(v)}
                  height={420}
                />
              </section>
              <ol class="challenge-team-list" aria-label="Teams by rank" data-testid="screen-teams">
                {[...s.teams]
                  .sort((a, b) => a.rank - b.rank)
                  .map((t) => (
                    <li key={t.team_id} class="challenge-team">
                      <span class="challenge-team-rank">{num(t.rank)}</span>
                      <span class="challenge-team-name">{t.name}</span>
                      <span class="challenge-team-score">{num(t.score)}</span>
                      <span class="challenge-team-played">{participation(t)}</span>
                    </li>
                  ))}
              </ol>
            </div>
          ) : null}
          {players.length === 0 ? (
            <p class="event-waiting-text">The standings fill up as people finish their runs.</p>
          ) : (
            <section aria-labelledby="screen-players-title">
              <h2 id="screen-players-title" class="challenge-screen-sub">
                Top players
              </h2>
              <ol class="challenge-players" data-testid="screen-players">
                {players.map((p, i) => (
                  <li key={`${p.rank}-${p.nickname}-${i}`}>
                    <span class="challenge-team-rank">{num(p.rank)}</span>
                    <span class="challenge-team-name">{p.nickname}</span>
                    <span class="challenge-team-score">{num(p.score)}</span>
                    {p.team ? <span class="challenge-team-played">{p.team}</span> : null}
                  </li>
                ))}
              </ol>
            </section>
          )}
        </div>
      )}
    </main>
  );
}
