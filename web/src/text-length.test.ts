import { describe, expect, it } from "vitest";
import { counterText, lengthAnnouncement, lengthBand, TEXT_LIMITS, textLength, tooLongMessage } from "./text-length";

describe("text lengths", () => {
  it("uses the server's limits", () => {
    // web/src/limits.ts is generated from games/limits.py (tests/games/test_engine_limits.py).
    expect(TEXT_LIMITS.prompt).toBe(200);
    expect(TEXT_LIMITS.tile).toBe(90);
  });

  it("counts code points once trimmed, as the server does", () => {
    expect(textLength("  abc  ")).toBe(3);
    expect(textLength("😀é")).toBe(2);
  });

  it("bands: quiet, then near the limit, then over it", () => {
    expect(lengthBand(80, 90)).toBe("ok");
    expect(lengthBand(81, 90)).toBe("near");
    expect(lengthBand(90, 90)).toBe("near");
    expect(lengthBand(91, 90)).toBe("over");
    expect(lengthBand(179, 200)).toBe("ok");
    expect(lengthBand(180, 200)).toBe("near");
    expect(lengthBand(15, 20)).toBe("near");
  });

  it("says it in words", () => {
    expect(counterText(87, 90)).toBe("87 / 90");
    expect(lengthAnnouncement("ok", 10, 90)).toBe("");
    expect(lengthAnnouncement("near", 87, 90)).toBe("87 of 90 characters: 3 left.");
    expect(lengthAnnouncement("over", 95, 90)).toBe("Too long: 95 of 90 characters. Shorten it by 5.");
    expect(tooLongMessage("Answer B", 95, 90)).toBe("Answer B is 95 characters long; shorten it to 90 or fewer.");
  });
});
