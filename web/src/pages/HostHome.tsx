// `/host`: where a signed-in account lands. A host (or admin, owner) of the current workspace
// gets the quiz dashboard; a member (an employee who plays) gets their workspace's home: no
// library editing or game starting, their history and the workspace's people.

import { useEffect } from "preact/hooks";
import type { Auth } from "../api";
import { HostShell, useAuth } from "../components/HostShell";
import { Alert, Spinner } from "../components/ui";
import { loadWorkspaces, useWorkspaces } from "../hooks/workspaces";
import { atLeast, ROLE_NAMES, type Workspace } from "../workspace";
import { Dashboard } from "./Dashboard";

export function HostHome() {
  const auth = useAuth();
  const ws = useWorkspaces();
  if (!auth) return null;
  if (ws.list === null) {
    // The role decides the page: wait for it.
    return (
      <HostShell auth={auth}>
        {ws.error ? (
          <>
            <Alert>{ws.error}</Alert>
            <button type="button" class="btn btn-primary" onClick={() => void loadWorkspaces()}>
              Try again
            </button>
          </>
        ) : (
          <Spinner label="Loading your workspace…" />
        )}
      </HostShell>
    );
  }
  if (!ws.current) return <NoWorkspace auth={auth} />;
  if (!atLeast(ws.current.role, "host")) return <MemberHome auth={auth} workspace={ws.current} />;
  return <Dashboard />;
}

/** A host page opened by a member: what they can do instead. */
export function HostsOnly() {
  const auth = useAuth();
  const ws = useWorkspaces();
  useEffect(() => {
    document.title = "For hosts · Huddle";
  }, []);
  if (!auth) return null;
  return (
    <HostShell auth={auth} section={null}>
      <div class="empty card" data-testid="hosts-only">
        <h1>This page is for hosts</h1>
        <p>
          You are a {ws.current ? `${ROLE_NAMES[ws.current.role].toLowerCase()} of ${ws.current.name}` : "member"}: the workspace's
          hosts write quizzes and run games.
        </p>
        <a class="btn btn-primary" href="/host">
          Go to your home
        </a>
      </div>
    </HostShell>
  );
}

/** An account that belongs to no workspace (it left, or was removed, from its only one). */
function NoWorkspace({ auth }: { auth: Auth }) {
  useEffect(() => {
    document.title = "No workspace · Huddle";
  }, []);
  return (
    <HostShell auth={auth} section="home">
      <div class="empty card" data-testid="no-workspace">
        <h1>You are not in a workspace</h1>
        <p>Open an invite link a colleague sent you, or make a workspace of your own from the workspace menu at the top.</p>
        <a class="btn btn-primary" href="/">
          Join a game
        </a>
      </div>
    </HostShell>
  );
}

function MemberHome({ auth, workspace }: { auth: Auth; workspace: Workspace }) {
  useEffect(() => {
    document.title = `${workspace.name} · Huddle`;
  }, [workspace.name]);
  return (
    <HostShell auth={auth} section="home">
      <div class="page-head">
        <div>
          <h1>Hi {auth.host.name}!</h1>
          <p class="muted-dark" data-testid="member-workspace">
            You are a {ROLE_NAMES[workspace.role].toLowerCase()} of <strong>{workspace.name}</strong>.
          </p>
        </div>
      </div>
      <ul class="member-cards" aria-label="What you can do here">
        <li class="card member-card">
          <h2>Play</h2>
          <p>Your facilitator shows a PIN on the big screen: enter it to join the game.</p>
          <a class="btn btn-primary" href="/">
            Join a game
          </a>
        </li>
        <li class="card member-card">
          <h2>Challenges</h2>
          <p>Quizzes to play at your own pace, your duels and your day streak.</p>
          <a class="btn btn-ghost-dark" href="/me/challenges" data-testid="member-challenges">
            Your challenges
          </a>
        </li>
        <li class="card member-card">
          <h2>Questions and tips</h2>
          <p>Write a question or a tip for coming games; a host reviews it first.</p>
          <p>
            <a href="/me/contributions">Your questions and tips</a> · <a href="/library/community">Community library</a>
          </p>
          <a class="btn btn-ghost-dark" href="/contribute" data-testid="member-contribute">
            Add a question
          </a>
        </li>
        <li class="card member-card">
          <h2>Your history</h2>
          <p>Your games, scores and badges.</p>
          <a class="btn btn-ghost-dark" href="/me">
            See your history
          </a>
        </li>
        <li class="card member-card">
          <h2>People</h2>
          <p>Who else is in {workspace.name}.</p>
          <a class="btn btn-ghost-dark" href="/workspace">
            See the people
          </a>
        </li>
      </ul>
    </HostShell>
  );
}
