// What a question (or tip) shows besides its text: an image, a sound, a video. Sound and video
// play only from this site's media files (`/media/<sha256>.<ext>`, games/media_names.py), with
// the type their extension names, so a browser picks a player without fetching first.

export interface MediaDoc {
  image?: string | null;
  audio?: string | null;
  video?: string | null;
}

export interface Playable {
  kind: "audio" | "video";
  src: string;
  type: string;
}

const TYPES: Record<string, { kind: "audio" | "video"; type: string }> = {
  mp3: { kind: "audio", type: "audio/mpeg" },
  m4a: { kind: "audio", type: "audio/mp4" },
  ogg: { kind: "audio", type: "audio/ogg" },
  mp4: { kind: "video", type: "video/mp4" },
};

const SITE_MEDIA = /^\/media\/[0-9a-f]{64}\.(mp3|m4a|ogg|mp4)$/;

/** The sound or video `url` as a playable source of `kind`, or null when it is not one of this
 *  site's media files of that kind. */
export function playable(url: string | null | undefined, kind: "audio" | "video"): Playable | null {
  const match = url ? SITE_MEDIA.exec(url) : null;
  if (!match) return null;
  const known = TYPES[match[1]];
  return known.kind === kind ? { kind, src: url as string, type: known.type } : null;
}

/** What to show of `media`: a video (alone), else the image and the sound, each when valid. */
export function mediaParts(media: MediaDoc | null | undefined): { image: string | null; play: Playable | null } {
  const video = playable(media?.video, "video");
  if (video) return { image: null, play: video };
  const image = media?.image?.trim() || null;
  return { image, play: playable(media?.audio, "audio") };
}

export type PlayState = "idle" | "playing" | "paused" | "ended" | "blocked";

/** The words the play button and the live region use. */
export function playWords(kind: "audio" | "video", state: PlayState): { button: string; status: string } {
  const what = kind === "audio" ? "sound" : "video";
  const button = state === "playing" ? `Pause the ${what}` : `Play the ${what}`;
  const status = {
    idle: "",
    playing: `Playing the question's ${what}.`,
    paused: `The ${what} is paused.`,
    ended: `The ${what} has ended.`,
    blocked: `The browser did not start the ${what} by itself: press Play.`,
  }[state];
  return { button, status };
}
