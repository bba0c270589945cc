import { describe, expect, it } from "vitest";
import { newQuestion } from "../quiz-model";
import {
  type Contribution,
  CONTRIBUTION_LIMITS,
  contributionTitle,
  deadlineText,
  editable,
  errorField,
  isLinkUrl,
  lastComment,
  libraryQuery,
  newTipDraft,
  parseTags,
  questionDocWithMedia,
  remainingText,
  statusChanges,
  statusText,
  tagsError,
  tipDocFromDraft,
  validateQuestion,
  validateTip,
} from "./model";
import { contributeHref, memberRoute } from "./routes";
import { discriminationText, readStats, statsLine } from "./stats";

const item = (over: Partial<Contribution>): Contribution => ({
  id: "c1",
  kind: "question",
  document: { kind: "choice", prompt: "Which planet is closest to the Sun?", choices: ["Venus", "Mercury"], correct: [1] },
  tags: [],
  status: "pending",
  version: 1,
  ...over,
});

describe("tips", () => {
  it("needs a title and a text, within the server's limits", () => {
    expect(validateTip(newTipDraft())).toEqual({ "document.title": "Give the tip a title.", "document.body": "Write the tip." });
    const long = { ...newTipDraft(), title: "t".repeat(CONTRIBUTION_LIMITS.tipTitle + 1), body: "b".repeat(CONTRIBUTION_LIMITS.tipBody) };
    const e = validateTip(long);
    expect(e["document.title"]).toMatch(/121 characters long; shorten it to 120/);
    expect(e["document.body"]).toBeUndefined();
  });

  it("checks each link and takes at most five", () => {
    const links = [
      { url: "https://example.org/a", label: "" },
      { url: "javascript:alert(1)", label: "x" },
      { url: "", label: "name only" },
      { url: "", label: "" },
      { url: "http://ok.example", label: "l".repeat(81) },
    ];
    const e = validateTip({ ...newTipDraft(), title: "T", body: "B", links });
    expect(e["document.links[0].url"]).toBeUndefined();
    expect(e["document.links[1].url"]).toMatch(/https:\/\//);
    expect(e["document.links[2].url"]).toMatch(/web address/);
    expect(e["document.links[3].url"]).toBeUndefined(); // an empty row is dropped
    expect(e["document.links[4].label"]).toMatch(/81 characters/);
    const six = Array.from({ length: 6 }, (_, i) => ({ url: `https://e.org/${i}`, label: "" }));
    expect(validateTip({ ...newTipDraft(), title: "T", body: "B", links: six })["document.links"]).toBe("Add at most 5 links.");
  });

  it("sends trimmed texts, no empty links and only the media set", () => {
    const doc = tipDocFromDraft({ title: " T ", body: " B ", media: { image: "", audio: "/media/a.mp3" }, links: [{ url: " https://e.org ", label: " E " }, { url: "", label: "" }] });
    expect(doc).toEqual({ title: "T", body: "B", media: { audio: "/media/a.mp3" }, links: [{ url: "https://e.org", label: "E" }] });
  });

  it("knows a web address from something else", () => {
    expect(isLinkUrl("https://example.org/x?y=1")).toBe(true);
    expect(isLinkUrl("http://a.b")).toBe(true);
    for (const bad of ["ftp://a.b", "https://", "example.org", "https://a b.org", "/media/x.webp"]) expect(isLinkUrl(bad)).toBe(false);
  });
});

describe("questions", () => {
  it("holds a member to the quiz editor's checks, under document.*", () => {
    const q = newQuestion("choice");
    const e = validateQuestion(q);
    expect(e["document.prompt"]).toBe("Write the question.");
    expect(e["document.correct"]).toBeDefined();
    const ok = { ...q, prompt: "2 + 2?", choices: ["3", "4"], correct: [1] };
    expect(validateQuestion(ok)).toEqual({});
    expect(validateQuestion({ ...ok, prompt: "x".repeat(201) })["document.prompt"]).toMatch(/201 characters/);
  });

  it("never sends a credit, and sets the media slots", () => {
    const doc = { kind: "true_false", prompt: "P", correct: true, credit: { name: "forged" }, media: { image: "/media/old.webp" } } as never;
    expect(questionDocWithMedia(doc, { audio: "/media/a.mp3" })).toEqual({ kind: "true_false", prompt: "P", correct: true, media: { audio: "/media/a.mp3" } });
    expect(questionDocWithMedia(doc, {})).toEqual({ kind: "true_false", prompt: "P", correct: true });
  });
});

describe("tags", () => {
  it("are lower-cased, trimmed and unique; at most 10 of 32 characters", () => {
    expect(parseTags(" Safety, fire drill,,SAFETY ")).toEqual(["safety", "fire drill"]);
    expect(tagsError(parseTags("a,b,c,d,e,f,g,h,i,j"))).toBeNull();
    expect(tagsError(parseTags("a,b,c,d,e,f,g,h,i,j,k"))).toBe("Use at most 10 tags.");
    expect(tagsError(["x".repeat(32)])).toBeNull();
    expect(tagsError(["x".repeat(33)])).toMatch(/32 characters/);
  });
});

describe("server errors", () => {
  it("go to the field they name", () => {
    expect(errorField("document.choices[2]")).toBe("document.choices");
    expect(errorField("document.links[1].url")).toBe("document.links[1].url");
    expect(errorField("document.media.audio")).toBe("document.media");
    expect(errorField("tags[3]")).toBe("tags");
    expect(errorField(undefined)).toBe("form");
  });
});

describe("statuses and the thread", () => {
  it("are said in words", () => {
    expect(statusText("changes_requested")).toBe("Changes asked");
    expect(statusText("something_new")).toBe("something_new");
    expect(editable({ status: "changes_requested" })).toBe(true);
    expect(editable({ status: "approved" })).toBe(false);
  });

  it("give the reviewer's last comment, not the author's", () => {
    const events = [
      { action: "submitted", comment: null },
      { action: "changes_requested", comment: "Add a source." },
      { action: "edited", comment: "done" },
    ];
    expect(lastComment({ events })).toBe("Add a source.");
    expect(lastComment({ events: [] })).toBeNull();
  });

  it("names an item by its question or title, shortened", () => {
    expect(contributionTitle(item({}))).toBe("Which planet is closest to the Sun?");
    expect(contributionTitle(item({ kind: "tip", document: { title: "Lift with your legs", body: "b" } }))).toBe("Lift with your legs");
    expect(contributionTitle(item({ document: { kind: "choice", prompt: "a".repeat(80) } }), 10)).toBe("aaaaaaaaa…");
  });
});

describe("statusChanges", () => {
  it("says nothing on the first read, nor for unchanged or new items", () => {
    const now = [item({})];
    expect(statusChanges(null, now)).toEqual([]);
    expect(statusChanges(now, now)).toEqual([]);
    expect(statusChanges([], [item({ status: "approved" })])).toEqual([]);
  });

  it("says each change of status, with the reviewer's comment", () => {
    const before = [item({}), item({ id: "c2", kind: "tip", document: { title: "Tip one", body: "b" } })];
    const after = [
      item({ status: "approved" }),
      item({
        id: "c2",
        kind: "tip",
        document: { title: "Tip one", body: "b" },
        status: "changes_requested",
        events: [{ action: "changes_requested", comment: "Shorter, please." }],
      }),
    ];
    expect(statusChanges(before, after)).toEqual([
      'Your question "Which planet is closest to the Sun?" was approved.',
      'Your tip "Tip one": changes asked. Shorter, please.',
    ]);
    expect(statusChanges([item({ status: "changes_requested" })], [item({ status: "pending" })])).toEqual([
      'Your question "Which planet is closest to the Sun?" is waiting for review.',
    ]);
    expect(statusChanges([item({})], [item({ status: "rejected", events: [{ action: "rejected", comment: "Duplicate." }] })])).toEqual([
      'Your question "Which planet is closest to the Sun?" was not accepted. Duplicate.',
    ]);
  });
});

describe("the community library's query", () => {
  it("sends only the filters set, bounded", () => {
    expect(libraryQuery({ kind: "", tag: " ", driveId: "", sort: "votes", offset: 0, limit: 20 })).toBe("sort=votes&offset=0&limit=20");
    expect(libraryQuery({ kind: "tip", tag: " Safety ", driveId: "d 1", sort: "new", offset: -3, limit: 1000 })).toBe(
      "kind=tip&tag=safety&drive_id=d+1&sort=new&offset=0&limit=100",
    );
  });
});

describe("drives", () => {
  const now = Date.parse("2026-03-01T12:00:00Z");
  it("say the time left and what the member may still send", () => {
    expect(deadlineText(Date.parse("2026-03-05T12:00:00Z"), null, now)).toBe("4 days left");
    expect(deadlineText(Date.parse("2026-03-01T15:30:00Z"), null, now)).toBe("3 hours left");
    expect(deadlineText(Date.parse("2026-03-01T12:01:30Z"), null, now)).toBe("1 minute left");
    expect(deadlineText(Date.parse("2026-03-01T11:00:00Z"), null, now)).toBe("Closed");
    expect(deadlineText(Date.parse("2026-03-05T12:00:00Z"), Date.parse("2026-03-01T10:00:00Z"), now)).toBe("Closed");
    expect(remainingText(2)).toBe("You can send 2 more questions.");
    expect(remainingText(1)).toBe("You can send 1 more question.");
    expect(remainingText(0)).toMatch(/as many questions/);
    expect(remainingText(undefined)).toBe("");
  });
});

describe("routes", () => {
  it("reads the page and its query", () => {
    expect(memberRoute("/contribute", "?drive=d1&after=g9")).toEqual({ view: "contribute", driveId: "d1", after: "g9", kind: "question" });
    expect(memberRoute("/contribute/", "?kind=tip")).toEqual({ view: "contribute", driveId: null, after: null, kind: "tip" });
    expect(memberRoute("/me/contributions", "")).toEqual({ view: "mine" });
    expect(memberRoute("/drives/d%2F1", "")).toEqual({ view: "drive", id: "d/1" });
    expect(memberRoute("/drives/%E0%A4%A", "")).toEqual({ view: "none" });
    expect(memberRoute("/library/community", "")).toEqual({ view: "library" });
    expect(memberRoute("/drives", "")).toEqual({ view: "none" });
    expect(contributeHref({ driveId: "d1", after: "g 2" })).toBe("/contribute?drive=d1&after=g+2");
    expect(contributeHref()).toBe("/contribute");
  });
});

describe("author stats", () => {
  it("are read only when the answer holds them", () => {
    expect(readStats(null)).toBeNull();
    expect(readStats({ unrelated: 1 })).toBeNull();
    const s = readStats({
      questions: [{ contribution_id: "c1", prompt: "P", games: 2, answered: 9, correct_pct: 55.5, avg_time_ms: 7400, discrimination: 0.4 }, { bad: 1 }],
      milestones: [{ code: "first_approved", title: "First approved", description: "d", awarded_at: "2026-01-01T00:00:00Z" }],
    });
    expect(s?.questions).toHaveLength(1);
    expect(s?.questions[0].hardest_game_correct_pct).toBeNull();
    expect(statsLine(s!.questions[0])).toBe("Played in 2 games · 9 answers · 56% right · 7.4 s on average");
    expect(s?.milestones[0].code).toBe("first_approved");
  });

  it("say the discrimination index in words", () => {
    expect(discriminationText(null)).toMatch(/Too few players/);
    expect(discriminationText(0.4)).toBe("Discrimination 40: it separates strong and weak players very well.");
    expect(discriminationText(20)).toMatch(/separates strong and weak players well/);
    expect(discriminationText(-0.2)).toMatch(/weaker players/);
  });
});
