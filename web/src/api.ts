// The HTTP API, with the host's bearer token (kept in localStorage as `huddle.auth`).

import type { Host } from "./protocol";
import { load, remove, save } from "./storage";

export interface Auth {
  token: string;
  host: Host;
}

const AUTH_KEY = "huddle.auth";

export function getAuth(): Auth | null {
  return load<Auth>(AUTH_KEY);
}

export function setAuth(auth: Auth): void {
  save(AUTH_KEY, auth);
}

export function clearAuth(): void {
  remove(AUTH_KEY);
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

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json" };
  const auth = getAuth();
  if (auth) headers.Authorization = `Bearer ${auth.token}`;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  let response: Response;
  try {
    response = await fetch(`/api${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, "offline", "Could not reach the server. Check your connection.");
  }
  if (response.status === 204) return undefined as T;
  let data: unknown = null;
  try {
    data = await response.json();
  } catch {
    /* not JSON */
  }
  if (!response.ok) {
    const err = (data as { error?: { code?: string; message?: string; field?: string } } | null)?.error;
    if (response.status === 401 && path !== "/auth/login") clearAuth();
    throw new ApiError(
      response.status,
      err?.code ?? "error",
      err?.message ?? `The server answered ${response.status}.`,
      err?.field,
    );
  }
  return data as T;
}
