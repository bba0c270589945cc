// A workspace's people and settings, in the shapes the server sends, and the rules the People
// page shows its controls by (the server checks the same rules on every request).

import { atLeast, type Role, ROLES } from "./workspace";

export interface WorkspaceDoc {
  id: string;
  name: string;
  role?: Role;
  /** Results older than this many days are anonymised; null keeps them. */
  retention_days?: number | null;
  created_at?: string | number;
}

export interface Member {
  account_id: string;
  name: string;
  email: string;
  role: Role;
  created_at?: string | number;
}

export const WORKSPACE_NAME_MAX = 200;
export const RETENTION_MIN = 1;
export const RETENTION_MAX = 3650;

/** A member row from the server (`account_id`, or `id` in some answers). */
export function toMember(raw: Partial<Member> & { id?: string }): Member {
  return {
    account_id: raw.account_id ?? raw.id ?? "",
    name: raw.name ?? "",
    email: raw.email ?? "",
    role: raw.role ?? "member",
    created_at: raw.created_at,
  };
}

/** The roles `mine` may give: an admin up to admin, an owner any; below admin none. */
export function assignableRoles(mine: Role | null | undefined): Role[] {
  if (!atLeast(mine, "admin")) return [];
  return ROLES.filter((r) => (mine === "owner" ? true : r !== "owner"));
}

/** The roles an invite link may give (an owner is made by an owner, not by a link). */
export function inviteRoles(mine: Role | null | undefined): Role[] {
  return assignableRoles(mine).filter((r) => r !== "owner");
}

/** Whether `mine` may change or remove a member whose role is `theirs` (never oneself here). */
export function canManage(mine: Role | null | undefined, theirs: Role): boolean {
  if (!atLeast(mine, "admin")) return false;
  return mine === "owner" || theirs !== "owner";
}

/** The retention field's text → days (null: keep results), or why not. */
export function parseRetention(text: string): { days: number | null } | { error: string } {
  const t = text.trim();
  if (!t) return { days: null };
  if (!/^\d+$/.test(t)) return { error: "Enter a whole number of days, or leave it empty." };
  const days = Number(t);
  if (days < RETENTION_MIN || days > RETENTION_MAX) {
    return { error: `Use ${RETENTION_MIN} to ${RETENTION_MAX.toLocaleString("en")} days, or leave it empty.` };
  }
  return { days };
}

/** The workspace name field's text → the name, or why not. */
export function parseWorkspaceName(text: string): { name: string } | { error: string } {
  const name = text.trim();
  if (!name) return { error: "Give the workspace a name." };
  if ([...name].length > WORKSPACE_NAME_MAX) return { error: `Use at most ${WORKSPACE_NAME_MAX} characters.` };
  return { name };
}

/** Owners first, then admins, hosts and members; by name within a role. */
export function sortMembers(members: Member[]): Member[] {
  return [...members].sort(
    (a, b) => ROLES.indexOf(b.role) - ROLES.indexOf(a.role) || a.name.localeCompare(b.name) || a.email.localeCompare(b.email),
  );
}
