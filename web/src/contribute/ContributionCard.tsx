// One item of "Your questions and tips": its status, what it says, its review thread, its
// statistics once played, and the edit form while it may still change.

import { api } from "../api";
import { kindOf } from "../kinds";
import type { ContributionStats, QuestionDoc } from "../protocol";
import { ContributionForm } from "./ContributionForm";
import { TagList } from "./ContributionParts";
import { actionText, type Contribution, contributionTitle, editable, statusText, type TipDoc } from "./model";
import { discriminationText, statsLine } from "./stats";

export interface ContributionCardProps {
  c: Contribution;
  stats: ContributionStats | null;
  editing: boolean;
  onEdit: () => void;
  onCancel: () => void;
  onSaved: (saved: Contribution) => void;
}

export function ContributionCard({ c, stats, editing, onEdit, onCancel, onSaved }: ContributionCardProps) {
  const title = contributionTitle(c, 120);
  const headingId = `contrib-${c.id}`;
  const what = c.kind === "tip" ? "Tip card" : kindOf((c.document as QuestionDoc).kind)?.label ?? "Question";
  return (
    <li class="card contrib-item" aria-labelledby={headingId} data-testid="contrib-item" data-status={c.status}>
      <div class="contrib-item-head">
        <span class="contrib-kind-label">{what}</span>
        <span class={`contrib-status status-${c.status}`} data-testid="contrib-status">
          {statusText(c.status)}
        </span>
      </div>
      <h2 class="contrib-item-title" id={headingId}>
        {title}
      </h2>
      {c.kind === "tip" ? <p class="contrib-tip-body">{(c.document as TipDoc).body}</p> : null}
      <TagList tags={c.tags} />
      {c.status === "approved" && c.credit ? (
        <p class="muted-dark">
          Credited to {c.credit.name}
          {c.credit.team ? ` · ${c.credit.team}` : ""}
        </p>
      ) : null}
      {stats ? (
        <div class="contrib-item-stats" data-testid="contrib-item-stats">
          <p>{statsLine(stats)}</p>
          {stats.answered > 0 ? <p class="muted-dark">{discriminationText(stats.discrimination)}</p> : null}
        </div>
      ) : null}
      {c.events?.length ? (
        <details class="more contrib-thread" open={c.status === "changes_requested" || c.status === "rejected"}>
          <summary>Review thread ({c.events.length})</summary>
          <ol class="contrib-events">
            {c.events.map((e, i) => (
              <li key={i}>
                <strong>{actionText(e.action)}</strong>
                {e.by?.name ? <span class="muted-dark"> · {e.by.name}</span> : null}
                {e.at_ms ? (
                  <span class="muted-dark">
                    {" "}
                    · <time dateTime={new Date(e.at_ms).toISOString()}>{formatWhen(e.at_ms)}</time>
                  </span>
                ) : null}
                {e.comment ? <p class="contrib-comment">{e.comment}</p> : null}
              </li>
            ))}
          </ol>
        </details>
      ) : null}
      {editable(c) ? (
        editing ? (
          <div class="contrib-edit">
            <h3>Edit {c.kind === "tip" ? "your tip" : "your question"}</h3>
            <ContributionForm
              initial={c}
              kind={c.kind}
              submitLabel="Send again for review"
              send={(body) => api<Contribution>("PUT", `/contributions/${encodeURIComponent(c.id)}`, { document: body.document, tags: body.tags, version: c.version })}
              onDone={onSaved}
              onCancel={onCancel}
            />
          </div>
        ) : (
          <button type="button" class="btn btn-primary" onClick={onEdit} aria-label={`Edit "${contributionTitle(c, 40)}"`}>
            {c.status === "changes_requested" ? "Edit and send again" : "Edit"}
          </button>
        )
      ) : null}
    </li>
  );
}

function formatWhen(ms: number): string {
  return new Date(ms).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}
