// The media of a question or tip: a picture, a sound or a short video uploaded with the shared
// upload component (components/MediaUpload.tsx, `POST /api/media`); the stored file's address
// is set only once the server stored it. A question takes one of each kind, a tip one in all.

import { MediaUpload } from "../components/MediaUpload";
import { QuestionMedia } from "../components/QuestionMedia";
import type { MediaKind, MediaSlots } from "./model";

const KIND_WORD: Record<MediaKind, string> = { image: "Picture", audio: "Sound", video: "Video" };
const KINDS: readonly MediaKind[] = ["image", "audio", "video"];

export interface MediaFieldProps {
  id: string;
  /** A tip takes one item in all (a new upload replaces it); a question one of each kind. */
  single: boolean;
  /** Names the upload for a screen reader ("your question"). */
  owner: string;
  value: MediaSlots;
  error?: string;
  onChange: (value: MediaSlots) => void;
}

/** The media attached (each shown, each removable) and the upload button. */
export function MediaField({ id, single, owner, value, error, onChange }: MediaFieldProps) {
  const kinds = KINDS.filter((k) => value[k]);
  return (
    <div class="field contrib-media" id={id} tabIndex={-1} aria-describedby={error ? `${id}-error` : undefined}>
      <span class="field-label small">
        Picture, sound or video <span class="optional">(optional{single ? ", one" : ""})</span>
      </span>
      {kinds.length ? (
        <ul class="contrib-media-list" data-testid="media-attached">
          {kinds.map((k) => (
            <li key={k}>
              <QuestionMedia media={{ [k]: value[k] }} imageClass="contrib-media-image" alt={`${KIND_WORD[k]} of ${owner}`} />
              <button
                type="button"
                class="btn btn-ghost-dark btn-sm"
                onClick={() => {
                  const next = { ...value };
                  delete next[k];
                  onChange(next);
                }}
              >
                Remove the {KIND_WORD[k].toLowerCase()}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <MediaUpload
        id={`${id}-upload`}
        kinds={KINDS}
        label={kinds.length && single ? "Replace it" : "Upload a file"}
        ariaLabel={`Upload a picture, sound or video for ${owner}`}
        onUploaded={(m) => onChange(single ? { [m.kind]: m.url } : { ...value, [m.kind]: m.url })}
      />
      <p class="hint-dark">Pictures, MP3, M4A or Ogg sounds up to 2 minutes, MP4 videos up to 1 minute.</p>
      {error ? (
        <p class="field-error" id={`${id}-error`} role="alert">
          <span aria-hidden="true">⚠ </span>
          {error}
        </p>
      ) : null}
    </div>
  );
}
