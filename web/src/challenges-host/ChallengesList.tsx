// `/challenges`: the workspace's challenges, open (closing soonest first), scheduled and closed,
// each with its players and finished runs, its results page, its standings screen, and "Close
// now" for one still open (asked once more inline). A close shows once the server said so.

import { useEffect, useRef, useState } from "preact/hooks";
import { api, type ApiError } from "../api";
import { HostShell, useAuth } from "../components/HostShell";
import { Alert, Spinner } from "../components/ui";
import { announceWorkspace } from "../workspace";
import { StatusTag, useLoad, whenLine } from "./common";
import { type ChallengeDoc, type ChallengeStatus, groupByStatus, playersLine } from "./model";

const GROUPS: [ChallengeStatus, string][] = [
  ["open", "Open"],
  ["scheduled", "Scheduled"],
  ["closed", "Closed"],
];

const KIND_NAMES: Record<string, string> = { duel: "Duel", daily: "Daily challenge" };

function Row({ c, onClose }: { c: ChallengeDoc; onClose: (c: ChallengeDoc) => Promise<void> }) {
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  // The question takes the place of its button: the focus goes to its answer, and back.
  const yes = useRef<HTMLButtonElement>(null);
  const ask = useRef<HTMLButtonElement>(null);
  const asked = useRef(false);
  useEffect(() => {
    if (asking) yes.current?.focus();
    else if (asked.current) ask.current?.focus();
    asked.current = asking;
  }, [asking]);
  const page = `/challenges/${encodeURIComponent(c.id)}`;
  return (
    <li class="card challenge-row" data-testid="challenge-row">
      <div class="challenge-row-main">
        <h3>
          <a href={page}>{c.title}</a>
        </h3>
        <p class="muted-dark">
          <StatusTag status={c.status} />
          {KIND_NAMES[c.kind] ? <> · {KIND_NAMES[c.kind]}</> : null} · {whenLine(c)}
        </p>
        <p data-testid="challenge-players">{playersLine(c)}</p>
      </div>
      <div class="challenge-row-actions">
        <a class="btn btn-ghost-dark btn-sm" href={page}>
          Results<span class="sr-only"> of {c.title}</span>
        </a>
        <a class="btn btn-ghost-dark btn-sm" href={`${page}/screen`} target="huddle-challenge-screen" rel="noopener">
          Standings screen<span class="sr-only"> of {c.title}</span>
        </a>
        {c.status === "closed" ? null : asking ? (
          <span class="confirm-inline" role="group" aria-label={`Close ${c.title} now?`}>
            <button
              ref={yes}
              type="button"
              class="btn btn-danger btn-sm"
              disabled={busy}
              onClick={async () => {
                setBusy(true);
                await onClose(c);
                setBusy(false);
                setAsking(false);
              }}
            >
              Yes, close it
            </button>
            <button type="button" class="btn btn-ghost-dark btn-sm" onClick={() => setAsking(false)}>
              Cancel
            </button>
          </span>
        ) : (
          <button ref={ask} type="button" class="btn btn-danger-ghost-dark btn-sm" onClick={() => setAsking(true)}>
            Close now<span class="sr-only"> {c.title}</span>
          </button>
        )}
      </div>
    </li>
  );
}

export function ChallengesList() {
  const auth = useAuth();
  const { data, error: loadError, reload } = useLoad<{ challenges: ChallengeDoc[] }>(auth ? "/challenges" : null, "No challenges here.");
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    document.title = "Challenges · Huddle";
  }, []);
  if (!auth) return null;

  async function close(c: ChallengeDoc) {
    setError(null);
    try {
      await api("POST", `/challenges/${encodeURIComponent(c.id)}/close`);
      await reload();
      announceWorkspace(`Closed ${c.title}: no new runs start.`);
    } catch (err) {
      setError((err as ApiError).message);
    }
  }

  const groups = data ? groupByStatus(data.challenges) : null;
  return (
    <HostShell auth={auth} section="challenges">
      <div class="page-head">
        <div>
          <h1>Challenges</h1>
          <p class="muted-dark">Quizzes people play at their own pace, alone or team against team.</p>
        </div>
        <div class="head-actions">
          <a class="btn btn-primary btn-lg" href="/challenges/new">
            <span aria-hidden="true">+</span> New challenge
          </a>
        </div>
      </div>
      {error || loadError ? <Alert>{error ?? loadError}</Alert> : null}
      {!groups ? (
        loadError ? null : <Spinner label="Loading the challenges…" />
      ) : data!.challenges.length === 0 ? (
        <div class="empty card">
          <h2>No challenges yet</h2>
          <p>Pick a quiz in your library and choose “Challenge”: people play it on their phones until it closes.</p>
          <a class="btn btn-primary" href="/host">
            Go to your quizzes
          </a>
        </div>
      ) : (
        GROUPS.map(([status, title]) =>
          groups[status].length === 0 ? null : (
            <section key={status} class="challenge-group" aria-labelledby={`group-${status}`}>
              <h2 id={`group-${status}`}>
                {title} <span class="muted-dark">({groups[status].length})</span>
              </h2>
              <ul class="challenge-list" aria-labelledby={`group-${status}`} data-testid={`challenges-${status}`}>
                {groups[status].map((c) => (
                  <Row key={c.id} c={c} onClose={close} />
                ))}
              </ul>
            </section>
          ),
        )
      )}
    </HostShell>
  );
}
