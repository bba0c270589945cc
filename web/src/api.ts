// The HTTP API, with the host's bearer token (kept in localStorage as `huddle.auth`) and the
// workspace the pages work in (`X-Workspace`, from workspace.ts; not on /api/auth/*).

import { getAuth, removeAuth } from "./auth";
import { resetWorkspaces, workspaceForbidden, workspaceHeader } from "./workspace";

export { type Auth, getAuth, setAuth } from "./auth";

export function clearAuth(): void {
  removeAuth();
  resetWorkspaces();
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

/** A body sent as it is (a `FormData` upload): no JSON encoding, the browser sets the type. */
export class RawBody {
  constructor(readonly body: BodyInit) {}
}

async function send(method: string, path: string, body: unknown, accept: string): Promise<Response> {
  const headers: Record<string, string> = { Accept: accept };
  const auth = getAuth();
  if (auth) headers.Authorization = `Bearer ${auth.token}`;
  const workspace = workspaceHeader(path);
  if (workspace) headers["X-Workspace"] = workspace;
  let payload: BodyInit | undefined;
  if (body instanceof RawBody) payload = body.body;
  else if (body !== undefined) {
    headers["Content-Type"] = "application/json";
    payload = JSON.stringify(body);
  }
  try {
    return await fetch(`/api${path}`, { method, headers, body: payload });
  } catch {
    throw new ApiError(0, "offline", "Could not reach the server. Check your connection.");
  }
}

async function failure(response: Response, path: string): Promise<ApiError> {
  let data: unknown = null;
  try {
    data = await response.json();
  } catch {
    /* not JSON */
  }
  const err = (data as { error?: { code?: string; message?: string; field?: string } } | null)?.error;
  if (response.status === 401 && path !== "/auth/login") clearAuth();
  // Removed from the workspace, or another role now: the list says which (once per refusal).
  if (response.status === 403 && workspaceHeader(path)) workspaceForbidden();
  return new ApiError(response.status, err?.code ?? "error", err?.message ?? `The server answered ${response.status}.`, err?.field);
}

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await send(method, path, body, "application/json");
  if (!response.ok) throw await failure(response, path);
  if (response.status === 204) return undefined as T;
  try {
    return (await response.json()) as T;
  } catch {
    return null as T;
  }
}

/** `attachment; filename="spring-cup-e_9-players.csv"` → the file name, else `fallback`. */
export function dispositionName(header: string | null, fallback: string): string {
  if (header) {
    const star = /filename\*\s*=\s*(?:UTF-8'')?([^;]+)/i.exec(header);
    if (star) {
      try {
        const name = decodeURIComponent(star[1].trim().replace(/^"|"$/g, ""));
        if (name) return safeName(name, fallback);
      } catch {
        /* fall through */
      }
    }
    const plain = /filename\s*=\s*("([^"]*)"|[^;]+)/i.exec(header);
    const name = plain ? (plain[2] ?? plain[1]).trim() : "";
    if (name) return safeName(name, fallback);
  }
  return fallback;
}

function safeName(name: string, fallback: string): string {
  const base = name.split(/[\\/]/).pop()?.trim() ?? "";
  return base && base !== "." && base !== ".." ? base : fallback;
}

/** A host download (a report, an export): fetched with the token, then saved as a file. */
export async function downloadFile(
  path: string,
  fallbackName: string,
  inspect?: (headers: Headers) => void,
): Promise<string> {
  const response = await send("GET", path, undefined, "*/*");
  if (!response.ok) throw await failure(response, path);
  inspect?.(response.headers);
  const blob = await response.blob();
  const name = dispositionName(response.headers.get("Content-Disposition"), fallbackName);
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.rel = "noopener";
  a.style.display = "none";
  document.body.appendChild(a);
  a.click();
  a.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 30_000);
  return name;
}
