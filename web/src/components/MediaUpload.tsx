// A file picker that uploads question or tip media to the server (`POST /api/media`, any
// member) and hands back the stored file's address and kind once the server stored it: a
// button (keyboard reachable, with the file dialog behind it), a progress bar while the bytes
// go up, the result announced in a polite live region and a refusal in an alert that says why.
// The server reads the type from the bytes; the `accept` list only narrows the dialog.

import { useRef, useState } from "preact/hooks";
import { acceptFor, failureText, type MediaKind, precheck, type StoredMedia, uploadMedia } from "../media-upload";

export type { MediaKind, StoredMedia };

type Upload =
  | { status: "idle" }
  | { status: "uploading"; name: string; pct: number }
  | { status: "done"; name: string }
  | { status: "failed"; message: string };

interface Props {
  /** The base of the parts' ids. */
  id: string;
  /** What may be chosen (the dialog's filter). */
  kinds: readonly MediaKind[];
  /** The button's text ("Upload image"). */
  label: string;
  /** The button's accessible name when the text alone is ambiguous ("Upload an image for question 3"). */
  ariaLabel?: string;
  /** Called with the stored file once the server answered 201: `{url, kind, …}`. */
  onUploaded: (media: StoredMedia) => void;
  /** Sends the file; tests and other callers may pass their own (default: `uploadMedia`). */
  send?: (file: File, onProgress: (pct: number) => void, kinds: readonly MediaKind[]) => Promise<StoredMedia>;
}

export function MediaUpload({ id, kinds, label, ariaLabel, onUploaded, send = uploadMedia }: Props) {
  const input = useRef<HTMLInputElement>(null);
  const [upload, setUpload] = useState<Upload>({ status: "idle" });
  const busy = upload.status === "uploading";

  async function start(file: File) {
    const early = precheck(file, kinds);
    if (early) {
      setUpload({ status: "failed", message: `${file.name} was not uploaded: ${early}` });
      return;
    }
    setUpload({ status: "uploading", name: file.name, pct: 0 });
    try {
      const progress = (pct: number) => setUpload((u) => (u.status === "uploading" ? { ...u, pct } : u));
      const stored = await send(file, progress, kinds);
      // Shown as done only now: the server stored it.
      onUploaded(stored);
      setUpload({ status: "done", name: file.name });
    } catch (err) {
      setUpload({ status: "failed", message: `${file.name} was not uploaded: ${failureText(err)}` });
    }
  }

  return (
    <span class="media-upload">
      <button
        type="button"
        id={`${id}-button`}
        class="btn btn-ghost-dark btn-sm"
        aria-label={ariaLabel}
        // Not `disabled`: a disabled button loses the keyboard focus while the upload runs.
        aria-disabled={busy ? "true" : undefined}
        aria-describedby={upload.status === "failed" ? `${id}-error` : undefined}
        onClick={() => {
          if (!busy) input.current?.click();
        }}
      >
        {busy ? "Uploading…" : label}
      </button>
      <input
        ref={input}
        id={`${id}-file`}
        type="file"
        accept={acceptFor(kinds)}
        hidden
        tabIndex={-1}
        onChange={(e) => {
          const el = e.target as HTMLInputElement;
          const chosen = el.files?.[0];
          el.value = ""; // the same file may be chosen again after a failure
          if (chosen) void start(chosen);
        }}
      />
      {busy ? (
        <progress class="media-progress" max={100} value={upload.pct} aria-label={`Uploading ${upload.name}`} data-testid="upload-progress">
          {upload.pct}%
        </progress>
      ) : null}
      <span class="sr-only media-upload-note" role="status" aria-live="polite">
        {busy ? `Uploading ${upload.name}…` : upload.status === "done" ? `${upload.name} uploaded.` : ""}
      </span>
      {upload.status === "failed" ? (
        <p class="field-error media-upload-note" id={`${id}-error`} role="alert" data-testid="upload-error">
          <span aria-hidden="true">⚠ </span>
          {upload.message}
        </p>
      ) : null}
    </span>
  );
}
