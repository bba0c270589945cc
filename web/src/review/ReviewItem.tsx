// One item of the review queue: who wrote it (name, team), for which drive, the content with its
// correct answer, the thread, and the reviewer's actions. An action is shown done only once the
// server answered (the page replaces the item with the answer); a refusal is shown and read out.

import { useEffect, useState } from "preact/hooks";
import { ErrorText } from "../components/ui";
import type { QuestionDoc } from "../protocol";
import { AddToQuiz } from "./AddToQuiz";
import { ContributionView, Thread } from "./ContributionView";
import {
  authorLine,
  COMMENT_MAX,
  commentError,
  type Contribution,
  type Drive,
  itemTitle,
  type ReviewAction,
  statusLabel,
  type TipDoc,
} from "./review-model";
import { ReviewEditor } from "./ReviewEditor";

export type ItemAction =
  | { kind: "review"; action: ReviewAction; comment: string; document?: QuestionDoc | TipDoc }
  | { kind: "hide" | "unhide" | "resolve" };

export interface ItemProps {
  c: Contribution;
  drive: Drive | null;
  /** A host or higher: hides, unhides, adds to quizzes. */
  host: boolean;
  busy: boolean;
  error: { field?: string; message: string } | null;
  /** Whether this item's editor is the one open (the page keeps one at a time). */
  editing: boolean;
  setEditing: (on: boolean) => void;
  act: (a: ItemAction) => Promise<boolean>;
  say: (text: string) => void;
}

const decidable = (c: Contribution) => c.status === "pending" || c.status === "changes_requested";

export function ReviewItem({ c, drive, host, busy, error, editing, setEditing, act, say }: ItemProps) {
  // The action waiting for its comment ("changes" or "reject"), its text and its problem.
  const [asking, setAsking] = useState<"changes" | "reject" | null>(null);
  const [comment, setComment] = useState("");
  const [commentErr, setCommentErr] = useState<string | null>(null);
  const title = itemTitle(c);
  const cid = `review-${c.id}`;
  useEffect(() => {
    if (asking) document.getElementById(`${cid}-comment`)?.focus();
  }, [asking]);

  async function sendAsked(e: Event) {
    e.preventDefault();
    if (!asking) return;
    const problem = commentError(asking, comment);
    setCommentErr(problem);
    if (problem) {
      document.getElementById(`${cid}-comment`)?.focus();
      return;
    }
    if (await act({ kind: "review", action: asking, comment })) {
      setAsking(null);
      setComment("");
    }
  }

  return (
    <li class="card review-item" aria-labelledby={`${cid}-title`} data-testid="review-item">
      <div class="review-item-head">
        <h2 id={`${cid}-title`} class="review-title">
          {title}
        </h2>
        <p class="review-meta">
          <span class={`review-status status-${c.status}`} data-testid="review-status">
            {statusLabel(c.status)}
          </span>
          {c.hidden ? <span class="review-status status-hidden">Hidden</span> : null}
          {c.open_reports ? (
            <span class="review-status status-reported">
              {c.open_reports} open report{c.open_reports === 1 ? "" : "s"}
            </span>
          ) : null}
        </p>
        <p class="review-author" data-testid="review-author">
          By {authorLine(c)}
          {drive ? <> · drive “{drive.title}”</> : null}
        </p>
      </div>
      {editing ? (
        <ReviewEditor
          c={c}
          busy={busy}
          serverError={error}
          onApprove={(document) => void act({ kind: "review", action: "edit", comment: "", document })}
          onCancel={() => setEditing(false)}
        />
      ) : (
        <ContributionView c={c} />
      )}
      <Thread events={c.events ?? []} />
      {error && !editing ? <ErrorText id={`${cid}-error`} message={error.message} /> : null}
      {!editing && decidable(c) ? (
        <div class="review-actions" role="group" aria-label={`Review “${title}”`}>
          <button type="button" class="btn btn-primary" disabled={busy} onClick={() => void act({ kind: "review", action: "approve", comment: "" })}>
            Approve
          </button>
          <button type="button" class="btn btn-ghost-dark" disabled={busy} onClick={() => setEditing(true)}>
            Edit and approve
          </button>
          <button type="button" class="btn btn-ghost-dark" disabled={busy} aria-expanded={asking === "changes"} onClick={() => setAsking("changes")}>
            Ask for changes
          </button>
          <button type="button" class="btn btn-danger-ghost-dark" disabled={busy} aria-expanded={asking === "reject"} onClick={() => setAsking("reject")}>
            Reject
          </button>
        </div>
      ) : null}
      {asking && !editing ? (
        <form class="review-comment-form" onSubmit={sendAsked} noValidate>
          <label class="field-label" for={`${cid}-comment`}>
            {asking === "changes" ? "What should the author change?" : "Why is it rejected?"}
          </label>
          <textarea
            id={`${cid}-comment`}
            class="input"
            rows={3}
            maxLength={COMMENT_MAX}
            value={comment}
            onInput={(e) => setComment((e.target as HTMLTextAreaElement).value)}
            aria-invalid={commentErr ? "true" : undefined}
            aria-describedby={commentErr ? `${cid}-comment-error` : undefined}
          />
          <ErrorText id={`${cid}-comment-error`} message={commentErr} />
          <div class="row">
            <button type="submit" class={`btn ${asking === "reject" ? "btn-danger" : "btn-primary"}`} disabled={busy}>
              {busy ? "Sending…" : asking === "changes" ? "Send to the author" : "Send the rejection"}
            </button>
            <button type="button" class="btn btn-ghost-dark" disabled={busy} onClick={() => setAsking(null)}>
              Cancel
            </button>
          </div>
        </form>
      ) : null}
      {host || c.open_reports ? (
        <div class="review-actions review-moderation" role="group" aria-label={`Moderate “${title}”`}>
          {host ? (
            <button type="button" class="btn btn-ghost-dark btn-sm" disabled={busy} onClick={() => void act({ kind: c.hidden ? "unhide" : "hide" })}>
              {c.hidden ? "Unhide" : "Hide everywhere"}
            </button>
          ) : null}
          {c.open_reports ? (
            <button type="button" class="btn btn-ghost-dark btn-sm" disabled={busy} onClick={() => void act({ kind: "resolve" })}>
              Resolve reports
            </button>
          ) : null}
        </div>
      ) : null}
      {host && c.status === "approved" && !c.hidden && c.kind === "question" ? <AddToQuiz c={c} say={say} /> : null}
    </li>
  );
}
