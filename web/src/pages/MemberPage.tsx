// `/workspaces/<id>/people/<account_id>`: a member's page as a host (or admin, owner) of the
// workspace sees it: their scores over time, accuracy per tag and badges in this workspace only
// (`GET /api/workspaces/{id}/people/{account_id}`), and the same figures as CSV.

import { useEffect, useState } from "preact/hooks";
import { api, ApiError } from "../api";
import { HostShell, useAuth } from "../components/HostShell";
import { PersonFigures, personDownloads } from "../components/PersonFigures";
import { fileStem } from "../components/Reports";
import { Alert, Spinner } from "../components/ui";
import type { PersonFigures as Figures } from "../person";

/** What the page says when the server refuses. */
export function memberError(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.status === 404) return "This person is not a member of this workspace and has not played in it.";
    if (err.status === 403) return "Only the workspace's hosts, admins and owners see its members' pages.";
    return err.message;
  }
  return "Could not load this page.";
}

export function MemberPage({ workspaceId, accountId }: { workspaceId: string; accountId: string }) {
  const auth = useAuth();
  const [figures, setFigures] = useState<Figures | null>(null);
  const [error, setError] = useState<string | null>(null);
  const path = `/workspaces/${encodeURIComponent(workspaceId)}/people/${encodeURIComponent(accountId)}`;

  useEffect(() => {
    let live = true;
    setFigures(null);
    setError(null);
    api<Figures>("GET", path).then(
      (found) => {
        if (!live) return;
        setFigures(found);
        document.title = `${found.account.name} · Huddle`;
      },
      (err: unknown) => live && setError(memberError(err)),
    );
    return () => {
      live = false;
    };
  }, [path]);

  if (!auth) return null;
  return (
    <HostShell auth={auth} wide>
      <div class="person-page-head">
        <h1 data-testid="member-name">{figures ? figures.account.name : "A member's page"}</h1>
        {figures?.account.role ? <p class="muted-dark">Role in this workspace: {figures.account.role}</p> : null}
      </div>
      {error ? (
        <Alert>{error}</Alert>
      ) : !figures ? (
        <Spinner label="Loading the member's figures…" />
      ) : (
        <PersonFigures
          figures={figures}
          downloads={personDownloads(`${path}/history`, fileStem(figures.account.name, "member"))}
          badges
        />
      )}
    </HostShell>
  );
}
