// `/workspace`: the current workspace's people. Everyone sees its name and members and can leave
// it; an admin also renames it, sets how long results keep names, changes roles, removes members
// and makes invite links. The server checks every change; a change shows once it answered ok.

import { useEffect, useRef, useState } from "preact/hooks";
import { api, type ApiError } from "../api";
import { HostShell, useAuth } from "../components/HostShell";
import { Alert, Spinner } from "../components/ui";
import { loadWorkspaces, useWorkspaces } from "../hooks/workspaces";
import { DeleteWorkspace } from "../people/DeleteWorkspace";
import { InvitesPanel } from "../people/InvitesPanel";
import { type MemberActions, MembersTable } from "../people/MembersTable";
import { WorkspaceSettings } from "../people/WorkspaceSettings";
import { DailySettings } from "../challenges-host/DailySettings";
import { ReviewersPicker } from "../review/ReviewersPicker";
import { type Member, sortMembers, toMember, type WorkspaceDoc } from "../people-model";
import { removalError, removalNotice, removalPath } from "../people-removal";
import { navigate } from "../router";
import { announceWorkspace, atLeast, ROLE_NAMES } from "../workspace";

export function PeoplePage() {
  const auth = useAuth();
  const ws = useWorkspaces();
  const current = ws.current;
  const [doc, setDoc] = useState<WorkspaceDoc | null>(null);
  const [members, setMembers] = useState<Member[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const focusList = useRef(false); // after a removal: the list's heading, once the row is gone
  useEffect(() => {
    if (!focusList.current) return;
    focusList.current = false;
    document.getElementById("ws-members-title")?.focus();
  }, [members]);

  const path = current ? `/workspaces/${encodeURIComponent(current.id)}` : null;

  async function refresh() {
    if (!path) return;
    try {
      const [d, m] = await Promise.all([
        api<WorkspaceDoc>("GET", path),
        api<{ members: (Partial<Member> & { id?: string })[] }>("GET", `${path}/members`),
      ]);
      setDoc(d);
      setMembers(sortMembers(m.members.map(toMember)));
    } catch (err) {
      const e = err as ApiError;
      if (e.status === 401) navigate("/login?next=/workspace", { replace: true });
      else setError(e.message);
    }
  }

  useEffect(() => {
    document.title = current ? `People of ${current.name} · Huddle` : "People · Huddle";
    if (auth && current) void refresh();
  }, [current?.id]);

  if (!auth) return null;

  function say(text: string) {
    setError(null);
    setNotice(text);
    announceWorkspace(text);
  }

  async function attempt(action: () => Promise<void>): Promise<boolean> {
    setError(null);
    try {
      await action();
      return true;
    } catch (err) {
      setNotice(null);
      setError((err as ApiError).message);
      return false;
    }
  }

  const actions: MemberActions = {
    changeRole: (m, role) =>
      attempt(async () => {
        await api("PATCH", `${path}/members/${encodeURIComponent(m.account_id)}`, { role });
        await refresh();
        say(`${m.name} is now ${ROLE_NAMES[role].toLowerCase()}.`);
      }),
    remove: async (m, how) => {
      if (!current) return null;
      setError(null);
      try {
        await api<void>("DELETE", removalPath(current.id, m.account_id, how));
      } catch (err) {
        const e = err as ApiError;
        if (e.status === 401) navigate("/login?next=/workspace", { replace: true });
        return removalError(e, m.name); // shown and announced in the dialog
      }
      // Gone from the list once the server said so; the focus goes to the list's heading.
      setMembers((list) => list && list.filter((x) => x.account_id !== m.account_id));
      say(removalNotice(how, m.name, current.name));
      focusList.current = true;
      void refresh();
      return null;
    },
    leave: () =>
      attempt(async () => {
        const name = current?.name ?? "the workspace";
        await api<void>("DELETE", `${path}/members/${encodeURIComponent(auth.host.id)}`);
        await loadWorkspaces(); // falls back to another workspace of the account
        announceWorkspace(`You left ${name}.`);
        navigate("/host");
      }),
  };

  const myRole = current?.role ?? null;
  const admin = atLeast(myRole, "admin");
  return (
    <HostShell auth={auth} section="people">
      <div class="page-head">
        <div>
          <h1>People</h1>
          <p class="muted-dark">
            {current ? (
              <>
                <span data-testid="people-workspace">{current.name}</span>: you are {ROLE_NAMES[current.role].toLowerCase()} here.
              </>
            ) : (
              "Who works in this workspace."
            )}
          </p>
        </div>
      </div>
      {error ? <Alert>{error}</Alert> : null}
      {notice ? (
        <p class="ws-notice" data-testid="people-notice">
          <span aria-hidden="true">✓ </span>
          {notice}
        </p>
      ) : null}
      {ws.list !== null && !current ? (
        <div class="empty card">
          <h2>No workspace</h2>
          <p>Create one from the workspace menu at the top, or open an invite link a colleague sent you.</p>
        </div>
      ) : !doc || !members ? (
        error ? null : <Spinner label="Loading the people…" />
      ) : (
        <div class="ws-grid">
          <WorkspaceSettings
            key={`${doc.id}:${doc.name}:${doc.retention_days ?? ""}`}
            doc={doc}
            canEdit={admin}
            onSaved={(saved) => {
              setDoc(saved);
              void loadWorkspaces();
              say(`Saved the settings of ${saved.name}.`);
            }}
            onError={(m) => {
              setNotice(null);
              setError(m);
            }}
          />
          {admin ? (
            <DailySettings
              workspaceId={doc.id}
              say={say}
              onError={(m) => {
                setNotice(null);
                setError(m);
              }}
            />
          ) : null}
          <MembersTable
            members={members}
            meId={auth.host.id}
            myRole={myRole}
            workspaceName={doc.name}
            actions={actions}
            pageOf={current && atLeast(myRole, "host") ? (m) => `${path}/people/${encodeURIComponent(m.account_id)}` : undefined}
          />
          {admin ? (
            <ReviewersPicker
              workspaceId={doc.id}
              members={members}
              say={say}
              onError={(m) => {
                setNotice(null);
                setError(m);
              }}
            />
          ) : null}
          {admin ? (
            <InvitesPanel
              workspaceId={doc.id}
              workspaceName={doc.name}
              myRole={myRole}
              say={say}
              onError={(m) => {
                setNotice(null);
                setError(m);
              }}
            />
          ) : null}
          {myRole === "owner" ? (
            <DeleteWorkspace
              doc={doc}
              onDeleted={async () => {
                await loadWorkspaces(); // falls back to another workspace of the account
                announceWorkspace(`Deleted ${doc.name}.`);
                navigate("/host");
              }}
            />
          ) : null}
        </div>
      )}
    </HostShell>
  );
}
