import { describe, expect, it } from "vitest";
import type { QuestionDoc } from "../protocol";
import { correctAnswerText } from "./answer-text";
import {
  belongsIn,
  commentError,
  type Contribution,
  driveBody,
  driveLink,
  itemTitle,
  queueItems,
  reviewBody,
  reviewerIds,
  roundBody,
  stepText,
  tabAfterKey,
  tabFromSearch,
} from "./review-model";

const item = (over: Partial<Contribution> = {}): Contribution => ({
  id: "c1",
  kind: "question",
  document: { kind: "choice", prompt: "Which?", choices: ["a", "b"], correct: [1] },
  tags: [],
  status: "pending",
  drive_id: null,
  author: { id: "a", name: "Ann", team: "Owls" },
  created_ms: 0,
  updated_ms: 0,
  hidden: false,
  votes: 0,
  version: 3,
  ...over,
});

describe("the queue's tabs", () => {
  it("reads the tab from the query, pending by default", () => {
    expect(tabFromSearch("?tab=reported")).toBe("reported");
    expect(tabFromSearch("?tab=nonsense")).toBe("pending");
    expect(tabFromSearch("")).toBe("pending");
  });
  it("moves with the arrow keys, wrapping, and Home/End", () => {
    expect(tabAfterKey("pending", "ArrowRight")).toBe("changes_requested");
    expect(tabAfterKey("pending", "ArrowLeft")).toBe("all");
    expect(tabAfterKey("reported", "Home")).toBe("pending");
    expect(tabAfterKey("pending", "End")).toBe("all");
    expect(tabAfterKey("pending", "a")).toBeNull();
  });
  it("keeps an item in a tab only while it belongs there", () => {
    expect(belongsIn("pending", item({ status: "approved" }))).toBe(false);
    expect(belongsIn("all", item({ status: "approved" }))).toBe(true);
    expect(belongsIn("reported", item({ open_reports: 0 }))).toBe(false);
    expect(belongsIn("reported", item({ open_reports: 2 }))).toBe(true);
  });
  it("reads the list under either name", () => {
    expect(queueItems({ items: [item()] })).toHaveLength(1);
    expect(queueItems({ contributions: [item()] })).toHaveLength(1);
    expect(queueItems(null)).toEqual([]);
  });
});

describe("an item's words", () => {
  it("names the correct answer of each kind", () => {
    const q = (d: Partial<QuestionDoc>) => ({ kind: "choice", prompt: "p", ...d }) as QuestionDoc;
    expect(correctAnswerText(q({ choices: ["x", "y", "z"], correct: [0, 2] }))).toBe("A · x, C · z");
    expect(correctAnswerText(q({ kind: "true_false", correct: false }))).toBe("False");
    expect(correctAnswerText(q({ kind: "type_answer", accepted: ["Paris", "paris"] }))).toBe("Paris / paris");
    expect(correctAnswerText(q({ kind: "numeric", correct: 42, tolerance: 2 }))).toBe("42 (± 2)");
    expect(correctAnswerText(q({ kind: "order", items: ["1", "2"] }))).toBe("1 → 2");
    expect(correctAnswerText(q({ kind: "poll", choices: ["x"] }))).toMatch(/No correct answer/);
  });
  it("titles a question by its prompt and a tip by its title", () => {
    expect(itemTitle(item())).toBe("Which?");
    expect(itemTitle(item({ kind: "tip", document: { title: "Lift safely", body: "Bend the knees" } }))).toBe("Lift safely");
  });
  it("says who did a step", () => {
    expect(stepText({ action: "changes_requested", comment: "x", by: { id: "r", name: "Rita" }, at_ms: 0 })).toBe("Changes asked by Rita");
    expect(stepText({ action: "submitted", comment: null, by: null, at_ms: 0 })).toBe("Submitted");
  });
});

describe("review actions", () => {
  it("asks a comment for changes and rejection only", () => {
    expect(commentError("changes", "  ")).toMatch(/change/);
    expect(commentError("reject", "")).toMatch(/reason/);
    expect(commentError("approve", "")).toBeNull();
    expect(commentError("reject", "x".repeat(1001))).toMatch(/1000/);
    expect(commentError("changes", "a\u0000b")).toMatch(/cannot be sent/);
  });
  it("sends the version, the comment and an edited document with an approval", () => {
    expect(reviewBody("changes", item(), " Fix B ")).toEqual({ action: "changes", version: 3, comment: "Fix B" });
    const doc = { kind: "true_false", prompt: "p", correct: true } as QuestionDoc;
    expect(reviewBody("edit", item(), "", doc)).toEqual({ action: "approve", version: 3, document: doc });
    expect(reviewBody("approve", item(), "", doc)).toEqual({ action: "approve", version: 3 });
  });
});

describe("drives", () => {
  const now = Date.parse("2026-12-01T12:00:00Z");
  const draft = { title: " Winter quiz ", brief: "", eventId: "", deadline: "2026-12-24T18:00", limit: "3" };
  it("builds the body of a valid drive", () => {
    const r = driveBody(draft, now);
    expect("body" in r && r.body).toEqual({ title: "Winter quiz", deadline: new Date("2026-12-24T18:00").toISOString(), per_member_limit: 3 });
    const withEvent = driveBody({ ...draft, brief: "Ask", eventId: "e1" }, now);
    expect("body" in withEvent && withEvent.body).toMatchObject({ brief: "Ask", event_id: "e1" });
  });
  it("refuses an empty title, a past deadline and a limit out of 1..50", () => {
    const r = driveBody({ ...draft, title: " ", deadline: "2026-11-01T10:00", limit: "51" }, now);
    expect("errors" in r && Object.keys(r.errors).sort()).toEqual(["deadline", "limit", "title"]);
    const r2 = driveBody({ ...draft, limit: "2.5", deadline: "" }, now);
    expect("errors" in r2 && Object.keys(r2.errors).sort()).toEqual(["deadline", "limit"]);
    const r3 = driveBody({ ...draft, title: "x".repeat(121) }, now);
    expect("errors" in r3 && r3.errors.title).toMatch(/120/);
  });
  it("links members to the drive's page", () => {
    expect(driveLink("https://q.example", "d 1")).toBe("https://q.example/drives/d%201");
  });
});

describe("community rounds and reviewers", () => {
  it("takes a drive or a tag and 1..30 questions", () => {
    expect(roundBody({ driveId: "d1" }, 10)).toEqual({ body: { drive_id: "d1", count: 10 } });
    expect(roundBody({ tag: " Safety " }, 5)).toEqual({ body: { tag: "safety", count: 5 } });
    expect(roundBody({}, 5)).toHaveProperty("error");
    expect(roundBody({ tag: "x" }, 31)).toHaveProperty("error");
    expect(roundBody({ tag: "x" }, 0)).toHaveProperty("error");
  });
  it("reads the reviewers' ids from either answer", () => {
    expect(reviewerIds({ reviewers: [{ account_id: "a", name: "A" }] })).toEqual(["a"]);
    expect(reviewerIds({ account_ids: ["b"] })).toEqual(["b"]);
    expect(reviewerIds(null)).toEqual([]);
  });
});
