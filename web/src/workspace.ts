// The account's workspaces and the one the pages work in. The list comes from
// `GET /api/auth/me` (`workspaces: [{id, name, role}]`); the current one is kept in localStorage
// (`huddle.workspace`) and sent by api.ts as the `X-Workspace` header of every /api call (not
// /api/auth/*). Switching stores the id and tells the pages, which load their data again.


export const WORKSPACE_KEY = "huddle.workspace";

export type Role = "member" | "host" | "admin" | "owner";

export const ROLES: readonly Role[] = ["member", "host", "admin", "owner"];

export const ROLE_NAMES: Record<Role, string> = {
  member: "Member",
  host: "Host",
  admin: "Admin",
  owner: "Owner",
};

export interface Workspace {
  id: string;
  name: string;
  role: Role;
  /** A member an admin named a reviewer of members' questions and tips (absent otherwise). */
  reviewer?: boolean;
}

/** `role` is `min` or above it (member < host < admin < owner); an unknown role is below all. */
export function atLeast(role: Role | string | null | undefined, min: Role): boolean {
  const have = ROLES.indexOf(role as Role);
  return have >= 0 && have >= ROLES.indexOf(min);
}

const ID_MAX = 200;

/**
 * The stored workspace id, or null (nothing stored, storage disabled, or not a usable id). It is
 * kept as the plain id; a JSON-quoted id (`"ws_1"`) is read too.
 */
export function storedWorkspaceId(): string | null {
  let raw: string | null;
  try {
    raw = window.localStorage.getItem(WORKSPACE_KEY);
  } catch {
    return null;
  }
  if (raw !== null && raw.startsWith('"')) {
    try {
      const parsed: unknown = JSON.parse(raw);
      raw = typeof parsed === "string" ? parsed : null;
    } catch {
      raw = null;
    }
  }
  // An id: letters, digits and `._~:-` (no spaces, quotes or braces).
  return raw && raw.length <= ID_MAX && /^[A-Za-z0-9._~:-]+$/.test(raw) ? raw : null;
}

export function storeWorkspaceId(id: string | null): void {
  try {
    if (id) window.localStorage.setItem(WORKSPACE_KEY, id);
    else window.localStorage.removeItem(WORKSPACE_KEY);
  } catch {
    /* the page still works without it: the server picks the account's default workspace */
  }
}

/** The `X-Workspace` header a request to `path` (under /api) carries, or null: none on /auth/*. */
export function workspaceHeader(path: string): string | null {
  if (path === "/auth" || path.startsWith("/auth/") || path.startsWith("/auth?")) return null;
  return storedWorkspaceId();
}

/**
 * The workspace to work in: the stored one while it is still the account's, else the one the
 * server acts in without a header (the first the account owns, else the first of the list,
 * which is oldest membership first).
 */
export function pickWorkspace(list: readonly Workspace[], storedId: string | null): Workspace | null {
  return list.find((w) => w.id === storedId) ?? list.find((w) => w.role === "owner") ?? list[0] ?? null;
}

/** "Acme · Admin": how the switcher shows a workspace. */
export function workspaceLabel(w: Workspace): string {
  return `${w.name} · ${ROLE_NAMES[w.role] ?? w.role}`;
}

// -- the page-wide state: the list, the current one, and who listens ------------------------

export interface WorkspaceState {
  /** null until the list has been loaded. */
  list: Workspace[] | null;
  current: Workspace | null;
  error: string | null;
  /** Counts the changes of workspace: the pages are keyed by it, so they load their data again. */
  generation: number;
  /** The latest thing to say about workspaces (a switch, a join), a new id each time. */
  notice: { id: number; text: string } | null;
}

let state: WorkspaceState = { list: null, current: null, error: null, generation: 0, notice: null };
const listeners = new Set<(s: WorkspaceState) => void>();

export function workspaceState(): WorkspaceState {
  return state;
}

export function subscribeWorkspaces(fn: (s: WorkspaceState) => void): () => void {
  listeners.add(fn);
  return () => {
    listeners.delete(fn);
  };
}

function publish(next: WorkspaceState): void {
  state = next;
  listeners.forEach((fn) => fn(state));
}

/**
 * Takes the account's list (from /auth/me): keeps the stored workspace if it is still in the
 * list, else falls back to the first and stores that. Returns the current one.
 */
export function setWorkspaces(list: Workspace[]): Workspace | null {
  const stored = storedWorkspaceId();
  const current = pickWorkspace(list, stored);
  storeWorkspaceId(current?.id ?? null);
  // A page that loaded its data with another workspace's header loads it again (without a
  // header the server chose the same workspace as `pickWorkspace`).
  const moved = stored !== null && (current?.id ?? null) !== stored;
  publish({ ...state, list, current, error: null, generation: state.generation + (moved ? 1 : 0) });
  return current;
}

export function setWorkspaceError(message: string): void {
  publish({ ...state, error: message });
}

/** Work in workspace `id` from now on (it must be in the list); the pages reload their data. */
export function switchWorkspace(id: string): Workspace | null {
  const target = state.list?.find((w) => w.id === id) ?? null;
  if (!target) return null;
  const moved = target.id !== state.current?.id;
  storeWorkspaceId(target.id);
  publish({ ...state, current: target, generation: state.generation + (moved ? 1 : 0) });
  return target;
}

/** Forget everything (logging out, another account logging in). */
export function resetWorkspaces(): void {
  storeWorkspaceId(null);
  publish({ ...state, list: null, current: null, error: null });
}

/** Says `text` in the pages' workspace live region (main.tsx keeps it outside the pages). */
export function announceWorkspace(text: string): void {
  publish({ ...state, notice: { id: (state.notice?.id ?? 0) + 1, text } });
}

// -- a refusal that may mean the workspace is no longer the account's ------------------------

let onForbidden: (() => void) | null = null;

/** What to do when a request sent with `X-Workspace` is refused (hooks/workspaces.ts: load the
 * list again, which falls back to another workspace if this one is gone or the role changed). */
export function setForbiddenHandler(fn: (() => void) | null): void {
  onForbidden = fn;
}

export function workspaceForbidden(): void {
  onForbidden?.();
}
