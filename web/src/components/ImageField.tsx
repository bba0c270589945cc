// A question's image in the editor: an address typed in, or a file uploaded to the server
// (`MediaUpload`: `POST /api/media`), whose address on this site fills the field once the
// server stored it. An address of another site gets a warning: phones will not show it.

import { isExternalImage, isSiteImage } from "../media";
import { MediaUpload } from "./MediaUpload";
import { ErrorText } from "./ui";

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
  const external = isExternalImage(value);
  const describedBy = [error ? `${id}-error` : "", external ? `${id}-external` : ""].filter(Boolean).join(" ");

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
        <MediaUpload id={`${id}-upload`} kinds={["image"]} label="Upload image" ariaLabel={`Upload an image for ${owner}`} onUploaded={(m) => onChange(m.url)} />
      </div>
      <ErrorText id={`${id}-error`} message={error} />
      {external ? (
        <p class="image-warning" id={`${id}-external`}>
          Phones will not show an image from another site (it would learn who is playing); only the big screen will. Use “Upload image” to show it on phones too.
        </p>
      ) : null}
      {isSiteImage(value.trim()) ? <img class="image-preview" src={value.trim()} alt={`The image of ${owner}`} data-testid="image-preview" /> : null}
    </div>
  );
}
