import { useEffect, useState } from "preact/hooks";
import { api, ApiError } from "../api";
import { HostShell, useAuth } from "../components/HostShell";
import { Alert, ErrorText, Spinner } from "../components/ui";
import { num, plural } from "../format";
import type { CreatedGame, EventDoc, GameSettings, QuizDoc } from "../protocol";
import { fieldId } from "../field-id";
import { navigate, queryParam } from "../router";
import { AUTO_TEAM_NAMES, GAME_BOUNDS } from "../rules";
import { type HostGame, hostGameKey, save } from "../storage";
// The events' stylesheet comes with their chunks, not with the join page's first screen.
import "../styles/events.css";

export interface Form {
  scoring: "speed" | "accuracy";
  streaks: boolean;
  timeLimit: string; // "" = each question's own
  maxPlayers: string;
  lateJoin: boolean;
  autoAdvance: string; // seconds, "0" = off
  readFirst: string; // seconds the question is shown alone, "0" = off
  teams: "none" | "auto" | "choose" | "workspace";
  /** Workspace teams: how players without a sign-in (or a team) are placed. */
  guests: "choose" | "auto";
  teamCount: string;
  teamNames: string;
  teamScore: "average" | "sum";
  showQuestion: boolean;
  shuffle: boolean;
  generator: boolean;
}

export const DEFAULTS: Form = {
  scoring: "speed",
  streaks: true,
  timeLimit: "",
  maxPlayers: "",
  lateJoin: true,
  autoAdvance: "0",
  readFirst: "0",
  teams: "none",
  guests: "choose",
  // As few teams as a game may have, named as the server names automatic teams.
  teamCount: String(GAME_BOUNDS.minTeams),
  teamNames: AUTO_TEAM_NAMES.slice(0, GAME_BOUNDS.minTeams).join("\n"),
  teamScore: "average",
  showQuestion: true,
  shuffle: false,
  generator: false,
};

type Errors = Record<string, string>;

/** The reading times offered, in seconds: from the engine's shortest to its longest (GAME_BOUNDS). */
export const READ_FIRST_S = [3, 5, 7, 10];

export function settingsFromForm(f: Form): { settings: GameSettings; errors: Errors } {
  const errors: Errors = {};
  const s: GameSettings = {
    scoring: f.scoring,
    streaks: f.streaks,
    late_join: f.lateJoin,
    show_question_on_device: f.showQuestion,
    shuffle_choices: f.shuffle,
    nickname_generator: f.generator,
  };
  if (f.timeLimit) s.time_limit_ms = Number(f.timeLimit) * 1000;
  if (f.maxPlayers.trim()) {
    const n = Number(f.maxPlayers);
    if (!Number.isInteger(n) || n < 1 || n > GAME_BOUNDS.maxPlayers)
      errors["settings.max_players"] = `A whole number from 1 to ${num(GAME_BOUNDS.maxPlayers)}, or empty for no limit.`;
    else s.max_players = n;
  }
  const auto = Number(f.autoAdvance);
  if (auto > 0) s.auto_advance_ms = auto * 1000;
  const read = Number(f.readFirst);
  if (read > 0) s.read_first_ms = read * 1000;
  if (f.teams === "auto") {
    const n = Number(f.teamCount);
    if (!Number.isInteger(n) || n < GAME_BOUNDS.minTeams || n > GAME_BOUNDS.maxTeams)
      errors["settings.teams.count"] = `From ${GAME_BOUNDS.minTeams} to ${GAME_BOUNDS.maxTeams} teams.`;
    else s.teams = { mode: "auto", count: n, score: f.teamScore };
  } else if (f.teams === "choose") {
    const names = f.teamNames
      .split("\n")
      .map((x) => x.trim())
      .filter(Boolean);
    const unique = new Set(names.map((x) => x.toLowerCase()));
    if (names.length < GAME_BOUNDS.minTeams || names.length > GAME_BOUNDS.maxTeams)
      errors["settings.teams.names"] = `Give ${GAME_BOUNDS.minTeams} to ${GAME_BOUNDS.maxTeams} team names, one per line.`;
    else if (unique.size !== names.length) errors["settings.teams.names"] = "Each team needs its own name.";
    else if (names.some((x) => [...x].length > GAME_BOUNDS.teamName))
      errors["settings.teams.names"] = `Team names are at most ${GAME_BOUNDS.teamName} characters.`;
    else s.teams = { mode: "choose", names, score: f.teamScore };
  } else if (f.teams === "workspace") {
    // The server names the workspace's teams when it creates the game.
    s.teams = { mode: "workspace", guests: f.guests, score: f.teamScore };
  }
  return { settings: s, errors };
}

export function StartGame({ quizId }: { quizId: string }) {
  const auth = useAuth();
  // A round of an event (`?event=<id>`, from the event page): it adds up on the event's board.
  const [eventId] = useState(() => queryParam("event"));
  const [event, setEvent] = useState<EventDoc | null>(null);
  const [quiz, setQuiz] = useState<QuizDoc | null>(null);
  const [form, setForm] = useState<Form>(DEFAULTS);
  const [errors, setErrors] = useState<Errors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    document.title = "Start a game · Huddle";
    if (!auth) return;
    api<QuizDoc>("GET", `/quizzes/${encodeURIComponent(quizId)}`)
      .then(setQuiz)
      .catch((e: ApiError) => setFormError(e.status === 404 ? "This quiz does not exist." : e.message));
    if (eventId) {
      api<EventDoc>("GET", `/events/${encodeURIComponent(eventId)}`)
        .then((e) => {
          setEvent(e);
          // The event's teams, for players to choose (the host may still change them).
          if (e.teams.length) setForm((f) => ({ ...f, teams: "choose", teamNames: e.teams.join("\n") }));
        })
        .catch((e: ApiError) => setFormError(e.status === 404 ? "This event does not exist." : e.message));
    }
  }, [quizId]);

  if (!auth) return null;
  const set = <K extends keyof Form>(k: K, v: Form[K]) => setForm((f) => ({ ...f, [k]: v }));

  async function start(e: Event) {
    e.preventDefault();
    const { settings, errors: errs } = settingsFromForm(form);
    setErrors(errs);
    setFormError(null);
    if (Object.keys(errs).length) {
      document.getElementById(fieldId(Object.keys(errs)[0]))?.focus();
      return;
    }
    setBusy(true);
    try {
      const body: Record<string, unknown> = { quiz_id: quizId, settings };
      if (eventId) body.event_id = eventId;
      const game = await api<CreatedGame>("POST", "/games", body);
      const kept: HostGame = { host_key: game.host_key, pin: game.pin, join_url: game.join_url };
      save(hostGameKey(game.id), kept);
      navigate(`/host/${encodeURIComponent(game.id)}`);
    } catch (err) {
      const ae = err as ApiError;
      if (ae.field) {
        const teamKey = { choose: "settings.teams.names", auto: "settings.teams.count", workspace: "settings.teams", none: "settings.teams" }[form.teams];
        const key = ae.field.startsWith("settings.teams") ? teamKey : ae.field;
        setErrors({ [key]: ae.message });
      }
      setFormError(ae.message);
    } finally {
      setBusy(false);
    }
  }

  const check = (k: "streaks" | "lateJoin" | "showQuestion" | "shuffle" | "generator", label: string, hint: string) => (
    <label class="check-row">
      <input type="checkbox" checked={form[k]} onChange={(e) => set(k, (e.target as HTMLInputElement).checked)} />
      <span>
        <strong>{label}</strong>
        <span class="hint-dark">{hint}</span>
      </span>
    </label>
  );
  const err = (k: string) => errors[k];

  return (
    <HostShell auth={auth}>
      <div class="page-head">
        <div>
          {eventId ? (
            <a href={`/events/${encodeURIComponent(eventId)}`} class="back-link">
              <span aria-hidden="true">←</span> {event ? event.name : "The event"}
            </a>
          ) : (
            <a href="/host" class="back-link">
              <span aria-hidden="true">←</span> Quizzes
            </a>
          )}
          <h1>{eventId ? "Start a round" : "Start a game"}</h1>
          {quiz ? (
            <p class="muted-dark">
              <strong>{quiz.title}</strong> · {plural(quiz.questions.length, "question")}
            </p>
          ) : null}
        </div>
      </div>
      {!quiz && !formError ? <Spinner label="Loading…" /> : null}
      {event ? (
        <div class="event-banner" data-testid="event-banner">
          <span class="event-chip">Event</span>
          <span>
            This game is a round of <strong>{event.name}</strong>: its scores add up on the event's leaderboard.
            {event.require_identifier ? " Players are asked for their e-mail or ID when they join." : ""}
          </span>
        </div>
      ) : null}
      {formError ? <Alert>{formError}</Alert> : null}
      {quiz ? (
        <form class="settings-form" onSubmit={start} noValidate>
          <section class="card">
            <h2>Scoring</h2>
            <fieldset class="field">
              <legend class="sr-only">Scoring</legend>
              <div class="radio-cards">
                <label class={`radio-card ${form.scoring === "speed" ? "checked" : ""}`}>
                  <input type="radio" name="scoring" checked={form.scoring === "speed"} onChange={() => set("scoring", "speed")} />
                  <span>
                    <strong>Speed</strong>
                    <span class="hint-dark">Faster correct answers earn more (up to 1,000).</span>
                  </span>
                </label>
                <label class={`radio-card ${form.scoring === "accuracy" ? "checked" : ""}`}>
                  <input type="radio" name="scoring" checked={form.scoring === "accuracy"} onChange={() => set("scoring", "accuracy")} />
                  <span>
                    <strong>Accuracy</strong>
                    <span class="hint-dark">Every correct answer earns the same.</span>
                  </span>
                </label>
              </div>
            </fieldset>
            {check("streaks", "Streak bonus", "Extra points for correct answers in a row.")}
          </section>
          <section class="card">
            <h2>Timing</h2>
            <div class="q-row">
              <div class="field">
                <label class="field-label small" for="time-limit">
                  Time per question
                </label>
                <select id="time-limit" class="input" value={form.timeLimit} onChange={(e) => set("timeLimit", (e.target as HTMLSelectElement).value)}>
                  <option value="">Each question's own</option>
                  {[10, 20, 30, 60, 90, 120].map((s) => (
                    <option key={s} value={String(s)}>
                      {s} seconds for all
                    </option>
                  ))}
                </select>
              </div>
              <div class="field">
                <label class="field-label small" for="auto-advance">
                  Move on by itself
                </label>
                <select id="auto-advance" class="input" value={form.autoAdvance} onChange={(e) => set("autoAdvance", (e.target as HTMLSelectElement).value)}>
                  <option value="0">No, I click Next</option>
                  {[5, 8, 10, 15, 30].map((s) => (
                    <option key={s} value={String(s)}>
                      After {s} seconds
                    </option>
                  ))}
                </select>
              </div>
              <div class="field">
                <label class="field-label small" for="read-first">
                  Read the question first
                </label>
                <select
                  id="read-first"
                  class="input"
                  value={form.readFirst}
                  aria-describedby="read-first-hint"
                  onChange={(e) => set("readFirst", (e.target as HTMLSelectElement).value)}
                >
                  <option value="0">No, answers open at once</option>
                  {READ_FIRST_S.map((s) => (
                    <option key={s} value={String(s)}>
                      Yes, alone for {s} seconds
                    </option>
                  ))}
                </select>
                <p class="hint-dark" id="read-first-hint">
                  The time limit starts when the answers appear.
                </p>
              </div>
            </div>
          </section>
          <section class="card">
            <h2>Players</h2>
            <div class="field">
              <label class="field-label small" for={fieldId("settings.max_players")}>
                Most players <span class="optional">(empty: no limit)</span>
              </label>
              <input
                id={fieldId("settings.max_players")}
                class="input input-short"
                inputMode="numeric"
                value={form.maxPlayers}
                onInput={(e) => set("maxPlayers", (e.target as HTMLInputElement).value)}
                aria-invalid={err("settings.max_players") ? "true" : undefined}
                aria-describedby={err("settings.max_players") ? `${fieldId("settings.max_players")}-error` : undefined}
              />
              <ErrorText id={`${fieldId("settings.max_players")}-error`} message={err("settings.max_players")} />
            </div>
            {check("lateJoin", "Late joining", "Players may join after the game has started.")}
            {check("generator", "Generated nicknames", "Offer a button that picks a fun nickname.")}
            {check("showQuestion", "Questions on phones", "Phones show the question and answers, not only the shapes.")}
            {check("shuffle", "Shuffle answers", "Each phone shows the answers in its own order.")}
          </section>
          <section class="card">
            <h2>Teams</h2>
            <div class="field">
              <label class="field-label small" for="teams-mode">
                Team play
              </label>
              <select
                id="teams-mode"
                class="input"
                value={form.teams}
                aria-invalid={err("settings.teams") ? "true" : undefined}
                aria-describedby={err("settings.teams") ? "teams-mode-error" : undefined}
                onChange={(e) => set("teams", (e.target as HTMLSelectElement).value as Form["teams"])}
              >
                <option value="none">No teams</option>
                <option value="auto">Teams made automatically</option>
                <option value="choose">Players choose their team</option>
                <option value="workspace">Workspace teams</option>
              </select>
              <ErrorText id="teams-mode-error" message={err("settings.teams")} />
            </div>
            {form.teams === "workspace" ? (
              <div class="field">
                <label class="field-label small" for="team-guests">
                  Players without a team
                </label>
                <select id="team-guests" class="input" value={form.guests} aria-describedby="team-guests-hint" onChange={(e) => set("guests", (e.target as HTMLSelectElement).value as Form["guests"])}>
                  <option value="choose">Choose one of the teams</option>
                  <option value="auto">Go to the smallest team</option>
                </select>
                <p class="hint-dark" id="team-guests-hint">
                  Signed-in members play for their own team (<a href="/teams">Teams</a>); in an event, everyone keeps the team of their first round.
                </p>
              </div>
            ) : null}
            {form.teams === "auto" ? (
              <div class="field">
                <label class="field-label small" for={fieldId("settings.teams.count")}>
                  Number of teams
                </label>
                <input
                  id={fieldId("settings.teams.count")}
                  class="input input-short"
                  inputMode="numeric"
                  value={form.teamCount}
                  onInput={(e) => set("teamCount", (e.target as HTMLInputElement).value)}
                  aria-invalid={err("settings.teams.count") ? "true" : undefined}
                />
                <ErrorText id={`${fieldId("settings.teams.count")}-error`} message={err("settings.teams.count")} />
              </div>
            ) : null}
            {form.teams === "choose" ? (
              <div class="field">
                <label class="field-label small" for={fieldId("settings.teams.names")}>
                  Team names, one per line
                </label>
                <textarea
                  id={fieldId("settings.teams.names")}
                  class="input"
                  rows={4}
                  value={form.teamNames}
                  onInput={(e) => set("teamNames", (e.target as HTMLTextAreaElement).value)}
                  aria-invalid={err("settings.teams.names") ? "true" : undefined}
                />
                <ErrorText id={`${fieldId("settings.teams.names")}-error`} message={err("settings.teams.names")} />
              </div>
            ) : null}
            {form.teams !== "none" ? (
              <div class="field">
                <label class="field-label small" for="team-score">
                  A team's score
                </label>
                <select id="team-score" class="input" value={form.teamScore} onChange={(e) => set("teamScore", (e.target as HTMLSelectElement).value as Form["teamScore"])}>
                  <option value="average">Average of its players</option>
                  <option value="sum">Sum of its players</option>
                </select>
              </div>
            ) : null}
          </section>
          <div class="sticky-actions">
            <button class="btn btn-primary btn-xl" type="submit" disabled={busy}>
              {busy ? "Starting…" : "Open the lobby"} <span aria-hidden="true">▶</span>
            </button>
          </div>
        </form>
      ) : null}
    </HostShell>
  );
}
