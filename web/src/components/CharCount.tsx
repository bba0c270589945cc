// A field's live character counter ("87 / 90"), which a screen reader hears politely once when
// the text comes near its limit and once when it passes it, never on every key.

import { useEffect, useRef, useState } from "preact/hooks";
import { counterText, lengthAnnouncement, lengthBand, textLength } from "../text-length";

/** Put `id` in the field's `aria-describedby`, so the count is read with the field. */
export function CharCount({ id, value, limit }: { id: string; value: string; limit: number }) {
  const length = textLength(value);
  const band = lengthBand(length, limit);
  const [said, setSaid] = useState("");
  // The band the text loaded with is not news; only a change is announced.
  const last = useRef(band);
  useEffect(() => {
    if (band === last.current) return;
    last.current = band;
    setSaid(lengthAnnouncement(band, length, limit));
  }, [band]);
  return (
    <span class={`char-count char-count-${band}`} data-testid="char-count">
      <span id={id}>
        <span aria-hidden="true">
          {counterText(length, limit)}
          {band === "over" ? " · too long" : ""}
        </span>
        <span class="sr-only">
          {length} of {limit} characters{band === "over" ? ", too long" : ""}
        </span>
      </span>
      <span class="sr-only" aria-live="polite">
        {said}
      </span>
    </span>
  );
}
