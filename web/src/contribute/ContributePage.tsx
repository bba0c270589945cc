// `/contribute`: a member writes a question (any kind the quiz editor knows) or a tip card and
// sends it for review (`POST /api/contributions`). `?drive=<id>` writes for a question drive: its
// brief and the member's remaining count are shown (`GET /api/drives/{id}`); `?after=<game>`
// comes from a game's end ("for next time"). Sent is said only once the server has it.

import { useEffect, useState } from "preact/hooks";
import { api, ApiError } from "../api";
import { HostShell, useAuth } from "../components/HostShell";
import { Alert, Spinner } from "../components/ui";
import { type ContributionBody, ContributionForm } from "./ContributionForm";
import { type Contribution, type ContributionKind, deadlineText, type Drive, remainingText } from "./model";
import { contributeHref } from "./routes";

type DriveLoad = { status: "none" } | { status: "loading" } | { status: "error"; message: string } | { status: "ok"; drive: Drive };

export function ContributePage({ driveId, after, kind: firstKind }: { driveId: string | null; after: string | null; kind: ContributionKind }) {
  const auth = useAuth();
  const [kind, setKind] = useState<ContributionKind>(driveId ? "question" : firstKind);
  const [drive, setDrive] = useState<DriveLoad>(driveId ? { status: "loading" } : { status: "none" });
  const [sent, setSent] = useState<Contribution | null>(null);
  // A new form after "write another": its fields start empty.
  const [round, setRound] = useState(0);

  const loadDrive = async () => {
    if (!driveId) return;
    try {
      setDrive({ status: "ok", drive: await api<Drive>("GET", `/drives/${encodeURIComponent(driveId)}`) });
    } catch (err) {
      setDrive({ status: "error", message: err instanceof ApiError ? err.message : "Could not load the question drive." });
    }
  };

  useEffect(() => {
    document.title = "Add a question · Huddle";
    if (auth) void loadDrive();
  }, []);

  if (!auth) return null;
  const send = (body: ContributionBody) =>
    api<Contribution>("POST", "/contributions", driveId && body.kind === "question" ? { ...body, drive_id: driveId } : body);
  const onDone = (saved: Contribution) => {
    setSent(saved);
    // The drive's remaining count changed on the server: read it again.
    void loadDrive();
    window.setTimeout(() => document.getElementById("contrib-sent")?.focus(), 0);
  };
  const closed = drive.status === "ok" && (drive.drive.open === false || (drive.drive.remaining ?? 1) <= 0);

  return (
    <HostShell auth={auth} section="contribute">
      <div class="page-head">
        <div>
          <h1>{kind === "tip" ? "Share a tip" : "Add a question"}</h1>
          <p class="muted-dark">
            {after
              ? "For next time: a host reviews what you send, and it may be played in a coming game."
              : "A host reviews what you send before anyone else sees it."}
          </p>
        </div>
      </div>
      <div class="contrib-page">
        {drive.status === "loading" ? <Spinner label="Loading the question drive…" /> : null}
        {drive.status === "error" ? <Alert>{drive.message}</Alert> : null}
        {drive.status === "ok" ? <DriveCard drive={drive.drive} /> : null}

        {sent ? (
          <section class="card contrib-sent" aria-labelledby="contrib-sent" data-testid="contrib-sent">
            <h2 id="contrib-sent" tabIndex={-1}>
              Sent for review
            </h2>
            <p>You will see here when a host has looked at it: {sent.kind === "tip" ? "your tip" : "your question"} is waiting for review.</p>
            <div class="row">
              <a class="btn btn-primary" href="/me/contributions">
                See your questions and tips
              </a>
              {closed ? null : (
                <button
                  type="button"
                  class="btn btn-ghost-dark"
                  onClick={() => {
                    setSent(null);
                    setRound((n) => n + 1);
                  }}
                >
                  Write another
                </button>
              )}
            </div>
          </section>
        ) : closed ? (
          <Alert kind="info">This question drive takes no more questions from you.</Alert>
        ) : (
          <section class="card">
            {driveId ? null : (
              <fieldset class="field contrib-kind">
                <legend class="field-label">What do you want to add?</legend>
                <div class="contrib-kind-options">
                  {(["question", "tip"] as const).map((k) => (
                    <label key={k} class={`contrib-kind-option ${kind === k ? "is-on" : ""}`}>
                      <input type="radio" name="contrib-kind" value={k} checked={kind === k} onChange={() => setKind(k)} />
                      <span>{k === "question" ? "A question" : "A tip card"}</span>
                    </label>
                  ))}
                </div>
              </fieldset>
            )}
            <ContributionForm
              key={`${kind}-${round}`}
              initial={null}
              kind={kind}
              submitLabel="Send for review"
              send={send}
              onDone={onDone}
            />
          </section>
        )}
      </div>
    </HostShell>
  );
}

/** A question drive's brief, deadline and what the member may still send. */
export function DriveCard({ drive, withLink = false }: { drive: Drive; withLink?: boolean }) {
  const left = drive.open === false ? "Closed" : deadlineText(drive.deadline_ms, drive.closed_ms, Date.now());
  const deadline = new Date(drive.deadline_ms);
  const open = left !== "Closed" && (drive.remaining ?? 1) > 0;
  return (
    <section class="card contrib-drive" aria-labelledby="drive-title" data-testid="drive-card">
      <p class="contrib-eyebrow">Question drive</p>
      <h2 id="drive-title">{drive.title}</h2>
      {drive.brief ? <p class="contrib-brief">{drive.brief}</p> : null}
      <p class="muted-dark">
        {Number.isFinite(deadline.getTime()) ? (
          <>
            Until <time dateTime={deadline.toISOString()}>{deadline.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" })}</time> ·{" "}
          </>
        ) : null}
        {left}
      </p>
      <p data-testid="drive-remaining">{remainingText(drive.remaining)}</p>
      {withLink && open ? (
        <a class="btn btn-primary btn-lg" href={contributeHref({ driveId: drive.id })}>
          Write a question
        </a>
      ) : null}
    </section>
  );
}
