// `/challenges…` and `/duels…`: one lazy chunk for the host's challenge pages (create, list,
// results, the standings screen) and the duel pages. The entry chunk knows only that these
// paths are ours; which page is read here (duel.ts `challengeRoute`). A member opening a
// host-only page is told it is for hosts (the server refuses them anyway).

import { getAuth } from "../api";
import { Spinner } from "../components/ui";
import { useWorkspaces } from "../hooks/workspaces";
import { HostsOnly } from "../pages/HostHome";
import { useLocation } from "../router";
import { atLeast } from "../workspace";
import { ChallengeNew } from "./ChallengeNew";
import { ChallengeResults } from "./ChallengeResults";
import { ChallengesList } from "./ChallengesList";
import { DuelNew, DuelPage } from "./DuelPages";
import { challengeRoute } from "./duel";
import { StandingsScreen } from "./StandingsScreen";
import "./challenges-host.css";

export function ChallengesHost() {
  const { pathname, search } = useLocation();
  const route = challengeRoute(pathname, search);
  const ws = useWorkspaces();
  const member = ws.current !== null && !atLeast(ws.current.role, "host");
  if (route.view === "list" || route.view === "new") {
    // The role decides: wait for it (a member's requests there would only be refused).
    if (ws.list === null && getAuth()) return <main class="page-join"><Spinner label="Loading your workspace…" /></main>;
    if (member) return <HostsOnly />;
  }
  switch (route.view) {
    case "list":
      return <ChallengesList />;
    case "new":
      return <ChallengeNew key={route.quizId ?? ""} quizId={route.quizId} />;
    case "results":
      return <ChallengeResults key={route.id} id={route.id} />;
    case "screen":
      return <StandingsScreen key={route.id} id={route.id} />;
    case "duelNew":
      return <DuelNew key={route.quizId ?? ""} quizId={route.quizId} />;
    case "duel":
      return <DuelPage key={route.id} id={route.id} />;
    default:
      return (
        <main class="page-join">
          <div class="join-card">
            <h1 class="big-msg">This page does not exist.</h1>
            <a class="btn btn-cta btn-xl" href="/host">
              Go to your home
            </a>
          </div>
        </main>
      );
  }
}
