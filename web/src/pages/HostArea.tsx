// The host area's frame: its pages are made anew (loading their data again) when the workspace
// changes, a member (an employee who plays) is told a host-only page is for hosts, and a change
// of workspace is announced. Loaded on demand, so the join page does not fetch it.

import type { JSX } from "preact";
import { Fragment } from "preact";
import { useWorkspaces } from "../hooks/workspaces";
import type { Route } from "../router";
import { atLeast } from "../workspace";
import { HostsOnly } from "./HostHome";

/**
 * Says a change of workspace; outside the pages, which are made anew by the change. A polite
 * live region without the status role: a page's own status messages stay the page's only one.
 */
function WorkspaceAnnouncer() {
  const { notice } = useWorkspaces();
  return (
    <div class="sr-only" aria-live="polite" aria-atomic="true" data-testid="announce-workspace">
      {notice ? <p key={notice.id}>{notice.text}</p> : null}
    </div>
  );
}

/** Pages of the workspace's hosts: a member is told so instead. */
const HOST_ONLY = new Set<Route["page"]>(["console", "editor", "start", "results", "events", "eventForm", "event", "leaderboards", "drives"]);

/** The host area's page `render(route)` inside the workspace frame. */
export function HostArea({ route, render }: { route: Route; render: (route: Route) => JSX.Element }) {
  const { generation, current } = useWorkspaces();
  const member = current !== null && !atLeast(current.role, "host");
  return (
    <>
      <Fragment key={generation}>{member && HOST_ONLY.has(route.page) ? <HostsOnly /> : render(route)}</Fragment>
      <WorkspaceAnnouncer />
    </>
  );
}
