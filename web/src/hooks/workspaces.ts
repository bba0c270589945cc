// Loading the account's workspaces (`GET /api/auth/me`) into workspace.ts, and the hook the
// pages read them with; and going into the workspace of an invite just accepted.

import { useEffect, useState } from "preact/hooks";
import { api, type ApiError, getAuth } from "../api";
import { invitedWorkspaceId, type InvitePreview } from "../invite";
import type { Host } from "../protocol";
import {
  announceWorkspace,
  ROLE_NAMES,
  setForbiddenHandler,
  setWorkspaceError,
  setWorkspaces,
  subscribeWorkspaces,
  switchWorkspace,
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

// A request refused in the stored workspace: load the list again (a page that was removed from
// the workspace falls back to another one; a changed role shows).
setForbiddenHandler(() => {
  if (getAuth()) void loadWorkspaces();
});

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

/** After joining: work in the invite's workspace and say so. */
export async function enterInvitedWorkspace(preview: InvitePreview, acceptedId: string | null): Promise<void> {
  await loadWorkspaces();
  const list = workspaceState().list ?? [];
  const id = acceptedId && list.some((w) => w.id === acceptedId) ? acceptedId : invitedWorkspaceId(preview, list);
  const joined = id ? switchWorkspace(id) : null;
  // The role the account has now: one that was a member already keeps the higher role.
  const role = joined?.role ?? preview.role;
  announceWorkspace(`You joined ${preview.workspace.name} as ${ROLE_NAMES[role]?.toLowerCase() ?? role}.`);
}
