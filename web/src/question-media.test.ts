import { describe, expect, it } from "vitest";
import { mediaParts, playable, playWords } from "./question-media";

const H = "a".repeat(64);

describe("playable", () => {
  it("takes this site's media files of the asked kind, with their type", () => {
    expect(playable(`/media/${H}.mp3`, "audio")).toEqual({ kind: "audio", src: `/media/${H}.mp3`, type: "audio/mpeg" });
    expect(playable(`/media/${H}.m4a`, "audio")?.type).toBe("audio/mp4");
    expect(playable(`/media/${H}.ogg`, "audio")?.type).toBe("audio/ogg");
    expect(playable(`/media/${H}.mp4`, "video")?.type).toBe("video/mp4");
  });
  it("refuses other sites, other kinds and other names", () => {
    for (const url of [`https://x.example/${H}.mp3`, `//x.example/media/${H}.mp3`, `/media/${H}.wav`, `/media/${H.toUpperCase()}.mp3`, `/media/../${H}.mp3`, "", null, undefined]) {
      expect(playable(url, "audio")).toBeNull();
    }
    expect(playable(`/media/${H}.mp4`, "audio")).toBeNull();
    expect(playable(`/media/${H}.mp3`, "video")).toBeNull();
  });
});

describe("mediaParts", () => {
  it("shows a video alone, else the image and the sound", () => {
    expect(mediaParts({ image: "/i.png", video: `/media/${H}.mp4` })).toEqual({ image: null, play: { kind: "video", src: `/media/${H}.mp4`, type: "video/mp4" } });
    expect(mediaParts({ image: "/i.png", audio: `/media/${H}.ogg` }).play?.type).toBe("audio/ogg");
    expect(mediaParts({ image: " ", audio: "https://x.example/a.mp3" })).toEqual({ image: null, play: null });
    expect(mediaParts(null)).toEqual({ image: null, play: null });
  });
});

describe("playWords", () => {
  it("names the action the button does and what happened", () => {
    expect(playWords("audio", "idle")).toEqual({ button: "Play the sound", status: "" });
    expect(playWords("audio", "playing").button).toBe("Pause the sound");
    expect(playWords("video", "blocked").status).toContain("press Play");
  });
});
