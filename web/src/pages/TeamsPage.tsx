// `/teams`: the workspace's teams that persist. Everyone sees their own team ("My team") and
// every team with its members; a host (or admin, owner) creates, renames and deletes teams and
// edits their rosters by picking people of the workspace. The server checks every change.

import { useEffect, useState } from "preact/hooks";
import { api, type ApiError } from "../api";
import { HostShell, useAuth } from "../components/HostShell";
import { Alert, ErrorText, Spinner } from "../components/ui";
import { useWorkspaces } from "../hooks/workspaces";
import { toMember, type Member } from "../people-model";
import { navigate } from "../router";
import { TeamCard, type TeamActions } from "../teams/TeamCard";
import { nameTaken, parseTeamName, TEAM_NAME_MAX, type TeamDoc } from "../teams-model";
import { announceWorkspace, atLeast } from "../workspace";

export function TeamsPage() {
  const auth = useAuth();
  const ws = useWorkspaces();
  const current = ws.current;
  // Until the role is known (or on a server without workspaces) the controls show; the server
  // refuses a member's change anyway.
  const editing = !current || atLeast(current.role, "host");
  const [teams, setTeams] = useState<TeamDoc[] | null>(null);
  const [mine, setMine] = useState<TeamDoc | null | undefined>(undefined);
  const [people, setPeople] = useState<Member[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [newName, setNewName] = useState("");
  const [newError, setNewError] = useState<string | null>(null);

  async function refresh() {
    try {
      const [all, my] = await Promise.all([
        api<{ teams: TeamDoc[] }>("GET", "/teams"),
        api<{ team: TeamDoc | null }>("GET", "/teams/mine"),
      ]);
      setTeams(all.teams);
      setMine(my.team);
    } catch (err) {
      const e = err as ApiError;
      if (e.status === 401) navigate("/login?next=/teams", { replace: true });
      else setError(e.message);
    }
  }

  useEffect(() => {
    document.title = "Teams · Huddle";
    if (!auth) return;
    void refresh();
    if (current && editing) {
      api<{ members: (Partial<Member> & { id?: string })[] }>("GET", `/workspaces/${encodeURIComponent(current.id)}/members`)
        .then((r) => setPeople(r.members.map(toMember)))
        .catch(() => setPeople(null));
    }
  }, [current?.id, editing]);

  if (!auth) return null;

  /** Says a change in the host area's live region (main.tsx's WorkspaceAnnouncer). */
  function say(text: string) {
    setError(null);
    announceWorkspace(text);
  }

  async function attempt(action: () => Promise<void>): Promise<string | null> {
    setError(null);
    try {
      await action();
      await refresh();
      return null;
    } catch (err) {
      const e = err as ApiError;
      setError(e.message);
      return e.message;
    }
  }

  const actions: TeamActions = {
    async rename(team, name) {
      if (teams && nameTaken(teams, name, team.id)) return "Another team has this name.";
      return attempt(async () => {
        await api("PATCH", `/teams/${encodeURIComponent(team.id)}`, { name });
        say(`Renamed ${team.name} to ${name}.`);
      });
    },
    async remove(team) {
      await attempt(async () => {
        await api("DELETE", `/teams/${encodeURIComponent(team.id)}`);
        say(`Deleted the team ${team.name}.`);
      });
    },
    async add(team, accountId) {
      const who = people?.find((p) => p.account_id === accountId)?.name ?? "The member";
      await attempt(async () => {
        await api("POST", `/teams/${encodeURIComponent(team.id)}/members`, { account_id: accountId });
        say(`${who} is now in ${team.name}.`);
      });
    },
    async drop(team, member) {
      await attempt(async () => {
        await api("DELETE", `/teams/${encodeURIComponent(team.id)}/members/${encodeURIComponent(member.account_id)}`);
        say(`${member.name} left ${team.name}.`);
      });
    },
  };

  async function create(e: Event) {
    e.preventDefault();
    const parsed = parseTeamName(newName);
    if ("error" in parsed) return setNewError(parsed.error);
    if (teams && nameTaken(teams, parsed.name)) return setNewError("Another team has this name.");
    setNewError(null);
    const failed = await attempt(async () => {
      await api("POST", "/teams", { name: parsed.name });
      setNewName("");
      say(`Created the team ${parsed.name}.`);
    });
    if (failed) setNewError(failed);
  }

  return (
    <HostShell auth={auth} section="teams">
      <div class="page-head">
        <div>
          <h1>Teams</h1>
          <p class="muted-dark">Teams that stay: signed-in members play for their own team in games with workspace teams.</p>
        </div>
      </div>
      {error ? <Alert>{error}</Alert> : null}
      <section class="card my-team" aria-labelledby="my-team-title" data-testid="my-team">
        <h2 id="my-team-title">My team</h2>
        {mine === undefined ? (
          <Spinner label="Loading your team…" />
        ) : mine === null ? (
          <p class="muted-dark">You are not in a team yet. A host of the workspace puts people in teams.</p>
        ) : (
          <>
            <p>
              You play for <a href={`/teams/${encodeURIComponent(mine.id)}`}>{mine.name}</a>.
            </p>
            <ul class="roster-list" aria-label={`Members of ${mine.name}`}>
              {mine.members.map((m) => (
                <li key={m.account_id}>{m.account_id === auth.host.id ? `${m.name} (you)` : m.name}</li>
              ))}
            </ul>
          </>
        )}
      </section>
      {editing ? (
        <form class="card team-new" onSubmit={create} noValidate>
          <label class="field-label" for="new-team-name">
            New team
          </label>
          <div class="team-new-row">
            <input
              id="new-team-name"
              class="input"
              value={newName}
              maxLength={TEAM_NAME_MAX}
              placeholder="e.g. Northern sales"
              aria-invalid={newError ? "true" : undefined}
              aria-describedby={newError ? "new-team-name-error" : undefined}
              onInput={(e) => setNewName((e.target as HTMLInputElement).value)}
            />
            <button class="btn btn-primary" type="submit">
              Create team
            </button>
          </div>
          <ErrorText id="new-team-name-error" message={newError} />
        </form>
      ) : null}
      {teams === null ? (
        error ? null : <Spinner label="Loading the teams…" />
      ) : teams.length === 0 ? (
        <div class="empty card">
          <h2>No teams yet</h2>
          <p>{editing ? "Create a team, then add people of the workspace to it." : "A host of the workspace has not made teams yet."}</p>
        </div>
      ) : (
        <ul class="team-grid" aria-label="Teams">
          {teams.map((t) => (
            <TeamCard key={t.id} team={t} teams={teams} people={people} editing={editing} actions={actions} />
          ))}
        </ul>
      )}
    </HostShell>
  );
}
