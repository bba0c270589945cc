import { describe, expect, it } from "vitest";
import { markup } from "../test-render";
import { Credit, creditText } from "./Credit";

describe("Credit", () => {
  it("names the author and their team", () => {
    expect(creditText({ name: "Ada", team: "Owls" })).toBe("by Ada · Owls");
    expect(creditText({ name: "Ada", team: null })).toBe("by Ada");
  });

  it("is nothing for a question without credit", () => {
    expect(creditText(null)).toBe("");
    expect(creditText(undefined)).toBe("");
    expect(markup(Credit({ credit: undefined }))).toBe("");
  });

  it("reads as a byline to a screen reader", () => {
    const html = markup(Credit({ credit: { name: "Bo <b>", team: "Team & co" }, class: "player-credit" }));
    expect(html).toContain('class="credit player-credit"');
    expect(html).toContain("Question written ");
    expect(html).toContain("by Bo &lt;b&gt; · Team &amp; co");
  });
});
