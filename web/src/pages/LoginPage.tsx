import { useEffect, useState } from "preact/hooks";
import { api, ApiError, type Auth, setAuth } from "../api";
import { Alert, ErrorText, Logo, Shape } from "../components/ui";
import { enterInvitedWorkspace, loadWorkspaces } from "../hooks/workspaces";
import { inviteRefusal, type InvitePreview } from "../invite";
import { navigate, queryParam } from "../router";
import { resetWorkspaces, ROLE_NAMES } from "../workspace";

type Errors = Record<string, string>;

function nextPath(): string {
  const next = queryParam("next");
  return next && next.startsWith("/") && !next.startsWith("//") ? next : "/host";
}

export function LoginPage({ register }: { register: boolean }) {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [name, setName] = useState("");
  const [errors, setErrors] = useState<Errors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // Registering through an invite link (`?invite=<token>`): the account joins that workspace.
  const invite = register ? queryParam("invite") : null;
  const [preview, setPreview] = useState<InvitePreview | null>(null);
  const [inviteError, setInviteError] = useState<string | null>(null);

  useEffect(() => {
    if (!invite) return;
    api<InvitePreview>("GET", `/invites/${encodeURIComponent(invite)}`)
      .then(setPreview)
      .catch((e: ApiError) => setInviteError(inviteRefusal(e.code, e.status)));
  }, [invite]);

  useEffect(() => {
    document.title = `${register ? "Create an account" : "Log in"} · Huddle`;
    setErrors({});
    setFormError(null);
  }, [register]);

  async function submit(e: Event) {
    e.preventDefault();
    const errs: Errors = {};
    if (register && !name.trim()) errs.name = "Tell us your name.";
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email.trim())) errs.email = "Enter your e-mail address.";
    if (register && password.length < 8) errs.password = "Use at least 8 characters.";
    if (!register && !password) errs.password = "Enter your password.";
    setErrors(errs);
    setFormError(null);
    if (Object.keys(errs).length) {
      document.getElementById(Object.keys(errs)[0])?.focus();
      return;
    }
    setBusy(true);
    try {
      const body = { email: email.trim(), password, ...(register ? { name: name.trim() } : {}) };
      const auth = register
        ? await api<Auth>("POST", "/auth/register", invite ? { ...body, invite } : body)
        : await api<Auth>("POST", "/auth/login", body);
      // Another account's workspace choice does not carry over; the pages start in this one's.
      resetWorkspaces();
      setAuth(auth);
      if (invite && preview) {
        await enterInvitedWorkspace(preview, preview.workspace.id ?? null);
        navigate("/host", { replace: true });
        return;
      }
      await loadWorkspaces();
      navigate(nextPath(), { replace: true });
    } catch (err) {
      const e = err as ApiError;
      if (e.code === "email_taken") setErrors({ email: "An account with this e-mail already exists. Log in instead?" });
      else if (e.code === "bad_credentials") setFormError("Wrong e-mail or password.");
      else if (e.field && ["email", "password", "name"].includes(e.field)) setErrors({ [e.field]: e.message });
      else if (e.field === "invite") setFormError(inviteRefusal(e.code, e.status));
      else setFormError(e.message);
    } finally {
      setBusy(false);
    }
  }

  const field = (id: "name" | "email" | "password", label: string, value: string, set: (v: string) => void, type: "text" | "email" | "password" = "text", auto = "") => (
    <div class="field">
      <label class="field-label" for={id}>
        {label}
      </label>
      <input
        id={id}
        class="input"
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        type={type as any}
        autoComplete={auto}
        value={value}
        onInput={(e) => set((e.target as HTMLInputElement).value)}
        aria-invalid={errors[id] ? "true" : undefined}
        aria-describedby={errors[id] ? `${id}-error` : undefined}
      />
      <ErrorText id={`${id}-error`} message={errors[id]} />
    </div>
  );

  return (
    <main class="page-auth">
      <div class="auth-side" aria-hidden="true">
        <Logo size="lg" />
        <p class="auth-pitch">Live quizzes for your team, class or party. Your server, your data.</p>
        <div class="auth-tiles">
          <span class="tile-mini tile-red">
            <Shape shape="triangle" />
          </span>
          <span class="tile-mini tile-blue">
            <Shape shape="diamond" />
          </span>
          <span class="tile-mini tile-yellow">
            <Shape shape="circle" />
          </span>
          <span class="tile-mini tile-green">
            <Shape shape="square" />
          </span>
        </div>
      </div>
      <form class="card auth-card" onSubmit={submit} noValidate>
        <h1>{register ? (invite ? "Create your account" : "Create your host account") : "Log in"}</h1>
        {invite && preview ? (
          <Alert kind="info">
            <span data-testid="register-invite">
              Create your account to join <strong>{preview.workspace.name}</strong> as a{" "}
              {ROLE_NAMES[preview.role]?.toLowerCase() ?? preview.role}.
            </span>
          </Alert>
        ) : null}
        {inviteError ? <Alert>{inviteError}</Alert> : null}
        {formError ? <Alert>{formError}</Alert> : null}
        {register ? field("name", "Your name", name, setName, "text", "name") : null}
        {field("email", "E-mail", email, setEmail, "email", "email")}
        {field("password", "Password", password, setPassword, "password", register ? "new-password" : "current-password")}
        {register && !errors.password ? <p class="hint-dark">At least 8 characters.</p> : null}
        <button class="btn btn-primary btn-lg btn-block" type="submit" disabled={busy}>
          {busy ? "One moment…" : register ? "Create account" : "Log in"}
        </button>
        <p class="auth-switch">
          {register ? (
            <>
              Already have an account? <a href={`/login${window.location.search}`}>Log in</a>
            </>
          ) : (
            <>
              New to Huddle? <a href={`/register${window.location.search}`}>Create an account</a>
            </>
          )}
        </p>
      </form>
    </main>
  );
}
