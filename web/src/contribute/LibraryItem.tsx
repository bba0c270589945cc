// One approved question or tip of the community library: its author's credit, the upvote
// toggle (pressed only after the server said so) and "Report" with a reason.

import { useEffect, useRef, useState } from "preact/hooks";
import { api, ApiError } from "../api";
import { CharCount } from "../components/CharCount";
import { Alert, ErrorText } from "../components/ui";
import { kindOf } from "../kinds";
import type { QuestionDoc } from "../protocol";
import { textLength } from "../text-length";
import { TagList, TipLinks } from "./ContributionParts";
import { type Contribution, CONTRIBUTION_LIMITS, contributionTitle, submitError, type TipDoc } from "./model";

export interface LibraryItemProps {
  c: Contribution;
  /** The member's own item: no vote (the server refuses one). */
  own: boolean;
  onChange: (saved: Partial<Contribution> & { id: string }) => void;
}

export function LibraryItem({ c, own, onChange }: LibraryItemProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [reporting, setReporting] = useState(false);
  const [reported, setReported] = useState(false);
  const title = contributionTitle(c, 200);
  const headingId = `lib-${c.id}`;
  const doc = c.document as Partial<QuestionDoc & TipDoc>;
  const what = c.kind === "tip" ? "Tip card" : (kindOf(doc.kind ?? "choice")?.label ?? "Question");
  const votes = c.votes ?? 0;

  const vote = async () => {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      const answer = await api<{ votes: number; voted: boolean }>(c.voted ? "DELETE" : "POST", `/contributions/${encodeURIComponent(c.id)}/vote`);
      onChange({ id: c.id, votes: answer.votes, voted: answer.voted });
    } catch (err) {
      setError(err instanceof ApiError ? submitError(err.code, err.message) : "Your vote could not be saved. Try again.");
    } finally {
      setBusy(false);
    }
  };

  return (
    <li class="card contrib-item" aria-labelledby={headingId} data-testid="community-item">
      <div class="contrib-item-head">
        <span class="contrib-kind-label">{what}</span>
        {c.credit ? (
          <span class="contrib-credit">
            by {c.credit.name}
            {c.credit.team ? ` · ${c.credit.team}` : ""}
          </span>
        ) : null}
      </div>
      <h2 class="contrib-item-title" id={headingId}>
        {title}
      </h2>
      {c.kind === "tip" ? <TipBody tip={doc as TipDoc} /> : null}
      <TagList tags={c.tags} />
      <div class="row contrib-item-actions">
        {own ? (
          <span class="muted-dark">
            {votes} vote{votes === 1 ? "" : "s"} · yours
          </span>
        ) : (
          <button
            type="button"
            class={`btn btn-sm ${c.voted ? "btn-primary" : "btn-ghost-dark"}`}
            aria-pressed={c.voted ? "true" : "false"}
            aria-label={`Upvote "${contributionTitle(c, 40)}", ${votes} vote${votes === 1 ? "" : "s"}`}
            disabled={busy}
            onClick={() => void vote()}
            data-testid="vote"
          >
            <span aria-hidden="true">▲ {votes}</span>
          </button>
        )}
        {reported ? (
          <span class="muted-dark" role="status">
            Reported. A host will look at it.
          </span>
        ) : own || reporting ? null : (
          <button type="button" class="btn btn-ghost-dark btn-sm" onClick={() => setReporting(true)} aria-label={`Report "${contributionTitle(c, 40)}"`}>
            Report
          </button>
        )}
      </div>
      {error ? <Alert>{error}</Alert> : null}
      {reporting && !reported ? (
        <ReportForm
          id={c.id}
          onDone={() => {
            setReporting(false);
            setReported(true);
          }}
          onCancel={() => setReporting(false)}
        />
      ) : null}
    </li>
  );
}

function TipBody({ tip }: { tip: TipDoc }) {
  return (
    <>
      <p class="contrib-tip-body">{tip.body}</p>
      <TipLinks links={tip.links} listClass="contrib-links-list" rel="noopener noreferrer nofollow" />
    </>
  );
}

/** The reason of a report, sent to the hosts (`POST /api/contributions/{id}/report`). */
function ReportForm({ id, onDone, onCancel }: { id: string; onDone: () => void; onCancel: () => void }) {
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const field = `report-${id}`;
  const box = useRef<HTMLTextAreaElement>(null);
  useEffect(() => box.current?.focus(), []);
  const submit = async (e: Event) => {
    e.preventDefault();
    const n = textLength(reason);
    if (!n) return setError("Say what is wrong with it.");
    if (n > CONTRIBUTION_LIMITS.reason) return setError(`Keep the reason to ${CONTRIBUTION_LIMITS.reason} characters.`);
    setBusy(true);
    setError(null);
    try {
      await api("POST", `/contributions/${encodeURIComponent(id)}/report`, { reason: reason.trim() });
      onDone();
    } catch (err) {
      setError(err instanceof ApiError ? submitError(err.code, err.message) : "The report could not be sent. Try again.");
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="contrib-report" onSubmit={submit} noValidate>
      <div class="field">
        <label class="field-label small" for={field}>
          What is wrong with it?
        </label>
        <textarea
          ref={box}
          id={field}
          class="input"
          rows={2}
          value={reason}
          onInput={(e) => setReason((e.target as HTMLTextAreaElement).value)}
          aria-invalid={error ? "true" : undefined}
          aria-describedby={`${field}-count${error ? ` ${field}-error` : ""}`}
        />
        <CharCount id={`${field}-count`} value={reason} limit={CONTRIBUTION_LIMITS.reason} />
        <ErrorText id={`${field}-error`} message={error} />
      </div>
      <div class="row">
        <button type="submit" class="btn btn-primary btn-sm" disabled={busy}>
          {busy ? "Sending…" : "Send report"}
        </button>
        <button type="button" class="btn btn-ghost-dark btn-sm" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
      </div>
    </form>
  );
}
