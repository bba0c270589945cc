// `/teams/<id>`: one team's page: its members, and its accuracy per tag against the workspace's
// (the widest gap below the workspace first), so L&D sees which skills the team lacks. The same
// figures download as CSV.

import { useEffect, useState } from "preact/hooks";
import { api, type ApiError, downloadFile } from "../api";
import { HostShell, useAuth } from "../components/HostShell";
import { Chart } from "../components/Chart";
import { type Column, DataTable } from "../components/DataTable";
import { Alert, Spinner } from "../components/ui";
import { useWorkspaces } from "../hooks/workspaces";
import { navigate } from "../router";
import { chartOf, gap, percent, type TagRow, type TeamDoc, type TeamStats } from "../teams-model";

const COLUMNS: Column<TagRow>[] = [
  { head: "Tag", cell: (r) => (r.kind === "quiz" ? `${r.tag} (quiz)` : r.tag) },
  { head: "Team", cell: (r) => percent(r.team.accuracy), right: true },
  { head: "Workspace", cell: (r) => percent(r.workspace.accuracy), right: true },
  { head: "Gap", cell: (r) => gap(r), right: true },
  { head: "Answers", cell: (r) => r.team.answered, right: true },
];

export function TeamPage({ teamId }: { teamId: string }) {
  const auth = useAuth();
  const ws = useWorkspaces();
  const [team, setTeam] = useState<TeamDoc | null>(null);
  const [stats, setStats] = useState<TeamStats | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const path = `/teams/${encodeURIComponent(teamId)}`;

  useEffect(() => {
    document.title = "Team · Huddle";
    if (!auth) return;
    Promise.all([api<TeamDoc>("GET", path), api<TeamStats>("GET", `${path}/stats`)])
      .then(([t, s]) => {
        setTeam(t);
        setStats(s);
        document.title = `${t.name} · Teams · Huddle`;
      })
      .catch((err: ApiError) => {
        if (err.status === 401) navigate(`/login?next=${encodeURIComponent(path)}`, { replace: true });
        else setError(err.status === 404 ? "This team does not exist in this workspace." : err.message);
      });
  }, [teamId, ws.current?.id]);

  if (!auth) return null;
  const chart = stats ? chartOf(stats) : null;

  async function csv() {
    try {
      const name = await downloadFile(`${path}/stats.csv`, "team-skills.csv");
      setStatus(`Downloaded ${name}.`);
    } catch (err) {
      setError((err as ApiError).message);
    }
  }

  return (
    <HostShell auth={auth} section="teams">
      <div class="page-head">
        <div>
          <a href="/teams" class="back-link">
            <span aria-hidden="true">←</span> Teams
          </a>
          <h1>{team ? team.name : "Team"}</h1>
          {team ? (
            <p class="muted-dark">
              {team.members.length ? team.members.map((m) => m.name).join(", ") : "Nobody in this team yet."}
            </p>
          ) : null}
        </div>
        {stats ? (
          <button class="btn btn-ghost-dark" type="button" onClick={() => void csv()}>
            Download CSV<span class="sr-only"> of the team's skills</span>
          </button>
        ) : null}
      </div>
      {error ? <Alert>{error}</Alert> : null}
      <p class="sr-only" role="status">
        {status ?? ""}
      </p>
      {!stats && !error ? <Spinner label="Loading the team…" /> : null}
      {stats ? (
        <section class="card" aria-labelledby="skills-title">
          <h2 id="skills-title">Skills</h2>
          <p class="muted-dark">
            Accuracy per tag in the {stats.games} {stats.games === 1 ? "game" : "games"} the team played, against everyone in
            the workspace. The widest gaps come first.
          </p>
          {stats.tags.length === 0 || !chart ? (
            <p>The team has not played a game as a workspace team yet.</p>
          ) : (
            <>
              <Chart
                testId="team-skills-chart"
                label={`% correct per tag: ${stats.team.name} against the workspace`}
                kind="bar"
                categories={chart.categories}
                series={chart.series}
                xLabel="Tag"
                yLabel="% correct"
                yRange={[0, 100]}
                format={(v) => `${v} %`}
              />
              <div class="table-wrap">
                <DataTable
                  columns={COLUMNS}
                  rows={stats.tags}
                  rowKey={(r) => `${r.kind}:${r.tag}`}
                  testId="team-skills"
                  caption={`Accuracy of ${stats.team.name} per tag against the workspace`}
                />
              </div>
            </>
          )}
        </section>
      ) : null}
    </HostShell>
  );
}
