import { describe, expect, it } from "vitest";
import { REMOVAL_OPTIONS, removalConfirmed, removalError, removalNotice, removalPath } from "./people-removal";

describe("removing a member", () => {
  it("asks the server the chosen way: the membership alone, or the person with a mode", () => {
    expect(removalPath("w1", "a1", "keep")).toBe("/workspaces/w1/members/a1");
    expect(removalPath("w1", "a1", "anonymise")).toBe("/workspaces/w1/people/a1?mode=anonymise");
    expect(removalPath("w1", "a1", "erase")).toBe("/workspaces/w1/people/a1?mode=erase");
    expect(removalPath("w/1", "a?1", "erase")).toBe("/workspaces/w%2F1/people/a%3F1?mode=erase");
  });

  it("offers three options, each explained in one line; erasing says it cannot be undone", () => {
    expect(REMOVAL_OPTIONS.map((o) => o.value)).toEqual(["keep", "anonymise", "erase"]);
    for (const o of REMOVAL_OPTIONS) expect(o.hint).not.toMatch(/\n/);
    expect(REMOVAL_OPTIONS[2]?.hint).toContain("cannot be undone");
    expect(REMOVAL_OPTIONS[1]?.hint).toContain("(removed)");
  });

  it("erases only once the member's name is typed out (spaces and case aside)", () => {
    expect(removalConfirmed("keep", "", "Ann Member")).toBe(true);
    expect(removalConfirmed("anonymise", "", "Ann Member")).toBe(true);
    expect(removalConfirmed("erase", "", "Ann Member")).toBe(false);
    expect(removalConfirmed("erase", "Ann", "Ann Member")).toBe(false);
    expect(removalConfirmed("erase", "Ann Membe", "Ann Member")).toBe(false);
    expect(removalConfirmed("erase", "  ann   member ", "Ann Member")).toBe(true);
    expect(removalConfirmed("erase", "", "  ")).toBe(false);
  });

  it("says what was done, and why not in the server's terms", () => {
    expect(removalNotice("keep", "Ann", "Acme")).toBe("Removed Ann from Acme; their results stay.");
    expect(removalNotice("anonymise", "Ann", "Acme")).toContain("(removed)");
    expect(removalNotice("erase", "Ann", "Acme")).toContain("erased their results");
    expect(removalError({ status: 409, code: "last_owner" }, "Ann")).toContain("only owner");
    expect(removalError({ status: 403, code: "forbidden" }, "Ann")).toContain("You may not remove Ann");
    expect(removalError({ status: 404, code: "not_found" }, "Ann")).toContain("no longer a member");
    expect(removalError({ status: 503, code: "unavailable", message: "Try again." }, "Ann")).toBe("Try again.");
    expect(removalError({ status: 500, code: "x", message: "" }, "Ann")).toBe("Could not remove Ann.");
  });
});
