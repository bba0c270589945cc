// Uploads of question and tip media (`POST /api/media`, any member): which files a picker
// offers, a quick check before sending, the upload with its progress, and the server's answer.
// The server reads the type from the bytes and has the last word on every limit.

import { ApiError, clearAuth } from "./api";
import { getAuth } from "./auth";
import { workspaceHeader } from "./workspace";

export type MediaKind = "image" | "audio" | "video";

export interface StoredMedia {
  url: string;
  kind: MediaKind;
  content_type: string;
  width?: number;
  height?: number;
  duration_ms?: number;
}

const ACCEPT: Record<MediaKind, string> = {
  image: "image/png,image/jpeg,image/gif,image/webp",
  audio: "audio/mpeg,audio/mp4,audio/x-m4a,audio/ogg,.mp3,.m4a,.ogg",
  video: "video/mp4,.mp4",
};

/** The server's default limits (HUDDLE_MEDIA_MAX_BYTES, _AUDIO_BYTES, _VIDEO_BYTES). */
export const MAX_BYTES: Record<MediaKind, number> = {
  image: 8 * 1024 * 1024,
  audio: 5 * 1024 * 1024,
  video: 25 * 1024 * 1024,
};

const NAMES: Record<MediaKind, string> = { image: "an image", audio: "a sound", video: "a video" };

/** The file input's `accept` list for `kinds`. */
export function acceptFor(kinds: readonly MediaKind[]): string {
  return kinds.map((k) => ACCEPT[k]).join(",");
}

/** "an image or a sound": what the picker takes, for labels and errors. */
export function kindsText(kinds: readonly MediaKind[]): string {
  const names = kinds.map((k) => NAMES[k]);
  return names.length < 2 ? (names[0] ?? "") : `${names.slice(0, -1).join(", ")} or ${names[names.length - 1]}`;
}

/** Why `file` need not be sent at all (larger than every kind allows, or empty), else null. */
export function precheck(file: { name: string; size: number }, kinds: readonly MediaKind[]): string | null {
  if (file.size === 0) return `${file.name} is empty.`;
  const limit = Math.max(...kinds.map((k) => MAX_BYTES[k]));
  if (file.size > limit) return `${file.name} is larger than ${Math.round(limit / (1024 * 1024))} MB.`;
  return null;
}

/** Whole percent sent, 0..100 (0 while the size is unknown). */
export function percent(loaded: number, total: number): number {
  if (!(total > 0) || !Number.isFinite(loaded)) return 0;
  return Math.max(0, Math.min(100, Math.floor((loaded / total) * 100)));
}

/** The server's answer as the stored file, or the `ApiError` it means. */
export function parseAnswer(status: number, text: string): StoredMedia | ApiError {
  let data: unknown = null;
  try {
    data = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  if (status === 201 && data && typeof data === "object" && typeof (data as StoredMedia).url === "string") {
    return data as StoredMedia;
  }
  if (status === 0) return new ApiError(0, "offline", "Could not reach the server. Check your connection.");
  const err = (data as { error?: { code?: string; message?: string; field?: string } } | null)?.error;
  return new ApiError(status, err?.code ?? "error", err?.message ?? `The server answered ${status}.`, err?.field);
}

/** What to tell the person when an upload failed. */
export function failureText(err: unknown): string {
  if (!(err instanceof ApiError)) return "The upload failed.";
  if (err.code === "rate_limited") return "You have uploaded a lot in the last hour; try again later.";
  if (err.code === "busy") return "The server is busy with other uploads; try again in a moment.";
  return err.message;
}

/** The upload's address: the server refuses (storing nothing) a file of a kind not in `kinds`. */
export function uploadPath(kinds: readonly MediaKind[]): string {
  return `/api/media?kinds=${kinds.join(",")}`;
}

/** Send `file` to `POST /api/media`, reporting progress; resolves once the server stored it
 *  (an XMLHttpRequest: fetch reports no upload progress). */
export function uploadMedia(file: File, onProgress: (pct: number) => void, kinds: readonly MediaKind[]): Promise<StoredMedia> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", uploadPath(kinds));
    xhr.setRequestHeader("Accept", "application/json");
    const auth = getAuth();
    if (auth) xhr.setRequestHeader("Authorization", `Bearer ${auth.token}`);
    const workspace = workspaceHeader("/media");
    if (workspace) xhr.setRequestHeader("X-Workspace", workspace);
    xhr.upload.onprogress = (e) => onProgress(percent(e.loaded, e.total));
    xhr.onerror = () => reject(parseAnswer(0, ""));
    xhr.onload = () => {
      const answer = parseAnswer(xhr.status, xhr.responseText);
      if (answer instanceof ApiError) {
        if (answer.status === 401) clearAuth();
        reject(answer);
      } else resolve(answer);
    };
    const form = new FormData();
    form.append("file", file, file.name);
    xhr.send(form);
  });
}
