import { render } from "preact";
import { useEffect } from "preact/hooks";
import { Logo } from "./components/ui";
import { lazyPage } from "./lazy";
import { JoinPage } from "./pages/JoinPage";
import { onLinkClick, parseRoute, type Route, useLocation } from "./router";
import "./styles/index.css";

// The join page, the first screen on a phone, is in the entry chunk; every other page is a
// chunk of its own, loaded when opened (a player's phone never loads the host's editor or
// reports).
const PlayerPage = lazyPage(() => import("./pages/PlayerPage").then((m) => m.PlayerPage));
const ScreenPage = lazyPage(() => import("./pages/ScreenPage").then((m) => m.ScreenPage));
const EventScreen = lazyPage(() => import("./pages/EventScreen").then((m) => m.EventScreen));
const HostConsole = lazyPage(() => import("./pages/HostConsole").then((m) => m.HostConsole));
const LoginPage = lazyPage(() => import("./pages/LoginPage").then((m) => m.LoginPage));
const QuizEditor = lazyPage(() => import("./pages/QuizEditor").then((m) => m.QuizEditor));
const QuizStatsPage = lazyPage(() => import("./pages/QuizStatsPage").then((m) => m.QuizStatsPage));
const StartGame = lazyPage(() => import("./pages/StartGame").then((m) => m.StartGame));
const ResultsPage = lazyPage(() => import("./pages/ResultsPage").then((m) => m.ResultsPage));
const MePage = lazyPage(() => import("./pages/MePage").then((m) => m.MePage));
const MyChallengesPage = lazyPage(() => import("./challenges/MyChallengesPage").then((m) => m.MyChallengesPage));
const EventsPage = lazyPage(() => import("./pages/EventsPage").then((m) => m.EventsPage));
const EventForm = lazyPage(() => import("./pages/EventForm").then((m) => m.EventForm));
const EventPage = lazyPage(() => import("./pages/EventPage").then((m) => m.EventPage));
const LeaderboardsPage = lazyPage(() => import("./pages/LeaderboardsPage").then((m) => m.LeaderboardsPage));
const HostHome = lazyPage(() => import("./pages/HostHome").then((m) => m.HostHome));
const PeoplePage = lazyPage(() => import("./pages/PeoplePage").then((m) => m.PeoplePage));
const InvitePage = lazyPage(() => import("./pages/InvitePage").then((m) => m.InvitePage));
const TeamsPage = lazyPage(() => import("./pages/TeamsPage").then((m) => m.TeamsPage));
const TeamPage = lazyPage(() => import("./pages/TeamPage").then((m) => m.TeamPage));
// The host area (workspace switching, role gates) is a chunk of its own too: the join page
// needs none of it.
const HostArea = lazyPage(() => import("./pages/HostArea").then((m) => m.HostArea));

const HOST_PAGES = new Set<Route["page"]>([
  "dashboard",
  "myChallenges",
  "console",
  "editor",
  "start",
  "results",
  "events",
  "eventForm",
  "event",
  "leaderboards",
  "people",
  "teams",
  "team",
  "member",
  "challenges",
  "review",
  "drives",
  "memberContent",
]);
const MemberContent = lazyPage(() => import("./contribute/MemberContent").then((m) => m.MemberContent));
const ChallengesHost = lazyPage(() => import("./challenges-host/ChallengesHost").then((m) => m.ChallengesHost));
// Members' content (issue 16): the review queue and the question drives, a chunk of their own.
const ReviewQueuePage = lazyPage(() => import("./review/ReviewQueuePage").then((m) => m.ReviewQueuePage));
const DrivesPage = lazyPage(() => import("./review/DrivesPage").then((m) => m.DrivesPage));
const MemberPage = lazyPage(() => import("./pages/MemberPage").then((m) => m.MemberPage));

function App() {
  const { pathname } = useLocation();
  const route = parseRoute(pathname);
  useEffect(() => {
    document.addEventListener("click", onLinkClick);
    return () => document.removeEventListener("click", onLinkClick);
  }, []);
  useEffect(() => {
    document.body.dataset.page = route.page;
  }, [route.page]);
  if (!HOST_PAGES.has(route.page)) return page(route);
  return <HostArea route={route} render={page} />;
}

function page(route: Route) {
  switch (route.page) {
    case "join":
      return <JoinPage key={route.pin ?? ""} pin={route.pin} />;
    case "play":
      return <PlayerPage key={route.pin} pin={route.pin} />;
    case "screen":
      return <ScreenPage key={route.pin} pin={route.pin} />;
    case "console":
      return <HostConsole key={route.gameId} gameId={route.gameId} />;
    case "dashboard":
      return <HostHome />;
    case "login":
      return <LoginPage register={route.register} />;
    case "editor":
      return <QuizEditor key={route.quizId ?? "new"} quizId={route.quizId} />;
    case "start":
      return <StartGame quizId={route.quizId} />;
    case "quizStats":
      return <QuizStatsPage key={route.quizId} quizId={route.quizId} />;
    case "results":
      return <ResultsPage key={route.gameId} gameId={route.gameId} />;
    case "me":
      return <MePage />;
    case "myChallenges":
      return <MyChallengesPage />;
    case "eventScreen":
      return <EventScreen key={route.eventId} eventId={route.eventId} />;
    case "events":
      return <EventsPage />;
    case "eventForm":
      return <EventForm key={route.eventId ?? "new"} eventId={route.eventId} />;
    case "event":
      return <EventPage key={route.eventId} eventId={route.eventId} />;
    case "leaderboards":
      return <LeaderboardsPage />;
    case "people":
      return <PeoplePage />;
    case "invite":
      return <InvitePage key={route.token} token={route.token} />;
    case "teams":
      return <TeamsPage />;
    case "team":
      return <TeamPage key={route.teamId} teamId={route.teamId} />;
    case "member":
      return <MemberPage key={`${route.workspaceId}/${route.accountId}`} workspaceId={route.workspaceId} accountId={route.accountId} />;
    case "challenges":
      return <ChallengesHost />;
    case "review":
      return <ReviewQueuePage />;
    case "drives":
      return <DrivesPage />;
    case "memberContent":
      return <MemberContent />;
    default:
      return (
        <main class="page-join">
          <Logo size="lg" />
          <div class="join-card">
            <h1 class="big-msg">This page does not exist.</h1>
            <a class="btn btn-cta btn-xl" href="/">
              Join a game
            </a>
          </div>
        </main>
      );
  }
}

render(<App />, document.getElementById("app")!);

// A phone on the join page goes to the player page next: fetch it while the player types,
// so joining does not wait for it.
if (parseRoute(window.location.pathname).page === "join") {
  const preload = () => void PlayerPage.preload();
  if (window.requestIdleCallback) window.requestIdleCallback(preload, { timeout: 3000 });
  else window.setTimeout(preload, 500);
}
