// `/challenges/<id>`: a challenge's page for its host. While it is open (or scheduled) it shows
// the link, PIN and QR code to share; always the team standings with participation ("12 of 15
// have played"), the player standings, the game report of its `game_id` and its CSV tables.
// It follows the challenge live on `/screen` `watch_challenge`, as the standings screen does.

import { useEffect, useRef, useState } from "preact/hooks";
import { api, type ApiError } from "../api";
import { DataTable } from "../components/DataTable";
import { HostShell, useAuth } from "../components/HostShell";
import { Downloads, fileStem, reportDownloads } from "../components/Reports";
import { Alert, Spinner } from "../components/ui";
import { dateTime, num } from "../format";
import { announceWorkspace } from "../workspace";
import { JoinCard, StatusTag, useLoad, whenLine } from "./common";
import { AUDIENCE_NAMES, participation, playersLine, type PlayerStanding, ruleLabel, type Standings, type TeamStanding, toMs } from "./model";
import { useChallengeFeed } from "./feed";

export function TeamTable({ teams, testId = "team-standings" }: { teams: TeamStanding[]; testId?: string }) {
  return (
    <div class="table-wrap">
      <DataTable
        class="table"
        testId={testId}
        caption="Team standings"
        rows={[...teams].sort((a, b) => a.rank - b.rank)}
        rowKey={(t) => t.team_id}
        columns={[
          { head: "Rank", cell: (t) => num(t.rank) },
          { head: "Team", cell: (t) => t.name },
          { head: "Score", right: true, cell: (t) => num(t.score) },
          { head: "Played", cell: (t) => participation(t) },
        ]}
      />
    </div>
  );
}

export function PlayerTable({ players, teams }: { players: PlayerStanding[]; teams: boolean }) {
  if (players.length === 0) return <p class="muted-dark">Nobody has finished a run yet.</p>;
  return (
    <div class="table-wrap">
      <DataTable
        class="table"
        testId="player-standings"
        caption="Player standings"
        rows={[...players].sort((a, b) => a.rank - b.rank)}
        rowKey={(p, i) => `${p.rank}-${p.nickname}-${i}`}
        columns={[
          { head: "Rank", cell: (p) => num(p.rank) },
          { head: "Player", cell: (p) => p.nickname },
          teams && { head: "Team", cell: (p) => p.team ?? "–" },
          { head: "Score", right: true, cell: (p) => num(p.score) },
          { head: "Correct", right: true, cell: (p) => num(p.correct) },
          { head: "Finished", cell: (p) => dateTime(toMs(p.finished_at)) },
        ]}
      />
    </div>
  );
}

export function ChallengeResults({ id }: { id: string }) {
  const auth = useAuth();
  const path = `/challenges/${encodeURIComponent(id)}/standings`;
  const { data, error: loadError, reload } = useLoad<Standings>(auth ? path : null, "No challenge has this address, or it is not yours to see.");
  const [error, setError] = useState<string | null>(null);
  const [asking, setAsking] = useState(false);
  const yes = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (asking) yes.current?.focus();
  }, [asking]);
  const c = data?.challenge;
  useChallengeFeed(c?.pin ?? null, () => void reload());
  // Said when more runs have finished since the page showed them (not on the first read).
  const [said, setSaid] = useState("");
  const seen = useRef<number | null>(null);
  useEffect(() => {
    if (!c) return;
    if (seen.current !== null && c.finished > seen.current) setSaid(`Standings updated: ${playersLine(c)}.`);
    seen.current = c.finished;
  }, [c?.finished]);
  useEffect(() => {
    if (c) document.title = `${c.title}: challenge · Huddle`;
  }, [c?.title]);
  if (!auth) return null;
  const back = (
    <a href="/challenges" class="back-link">
      <span aria-hidden="true">←</span> Challenges
    </a>
  );
  if (!data || !c) {
    return (
      <HostShell auth={auth} section="challenges">
        {back}
        {loadError ? <Alert>{loadError}</Alert> : <Spinner label="Loading the challenge…" />}
      </HostShell>
    );
  }

  async function close() {
    setError(null);
    try {
      await api("POST", `/challenges/${encodeURIComponent(id)}/close`);
      await reload();
      announceWorkspace(`Closed ${c!.title}: no new runs start.`);
    } catch (err) {
      setError((err as ApiError).message);
    } finally {
      setAsking(false);
    }
  }

  const reportPath = `/games/${encodeURIComponent(c.game_id)}/report`;
  const hasTeams = data.teams.length > 0;
  return (
    <HostShell auth={auth} section="challenges" wide>
      <div class="page-head">
        <div>
          {back}
          <h1 data-testid="challenge-title">{c.title}</h1>
          <p class="muted-dark">
            <StatusTag status={c.status} /> · {whenLine(c)}
          </p>
        </div>
        <div class="head-actions">
          <a class="btn btn-primary" href={`/challenges/${encodeURIComponent(id)}/screen`} target="huddle-challenge-screen" rel="noopener">
            Open the standings screen
          </a>
          {c.status === "closed" ? null : asking ? (
            <span class="confirm-inline" role="group" aria-label="Close the challenge now?">
              <button ref={yes} type="button" class="btn btn-danger" onClick={() => void close()}>
                Yes, close it
              </button>
              <button type="button" class="btn btn-ghost-dark" onClick={() => setAsking(false)}>
                Cancel
              </button>
            </span>
          ) : (
            <button type="button" class="btn btn-danger-ghost-dark" onClick={() => setAsking(true)}>
              Close now
            </button>
          )}
        </div>
      </div>
      {error ? <Alert>{error}</Alert> : null}
      <p class="sr-only" role="status" data-testid="results-announce">
        {said}
      </p>
      {c.status !== "closed" ? <JoinCard challenge={c} /> : null}
      <div class="stat-row">
        <div class="stat card">
          <span class="stat-num" data-testid="stat-players">
            {num(c.players)}
          </span>
          <span class="stat-label">players</span>
        </div>
        <div class="stat card">
          <span class="stat-num" data-testid="stat-finished">
            {num(c.finished)}
          </span>
          <span class="stat-label">runs finished</span>
        </div>
      </div>
      <section class="card" aria-labelledby="ch-facts-title">
        <h2 id="ch-facts-title">Rules</h2>
        <dl class="ws-facts">
          <dt>Who may play</dt>
          <dd>{AUDIENCE_NAMES[c.audience] ?? c.audience}</dd>
          <dt>Attempts</dt>
          <dd>{num(c.attempts)} per person</dd>
          {c.audience === "teams" ? (
            <>
              <dt>A team's score</dt>
              <dd>{ruleLabel(c.team_rule)}</dd>
            </>
          ) : null}
        </dl>
      </section>
      {hasTeams ? (
        <section class="card" aria-labelledby="ch-teams-title">
          <h2 id="ch-teams-title">Teams</h2>
          <TeamTable teams={data.teams} />
        </section>
      ) : null}
      <section class="card" aria-labelledby="ch-players-title">
        <h2 id="ch-players-title">Players</h2>
        <PlayerTable players={data.players} teams={hasTeams} />
      </section>
      <section class="card" aria-labelledby="report-title">
        <h2 id="report-title">Report</h2>
        <p>
          <a href={`/games/${encodeURIComponent(c.game_id)}`} data-testid="challenge-report-link">
            The full report
          </a>{" "}
          (every run, question by question).
        </p>
        <Downloads
          hint="Spreadsheet-ready tables of every finished run."
          items={reportDownloads(reportPath, fileStem(c.title, "challenge"), [
            { table: "players", label: "Players", testId: "dl-players-csv" },
            { table: "questions", label: "Questions", testId: "dl-questions-csv" },
            { table: "answers", label: "Answer sheet", testId: "dl-answers-csv" },
            hasTeams && { table: "teams", label: "Teams" },
          ])}
        />
      </section>
    </HostShell>
  );
}
