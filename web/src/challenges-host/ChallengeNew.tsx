// `/challenges/new?quiz=<id>`: "Challenge this quiz". A host sets the title, when it opens and
// closes, who may play (guests, members, chosen teams and how a team's score is counted) and
// how many attempts each person has. Once the server made it, the page goes to the challenge's
// own page, which shows the link, the PIN and the QR code.

import { useEffect, useState } from "preact/hooks";
import { api, type ApiError } from "../api";
import { HostShell, useAuth } from "../components/HostShell";
import { Alert, ErrorText } from "../components/ui";
import { TEXT_LIMITS } from "../limits";
import { navigate } from "../router";
import type { TeamDoc } from "../teams-model";
import { announceWorkspace } from "../workspace";
import { QuizPicker } from "./common";
import {
  ATTEMPTS_MAX,
  AUDIENCE_NAMES,
  type Audience,
  type ChallengeDoc,
  type ChallengeForm,
  defaultForm,
  firstError,
  type FormErrors,
  type FormField,
  parseChallengeForm,
  ruleLabel,
  TOP_N_MAX,
} from "./model";

const FIELD_IDS: Record<FormField, string> = {
  title: "ch-title",
  opens: "ch-opens",
  closes: "ch-closes",
  teams: "ch-teams",
  topN: "ch-top-n",
  attempts: "ch-attempts",
};

/** Where the server's field names land on the form. */
const SERVER_FIELDS: Record<string, FormField> = {
  title: "title",
  opens_at: "opens",
  closes_at: "closes",
  team_ids: "teams",
  team_rule: "topN",
  attempts: "attempts",
};

function described(field: FormField, errors: FormErrors, hint?: string) {
  const id = FIELD_IDS[field];
  return {
    "aria-invalid": errors[field] ? ("true" as const) : undefined,
    "aria-describedby": errors[field] ? `${id}-error` : hint,
  };
}

export function ChallengeNew({ quizId: initialQuiz }: { quizId: string | null }) {
  const auth = useAuth();
  const [quizId, setQuizId] = useState(initialQuiz ?? "");
  const [quizTitle, setQuizTitle] = useState("");
  const [quizError, setQuizError] = useState<string | null>(null);
  const [form, setForm] = useState<ChallengeForm>(() => defaultForm(Date.now()));
  const [errors, setErrors] = useState<FormErrors>({});
  const [teams, setTeams] = useState<TeamDoc[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    document.title = "Challenge a quiz · Huddle";
    api<{ teams: TeamDoc[] }>("GET", "/teams").then(
      (r) => setTeams(r.teams),
      () => setTeams([]),
    );
  }, []);

  if (!auth) return null;
  const set = <K extends keyof ChallengeForm>(key: K, value: ChallengeForm[K]) => setForm((f) => ({ ...f, [key]: value }));

  async function submit(e: Event) {
    e.preventDefault();
    if (busy) return;
    setError(null);
    if (!quizId) {
      setQuizError("Pick the quiz to challenge people with.");
      document.getElementById("ch-quiz")?.focus();
      return;
    }
    setQuizError(null);
    const parsed = parseChallengeForm(quizId, form, Date.now());
    if ("errors" in parsed) {
      setErrors(parsed.errors);
      const first = firstError(parsed.errors);
      if (first) document.getElementById(FIELD_IDS[first])?.focus();
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      const made = await api<ChallengeDoc | { challenge: ChallengeDoc }>("POST", "/challenges", parsed.body);
      const challenge = "challenge" in made ? made.challenge : made;
      announceWorkspace(`Created the challenge ${challenge.title}. Share its link, PIN or QR code.`);
      navigate(`/challenges/${encodeURIComponent(challenge.id)}`);
    } catch (err) {
      const e2 = err as ApiError;
      const field = e2.field ? SERVER_FIELDS[e2.field.split(/[.[]/)[0]] : undefined;
      if (field) {
        setErrors({ [field]: e2.message });
        document.getElementById(FIELD_IDS[field])?.focus();
      } else setError(e2.message);
    } finally {
      setBusy(false);
    }
  }

  const teamRule = form.rule === "top_n" ? { top_n: Number(form.topN) || 0 } : form.rule;
  return (
    <HostShell auth={auth} section="challenges">
      <div class="page-head">
        <div>
          <a href="/challenges" class="back-link">
            <span aria-hidden="true">←</span> Challenges
          </a>
          <h1>Challenge {quizTitle ? `“${quizTitle}”` : "a quiz"}</h1>
          <p class="muted-dark">People play it on their own phones at their own pace, until it closes.</p>
        </div>
      </div>
      {error ? <Alert>{error}</Alert> : null}
      <form class="card challenge-form" onSubmit={submit} noValidate aria-label="New challenge">
        <div class="field">
          <label class="field-label" for="ch-quiz">
            Quiz
          </label>
          <QuizPicker
            id="ch-quiz"
            value={quizId}
            error={quizError}
            onChange={(id, title) => {
              setQuizId(id);
              setQuizTitle(title);
            }}
          />
          <ErrorText id="ch-quiz-error" message={quizError} />
        </div>
        <div class="field">
          <label class="field-label" for="ch-title">
            Title <span class="muted-dark">(optional)</span>
          </label>
          <input
            id="ch-title"
            class="input"
            value={form.title}
            maxLength={TEXT_LIMITS.title}
            placeholder={quizTitle || "The quiz's title"}
            onInput={(e) => set("title", (e.target as HTMLInputElement).value)}
            {...described("title", errors)}
          />
          <ErrorText id="ch-title-error" message={errors.title} />
        </div>
        <div class="challenge-dates">
          <div class="field">
            <label class="field-label" for="ch-opens">
              Opens
            </label>
            <input
              id="ch-opens"
              type="datetime-local"
              class="input"
              value={form.opens}
              onInput={(e) => set("opens", (e.target as HTMLInputElement).value)}
              {...described("opens", errors, "ch-opens-hint")}
            />
            <ErrorText id="ch-opens-error" message={errors.opens} />
            {errors.opens ? null : (
              <p class="hint-dark" id="ch-opens-hint">
                Empty: it opens now.
              </p>
            )}
          </div>
          <div class="field">
            <label class="field-label" for="ch-closes">
              Closes
            </label>
            <input
              id="ch-closes"
              type="datetime-local"
              class="input"
              required
              value={form.closes}
              onInput={(e) => set("closes", (e.target as HTMLInputElement).value)}
              {...described("closes", errors)}
            />
            <ErrorText id="ch-closes-error" message={errors.closes} />
          </div>
        </div>
        <fieldset class="field">
          <legend class="field-label">Who may play</legend>
          <div class="radio-cards">
            {(Object.keys(AUDIENCE_NAMES) as Audience[]).map((a) => (
              <label key={a} class={`radio-card ${form.audience === a ? "checked" : ""}`}>
                <input type="radio" name="audience" value={a} checked={form.audience === a} onChange={() => set("audience", a)} />
                {AUDIENCE_NAMES[a]}
              </label>
            ))}
          </div>
        </fieldset>
        {form.audience === "teams" ? (
          <>
            <fieldset class="field" id="ch-teams" tabIndex={-1} aria-describedby={errors.teams ? "ch-teams-error" : undefined}>
              <legend class="field-label">Teams</legend>
              {teams === null ? (
                <p class="muted-dark">Loading the teams…</p>
              ) : teams.length === 0 ? (
                <p class="muted-dark">
                  The workspace has no teams yet: <a href="/teams">make some on the Teams page</a>.
                </p>
              ) : (
                <div class="challenge-teams">
                  {teams.map((t) => (
                    <label key={t.id} class="check-row">
                      <input
                        type="checkbox"
                        checked={form.teamIds.includes(t.id)}
                        onChange={(e) => {
                          const on = (e.target as HTMLInputElement).checked;
                          set("teamIds", on ? [...form.teamIds, t.id] : form.teamIds.filter((x) => x !== t.id));
                        }}
                      />
                      <span>
                        {t.name} <span class="muted-dark">({t.members.length})</span>
                      </span>
                    </label>
                  ))}
                </div>
              )}
              <ErrorText id="ch-teams-error" message={errors.teams} />
            </fieldset>
            <div class="challenge-dates">
              <div class="field">
                <label class="field-label" for="ch-rule">
                  A team's score
                </label>
                <select id="ch-rule" class="input" value={form.rule} onChange={(e) => set("rule", (e.target as HTMLSelectElement).value as ChallengeForm["rule"])}>
                  <option value="average">{ruleLabel("average")}</option>
                  <option value="sum">{ruleLabel("sum")}</option>
                  <option value="top_n">Sum of the best n members' best runs</option>
                </select>
              </div>
              {form.rule === "top_n" ? (
                <div class="field">
                  <label class="field-label" for="ch-top-n">
                    Best members counted (n)
                  </label>
                  <input
                    id="ch-top-n"
                    class="input input-short"
                    inputMode="numeric"
                    value={form.topN}
                    onInput={(e) => set("topN", (e.target as HTMLInputElement).value)}
                    {...described("topN", errors, "ch-top-n-hint")}
                  />
                  <ErrorText id="ch-top-n-error" message={errors.topN} />
                  {errors.topN ? null : (
                    <p class="hint-dark" id="ch-top-n-hint">
                      1 to {TOP_N_MAX}: {ruleLabel(teamRule)}.
                    </p>
                  )}
                </div>
              ) : null}
            </div>
          </>
        ) : null}
        <div class="field">
          <label class="field-label" for="ch-attempts">
            Attempts per person
          </label>
          <input
            id="ch-attempts"
            class="input input-short"
            inputMode="numeric"
            value={form.attempts}
            onInput={(e) => set("attempts", (e.target as HTMLInputElement).value)}
            {...described("attempts", errors, "ch-attempts-hint")}
          />
          <ErrorText id="ch-attempts-error" message={errors.attempts} />
          {errors.attempts ? null : (
            <p class="hint-dark" id="ch-attempts-hint">
              1 to {ATTEMPTS_MAX}; a person's best run counts.
            </p>
          )}
        </div>
        <button type="submit" class="btn btn-primary btn-lg" disabled={busy} aria-busy={busy ? "true" : undefined}>
          {busy ? "Creating…" : "Create the challenge"}
        </button>
      </form>
    </HostShell>
  );
}
