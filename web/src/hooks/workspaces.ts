// Loading the account's workspaces (`GET /api/auth/me`) into workspace.ts, and the hook the
// pages read them with.

import { useEffect, useState } from "preact/hooks";
import { api, type ApiError, getAuth } from "../api";
import type { Host } from "../protocol";
import {
  setWorkspaceError,
  setWorkspaces,
  subscribeWorkspaces,
  type Workspace,
  workspaceState,
  type WorkspaceState,
} from "../workspace";

export interface Me {
  host: Host;
  workspaces?: Workspace[];
}

let loading: Promise<Workspace | null> | null = null;

/** Loads the list again (after creating, joining or leaving a workspace); the current one after. */
export function loadWorkspaces(): Promise<Workspace | null> {
  loading ??= api<Me>("GET", "/auth/me")
    .then((me) => setWorkspaces(me.workspaces ?? []))
    .catch((err: ApiError) => {
      setWorkspaceError(err.message);
      return null;
    })
    .finally(() => {
      loading = null;
    });
  return loading;
}

/** The workspace state, loading the list once per page load when logged in. */
export function useWorkspaces(): WorkspaceState {
  const [ws, setWs] = useState(workspaceState);
  useEffect(() => {
    const stop = subscribeWorkspaces(setWs);
    setWs(workspaceState());
    if (workspaceState().list === null && getAuth()) void loadWorkspaces();
    return stop;
  }, []);
  return ws;
}
