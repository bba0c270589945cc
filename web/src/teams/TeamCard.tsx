// One workspace team on the Teams page: its name and members; a host also renames it, deletes
// it and edits its roster by picking people of the workspace.

import { useState } from "preact/hooks";
import { ErrorText } from "../components/ui";
import { addable, parseTeamName, TEAM_NAME_MAX, type TeamDoc, type TeamMember, teamOf } from "../teams-model";

export interface TeamActions {
  rename(team: TeamDoc, name: string): Promise<string | null>;
  remove(team: TeamDoc): Promise<void>;
  add(team: TeamDoc, accountId: string): Promise<void>;
  drop(team: TeamDoc, member: TeamMember): Promise<void>;
}

export function TeamCard({
  team,
  teams,
  people,
  editing,
  actions,
}: {
  team: TeamDoc;
  teams: TeamDoc[];
  people: TeamMember[] | null;
  editing: boolean;
  actions: TeamActions;
}) {
  const [renaming, setRenaming] = useState(false);
  const [name, setName] = useState(team.name);
  const [nameError, setNameError] = useState<string | null>(null);
  const [pick, setPick] = useState("");
  const nameId = `team-name-${team.id}`;
  const pickId = `team-pick-${team.id}`;
  const offered = people ? addable(people, team) : [];

  async function rename(e: Event) {
    e.preventDefault();
    const parsed = parseTeamName(name);
    if ("error" in parsed) return setNameError(parsed.error);
    const error = await actions.rename(team, parsed.name);
    setNameError(error);
    if (!error) setRenaming(false);
  }

  return (
    <li class="team-card card" data-testid="team-card">
      <div class="team-card-head">
        <h2 class="team-card-name">
          <a href={`/teams/${encodeURIComponent(team.id)}`}>{team.name}</a>
        </h2>
        <span class="muted-dark">
          {team.members.length} {team.members.length === 1 ? "member" : "members"}
        </span>
      </div>
      {renaming ? (
        <form class="team-rename" onSubmit={rename} noValidate>
          <label class="field-label small" for={nameId}>
            New name for {team.name}
          </label>
          <input
            id={nameId}
            class="input"
            value={name}
            maxLength={TEAM_NAME_MAX}
            aria-invalid={nameError ? "true" : undefined}
            aria-describedby={nameError ? `${nameId}-error` : undefined}
            onInput={(e) => setName((e.target as HTMLInputElement).value)}
          />
          <ErrorText id={`${nameId}-error`} message={nameError} />
          <div class="team-row-actions">
            <button class="btn btn-primary btn-sm" type="submit">
              Save
            </button>
            <button class="btn btn-ghost-dark btn-sm" type="button" onClick={() => setRenaming(false)}>
              Cancel
            </button>
          </div>
        </form>
      ) : null}
      {team.members.length ? (
        <ul class="roster-list" aria-label={`Members of ${team.name}`}>
          {team.members.map((m) => (
            <li key={m.account_id}>
              <span>{m.name}</span>
              {editing ? (
                <button class="btn btn-ghost-dark btn-sm" type="button" onClick={() => void actions.drop(team, m)}>
                  Remove<span class="sr-only"> {m.name} from {team.name}</span>
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted-dark">Nobody in this team yet.</p>
      )}
      {editing ? (
        <div class="team-edit">
          {people && offered.length ? (
            <form
              class="team-add"
              onSubmit={(e) => {
                e.preventDefault();
                if (pick) void actions.add(team, pick).then(() => setPick(""));
              }}
            >
              <label class="field-label small" for={pickId}>
                Add a member to {team.name}
              </label>
              <select key={team.members.length} id={pickId} class="input" value={pick} onChange={(e) => setPick((e.target as HTMLSelectElement).value)}>
                <option value="">Choose a person…</option>
                {offered.map((p) => {
                  const now = teamOf(teams, p.account_id);
                  return (
                    <option key={p.account_id} value={p.account_id}>
                      {p.name}
                      {now ? ` (now in ${now.name})` : ""}
                    </option>
                  );
                })}
              </select>
              <button class="btn btn-primary btn-sm" type="submit" disabled={!pick}>
                Add
              </button>
            </form>
          ) : null}
          <div class="team-row-actions">
            <button
              class="btn btn-ghost-dark btn-sm"
              type="button"
              onClick={() => {
                setName(team.name);
                setNameError(null);
                setRenaming(true);
              }}
            >
              Rename<span class="sr-only"> {team.name}</span>
            </button>
            <button
              class="btn btn-ghost-dark btn-sm"
              type="button"
              onClick={() => {
                if (window.confirm(`Delete the team ${team.name}? Its past games stay on the boards.`)) void actions.remove(team);
              }}
            >
              Delete<span class="sr-only"> {team.name}</span>
            </button>
          </div>
        </div>
      ) : null}
    </li>
  );
}
