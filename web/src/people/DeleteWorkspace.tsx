// The People page's last card (owners): delete the workspace and everything it owns. The owner
// types the workspace's name first; the page goes on only after the server has deleted it.

import { useEffect, useRef, useState } from "preact/hooks";
import { api, type ApiError } from "../api";
import { ErrorText } from "../components/ui";
import type { WorkspaceDoc } from "../people-model";

export function DeleteWorkspace({ doc, onDeleted }: { doc: WorkspaceDoc; onDeleted: () => Promise<void> }) {
  const [asking, setAsking] = useState(false);
  const [typed, setTyped] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const field = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (asking) field.current?.focus();
  }, [asking]);

  async function remove(e: Event) {
    e.preventDefault();
    if (typed.trim() !== doc.name.trim()) {
      setError(`Type “${doc.name}” to delete it.`);
      field.current?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await api<void>("DELETE", `/workspaces/${encodeURIComponent(doc.id)}`);
      await onDeleted();
    } catch (err) {
      setError((err as ApiError).message);
      setBusy(false);
    }
  }

  return (
    <section class="card ws-danger" aria-labelledby="ws-danger-title">
      <h2 id="ws-danger-title">Delete this workspace</h2>
      <p class="muted-dark">
        Its quizzes, events, games with their results, people and invites are deleted for good. The members' accounts stay.
      </p>
      {asking ? (
        <form onSubmit={remove} noValidate>
          <div class="field">
            <label class="field-label" for="ws-delete-name">
              Type the workspace's name to confirm
            </label>
            <input
              id="ws-delete-name"
              ref={field}
              class="input"
              value={typed}
              autoComplete="off"
              onInput={(e) => setTyped((e.target as HTMLInputElement).value)}
              aria-invalid={error ? "true" : undefined}
              aria-describedby={error ? "ws-delete-error" : undefined}
            />
            <ErrorText id="ws-delete-error" message={error} />
          </div>
          <div class="ws-new-actions">
            <button type="submit" class="btn btn-danger" disabled={busy}>
              {busy ? "Deleting…" : `Delete ${doc.name}`}
            </button>
            <button
              type="button"
              class="btn btn-ghost-dark"
              onClick={() => {
                setAsking(false);
                setTyped("");
                setError(null);
              }}
            >
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <button type="button" class="btn btn-danger-ghost-dark" onClick={() => setAsking(true)}>
          Delete workspace…
        </button>
      )}
    </section>
  );
}
