// A question's image in the editor: an address typed in, or a file uploaded to the server
// (`POST /api/images`), whose address on this site fills the field once the server stored it.
// An address of another site gets a warning: phones will not show it.

import { useRef, useState } from "preact/hooks";
import { ApiError } from "../api";
import { IMAGE_TYPES, isExternalImage, isSiteImage, uploadImage } from "../media";
import { ErrorText } from "./ui";

type Upload = { status: "idle" } | { status: "uploading"; name: string } | { status: "done"; name: string } | { status: "failed"; message: string };

interface Props {
  /** The input's id; the other parts' ids derive from it. */
  id: string;
  /** "Question 3": names the upload button for a screen reader. */
  owner: string;
  value: string;
  maxLength: number;
  error?: string;
  onChange: (value: string) => void;
}

export function ImageField({ id, owner, value, maxLength, error, onChange }: Props) {
  const file = useRef<HTMLInputElement>(null);
  const [upload, setUpload] = useState<Upload>({ status: "idle" });
  const external = isExternalImage(value);
  const describedBy = [error ? `${id}-error` : "", external ? `${id}-external` : ""].filter(Boolean).join(" ");

  async function send(chosen: File) {
    setUpload({ status: "uploading", name: chosen.name });
    try {
      const stored = await uploadImage(chosen);
      onChange(stored.url);
      setUpload({ status: "done", name: chosen.name });
    } catch (err) {
      const message = err instanceof ApiError ? err.message : "The upload failed.";
      setUpload({ status: "failed", message: `${chosen.name} was not uploaded: ${message}` });
    }
  }

  return (
    <div class="field image-field">
      <label class="field-label small" for={id}>
        Image address <span class="optional">(optional)</span>
      </label>
      <div class="image-row">
        <input
          id={id}
          class="input"
          type="text"
          inputMode="url"
          autoComplete="off"
          spellcheck={false}
          maxLength={maxLength}
          placeholder="https://… or upload one"
          value={value}
          onInput={(e) => onChange((e.target as HTMLInputElement).value)}
          aria-invalid={error ? "true" : undefined}
          aria-describedby={describedBy || undefined}
        />
        <button
          type="button"
          class="btn btn-ghost-dark btn-sm"
          aria-label={`Upload an image for ${owner}`}
          // Not `disabled`: a disabled button loses the keyboard focus while the upload runs.
          aria-disabled={upload.status === "uploading" ? "true" : undefined}
          onClick={() => {
            if (upload.status !== "uploading") file.current?.click();
          }}
        >
          {upload.status === "uploading" ? "Uploading…" : "Upload image"}
        </button>
        <input
          ref={file}
          type="file"
          accept={IMAGE_TYPES}
          hidden
          tabIndex={-1}
          onChange={(e) => {
            const input = e.target as HTMLInputElement;
            const chosen = input.files?.[0];
            input.value = ""; // the same file may be chosen again after a failure
            if (chosen) void send(chosen);
          }}
        />
      </div>
      <ErrorText id={`${id}-error`} message={error} />
      {external ? (
        <p class="image-warning" id={`${id}-external`}>
          Phones will not show an image from another site (it would learn who is playing); only the big screen will. Use “Upload image” to show it on phones too.
        </p>
      ) : null}
      <p class="sr-only" role="status">
        {upload.status === "uploading" ? `Uploading ${upload.name}…` : upload.status === "done" ? `${upload.name} uploaded.` : ""}
      </p>
      {upload.status === "failed" ? (
        <p class="field-error" role="alert" data-testid="upload-error">
          <span aria-hidden="true">⚠ </span>
          {upload.message}
        </p>
      ) : null}
      {isSiteImage(value.trim()) ? <img class="image-preview" src={value.trim()} alt={`The image of ${owner}`} data-testid="image-preview" /> : null}
    </div>
  );
}
