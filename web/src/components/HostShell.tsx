import type { ComponentChildren } from "preact";
import { useEffect, useState } from "preact/hooks";
import { type Auth, api, clearAuth, getAuth } from "../api";
import { useWorkspaces } from "../hooks/workspaces";
import { navigate } from "../router";
import { atLeast } from "../workspace";
import { Logo } from "./ui";
import { WorkspaceSwitcher } from "./WorkspaceSwitcher";

/** The host's logged-in session; sends to /login (and back here after) without one. */
export function useAuth(): Auth | null {
  const [auth] = useState(getAuth);
  useEffect(() => {
    if (!auth) {
      const next = window.location.pathname + window.location.search;
      navigate(`/login?next=${encodeURIComponent(next)}`, { replace: true });
    }
  }, [auth]);
  return auth;
}

export type HostSection =
  | "quizzes"
  | "challenges"
  | "events"
  | "leaderboards"
  | "people"
  | "teams"
  | "home"
  | "contribute"
  | "community"
  | "review"
  | "drives"
  | null;

function NavLink({ href, current, children }: { href: string; current: boolean; children: ComponentChildren }) {
  return (
    <a href={href} class={current ? "current" : ""} aria-current={current ? "page" : undefined}>
      {children}
    </a>
  );
}

export function HostShell({
  auth,
  children,
  wide,
  section = null,
}: {
  auth: Auth;
  children: ComponentChildren;
  wide?: boolean;
  section?: HostSection;
}) {
  const ws = useWorkspaces();
  // A member (an employee who plays) sees no host controls, nor does an account without a
  // workspace; the links show once the role is known. The server checks either way.
  const hosting = !!ws.current && atLeast(ws.current.role, "host");
  return (
    <div class="host-area">
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <header class="host-nav">
        <a href="/host" class="host-home" aria-label={hosting ? "Huddle: your quizzes" : "Huddle: home"}>
          <Logo size="sm" light={false} />
        </a>
        {ws.list === null ? (
          <span class="host-nav-pending" />
        ) : hosting ? (
          <nav aria-label="Host area">
            <NavLink href="/host" current={section === "quizzes"}>
              Quizzes
            </NavLink>
            <NavLink href="/host#games" current={false}>
              Past games
            </NavLink>
            <NavLink href="/challenges" current={section === "challenges"}>
              Challenges
            </NavLink>
            <NavLink href="/events" current={section === "events"}>
              Events
            </NavLink>
            <NavLink href="/leaderboards" current={section === "leaderboards"}>
              Leaderboards
            </NavLink>
            <NavLink href="/workspace" current={section === "people"}>
              People
            </NavLink>
            <NavLink href="/teams" current={section === "teams"}>
              Teams
            </NavLink>
            <NavLink href="/library/community" current={section === "community"}>
              Community
            </NavLink>
            {/* The question drives are one link away, on the review page. */}
            <NavLink href="/review" current={section === "review" || section === "drives"}>
              Review
            </NavLink>
            <a href="/">Join a game</a>
          </nav>
        ) : (
          <nav aria-label="Your workspace">
            <NavLink href="/host" current={section === "home"}>
              Home
            </NavLink>
            <NavLink href="/workspace" current={section === "people"}>
              People
            </NavLink>
            <NavLink href="/teams" current={section === "teams"}>
              My team
            </NavLink>
            <a href="/me">Your history</a>
            <NavLink href="/me/contributions" current={section === "contribute" || section === "community"}>
              Your questions
            </NavLink>
            {ws.current?.reviewer ? (
              <NavLink href="/review" current={section === "review"}>
                Review
              </NavLink>
            ) : null}
            <a href="/duels/new">Duel a colleague</a>
            <a href="/">Join a game</a>
          </nav>
        )}
        <WorkspaceSwitcher />
        <div class="host-user">
          <span class="host-name" data-testid="host-name">
            {auth.host.name}
          </span>
          <button
            type="button"
            class="btn btn-ghost-dark btn-sm"
            onClick={() => {
              // Revoke the token on the server too (a copy of it stops working), then forget it
              // here whatever the answer: the page is logged out either way.
              void api("POST", "/auth/logout")
                .catch(() => undefined)
                .finally(() => {
                  clearAuth(); // forgets the workspace too
                  navigate("/login");
                });
            }}
          >
            Log out
          </button>
        </div>
      </header>
      <main id="main" class={`host-main ${wide ? "wide" : ""}`} tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
