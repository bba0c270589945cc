import { describe, expect, it } from "vitest";
import { answerError } from "./format";

describe("answerError", () => {
  it("tells a player who answered before the answers opened to read the question", () => {
    expect(answerError("answers_not_open")).toBe("Read the question first: the answers are not open yet.");
  });

  it("falls back to the server's message, then to a general one", () => {
    expect(answerError("strange", "the server says no")).toBe("the server says no");
    expect(answerError("strange")).toBe("Your answer was not accepted.");
  });
});
