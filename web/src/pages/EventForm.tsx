// `/events/new` and `/events/<id>/edit`: an event's name, dates, persistent teams and whether
// its players must give an e-mail or ID.

import { useEffect, useRef, useState } from "preact/hooks";
import { api, type ApiError } from "../api";
import { isoDate } from "../boards";
import { HostShell, useAuth } from "../components/HostShell";
import { Alert, ErrorText, Spinner } from "../components/ui";
import { emptyEventForm, errorKey, type EventErrors, type EventForm as Form, eventBody, formFromEvent, NAME_MAX, teamNames } from "../event-model";
import type { EventDoc } from "../protocol";
import { navigate } from "../router";
// The events' stylesheet comes with their chunks, not with the join page's first screen.
import "../styles/events.css";

const FIELD_IDS: Record<keyof EventErrors, string> = {
  name: "event-name",
  starts_ms: "event-starts",
  ends_ms: "event-ends",
  teams: "event-teams",
};

export function EventForm({ eventId }: { eventId: string | null }) {
  const auth = useAuth();
  const [form, setForm] = useState<Form>(() => emptyEventForm(isoDate(Date.now())));
  const [loaded, setLoaded] = useState(eventId === null);
  const [errors, setErrors] = useState<EventErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const nameRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    document.title = `${eventId ? "Edit event" : "New event"} · Huddle`;
    if (!auth) return;
    if (eventId === null) {
      nameRef.current?.focus();
      return;
    }
    api<EventDoc>("GET", `/events/${encodeURIComponent(eventId)}`)
      .then((e) => {
        setForm(formFromEvent(e));
        setLoaded(true);
      })
      .catch((e: ApiError) => setFormError(e.status === 404 ? "This event does not exist." : e.message));
  }, [eventId]);

  if (!auth) return null;
  const set = <K extends keyof Form>(k: K, v: Form[K]) => setForm((f) => ({ ...f, [k]: v }));

  async function submit(e: Event) {
    e.preventDefault();
    const { body, errors: errs } = eventBody(form);
    setErrors(errs);
    setFormError(null);
    const first = (Object.keys(errs) as (keyof EventErrors)[])[0];
    if (first) {
      document.getElementById(FIELD_IDS[first])?.focus();
      return;
    }
    setBusy(true);
    try {
      const saved = eventId
        ? await api<EventDoc>("PUT", `/events/${encodeURIComponent(eventId)}`, body)
        : await api<EventDoc>("POST", "/events", body);
      navigate(`/events/${encodeURIComponent(saved.id)}`);
    } catch (err) {
      const ae = err as ApiError;
      const key = errorKey(ae.field);
      if (key) {
        setErrors({ [key]: ae.message });
        document.getElementById(FIELD_IDS[key])?.focus();
      } else setFormError(ae.message);
    } finally {
      setBusy(false);
    }
  }

  const described = (k: keyof EventErrors, hint?: string) =>
    [hint, errors[k] ? `${FIELD_IDS[k]}-error` : null].filter(Boolean).join(" ") || undefined;
  const teams = teamNames(form.teams);
  const back = eventId ? `/events/${encodeURIComponent(eventId)}` : "/events";

  return (
    <HostShell auth={auth} section="events">
      <div class="page-head">
        <div>
          <a href={back} class="back-link">
            <span aria-hidden="true">←</span> {eventId ? "Back to the event" : "Events"}
          </a>
          <h1>{eventId ? "Edit event" : "New event"}</h1>
        </div>
      </div>
      {formError ? <Alert>{formError}</Alert> : null}
      {!loaded ? (
        formError ? null : <Spinner label="Loading…" />
      ) : (
        <form class="settings-form event-form" onSubmit={submit} noValidate>
          <section class="card">
            <div class="field">
              <label class="field-label" for="event-name">
                Event name
              </label>
              <input
                id="event-name"
                ref={nameRef}
                class="input input-lg"
                maxLength={NAME_MAX}
                placeholder="e.g. Spring cup"
                value={form.name}
                onInput={(e) => set("name", (e.target as HTMLInputElement).value)}
                aria-invalid={errors.name ? "true" : undefined}
                aria-describedby={described("name")}
              />
              <ErrorText id="event-name-error" message={errors.name} />
            </div>
            <div class="q-row">
              <div class="field">
                <label class="field-label small" for="event-starts">
                  Starts
                </label>
                <input
                  id="event-starts"
                  type="date"
                  class="input"
                  value={form.starts}
                  onInput={(e) => set("starts", (e.target as HTMLInputElement).value)}
                  aria-invalid={errors.starts_ms ? "true" : undefined}
                  aria-describedby={described("starts_ms")}
                />
                <ErrorText id="event-starts-error" message={errors.starts_ms} />
              </div>
              <div class="field">
                <label class="field-label small" for="event-ends">
                  Ends <span class="optional">(optional)</span>
                </label>
                <input
                  id="event-ends"
                  type="date"
                  class="input"
                  value={form.ends}
                  min={form.starts || undefined}
                  onInput={(e) => set("ends", (e.target as HTMLInputElement).value)}
                  aria-invalid={errors.ends_ms ? "true" : undefined}
                  aria-describedby={described("ends_ms", "event-dates-hint")}
                />
                <ErrorText id="event-ends-error" message={errors.ends_ms} />
              </div>
            </div>
            <p class="hint-dark" id="event-dates-hint">
              The dates are for you and the big screen: a game belongs to the event because you start it as one of its rounds.
            </p>
          </section>
          <section class="card">
            <h2>Teams</h2>
            <div class="field">
              <label class="field-label small" for="event-teams">
                Team names, one per line <span class="optional">(leave empty for no teams)</span>
              </label>
              <textarea
                id="event-teams"
                class="input"
                rows={4}
                placeholder={"Owls\nFoxes"}
                value={form.teams}
                onInput={(e) => set("teams", (e.target as HTMLTextAreaElement).value)}
                aria-invalid={errors.teams ? "true" : undefined}
                aria-describedby={described("teams", "event-teams-hint")}
              />
              <ErrorText id="event-teams-error" message={errors.teams} />
              <p class="hint-dark" id="event-teams-hint">
                Every round offers these teams, and the event adds up each team's scores over its rounds.
              </p>
              {teams.length ? (
                <p class="event-tags" aria-hidden="true">
                  {teams.map((t) => (
                    <span key={t} class="team-tag">
                      {t}
                    </span>
                  ))}
                </p>
              ) : null}
            </div>
          </section>
          <section class="card">
            <h2>Players</h2>
            <label class="check-row">
              <input
                type="checkbox"
                checked={form.requireIdentifier}
                onChange={(e) => set("requireIdentifier", (e.target as HTMLInputElement).checked)}
                aria-describedby="event-id-hint"
              />
              <span>
                <strong>Ask players for an e-mail or ID</strong>
                <span class="hint-dark" id="event-id-hint">
                  Players type their e-mail address or employee/student ID when they join a round, so their scores add up
                  even on another device. Only you see it, on your leaderboards and in reports; never the big screen or other
                  players.
                </span>
              </span>
            </label>
          </section>
          <div class="sticky-actions">
            <button class="btn btn-primary btn-xl" type="submit" disabled={busy}>
              {busy ? "Saving…" : eventId ? "Save changes" : "Create event"}
            </button>
          </div>
        </form>
      )}
    </HostShell>
  );
}
