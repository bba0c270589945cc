// `/events`: the host's events (several rounds whose scores add up), newest first.

import { useEffect, useState } from "preact/hooks";
import { api, type ApiError } from "../api";
import { HostShell, useAuth } from "../components/HostShell";
import { Alert, Spinner } from "../components/ui";
import { eventDates } from "../event-model";
import type { EventDoc } from "../protocol";
import { navigate } from "../router";
// The events' stylesheet comes with their chunks, not with the join page's first screen.
import "../styles/events.css";

export function EventsPage() {
  const auth = useAuth();
  const [events, setEvents] = useState<EventDoc[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    document.title = "Events · Huddle";
    if (!auth) return;
    api<{ events: EventDoc[] }>("GET", "/events")
      .then((r) => setEvents(r.events))
      .catch((e: ApiError) => (e.status === 401 ? navigate("/login?next=/events", { replace: true }) : setError(e.message)));
  }, []);

  if (!auth) return null;
  return (
    <HostShell auth={auth} section="events">
      <div class="page-head">
        <div>
          <h1>Events</h1>
          <p class="muted-dark">A cup, a course, a season: several rounds whose scores add up, with teams that stay.</p>
        </div>
        <a class="btn btn-primary btn-lg" href="/events/new">
          <span aria-hidden="true">+</span> New event
        </a>
      </div>
      {error ? <Alert>{error}</Alert> : null}
      {events === null ? (
        error ? null : <Spinner label="Loading your events…" />
      ) : events.length === 0 ? (
        <div class="empty card">
          <h2>No events yet</h2>
          <p>Make an event, then start its rounds from your quizzes: the event leaderboard adds them up.</p>
          <a class="btn btn-primary" href="/events/new">
            Create an event
          </a>
        </div>
      ) : (
        <ul class="event-grid" aria-label="Events">
          {events.map((e, i) => (
            <li key={e.id} class="event-card card">
              <div class={`quiz-band band-${(i + 1) % 4}`} aria-hidden="true" />
              <h2 class="quiz-title">
                <a href={`/events/${encodeURIComponent(e.id)}`}>{e.name}</a>
              </h2>
              <p class="muted-dark">{eventDates(e)}</p>
              <p class="event-tags">
                {e.teams.length ? (
                  e.teams.map((t) => (
                    <span key={t} class="team-tag">
                      {t}
                    </span>
                  ))
                ) : (
                  <span class="plain-tag">No teams</span>
                )}
                {e.require_identifier ? <span class="id-tag">Asks for e-mail or ID</span> : null}
              </p>
              <div class="quiz-actions">
                <a class="btn btn-primary" href={`/events/${encodeURIComponent(e.id)}`}>
                  Open<span class="sr-only"> {e.name}</span>
                </a>
                <a class="btn btn-ghost-dark" href={`/screen/event/${encodeURIComponent(e.id)}`} target="huddle-event-screen" rel="noopener">
                  Big screen<span class="sr-only"> of {e.name}</span> <span aria-hidden="true">↗</span>
                </a>
              </div>
            </li>
          ))}
        </ul>
      )}
    </HostShell>
  );
}
