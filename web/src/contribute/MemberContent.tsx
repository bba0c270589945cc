// `/contribute`, `/me/contributions`, `/drives/<id>` and `/library/community`: one lazy chunk for
// the members' question and tip pages. The entry chunk knows only that these paths are ours;
// which page is read here (routes.ts `memberRoute`).

import { useLocation } from "../router";
import { CommunityLibraryPage } from "./CommunityLibraryPage";
import { ContributePage } from "./ContributePage";
import { DrivePage } from "./DrivePage";
import { MyContributionsPage } from "./MyContributionsPage";
import { memberRoute } from "./routes";
import "./contribute.css";

export function MemberContent() {
  const { pathname, search } = useLocation();
  const route = memberRoute(pathname, search);
  switch (route.view) {
    case "contribute":
      return <ContributePage key={`${route.driveId ?? ""}|${route.after ?? ""}|${route.kind}`} driveId={route.driveId} after={route.after} kind={route.kind} />;
    case "mine":
      return <MyContributionsPage />;
    case "drive":
      return <DrivePage key={route.id} id={route.id} />;
    case "library":
      return <CommunityLibraryPage />;
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
