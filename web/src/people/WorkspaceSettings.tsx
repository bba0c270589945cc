// The People page's settings: the workspace's name and how long results keep names (an admin
// changes them; everyone else reads them).

import { useState } from "preact/hooks";
import { api, type ApiError } from "../api";
import { ErrorText } from "../components/ui";
import { parseRetention, parseWorkspaceName, RETENTION_MAX, WORKSPACE_NAME_MAX, type WorkspaceDoc } from "../people-model";

type Errors = { name?: string; retention?: string };

export function WorkspaceSettings({
  doc,
  canEdit,
  onSaved,
  onError,
}: {
  doc: WorkspaceDoc;
  canEdit: boolean;
  onSaved: (doc: WorkspaceDoc) => void;
  onError: (message: string) => void;
}) {
  const [name, setName] = useState(doc.name);
  const [retention, setRetention] = useState(doc.retention_days ? String(doc.retention_days) : "");
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);

  if (!canEdit) {
    return (
      <section class="card ws-settings" aria-labelledby="ws-settings-title">
        <h2 id="ws-settings-title">Workspace</h2>
        <dl class="ws-facts">
          <dt>Name</dt>
          <dd>{doc.name}</dd>
          <dt>Results keep names</dt>
          <dd>{doc.retention_days ? `for ${doc.retention_days} days` : "until deleted"}</dd>
        </dl>
      </section>
    );
  }

  async function save(e: Event) {
    e.preventDefault();
    const n = parseWorkspaceName(name);
    const r = parseRetention(retention);
    const errs: Errors = {};
    if ("error" in n) errs.name = n.error;
    if ("error" in r) errs.retention = r.error;
    setErrors(errs);
    if ("error" in n || "error" in r) {
      document.getElementById(errs.name ? "ws-name" : "ws-retention")?.focus();
      return;
    }
    setBusy(true);
    try {
      const saved = await api<WorkspaceDoc>("PATCH", `/workspaces/${encodeURIComponent(doc.id)}`, {
        name: n.name,
        retention_days: r.days,
      });
      onSaved({ ...doc, ...saved });
    } catch (err) {
      const e2 = err as ApiError;
      if (e2.field === "name") setErrors({ name: e2.message });
      else if (e2.field === "retention_days") setErrors({ retention: e2.message });
      else onError(e2.message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="card ws-settings" aria-labelledby="ws-settings-title" onSubmit={save} noValidate>
      <h2 id="ws-settings-title">Workspace</h2>
      <div class="field">
        <label class="field-label" for="ws-name">
          Workspace name
        </label>
        <input
          id="ws-name"
          class="input"
          maxLength={WORKSPACE_NAME_MAX}
          value={name}
          onInput={(e) => setName((e.target as HTMLInputElement).value)}
          aria-invalid={errors.name ? "true" : undefined}
          aria-describedby={errors.name ? "ws-name-error" : undefined}
        />
        <ErrorText id="ws-name-error" message={errors.name} />
      </div>
      <div class="field">
        <label class="field-label" for="ws-retention">
          Anonymise results after (days)
        </label>
        <input
          id="ws-retention"
          class="input input-short"
          inputMode="numeric"
          value={retention}
          placeholder="Keep"
          onInput={(e) => setRetention((e.target as HTMLInputElement).value)}
          aria-invalid={errors.retention ? "true" : undefined}
          aria-describedby={errors.retention ? "ws-retention-error" : "ws-retention-hint"}
        />
        <ErrorText id="ws-retention-error" message={errors.retention} />
        {errors.retention ? null : (
          <p class="hint-dark" id="ws-retention-hint">
            Empty keeps players' names in results until deleted; 1 to {RETENTION_MAX.toLocaleString("en")} days removes them after that long.
          </p>
        )}
      </div>
      <button type="submit" class="btn btn-primary" disabled={busy}>
        {busy ? "Saving…" : "Save settings"}
      </button>
    </form>
  );
}
