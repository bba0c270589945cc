// `/drives`: the workspace's question drives for its hosts. A drive asks members for questions
// by a deadline (a brief, an event, a per-member limit); each shows the link members open,
// `/drives/<id>`, with its QR code, and how many questions came in. A host creates and closes
// drives and starts a community round from one. Shown created or closed once the server said so.

import { useEffect, useState } from "preact/hooks";
import { api, type ApiError } from "../api";
import { HostShell, useAuth } from "../components/HostShell";
import { QrCode } from "../components/QrCode";
import { Alert, ErrorText, Spinner } from "../components/ui";
import { useWorkspaces } from "../hooks/workspaces";
import type { EventDoc } from "../protocol";
import { navigate } from "../router";
import { announceWorkspace } from "../workspace";
import { startRound } from "./CommunityRound";
import {
  defaultDeadline,
  type Drive,
  driveBody,
  type DriveDraft,
  type DriveErrors,
  driveLink,
  DRIVE_BRIEF_MAX,
  DRIVE_TITLE_MAX,
  errorText,
  LIMIT_MAX,
  LIMIT_MIN,
} from "./review-model";
import "../styles/review.css";

const FIELD_IDS: Record<keyof DriveErrors, string> = {
  title: "drive-title",
  brief: "drive-brief",
  deadline: "drive-deadline",
  limit: "drive-limit",
};
const SERVER_FIELDS: Record<string, keyof DriveErrors> = { title: "title", brief: "brief", deadline: "deadline", per_member_limit: "limit" };

function NewDrive({ events, onCreated }: { events: EventDoc[]; onCreated: (d: Drive) => void }) {
  const [draft, setDraft] = useState<DriveDraft>({ title: "", brief: "", eventId: "", deadline: defaultDeadline(Date.now()), limit: "3" });
  const [errors, setErrors] = useState<DriveErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (k: keyof DriveDraft) => (e: Event) => setDraft({ ...draft, [k]: (e.target as HTMLInputElement).value });
  const described = (k: keyof DriveErrors) =>
    errors[k] ? { "aria-invalid": "true" as const, "aria-describedby": `${FIELD_IDS[k]}-error` } : {};

  async function submit(e: Event) {
    e.preventDefault();
    setFormError(null);
    const r = driveBody(draft, Date.now());
    if ("errors" in r) {
      setErrors(r.errors);
      document.getElementById(FIELD_IDS[Object.keys(r.errors)[0] as keyof DriveErrors])?.focus();
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      const drive = await api<Drive>("POST", "/drives", r.body);
      onCreated(drive);
      setDraft({ ...draft, title: "", brief: "" });
    } catch (err) {
      const e2 = err as ApiError;
      const field = e2.field ? SERVER_FIELDS[e2.field] : undefined;
      if (field) {
        setErrors({ [field]: e2.message });
        document.getElementById(FIELD_IDS[field])?.focus();
      } else setFormError(errorText(e2.code, e2.message));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="card drive-form" onSubmit={submit} noValidate aria-labelledby="drive-new-title">
      <h2 id="drive-new-title">New question drive</h2>
      <div class="field">
        <label class="field-label" for="drive-title">
          Title
        </label>
        <input id="drive-title" class="input" maxLength={DRIVE_TITLE_MAX} value={draft.title} onInput={set("title")} {...described("title")} />
        <ErrorText id="drive-title-error" message={errors.title} />
      </div>
      <div class="field">
        <label class="field-label" for="drive-brief">
          Brief for the members <span class="optional">(optional)</span>
        </label>
        <textarea id="drive-brief" class="input" rows={3} maxLength={DRIVE_BRIEF_MAX} value={draft.brief} onInput={set("brief")} {...described("brief")} />
        <ErrorText id="drive-brief-error" message={errors.brief} />
      </div>
      <div class="drive-form-row">
        <div class="field">
          <label class="field-label" for="drive-deadline">
            Deadline
          </label>
          <input id="drive-deadline" class="input" type="datetime-local" value={draft.deadline} onInput={set("deadline")} {...described("deadline")} />
          <ErrorText id="drive-deadline-error" message={errors.deadline} />
        </div>
        <div class="field">
          <label class="field-label" for="drive-limit">
            Questions per member
          </label>
          <input
            id="drive-limit"
            class="input input-short"
            type="number"
            inputMode="numeric"
            min={LIMIT_MIN}
            max={LIMIT_MAX}
            value={draft.limit}
            onInput={set("limit")}
            {...described("limit")}
          />
          <ErrorText id="drive-limit-error" message={errors.limit} />
        </div>
      </div>
      {events.length ? (
        <div class="field">
          <label class="field-label" for="drive-event">
            For the event <span class="optional">(optional)</span>
          </label>
          <select id="drive-event" class="input" value={draft.eventId} onChange={set("eventId")}>
            <option value="">No event</option>
            {events.map((ev) => (
              <option key={ev.id} value={ev.id}>
                {ev.name}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <ErrorText id="drive-form-error" message={formError} />
      <button type="submit" class="btn btn-primary" disabled={busy}>
        {busy ? "Creating…" : "Create drive"}
      </button>
    </form>
  );
}

function DriveCard({ d, say, onChanged }: { d: Drive; say: (t: string) => void; onChanged: (d: Drive) => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // The list has no counts: each card asks for its drive's (a workspace has a few drives).
  const [counts, setCounts] = useState<{ submitted_total?: number; approved?: number } | null>(null);
  const link = driveLink(window.location.origin, d.id);
  useEffect(() => {
    api<Drive>("GET", `/drives/${encodeURIComponent(d.id)}`).then(setCounts, () => setCounts(null));
  }, [d.id, d.closed_ms]);

  async function run(what: () => Promise<void>) {
    setBusy(true);
    setError(null);
    try {
      await what();
    } catch (err) {
      const e = err as ApiError;
      setError(errorText(e.code, e.message));
    } finally {
      setBusy(false);
    }
  }

  return (
    <li class="card drive-card" aria-labelledby={`drive-${d.id}`} data-testid="drive-card">
      <div class="drive-card-text">
        <h2 id={`drive-${d.id}`} class="drive-name">
          {d.title}
        </h2>
        <p class="muted-dark">
          {d.open ? "Open" : "Closed"} · until {new Date(d.deadline_ms).toLocaleString()} · {d.per_member_limit} per member
        </p>
        {d.brief ? <p class="drive-brief">{d.brief}</p> : null}
        {counts ? (
          <p data-testid="drive-counts">
            {counts.submitted_total ?? 0} submitted · {counts.approved ?? 0} approved
          </p>
        ) : null}
        <p class="drive-link">
          <a href={`/drives/${encodeURIComponent(d.id)}`} data-testid="drive-link">
            {link}
          </a>
        </p>
        <div class="row">
          <button
            type="button"
            class="btn btn-ghost-dark btn-sm"
            disabled={busy}
            onClick={() =>
              void navigator.clipboard?.writeText(link).then(
                () => say("Copied the drive's link."),
                () => setError("Could not copy: select the link and copy it."),
              )
            }
          >
            Copy link
          </button>
          {d.open ? (
            <button
              type="button"
              class="btn btn-ghost-dark btn-sm"
              disabled={busy}
              onClick={() =>
                void run(async () => {
                  const closed = await api<Drive>("POST", `/drives/${encodeURIComponent(d.id)}/close`);
                  onChanged({ ...d, ...closed });
                  say(`Closed the drive ${d.title}.`);
                })
              }
            >
              Close drive
            </button>
          ) : null}
          <button
            type="button"
            class="btn btn-primary btn-sm"
            disabled={busy}
            onClick={() =>
              void run(async () => {
                const problem = await startRound({ driveId: d.id }, 10, say);
                if (problem) throw { code: "", message: problem };
              })
            }
          >
            Community round
          </button>
        </div>
        <ErrorText id={`drive-${d.id}-error`} message={error} />
      </div>
      <QrCode text={link} label={`QR code of the link to the drive ${d.title}`} class="drive-qr" />
    </li>
  );
}

export function DrivesPage() {
  const auth = useAuth();
  const current = useWorkspaces().current;
  const [drives, setDrives] = useState<Drive[] | null>(null);
  const [events, setEvents] = useState<EventDoc[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => {
    document.title = "Question drives · Huddle";
    if (!auth) return;
    api<{ drives: Drive[] }>("GET", "/drives").then(
      (r) => setDrives(r.drives ?? []),
      (err: ApiError) => (err.status === 401 ? navigate("/login?next=/drives", { replace: true }) : setError(err.message)),
    );
    api<{ events: EventDoc[] }>("GET", "/events").then(
      (r) => setEvents(r.events ?? []),
      () => setEvents([]),
    );
  }, [current?.id]);

  if (!auth) return null;

  function say(text: string) {
    setNotice(text);
    announceWorkspace(text);
  }

  return (
    <HostShell auth={auth} section="drives">
      <div class="page-head">
        <div>
          <h1>Question drives</h1>
          <p class="muted-dark">Ask members for questions by a deadline; share the link or its QR code.</p>
        </div>
        <a class="btn btn-ghost-dark" href="/review">
          Review queue
        </a>
      </div>
      {error ? <Alert>{error}</Alert> : null}
      {notice ? (
        <p class="ws-notice" data-testid="drives-notice">
          <span aria-hidden="true">✓ </span>
          {notice}
        </p>
      ) : null}
      <NewDrive
        events={events}
        onCreated={(d) => {
          setDrives((list) => [d, ...(list ?? [])]);
          say(`Created the drive ${d.title}.`);
        }}
      />
      {drives === null ? (
        error ? null : <Spinner label="Loading the drives…" />
      ) : drives.length === 0 ? (
        <p class="empty card">No drives yet.</p>
      ) : (
        <ul class="drive-list" aria-label="Drives">
          {drives.map((d) => (
            <DriveCard key={d.id} d={d} say={say} onChanged={(nd) => setDrives((list) => list && list.map((x) => (x.id === nd.id ? nd : x)))} />
          ))}
        </ul>
      )}
    </HostShell>
  );
}
