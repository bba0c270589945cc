// The media of a question or tip (an image, a sound or a short video). Uploading goes through
// the shared upload component of the media work (web/src/components/MediaUpload.tsx, POST
// /api/media); until that is in, the field says uploads come later and keeps what it was given.

import type { MediaKind, MediaSlots } from "./model";

const KIND_WORD: Record<MediaKind, string> = { image: "Image", audio: "Sound", video: "Video" };

export interface MediaFieldProps {
  id: string;
  /** Which kinds may be added: a tip takes one item in all, a question one of each. */
  single: boolean;
  value: MediaSlots;
  error?: string;
  onChange: (value: MediaSlots) => void;
}

/** The media already attached (each removable) and, for now, a note instead of the upload. */
export function MediaField({ id, value, error, onChange }: MediaFieldProps) {
  const kinds = (Object.keys(value) as MediaKind[]).filter((k) => value[k]);
  return (
    <div class="field" id={id} tabIndex={-1}>
      <span class="field-label small">
        Picture, sound or video <span class="optional">(optional)</span>
      </span>
      {kinds.length ? (
        <ul class="contrib-media-list">
          {kinds.map((k) => (
            <li key={k}>
              {KIND_WORD[k]}: <span class="contrib-media-url">{value[k]}</span>{" "}
              <button
                type="button"
                class="btn btn-ghost-dark btn-sm"
                onClick={() => {
                  const next = { ...value };
                  delete next[k];
                  onChange(next);
                }}
              >
                Remove {KIND_WORD[k].toLowerCase()}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <p class="hint-dark" data-testid="media-placeholder">
        Uploading pictures, sounds and videos is coming soon.
      </p>
      {error ? (
        <p class="field-error" id={`${id}-error`} role="alert">
          <span aria-hidden="true">⚠ </span>
          {error}
        </p>
      ) : null}
    </div>
  );
}
