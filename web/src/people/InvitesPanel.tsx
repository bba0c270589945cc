// The People page's invites (admins): make a link with a role and an expiry, show it with a
// Copy button and a QR code, list the workspace's links and revoke one.

import { useEffect, useRef, useState } from "preact/hooks";
import { api, type ApiError } from "../api";
import { QrCode } from "../components/QrCode";
import { Spinner } from "../components/ui";
import { EXPIRY_CHOICES, expiryText, type InviteDoc, inviteLink, inviteStatus } from "../invite";
import { inviteRoles } from "../people-model";
import { type Role, ROLE_NAMES } from "../workspace";

export function InvitesPanel({
  workspaceId,
  workspaceName,
  myRole,
  say,
  onError,
}: {
  workspaceId: string;
  workspaceName: string;
  myRole: Role | null;
  say: (text: string) => void;
  onError: (message: string) => void;
}) {
  const base = `/workspaces/${encodeURIComponent(workspaceId)}/invites`;
  const [invites, setInvites] = useState<InviteDoc[] | null>(null);
  const [role, setRole] = useState<Role>("member");
  const [days, setDays] = useState(7);
  const [busy, setBusy] = useState(false);
  const [made, setMade] = useState<{ link: string; role: Role } | null>(null);
  const linkField = useRef<HTMLInputElement>(null);
  const roles = inviteRoles(myRole);

  async function refresh() {
    try {
      const r = await api<{ invites: InviteDoc[] }>("GET", base);
      setInvites(r.invites);
    } catch (err) {
      onError((err as ApiError).message);
    }
  }

  useEffect(() => {
    void refresh();
  }, [workspaceId]);

  useEffect(() => {
    if (made) linkField.current?.focus();
  }, [made]);

  async function create(e: Event) {
    e.preventDefault();
    setBusy(true);
    try {
      const invite = await api<InviteDoc>("POST", base, { role, ttl_hours: days * 24 });
      const link = inviteLink(invite, window.location.origin);
      if (link) setMade({ link, role: invite.role });
      say(`Invite link made for a ${ROLE_NAMES[invite.role].toLowerCase()}. It ${expiryText(invite.expires_at, Date.now())}.`);
      await refresh();
    } catch (err) {
      onError((err as ApiError).message);
    } finally {
      setBusy(false);
    }
  }

  async function copy(link: string) {
    try {
      await navigator.clipboard.writeText(link);
      say("Link copied.");
    } catch {
      linkField.current?.select();
      say("Could not copy by itself: the link is selected, press Control+C (or Command+C) to copy it.");
    }
  }

  async function revoke(invite: InviteDoc) {
    try {
      await api<void>("DELETE", `${base}/${encodeURIComponent(invite.id)}`);
      say(`Revoked the ${ROLE_NAMES[invite.role].toLowerCase()} invite. Its link no longer works.`);
      if (made && invite.token && made.link.includes(encodeURIComponent(invite.token))) setMade(null);
      await refresh();
    } catch (err) {
      onError((err as ApiError).message);
    }
  }

  const now = Date.now();
  return (
    <section class="card ws-invites" aria-labelledby="ws-invites-title">
      <h2 id="ws-invites-title">Invite people</h2>
      <form class="ws-invite-form" onSubmit={create}>
        <div class="field">
          <label class="field-label" for="invite-role">
            Join as
          </label>
          <select id="invite-role" class="input" value={role} onChange={(e) => setRole((e.target as HTMLSelectElement).value as Role)}>
            {roles.map((r) => (
              <option key={r} value={r}>
                {ROLE_NAMES[r]}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label class="field-label" for="invite-expiry">
            Link works for
          </label>
          <select id="invite-expiry" class="input" value={String(days)} onChange={(e) => setDays(Number((e.target as HTMLSelectElement).value))}>
            {EXPIRY_CHOICES.map((c) => (
              <option key={c.days} value={String(c.days)}>
                {c.label}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" class="btn btn-primary" disabled={busy}>
          {busy ? "Making the link…" : "Create invite link"}
        </button>
      </form>
      {made ? (
        <div class="ws-invite-made" data-testid="invite-made">
          <div class="field">
            <label class="field-label" for="invite-link">
              Invite link ({ROLE_NAMES[made.role].toLowerCase()}): send it to your colleague
            </label>
            <div class="ws-link-row">
              <input id="invite-link" ref={linkField} class="input" readOnly value={made.link} onFocus={(e) => (e.target as HTMLInputElement).select()} />
              <button type="button" class="btn btn-ghost-dark" onClick={() => void copy(made.link)}>
                Copy<span class="sr-only"> the invite link</span>
              </button>
            </div>
          </div>
          <QrCode text={made.link} label={`QR code of the invite link to ${workspaceName}`} class="ws-qr" />
        </div>
      ) : null}
      <h3 class="ws-subhead">Links</h3>
      {invites === null ? (
        <Spinner label="Loading the invites…" />
      ) : invites.length === 0 ? (
        <p class="muted-dark">No invite links yet.</p>
      ) : (
        <div class="table-wrap">
          <table class="table" data-testid="invites-table">
            <caption class="sr-only">Invite links of this workspace</caption>
            <thead>
              <tr>
                <th scope="col">Role</th>
                <th scope="col">Expiry</th>
                <th scope="col">
                  <span class="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {invites.map((inv) => {
                const status = inviteStatus(inv, now);
                return (
                  <tr key={inv.id} data-testid="invite-row" data-status={status}>
                    <th scope="row">{ROLE_NAMES[inv.role] ?? inv.role}</th>
                    <td>{status === "revoked" ? "revoked" : expiryText(inv.expires_at, now)}</td>
                    <td class="right">
                      {status === "active" ? (
                        <button type="button" class="btn btn-danger-ghost-dark btn-sm" onClick={() => void revoke(inv)}>
                          Revoke<span class="sr-only"> the {ROLE_NAMES[inv.role].toLowerCase()} invite that {expiryText(inv.expires_at, now)}</span>
                        </button>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
