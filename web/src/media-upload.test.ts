import { describe, expect, it } from "vitest";
import { ApiError } from "./api";
import { acceptFor, failureText, kindsText, parseAnswer, percent, precheck, uploadPath } from "./media-upload";

describe("acceptFor", () => {
  it("lists the types of each kind asked for, and only those", () => {
    expect(acceptFor(["image"])).toBe("image/png,image/jpeg,image/gif,image/webp");
    const av = acceptFor(["audio", "video"]);
    expect(av).toContain("audio/mpeg");
    expect(av).toContain(".m4a");
    expect(av).toContain("video/mp4");
    expect(av).not.toContain("image/");
  });
});

describe("kindsText", () => {
  it("names the kinds as a sentence does", () => {
    expect(kindsText(["image"])).toBe("an image");
    expect(kindsText(["image", "audio", "video"])).toBe("an image, a sound or a video");
  });
});

describe("precheck", () => {
  it("refuses an empty file and one larger than every kind allows", () => {
    expect(precheck({ name: "a.mp3", size: 0 }, ["audio"])).toBe("a.mp3 is empty.");
    expect(precheck({ name: "a.mp3", size: 6 * 1024 * 1024 }, ["audio"])).toBe("a.mp3 is larger than 5 MB.");
    // With video allowed the limit is the video's: the server decides what the file is.
    expect(precheck({ name: "a.mp3", size: 6 * 1024 * 1024 }, ["audio", "video"])).toBeNull();
    expect(precheck({ name: "b.mp4", size: 26 * 1024 * 1024 }, ["audio", "video"])).toContain("25 MB");
  });
});

describe("percent", () => {
  it("is a whole percent within 0..100, 0 while the total is unknown", () => {
    expect(percent(50, 200)).toBe(25);
    expect(percent(199, 200)).toBe(99);
    expect(percent(300, 200)).toBe(100);
    expect(percent(5, 0)).toBe(0);
    expect(percent(Number.NaN, 10)).toBe(0);
  });
});

describe("parseAnswer", () => {
  it("takes a stored file only from a 201 with a url", () => {
    const stored = parseAnswer(201, JSON.stringify({ url: "/media/x.mp3", kind: "audio", content_type: "audio/mpeg", duration_ms: 900 }));
    expect(stored).toEqual({ url: "/media/x.mp3", kind: "audio", content_type: "audio/mpeg", duration_ms: 900 });
    expect(parseAnswer(201, "not json")).toBeInstanceOf(ApiError);
  });
  it("turns an error answer into the server's code and message", () => {
    const err = parseAnswer(415, JSON.stringify({ error: { code: "unsupported_type", message: "not a sound", field: "file" } }));
    expect(err).toBeInstanceOf(ApiError);
    expect([(err as ApiError).status, (err as ApiError).code, (err as ApiError).message, (err as ApiError).field]).toEqual([415, "unsupported_type", "not a sound", "file"]);
    expect((parseAnswer(502, "<html>") as ApiError).message).toBe("The server answered 502.");
    expect((parseAnswer(0, "") as ApiError).code).toBe("offline");
  });
});

describe("failureText", () => {
  it("says what to do for the limits, else the server's words", () => {
    expect(failureText(new ApiError(429, "rate_limited", "x"))).toContain("last hour");
    expect(failureText(new ApiError(503, "busy", "x"))).toContain("busy");
    expect(failureText(new ApiError(422, "too_long", "the audio plays longer than 120 seconds"))).toBe("the audio plays longer than 120 seconds");
    expect(failureText(new Error("boom"))).toBe("The upload failed.");
  });
});

describe("uploadPath", () => {
  it("tells the server which kinds the picker takes", () => {
    expect(uploadPath(["image"])).toBe("/api/media?kinds=image");
    expect(uploadPath(["audio", "video"])).toBe("/api/media?kinds=audio,video");
  });
});
