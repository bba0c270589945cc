import { render } from "preact";
import { useEffect } from "preact/hooks";
import { Logo } from "./components/ui";
import { Dashboard } from "./pages/Dashboard";
import { EventForm } from "./pages/EventForm";
import { EventPage } from "./pages/EventPage";
import { EventScreen } from "./pages/EventScreen";
import { EventsPage } from "./pages/EventsPage";
import { LeaderboardsPage } from "./pages/LeaderboardsPage";
import { MePage } from "./pages/MePage";
import { HostConsole } from "./pages/HostConsole";
import { JoinPage } from "./pages/JoinPage";
import { LoginPage } from "./pages/LoginPage";
import { PlayerPage } from "./pages/PlayerPage";
import { QuizEditor } from "./pages/QuizEditor";
import { ResultsPage } from "./pages/ResultsPage";
import { ScreenPage } from "./pages/ScreenPage";
import { StartGame } from "./pages/StartGame";
import { onLinkClick, parseRoute, useLocation } from "./router";
import "./styles.css";
import "./styles/screen.css";
import "./styles/phone.css";

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
      return <Dashboard />;
    case "login":
      return <LoginPage register={route.register} />;
    case "editor":
      return <QuizEditor key={route.quizId ?? "new"} quizId={route.quizId} />;
    case "start":
      return <StartGame quizId={route.quizId} />;
    case "results":
      return <ResultsPage key={route.gameId} gameId={route.gameId} />;
    case "me":
      return <MePage />;
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
