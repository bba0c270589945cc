// Invites to a workspace, in words: the link a new colleague opens, how long it stays good,
// and what each refusal of a link means. Pure functions (the pages call the server).

import type { Role } from "./workspace";

/** An invite as an admin lists it (`GET /api/workspaces/{id}/invites`). */
export interface InviteDoc {
  id: string;
  role: Role;
  /** The signed token of the link; present when the server shows it (at least at creation). */
  token?: string;
  /** The link as the server built it (its PUBLIC_URL), when given. */
  url?: string;
  created_at?: string | number;
  expires_at?: string | number;
  revoked_at?: string | number | null;
}

/** What anybody holding the link sees (`GET /api/invites/{token}`). */
export interface InvitePreview {
  workspace: { id?: string; name: string };
  role: Role;
  expires_at?: string | number;
}

/** Expiries an admin picks from, in days. */
export const EXPIRY_CHOICES: readonly { days: number; label: string }[] = [
  { days: 1, label: "1 day" },
  { days: 7, label: "7 days" },
  { days: 30, label: "30 days" },
];

/** A time the server sent (ISO text or milliseconds) as milliseconds, or null. */
export function toMs(value: string | number | null | undefined): number | null {
  if (value === null || value === undefined || value === "") return null;
  const ms = typeof value === "number" ? value : Date.parse(value);
  return Number.isFinite(ms) ? ms : null;
}

/** The page link of an invite: the server's own when it gave one, else built on this site. */
export function inviteLink(invite: Pick<InviteDoc, "token" | "url">, origin: string): string | null {
  if (invite.url) return invite.url;
  if (!invite.token) return null;
  return `${origin}/invite/${encodeURIComponent(invite.token)}`;
}

/** "expires in 3 days", "expires in 5 hours", "expired". */
export function expiryText(expires: string | number | null | undefined, nowMs: number): string {
  const at = toMs(expires);
  if (at === null) return "does not expire";
  const left = at - nowMs;
  if (left <= 0) return "expired";
  const hours = Math.round(left / 3_600_000);
  if (hours < 1) return "expires within the hour";
  if (hours < 48) return `expires in ${hours} hour${hours === 1 ? "" : "s"}`;
  return `expires in ${Math.round(hours / 24)} days`;
}

/** An invite's state in a list: usable, expired or revoked. */
export function inviteStatus(invite: InviteDoc, nowMs: number): "active" | "expired" | "revoked" {
  if (toMs(invite.revoked_at) !== null) return "revoked";
  const at = toMs(invite.expires_at);
  return at !== null && at <= nowMs ? "expired" : "active";
}

/** What the invite page says when the server refuses a link (by its error code and status). */
export function inviteRefusal(code: string, status: number): string {
  if (code === "invite_expired" || code === "expired") return "This invite has expired. Ask for a new link.";
  if (code === "invite_revoked" || code === "revoked") return "This invite has been withdrawn. Ask for a new link.";
  if (code === "offline") return "Could not reach the server. Check your connection and try again.";
  if (status === 404 || status === 410 || code === "not_found" || code === "invite_invalid" || code === "invalid") {
    // The server does not tell an unknown link from an expired or revoked one.
    return "This invite link does not work: it may be cut short, expired or withdrawn. Ask for a new link.";
  }
  return "This invite could not be opened. Try again in a moment.";
}

/**
 * The workspace an invite leads to in the account's list: by id when the preview had one, else
 * the one of that name (the most recently listed, a new membership) with the invite's role.
 */
export function invitedWorkspaceId(
  preview: InvitePreview,
  list: readonly { id: string; name: string; role: string }[],
): string | null {
  if (preview.workspace.id) return list.some((w) => w.id === preview.workspace.id) ? preview.workspace.id : null;
  const named = list.filter((w) => w.name === preview.workspace.name);
  const same = named.filter((w) => w.role === preview.role);
  return (same.at(-1) ?? named.at(-1))?.id ?? null;
}
