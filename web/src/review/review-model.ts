// The host pages of member content (issue 16): the review queue's tabs and items, what each
// review action needs before it is sent, the words said when the server answered, the drive
// form's checks and a drive's link. Pure: the pages (ReviewQueuePage, DrivesPage) do the I/O.

import type { QuestionDoc } from "../protocol";

/** An account as the contribution routes name it (a queue item's author also has a team). */
export interface PersonRef {
  id: string;
  name: string;
  team?: string | null;
}

/** One step of a contribution's thread (reports are in a reviewer's thread only). */
export interface ThreadStep {
  action: string;
  comment: string | null;
  by: PersonRef | null;
  at_ms: number;
}

export interface TipDoc {
  title: string;
  body: string;
  media?: { image?: string; audio?: string; video?: string } | null;
  links?: { url: string; label?: string }[];
}

export type ContributionStatus = "pending" | "changes_requested" | "approved" | "rejected";

/** A contribution as GET /api/contributions/queue gives it to a reviewer. */
export interface Contribution {
  id: string;
  kind: "question" | "tip";
  document: QuestionDoc | TipDoc;
  tags: string[];
  status: ContributionStatus;
  drive_id: string | null;
  author: PersonRef | null;
  credit?: { name: string; team: string | null } | null;
  created_ms: number;
  updated_ms: number;
  hidden: boolean;
  votes: number;
  version: number;
  events?: ThreadStep[];
  open_reports?: number;
}

/** A question drive (GET /api/drives). */
export interface Drive {
  id: string;
  title: string;
  brief: string | null;
  event_id: string | null;
  deadline_ms: number;
  per_member_limit: number;
  created_ms: number;
  closed_ms: number | null;
  open: boolean;
  submitted_total?: number;
  approved?: number;
}

// -- the queue's tabs ----------------------------------------------------------------------

export type QueueTab = "pending" | "changes_requested" | "reported" | "all";

export const TABS: { id: QueueTab; label: string }[] = [
  { id: "pending", label: "Pending" },
  { id: "changes_requested", label: "Changes asked" },
  { id: "reported", label: "Reported" },
  { id: "all", label: "All" },
];

/** The tab a `?tab=` query names, else "pending". */
export function tabFromSearch(search: string): QueueTab {
  const tab = new URLSearchParams(search).get("tab");
  return TABS.some((t) => t.id === tab) ? (tab as QueueTab) : "pending";
}

/** The tab after `from` when an arrow key (or Home/End) is pressed in the tab list, else null. */
export function tabAfterKey(from: QueueTab, key: string): QueueTab | null {
  const i = TABS.findIndex((t) => t.id === from);
  const n = TABS.length;
  const to = { ArrowRight: (i + 1) % n, ArrowLeft: (i - 1 + n) % n, Home: 0, End: n - 1 }[key];
  return to === undefined ? null : TABS[to].id;
}

/** The queue's list from its answer (`{items}` or `{contributions}`). */
export function queueItems(answer: unknown): Contribution[] {
  const a = answer as { items?: Contribution[]; contributions?: Contribution[] } | null;
  return a?.items ?? a?.contributions ?? [];
}

/** Whether an item still belongs in `tab` after a change the server answered with. */
export function belongsIn(tab: QueueTab, c: Contribution): boolean {
  if (tab === "all") return true;
  if (tab === "reported") return (c.open_reports ?? 0) > 0;
  return c.status === tab;
}

// -- an item's words ---------------------------------------------------------------------

export const STATUS_LABELS: Record<ContributionStatus, string> = {
  pending: "Waiting for review",
  changes_requested: "Changes asked",
  approved: "Approved",
  rejected: "Rejected",
};

export function statusLabel(status: string): string {
  return (STATUS_LABELS as Record<string, string>)[status] ?? status;
}

/** The item's heading: the question's prompt or the tip's title. */
export function itemTitle(c: Contribution): string {
  const doc = c.document as Partial<QuestionDoc & TipDoc>;
  return (c.kind === "tip" ? doc.title : doc.prompt) || "(untitled)";
}

/** "Ann Member (Owls)", or who wrote it when the account is gone. */
export function authorLine(c: Contribution): string {
  if (!c.author) return "A former member";
  return c.author.team ? `${c.author.name} (${c.author.team})` : c.author.name;
}

const STEP_WORDS: Record<string, string> = {
  submitted: "Submitted",
  edited: "Edited by the author",
  approved: "Approved",
  edited_and_approved: "Edited and approved",
  changes_requested: "Changes asked",
  rejected: "Rejected",
  hidden: "Hidden",
  unhidden: "Shown again",
  reported: "Reported",
};

/** A thread step in words: "Changes asked by Rita". */
export function stepText(step: ThreadStep): string {
  const what = STEP_WORDS[step.action] ?? step.action;
  return step.by?.name ? `${what} by ${step.by.name}` : what;
}

// -- review actions ------------------------------------------------------------------------

export type ReviewAction = "approve" | "edit" | "changes" | "reject";

export const COMMENT_MAX = 1000;

/** The comment's problem, or null: required to ask for changes or reject, at most 1000 characters. */
export function commentError(action: ReviewAction, comment: string): string | null {
  const text = comment.trim();
  if (text.includes("\u0000")) return "The comment holds a character that cannot be sent.";
  if ((action === "changes" || action === "reject") && !text)
    return action === "changes" ? "Say what the author should change." : "Give the author a reason.";
  if ([...text].length > COMMENT_MAX) return `Keep the comment to ${COMMENT_MAX} characters.`;
  return null;
}

/** The body of POST /api/contributions/{id}/review for an action. */
export function reviewBody(
  action: ReviewAction,
  c: Contribution,
  comment: string,
  document?: QuestionDoc | TipDoc,
): Record<string, unknown> {
  const body: Record<string, unknown> = { action: action === "edit" ? "approve" : action, version: c.version };
  const text = comment.trim();
  if (text) body.comment = text;
  if (action === "edit" && document) body.document = document;
  return body;
}

/** What the page says once the server answered an action on `title`. */
export function doneText(action: ReviewAction | "hide" | "unhide" | "resolve", title: string): string {
  const t = `“${title}”`;
  switch (action) {
    case "approve":
      return `Approved ${t}.`;
    case "edit":
      return `Edited and approved ${t}.`;
    case "changes":
      return `Asked for changes to ${t}.`;
    case "reject":
      return `Rejected ${t}.`;
    case "hide":
      return `Hid ${t} everywhere.`;
    case "unhide":
      return `${t} shows again.`;
    default:
      return `Resolved the reports on ${t}.`;
  }
}

const ERROR_WORDS: Record<string, string> = {
  conflict: "Someone changed this item meanwhile. The list was loaded again: look at it once more.",
  not_reviewable: "This item was decided meanwhile. The list was loaded again.",
  not_found: "This item is gone (deleted or hidden meanwhile).",
  forbidden: "You may not do this here (your own submission, or your role changed).",
  blocked_text: "The text holds a word the workspace does not allow.",
  offline: "Could not reach the server. Check your connection and try again.",
};

/** A refusal's words: the code's, else the server's message. */
export function errorText(code: string, message: string): string {
  return ERROR_WORDS[code] ?? message;
}

// -- drives --------------------------------------------------------------------------------

export const DRIVE_TITLE_MAX = 120;
export const DRIVE_BRIEF_MAX = 1000;
export const LIMIT_MIN = 1;
export const LIMIT_MAX = 50;

export interface DriveDraft {
  title: string;
  brief: string;
  eventId: string;
  /** As an `<input type="datetime-local">` gives it: "2026-12-24T18:00", local time. */
  deadline: string;
  limit: string;
}

export type DriveErrors = Partial<Record<"title" | "brief" | "deadline" | "limit", string>>;

/** The body of POST /api/drives, or the fields' problems (checked again by the server). */
export function driveBody(d: DriveDraft, nowMs: number): { body: Record<string, unknown> } | { errors: DriveErrors } {
  const errors: DriveErrors = {};
  const title = d.title.trim();
  const brief = d.brief.trim();
  if (!title) errors.title = "Give the drive a title.";
  else if ([...title].length > DRIVE_TITLE_MAX) errors.title = `Keep the title to ${DRIVE_TITLE_MAX} characters.`;
  if ([...brief].length > DRIVE_BRIEF_MAX) errors.brief = `Keep the brief to ${DRIVE_BRIEF_MAX} characters.`;
  if ((title + brief).includes("\u0000")) errors.title = "The text holds a character that cannot be sent.";
  const deadline = d.deadline ? new Date(d.deadline) : null;
  if (!deadline || Number.isNaN(deadline.getTime())) errors.deadline = "Pick the date and time the drive closes.";
  else if (deadline.getTime() <= nowMs) errors.deadline = "The deadline must be in the future.";
  const limit = Number(d.limit);
  if (!/^\d+$/.test(d.limit.trim()) || limit < LIMIT_MIN || limit > LIMIT_MAX)
    errors.limit = `A whole number from ${LIMIT_MIN} to ${LIMIT_MAX}.`;
  if (Object.keys(errors).length) return { errors };
  const body: Record<string, unknown> = { title, deadline: deadline!.toISOString(), per_member_limit: limit };
  if (brief) body.brief = brief;
  if (d.eventId) body.event_id = d.eventId;
  return { body };
}

/** A drive's page, as members open it (the QR code's text). */
export function driveLink(origin: string, id: string): string {
  return `${origin}/drives/${encodeURIComponent(id)}`;
}

/** The `datetime-local` value one week from `nowMs` (the form's default deadline). */
export function defaultDeadline(nowMs: number): string {
  const d = new Date(nowMs + 7 * 24 * 3600 * 1000);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

// -- community rounds ----------------------------------------------------------------------

export const ROUND_MAX = 30;

/** The body of POST /api/community-rounds: from a drive or a tag, 1..30 questions. */
export function roundBody(source: { driveId?: string; tag?: string }, count: number): { body: Record<string, unknown> } | { error: string } {
  if (!Number.isInteger(count) || count < 1 || count > ROUND_MAX) return { error: `From 1 to ${ROUND_MAX} questions.` };
  const tag = source.tag?.trim().toLowerCase() ?? "";
  if (source.driveId) return { body: { drive_id: source.driveId, count } };
  if (tag) return { body: { tag, count } };
  return { error: "Pick a drive or a tag." };
}

// -- reviewers -----------------------------------------------------------------------------

/** The named reviewers' account ids from GET/PUT /api/workspaces/{id}/reviewers
 * (`{reviewers: [{account_id}]}`, or `{account_ids}`). */
export function reviewerIds(answer: unknown): string[] {
  const a = answer as { reviewers?: { account_id?: string; id?: string }[]; account_ids?: string[] } | null;
  if (a?.account_ids) return a.account_ids;
  return (a?.reviewers ?? []).map((r) => r.account_id ?? r.id ?? "").filter(Boolean);
}
