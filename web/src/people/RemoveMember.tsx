// "Remove …" on the People page: a modal dialog where an admin chooses what happens to the
// member's results — kept, anonymised, or erased (erasing waits for their name typed out). The
// focus moves into it, Escape or Cancel closes it (the row's button gets the focus back), and a
// refusal stays in the dialog, announced. The row goes only after the server removed them.

import { useEffect, useRef, useState } from "preact/hooks";
import { ErrorText } from "../components/ui";
import type { Member } from "../people-model";
import { type Removal, REMOVAL_OPTIONS, removalConfirmed } from "../people-removal";

export function RemoveMember({
  member,
  workspaceName,
  onRemove,
  onClose,
}: {
  member: Member;
  workspaceName: string;
  /** Removes them; resolves to why not (the dialog stays open), or null when done. */
  onRemove: (how: Removal) => Promise<string | null>;
  onClose: () => void;
}) {
  const [how, setHow] = useState<Removal>("keep");
  const [typed, setTyped] = useState("");
  const [nameError, setNameError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const dialog = useRef<HTMLDialogElement>(null);
  const first = useRef<HTMLInputElement>(null);
  const nameField = useRef<HTMLInputElement>(null);
  const id = `remove-${member.account_id}`;

  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (!d.open) d.showModal();
    first.current?.focus();
    // Escape closes a modal dialog by itself ("cancel", then "close"): the page follows.
    const closed = () => onClose();
    d.addEventListener("close", closed);
    return () => {
      d.removeEventListener("close", closed);
      if (d.open) d.close();
    };
  }, []);

  async function submit(e: Event) {
    e.preventDefault();
    if (busy) return;
    if (!removalConfirmed(how, typed, member.name)) {
      setNameError(`Type “${member.name}” to erase everything about them.`);
      nameField.current?.focus();
      return;
    }
    // Nothing the focus may be on is disabled meanwhile, so a refusal leaves it where it was.
    setBusy(true);
    setError(null);
    const refused = await onRemove(how);
    if (refused === null) return; // the row, and this dialog with it, is gone
    setBusy(false);
    setError(refused);
  }

  return (
    <dialog ref={dialog} class="modal ws-remove" aria-labelledby={`${id}-title`} data-testid="remove-dialog">
      <form onSubmit={submit} noValidate>
        <h2 id={`${id}-title`}>
          Remove {member.name} from {workspaceName}?
        </h2>
        <fieldset class="field">
          <legend class="field-label">What happens to their results</legend>
          <div class="ws-remove-options">
            {REMOVAL_OPTIONS.map((o, i) => (
              <label key={o.value} class={`radio-card ${how === o.value ? "checked" : ""}`}>
                <input
                  ref={i === 0 ? first : undefined}
                  type="radio"
                  name={`${id}-how`}
                  value={o.value}
                  checked={how === o.value}
                  disabled={busy}
                  onChange={() => {
                    setHow(o.value);
                    setNameError(null);
                    setError(null);
                  }}
                />
                <span>
                  {o.label}
                  <span class="hint-dark">{o.hint}</span>
                </span>
              </label>
            ))}
          </div>
        </fieldset>
        {how === "erase" ? (
          <div class="field">
            <label class="field-label" for={`${id}-name`}>
              Type “{member.name}” to confirm
            </label>
            <input
              id={`${id}-name`}
              ref={nameField}
              class="input"
              value={typed}
              autoComplete="off"
              readOnly={busy}
              onInput={(e) => {
                setTyped((e.target as HTMLInputElement).value);
                setNameError(null);
              }}
              aria-invalid={nameError ? "true" : undefined}
              aria-describedby={nameError ? `${id}-name-error` : undefined}
            />
            <ErrorText id={`${id}-name-error`} message={nameError} />
          </div>
        ) : null}
        <ErrorText id={`${id}-error`} message={error} />
        <div class="ws-new-actions">
          <button type="submit" class="btn btn-danger" aria-disabled={busy ? "true" : undefined} data-testid="remove-confirm">
            {busy ? "Removing…" : how === "erase" ? `Erase ${member.name}` : `Remove ${member.name}`}
          </button>
          <button type="button" class="btn btn-ghost-dark" onClick={() => dialog.current?.close()}>
            Cancel
          </button>
        </div>
      </form>
    </dialog>
  );
}
