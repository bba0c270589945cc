// The People page's members: name, e-mail and role. An admin changes a role (pick it, then
// "Save role") and removes a member through a dialog that asks what happens to their results
// (RemoveMember); anybody leaves the workspace from their own row after a confirmation. A change
// shows only after the server has answered it.

import { useEffect, useRef, useState } from "preact/hooks";
import { assignableRoles, canManage, type Member } from "../people-model";
import type { Removal } from "../people-removal";
import { type Role, ROLE_NAMES } from "../workspace";
import { RemoveMember } from "./RemoveMember";

export interface MemberActions {
  changeRole: (member: Member, role: Role) => Promise<boolean>;
  /** Resolves to why not, or null once the server removed them. */
  remove: (member: Member, how: Removal) => Promise<string | null>;
  leave: () => Promise<boolean>;
}

export function MembersTable({
  members,
  meId,
  myRole,
  workspaceName,
  actions,
  pageOf,
}: {
  members: Member[];
  workspaceName: string;
  meId: string;
  myRole: Role | null;
  actions: MemberActions;
  /** A member's page (their figures in this workspace), for the workspace's hosts. */
  pageOf?: (member: Member) => string;
}) {
  return (
    <section class="card ws-members" aria-labelledby="ws-members-title">
      <h2 id="ws-members-title" tabIndex={-1}>
        Members ({members.length})</h2>
      <div class="table-wrap">
        <table class="table" data-testid="members-table">
          <caption class="sr-only">Members of this workspace</caption>
          <thead>
            <tr>
              <th scope="col">Name and e-mail</th>
              <th scope="col">Role</th>
            </tr>
          </thead>
          <tbody>
            {members.map((m) => (
              <MemberRow
                key={m.account_id}
                member={m}
                me={m.account_id === meId}
                myRole={myRole}
                workspaceName={workspaceName}
                actions={actions}
                page={pageOf?.(m)}
              />
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function MemberRow({
  member,
  me,
  myRole,
  workspaceName,
  actions,
  page,
}: {
  member: Member;
  me: boolean;
  myRole: Role | null;
  workspaceName: string;
  actions: MemberActions;
  page?: string;
}) {
  const [role, setRole] = useState<Role>(member.role);
  const [confirm, setConfirm] = useState(false); // "Leave?" on one's own row, the dialog on another's
  const [busy, setBusy] = useState(false);
  const manage = !me && canManage(myRole, member.role);
  const roles = assignableRoles(myRole);
  const roleId = `role-${member.account_id}`;
  const yes = useRef<HTMLButtonElement>(null);
  const ask = useRef<HTMLButtonElement>(null);
  const asked = useRef(false);
  useEffect(() => {
    // The focus follows the question: onto "Yes" (the dialog moves it itself), and back to the
    // button after "Cancel" or Escape.
    if (confirm && me) yes.current?.focus();
    else if (asked.current) {
      // The button is gone when the role changed meanwhile: then the list's heading.
      if (ask.current) ask.current.focus();
      else document.getElementById("ws-members-title")?.focus();
    }
    asked.current = confirm;
  }, [confirm]);

  async function run(action: () => Promise<boolean>) {
    setBusy(true);
    const ok = await action();
    setBusy(false);
    if (!ok) setRole(member.role);
    setConfirm(false);
  }

  return (
    <tr data-testid="member-row" data-account={member.account_id}>
      <th scope="row" class="ws-person">
        {page ? (
          <a href={page} data-testid="member-page-link">
            {member.name}
          </a>
        ) : (
          member.name
        )}
        {me ? <span class="muted-dark"> (you)</span> : null}
        <span class="ws-email">{member.email}</span>
      </th>
      {/* The role and the member's actions share a cell, so they wrap on a phone. */}
      <td>
        <div class="ws-role-cell">
          {manage && roles.length ? (
            <span class="ws-role-edit">
              <label class="sr-only" for={roleId}>
                Role of {member.name}
              </label>
              <select id={roleId} class="input input-sm" value={role} disabled={busy} onChange={(e) => setRole((e.target as HTMLSelectElement).value as Role)}>
                {roles.map((r) => (
                  <option key={r} value={r}>
                    {ROLE_NAMES[r]}
                  </option>
                ))}
              </select>
              {role !== member.role ? (
                <button type="button" class="btn btn-primary btn-sm" disabled={busy} onClick={() => void run(() => actions.changeRole(member, role))}>
                  Save role<span class="sr-only"> of {member.name}</span>
                </button>
              ) : null}
            </span>
          ) : (
            <span class={`role-tag role-${member.role}`}>{ROLE_NAMES[member.role] ?? member.role}</span>
          )}
          {/* Stays open when a refusal reloaded the role: its error is read there. */}
          {!me && confirm ? (
            <RemoveMember
              member={member}
              workspaceName={workspaceName}
              onRemove={(how) => actions.remove(member, how)}
              onClose={() => setConfirm(false)}
            />
          ) : null}
          {me || manage ? (
            confirm && me ? (
              <span class="confirm-inline" role="group" aria-label="Leave this workspace?">
                <button
                  type="button"
                  class="btn btn-danger btn-sm"
                  disabled={busy}
                  onClick={() => void run(actions.leave)}
                  ref={yes}
                >
                  Yes, leave
                </button>
                <button type="button" class="btn btn-ghost-dark btn-sm" onClick={() => setConfirm(false)}>
                  Cancel
                </button>
              </span>
            ) : (
              <button
                ref={ask}
                type="button"
                class="btn btn-danger-ghost-dark btn-sm"
                aria-label={me ? undefined : `Remove ${member.name}…`}
                aria-haspopup={me ? undefined : "dialog"}
                onClick={() => setConfirm(true)}
              >
                {me ? (
                  <>
                    Leave<span class="sr-only"> workspace</span>
                  </>
                ) : (
                  "Remove…"
                )}
              </button>
            )
          ) : null}
        </div>
      </td>
    </tr>
  );
}
