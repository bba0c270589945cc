// `/invite/<token>`: the link an admin sent. Shows which workspace it leads to, with which role
// and until when (`GET /api/invites/{token}`, no login needed); a refused link says why. Signed
// in: "Join <workspace>" accepts it and switches to it. Not signed in: create an account through
// it (the register form sends the invite along) or log in and come back here.

import { useEffect, useState } from "preact/hooks";
import { api, type ApiError, clearAuth, getAuth } from "../api";
import { Alert, Logo, Spinner } from "../components/ui";
import { enterInvitedWorkspace } from "../hooks/workspaces";
import { expiryText, inviteRefusal, type InvitePreview } from "../invite";
import { navigate } from "../router";
import { ROLE_NAMES } from "../workspace";

type Load = { status: "loading" } | { status: "refused"; message: string } | { status: "ok"; preview: InvitePreview };

export function InvitePage({ token }: { token: string }) {
  const [load, setLoad] = useState<Load>({ status: "loading" });
  const [auth, setAuthState] = useState(getAuth);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const path = `/invite/${encodeURIComponent(token)}`;

  useEffect(() => {
    document.title = "Join a workspace · Huddle";
    api<InvitePreview>("GET", `/invites/${encodeURIComponent(token)}`)
      .then((preview) => setLoad({ status: "ok", preview }))
      .catch((e: ApiError) => setLoad({ status: "refused", message: inviteRefusal(e.code, e.status) }));
  }, [token]);

  useEffect(() => {
    if (load.status === "ok") document.title = `Join ${load.preview.workspace.name} · Huddle`;
  }, [load]);

  async function accept(preview: InvitePreview) {
    setBusy(true);
    setError(null);
    try {
      const joined = await api<{ workspace?: { id?: string }; id?: string } | null>("POST", `/invites/${encodeURIComponent(token)}/accept`);
      await enterInvitedWorkspace(preview, joined?.workspace?.id ?? joined?.id ?? null);
      navigate("/host");
    } catch (err) {
      const e = err as ApiError;
      if (e.code === "already_member") {
        // Joined before (another tab, or twice): just go there.
        await enterInvitedWorkspace(preview, null);
        navigate("/host");
        return;
      }
      if (e.status === 401) setAuthState(null); // the login ran out: sign in again below
      setError(e.status === 401 ? "Your login has expired. Log in again to join." : e.code === "forbidden" ? e.message : inviteRefusal(e.code, e.status));
      setBusy(false);
    }
  }

  const next = encodeURIComponent(path);
  return (
    <main class="page-auth">
      <div class="auth-side" aria-hidden="true">
        <Logo size="lg" />
        <p class="auth-pitch">Live quizzes for your team: play together, learn together.</p>
      </div>
      <section class="card auth-card invite-card" aria-labelledby="invite-title">
        {load.status === "loading" ? (
          <Spinner label="Opening the invite…" />
        ) : load.status === "refused" ? (
          <>
            <h1 id="invite-title">This invite cannot be used</h1>
            <Alert>{load.message}</Alert>
            <a class="btn btn-ghost-dark" href={auth ? "/host" : "/"}>
              {auth ? "Go to your workspace" : "Go to Huddle"}
            </a>
          </>
        ) : (
          <>
            <h1 id="invite-title">
              Join <span data-testid="invite-workspace">{load.preview.workspace.name}</span>
            </h1>
            <p class="invite-terms" data-testid="invite-terms">
              You are invited as a <strong>{ROLE_NAMES[load.preview.role]?.toLowerCase() ?? load.preview.role}</strong>.
              This link {expiryText(load.preview.expires_at, Date.now())}.
            </p>
            {error ? <Alert>{error}</Alert> : null}
            {auth ? (
              <>
                <button type="button" class="btn btn-primary btn-lg btn-block" disabled={busy} onClick={() => void accept(load.preview)}>
                  {busy ? "Joining…" : `Join ${load.preview.workspace.name}`}
                </button>
                <p class="auth-switch">
                  Signed in as {auth.host.name}.{" "}
                  <button
                    type="button"
                    class="link-button"
                    onClick={() => {
                      void api("POST", "/auth/logout")
                        .catch(() => undefined)
                        .finally(() => {
                          clearAuth();
                          setAuthState(null);
                        });
                    }}
                  >
                    Not you? Log out
                  </button>
                </p>
              </>
            ) : (
              <>
                <a class="btn btn-primary btn-lg btn-block" href={`/register?invite=${encodeURIComponent(token)}&next=${next}`}>
                  Create an account and join
                </a>
                <p class="auth-switch">
                  Already have an account? <a href={`/login?next=${next}`}>Log in to join</a>
                </p>
              </>
            )}
          </>
        )}
      </section>
    </main>
  );
}
