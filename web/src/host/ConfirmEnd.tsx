// The "End the game now?" dialog: the cancel button has the focus, Escape or a click outside
// keeps playing.

import { useEffect, useRef } from "preact/hooks";

export function ConfirmEnd({ onCancel, onConfirm }: { onCancel: () => void; onConfirm: () => void }) {
  const cancelRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    cancelRef.current?.focus();
  }, []);
  return (
    <div class="modal-backdrop" onClick={onCancel}>
      <div
        class="modal"
        role="dialog"
        aria-modal="true"
        aria-labelledby="end-title"
        onClick={(e) => e.stopPropagation()}
        onKeyDown={(e) => e.key === "Escape" && onCancel()}
      >
        <h2 id="end-title">End the game now?</h2>
        <p>Everyone sees the final results straight away. This cannot be undone.</p>
        <div class="row">
          <button type="button" class="btn btn-danger" onClick={onConfirm}>
            End game
          </button>
          <button type="button" class="btn btn-ghost-dark" ref={cancelRef} onClick={onCancel}>
            Keep playing
          </button>
        </div>
      </div>
    </div>
  );
}
