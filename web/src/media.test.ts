import { describe, expect, it } from "vitest";
import { isExternalImage, isSiteImage } from "./media";

describe("isSiteImage", () => {
  it("takes paths of this site", () => {
    expect(isSiteImage("/media/" + "a".repeat(64) + ".webp")).toBe(true);
    expect(isSiteImage("/images/q1.png")).toBe(true);
  });
  it("refuses other sites and addresses that browsers read as another host", () => {
    for (const url of ["https://tracker.example/p.png", "http://x.example/a.gif", "//x.example/a.png", "/\\x.example/a.png", "/ /x", ""]) {
      expect(isSiteImage(url)).toBe(false);
    }
  });
});

describe("isExternalImage", () => {
  it("is true for a valid address of another site only", () => {
    expect(isExternalImage(" https://tracker.example/p.png ")).toBe(true);
    expect(isExternalImage("/media/x.webp")).toBe(false);
    expect(isExternalImage("")).toBe(false);
    expect(isExternalImage("javascript:alert(1)")).toBe(false); // invalid: the field's own error says so
  });
});
