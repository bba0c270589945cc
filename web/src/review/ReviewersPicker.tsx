// The People page's reviewers (an admin's): which members may review members' questions and tips
// besides the hosts, admins and owner, who always may. Saved with PUT
// /api/workspaces/{id}/reviewers; shown saved only once the server answered.

import { useEffect, useState } from "preact/hooks";
import { api, type ApiError } from "../api";
import type { Member } from "../people-model";
import { reviewerIds } from "./review-model";
import "../styles/review.css";

export function ReviewersPicker({
  workspaceId,
  members,
  say,
  onError,
}: {
  workspaceId: string;
  members: Member[];
  say: (text: string) => void;
  onError: (message: string) => void;
}) {
  const path = `/workspaces/${encodeURIComponent(workspaceId)}/reviewers`;
  const [saved, setSaved] = useState<Set<string> | null>(null);
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    api<unknown>("GET", path).then(
      (r) => {
        const ids = new Set(reviewerIds(r));
        setSaved(ids);
        setChosen(new Set(ids));
      },
      (err: ApiError) => onError(err.message),
    );
  }, [workspaceId]);

  // Hosts and above review anyway: only members are picked.
  const plain = members.filter((m) => m.role === "member");
  const changed = saved !== null && (saved.size !== chosen.size || [...chosen].some((id) => !saved.has(id)));

  async function save(e: Event) {
    e.preventDefault();
    setBusy(true);
    try {
      const r = await api<unknown>("PUT", path, { account_ids: [...chosen].sort() });
      const ids = new Set(reviewerIds(r));
      setSaved(ids);
      setChosen(new Set(ids));
      say(ids.size ? `${ids.size} member${ids.size === 1 ? "" : "s"} may review contributions.` : "Only hosts review contributions now.");
    } catch (err) {
      onError((err as ApiError).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="card ws-reviewers" aria-labelledby="ws-reviewers-title" onSubmit={save} data-testid="reviewers-picker">
      <h2 id="ws-reviewers-title">Reviewers</h2>
      <p class="muted-dark">Hosts, admins and the owner review members' questions and tips. Name members who may review them too.</p>
      {saved === null ? (
        <p class="muted-dark">Loading…</p>
      ) : plain.length === 0 ? (
        <p class="muted-dark">Everyone here is a host or more.</p>
      ) : (
        <fieldset class="reviewer-list">
          <legend class="sr-only">Members who review</legend>
          {plain.map((m) => (
            <label key={m.account_id} class="reviewer-choice">
              <input
                type="checkbox"
                checked={chosen.has(m.account_id)}
                onChange={(e) => {
                  const next = new Set(chosen);
                  if ((e.target as HTMLInputElement).checked) next.add(m.account_id);
                  else next.delete(m.account_id);
                  setChosen(next);
                }}
              />{" "}
              {m.name}
            </label>
          ))}
        </fieldset>
      )}
      <button type="submit" class="btn btn-primary btn-sm" disabled={busy || !changed}>
        {busy ? "Saving…" : "Save reviewers"}
      </button>
    </form>
  );
}
