import type { ComponentChildren } from "preact";
import { useEffect, useState } from "preact/hooks";
import { type Auth, clearAuth, getAuth } from "../api";
import { navigate } from "../router";
import { Logo } from "./ui";

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

export function HostShell({ auth, children, wide }: { auth: Auth; children: ComponentChildren; wide?: boolean }) {
  return (
    <div class="host-area">
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <header class="host-nav">
        <a href="/host" class="host-home" aria-label="Huddle: your quizzes">
          <Logo size="sm" light={false} />
        </a>
        <nav aria-label="Host area">
          <a href="/host">Quizzes</a>
          <a href="/host#games">Past games</a>
          <a href="/">Join a game</a>
        </nav>
        <div class="host-user">
          <span class="host-name" data-testid="host-name">
            {auth.host.name}
          </span>
          <button
            type="button"
            class="btn btn-ghost-dark btn-sm"
            onClick={() => {
              clearAuth();
              navigate("/login");
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
