import { describe, expect, it } from "vitest";
import { dayLabel, emptyEventForm, errorKey, eventBody, eventDates, formFromEvent, roundStatus } from "./event-model";
import { badgeAnnouncement, badgeLook } from "./milestones";

describe("event form", () => {
  it("sends what the server takes", () => {
    const f = { ...emptyEventForm("2026-03-01"), name: "  Spring cup ", teams: "Owls\n\n Foxes \n", requireIdentifier: true };
    expect(eventBody(f)).toEqual({
      body: { name: "Spring cup", starts_ms: "2026-03-01", ends_ms: null, teams: ["Owls", "Foxes"], require_identifier: true },
      errors: {},
    });
  });

  it("checks like the server", () => {
    const base = emptyEventForm("2026-03-01");
    expect(eventBody(base).errors.name).toBeTruthy();
    expect(eventBody({ ...base, name: "x".repeat(201) }).errors.name).toContain("200");
    expect(eventBody({ ...base, name: "A", teams: "Solo" }).errors.teams).toContain("2 to 20");
    expect(eventBody({ ...base, name: "A", teams: "Owls\nowls" }).errors.teams).toContain("own name");
    expect(eventBody({ ...base, name: "A", teams: `Owls\n${"x".repeat(25)}` }).errors.teams).toContain("24");
    expect(eventBody({ ...base, name: "A", ends: "2026-02-01" }).errors.ends_ms).toContain("before");
    expect(eventBody({ ...base, name: "A", starts: "" }).errors.starts_ms).toBeTruthy();
    expect(eventBody({ ...base, name: "A", teams: "" }).errors).toEqual({});
  });

  it("reads an event back into the form", () => {
    const e = {
      id: "e1",
      name: "Cup",
      starts_ms: Date.UTC(2026, 2, 1),
      ends_ms: Date.UTC(2026, 2, 31),
      teams: ["Owls", "Foxes"],
      require_identifier: false,
      created_ms: 0,
    };
    expect(formFromEvent(e)).toEqual({ name: "Cup", starts: "2026-03-01", ends: "2026-03-31", teams: "Owls\nFoxes", requireIdentifier: false });
    expect(eventDates(e)).toBe("1 Mar 2026 – 31 Mar 2026");
    expect(eventDates({ ...e, ends_ms: null })).toBe("From 1 Mar 2026");
    expect(dayLabel(null)).toBe("–");
  });

  it("maps server fields and round states", () => {
    expect(errorKey("teams")).toBe("teams");
    expect(errorKey("starts_ms")).toBe("starts_ms");
    expect(errorKey("other")).toBeNull();
    const r = { id: "g", title: "t", pin: "1", created_ms: 0, finished_ms: null, results: false };
    expect(roundStatus(r)).toBe("open");
    expect(roundStatus({ ...r, finished_ms: 5 })).toBe("writing");
    expect(roundStatus({ ...r, finished_ms: 5, results: true })).toBe("finished");
  });
});

describe("badges", () => {
  it("have a look for every code, known or not", () => {
    expect(badgeLook("first_win")).toMatchObject({ icon: "trophy", title: "First win" });
    const unknown = badgeLook("moon_landing");
    expect(unknown.title).toBe("moon landing");
    expect(badgeLook("moon_landing").tone).toBe(unknown.tone);
  });
  it("are announced in words", () => {
    expect(badgeAnnouncement([])).toBe("");
    expect(badgeAnnouncement(["First game"])).toBe("New badge: First game!");
    expect(badgeAnnouncement(["First game", "First win", "Podium"])).toBe("3 new badges: First game, First win and Podium!");
  });
});
