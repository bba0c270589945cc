// Members' questions and tip cards as pure data: the documents the contribution routes take and
// give (docs/protocol.md "Member content"), the checks run before sending (the same limits as
// the server's games/tips.py and the contribution routes; the server checks again and its 422
// `field` is shown the same way), the words for statuses and thread events, and what changed
// between two polls of `GET /api/contributions/mine` (said in the page's live region).

import type { QuestionDoc } from "../protocol";
import { type DraftQuestion, type FieldErrors, validateQuiz } from "../quiz-model";
import { TEXT_LIMITS, textLength, tooLongMessage } from "../text-length";

export type ContributionKind = "question" | "tip";
export type ContributionStatus = "pending" | "changes_requested" | "approved" | "rejected";
export type MediaKind = "image" | "audio" | "video";
export type MediaSlots = Partial<Record<MediaKind, string>>;

export interface TipLink {
  url: string;
  label: string;
}

/** A tip card as the server keeps it (games/tips.py). */
export interface TipDoc {
  title: string;
  body: string;
  media?: MediaSlots;
  links?: TipLink[];
}

/** One step of a contribution's review thread (reports are never shown to the author). */
export interface ContributionEvent {
  action: string;
  comment?: string | null;
  by?: PersonRef | null;
  at_ms?: number | null;
}

export interface PersonRef {
  id: string;
  name: string;
}

export interface Contribution {
  id: string;
  kind: ContributionKind;
  document: QuestionDoc | TipDoc;
  tags: string[];
  status: ContributionStatus;
  drive_id?: string | null;
  author?: PersonRef | null;
  /** The author's name and team, set at approval. */
  credit?: { name: string; team: string | null } | null;
  created_ms?: number;
  updated_ms?: number;
  hidden?: boolean;
  version: number;
  votes?: number;
  /** In the community library: whether the caller upvoted it, and whether it is the caller's. */
  voted?: boolean;
  own?: boolean;
  events?: ContributionEvent[];
}

export interface Drive {
  id: string;
  title: string;
  brief?: string | null;
  deadline_ms: number;
  per_member_limit: number;
  closed_ms?: number | null;
  open?: boolean;
  /** `GET /api/drives/{id}`: what the caller sent to it and may still send. */
  submitted?: number;
  remaining?: number;
}

/** The server's limits on what a member sends (games/tips.py; tags as a quiz's, games/limits.py). */
export const CONTRIBUTION_LIMITS = {
  tipTitle: 120,
  tipBody: 2000,
  links: 5,
  linkLabel: 80,
  linkUrl: 2000,
  tags: TEXT_LIMITS.tags,
  tag: TEXT_LIMITS.tag,
  reason: 500,
} as const;

/** Tags typed as "Safety, Fire drill": trimmed, lower-cased, without blanks or repeats. */
export function parseTags(text: string): string[] {
  const tags = text
    .split(",")
    .map((t) => t.trim().toLowerCase())
    .filter(Boolean);
  return [...new Set(tags)];
}

/** The tags' problem, or null. */
export function tagsError(tags: readonly string[]): string | null {
  if (tags.length > CONTRIBUTION_LIMITS.tags) return `Use at most ${CONTRIBUTION_LIMITS.tags} tags.`;
  const long = tags.find((t) => textLength(t) > CONTRIBUTION_LIMITS.tag);
  return long ? `Keep each tag to ${CONTRIBUTION_LIMITS.tag} characters ("${long.slice(0, 20)}…" is longer).` : null;
}

/** A web address a link of a tip may have: http or https, with a host, no spaces. */
export function isLinkUrl(text: string): boolean {
  if (!/^https?:\/\/[^\s/]+/i.test(text) || /\s/.test(text)) return false;
  try {
    const url = new URL(text);
    return (url.protocol === "http:" || url.protocol === "https:") && !!url.hostname;
  } catch {
    return false;
  }
}

/** A tip as typed: empty link rows are dropped when it is sent. */
export interface TipDraft {
  title: string;
  body: string;
  media: MediaSlots;
  links: TipLink[];
}

export function newTipDraft(): TipDraft {
  return { title: "", body: "", media: {}, links: [] };
}

export function tipDraftFromDoc(doc: TipDoc): TipDraft {
  return {
    title: doc.title ?? "",
    body: doc.body ?? "",
    media: { ...(doc.media ?? {}) },
    links: (doc.links ?? []).map((l) => ({ url: l.url, label: l.label ?? "" })),
  };
}

export function tipDocFromDraft(d: TipDraft): TipDoc {
  const doc: TipDoc = { title: d.title.trim(), body: d.body.trim(), links: [] };
  const media = cleanMedia(d.media);
  if (media) doc.media = media;
  doc.links = d.links
    .map((l) => ({ url: l.url.trim(), label: l.label.trim() }))
    .filter((l) => l.url || l.label);
  return doc;
}

function cleanMedia(media: MediaSlots): MediaSlots | null {
  const out: MediaSlots = {};
  for (const kind of ["image", "audio", "video"] as const) {
    const url = media[kind]?.trim();
    if (url) out[kind] = url;
  }
  return Object.keys(out).length ? out : null;
}

/** Problems of a tip, keyed by the document's field paths ("document.links[1].url"). */
export function validateTip(d: TipDraft): FieldErrors {
  const e: FieldErrors = {};
  const L = CONTRIBUTION_LIMITS;
  const title = textLength(d.title);
  if (!title) e["document.title"] = "Give the tip a title.";
  else if (title > L.tipTitle) e["document.title"] = tooLongMessage("The title", title, L.tipTitle);
  const body = textLength(d.body);
  if (!body) e["document.body"] = "Write the tip.";
  else if (body > L.tipBody) e["document.body"] = tooLongMessage("The tip", body, L.tipBody);
  const links = d.links.filter((l) => l.url.trim() || l.label.trim());
  if (links.length > L.links) e["document.links"] = `Add at most ${L.links} links.`;
  d.links.forEach((l, i) => {
    const url = l.url.trim();
    const label = textLength(l.label);
    if (!url && !label) return;
    const p = `document.links[${i}]`;
    if (!url) e[`${p}.url`] = `Give link ${i + 1} its web address.`;
    else if (url.length > L.linkUrl || !isLinkUrl(url)) e[`${p}.url`] = `Link ${i + 1} must be a web address starting with https:// or http://.`;
    if (label > L.linkLabel) e[`${p}.label`] = tooLongMessage(`The name of link ${i + 1}`, label, L.linkLabel);
  });
  return e;
}

/**
 * Problems of a question, keyed by "document.<field>": the quiz editor's own checks of one
 * question (its kind's fields and text limits), so a member is held to what a host is.
 */
export function validateQuestion(d: DraftQuestion): FieldErrors {
  const quiz = validateQuiz({ title: "-", description: "", tags: "", visibility: "draft", questions: [d] });
  const e: FieldErrors = {};
  for (const [path, message] of Object.entries(quiz)) {
    if (path.startsWith("questions[0].")) e[`document.${path.slice("questions[0].".length)}`] = message;
  }
  return e;
}

/** The question document a member sends: no credit (the server writes it), the media slots set. */
export function questionDocWithMedia(doc: QuestionDoc, media: MediaSlots): QuestionDoc {
  const out = { ...doc } as QuestionDoc & { credit?: unknown; media?: MediaSlots | null };
  delete out.credit;
  const clean = cleanMedia(media);
  if (clean) out.media = clean as QuestionDoc["media"];
  else delete out.media;
  return out;
}

/** The form field a server error's `field` belongs to ("document.choices[2]" → "document.choices"). */
export function errorField(field: string | undefined | null): string {
  if (!field) return "form";
  const f = field.replace(/^body\./, "");
  if (/^document\.links\[\d+\]\.(url|label)$/.test(f)) return f;
  if (f === "document.media" || f.startsWith("document.media.")) return "document.media";
  return f.replace(/\[\d+\]$/, "");
}

/** What a member is told for a refusal's code (the server's message otherwise). */
export const SUBMIT_ERRORS: Record<string, string> = {
  blocked_text: "That text contains a word this workspace does not allow. Please reword it.",
  drive_closed: "This question drive has closed: it takes no more questions.",
  drive_limit: "You have sent as many questions as this drive takes from each person.",
  rate_limited: "You have sent a lot in the last hour. Wait a while and try again.",
  conflict: "This was changed elsewhere meanwhile. Reload the page to see the latest version.",
  not_found: "This could not be found. It may have been removed.",
  offline: "Could not reach the server. Check your connection.",
};

export function submitError(code: string, fallback: string): string {
  return SUBMIT_ERRORS[code] ?? fallback;
}

/** A status in words, as the author sees it. */
export const STATUS_TEXT: Record<ContributionStatus, string> = {
  pending: "Waiting for review",
  changes_requested: "Changes asked",
  approved: "Approved",
  rejected: "Not accepted",
};

export function statusText(status: string): string {
  return STATUS_TEXT[status as ContributionStatus] ?? status;
}

/** A thread event in words. */
const ACTION_TEXT: Record<string, string> = {
  submitted: "Sent for review",
  edited: "Edited and sent again",
  approved: "Approved",
  edited_and_approved: "Edited by the reviewer and approved",
  changes_requested: "Changes asked",
  rejected: "Not accepted",
  hidden: "Hidden by a host",
  unhidden: "Shown again by a host",
};

export function actionText(action: string): string {
  return ACTION_TEXT[action] ?? action.replace(/_/g, " ");
}

/** The words a contribution is known by: its question or its tip's title, shortened. */
export function contributionTitle(c: Pick<Contribution, "kind" | "document">, max = 60): string {
  const doc = c.document as Partial<QuestionDoc & TipDoc>;
  const text = ((c.kind === "tip" ? doc.title : doc.prompt) ?? "").trim() || "(untitled)";
  const chars = [...text];
  return chars.length > max ? `${chars.slice(0, max - 1).join("")}…` : text;
}

/** Whether the author may edit and send it again. */
export function editable(c: Pick<Contribution, "status">): boolean {
  return c.status === "pending" || c.status === "changes_requested";
}

/** The last reviewer's comment of the thread (for changes asked or a refusal), if any. */
export function lastComment(c: Pick<Contribution, "events">): string | null {
  const events = c.events ?? [];
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i];
    if (e.comment && e.action !== "submitted" && e.action !== "edited") return e.comment;
  }
  return null;
}

/** What a poll tells the author: one sentence per contribution whose status changed. */
export function statusChanges(before: readonly Contribution[] | null, after: readonly Contribution[]): string[] {
  if (!before) return [];
  const old = new Map(before.map((c) => [c.id, c.status]));
  const said: string[] = [];
  for (const c of after) {
    const was = old.get(c.id);
    if (was === undefined || was === c.status) continue;
    const what = `Your ${c.kind === "tip" ? "tip" : "question"} "${contributionTitle(c, 80)}"`;
    const comment = lastComment(c);
    switch (c.status) {
      case "approved":
        said.push(`${what} was approved.`);
        break;
      case "changes_requested":
        said.push(`${what}: changes asked.${comment ? ` ${comment}` : ""}`);
        break;
      case "rejected":
        said.push(`${what} was not accepted.${comment ? ` ${comment}` : ""}`);
        break;
      default:
        said.push(`${what} is ${statusText(c.status).toLowerCase()}.`);
    }
  }
  return said;
}

/** The community library's query string (`GET /api/library/community`). */
export interface LibraryFilter {
  kind: "" | ContributionKind;
  tag: string;
  driveId: string;
  sort: "votes" | "new";
  offset: number;
  limit: number;
}

export function libraryQuery(f: LibraryFilter): string {
  const q = new URLSearchParams();
  if (f.kind) q.set("kind", f.kind);
  const tag = f.tag.trim().toLowerCase();
  if (tag) q.set("tag", tag);
  if (f.driveId) q.set("drive_id", f.driveId);
  q.set("sort", f.sort);
  q.set("offset", String(Math.max(0, Math.floor(f.offset))));
  q.set("limit", String(Math.min(100, Math.max(1, Math.floor(f.limit)))));
  return q.toString();
}

/** "3 days left", "2 hours left", "Closed": a drive's deadline as seen `nowMs`. */
export function deadlineText(deadlineMs: number, closedMs: number | null | undefined, nowMs: number): string {
  if (closedMs) return "Closed";
  const at = deadlineMs;
  if (!Number.isFinite(at)) return "";
  const left = at - nowMs;
  if (left <= 0) return "Closed";
  const hours = Math.floor(left / 3_600_000);
  if (hours >= 48) return `${Math.floor(hours / 24)} days left`;
  if (hours >= 1) return `${hours} hour${hours === 1 ? "" : "s"} left`;
  const minutes = Math.max(1, Math.floor(left / 60_000));
  return `${minutes} minute${minutes === 1 ? "" : "s"} left`;
}

/** "You can send 2 more questions", said on the drive's pages. */
export function remainingText(remaining: number | undefined | null): string {
  if (remaining === undefined || remaining === null) return "";
  if (remaining <= 0) return "You have sent as many questions as this drive takes.";
  return `You can send ${remaining} more question${remaining === 1 ? "" : "s"}.`;
}
