// `/review`: the review queue of members' questions and tips, for hosts and the members an admin
// named reviewers. Tabs: pending, changes asked, reported, all. Every action is sent to the
// server and shown done only once it answered (the item is replaced by the server's answer, or
// leaves the tab); refusals are shown by the item and read out.

import { useEffect, useState } from "preact/hooks";
import { api, type ApiError } from "../api";
import { HostShell, useAuth } from "../components/HostShell";
import { Alert, Spinner } from "../components/ui";
import { useWorkspaces } from "../hooks/workspaces";
import { navigate, useLocation } from "../router";
import { announceWorkspace, atLeast } from "../workspace";
import { CommunityRound } from "./CommunityRound";
import { type ItemAction, ReviewItem } from "./ReviewItem";
import {
  belongsIn,
  type Contribution,
  doneText,
  type Drive,
  errorText,
  itemTitle,
  type QueueTab,
  queueItems,
  reviewBody,
  TABS,
  tabAfterKey,
  tabFromSearch,
} from "./review-model";
// The review pages' stylesheet comes with their chunk, not with the join page's first screen.
import "../styles/review.css";

type ItemError = { field?: string; message: string };

export function ReviewQueuePage() {
  const auth = useAuth();
  const current = useWorkspaces().current;
  const host = atLeast(current?.role, "host");
  const { search } = useLocation();
  const tab = tabFromSearch(search);
  const [items, setItems] = useState<Contribution[] | null>(null);
  const [drives, setDrives] = useState<Drive[]>([]);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [forbidden, setForbidden] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, ItemError>>({});
  const [editing, setEditing] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  async function load(which: QueueTab) {
    try {
      const answer = await api<unknown>("GET", `/contributions/queue?status=${which}`);
      setItems(queueItems(answer));
      setLoadError(null);
    } catch (err) {
      const e = err as ApiError;
      if (e.status === 401) navigate("/login?next=/review", { replace: true });
      else if (e.status === 403) setForbidden(true);
      else setLoadError(e.message);
    }
  }

  useEffect(() => {
    document.title = "Review · Huddle";
    if (!auth) return;
    setItems(null);
    setErrors({});
    setEditing(null);
    void load(tab);
  }, [tab, current?.id]);

  useEffect(() => {
    if (!auth) return;
    api<{ drives: Drive[] }>("GET", "/drives").then(
      (r) => setDrives(r.drives ?? []),
      () => setDrives([]),
    );
  }, [current?.id]);

  if (!auth) return null;

  function say(text: string) {
    setNotice(text);
    announceWorkspace(text);
  }

  function choose(to: QueueTab) {
    navigate(to === "pending" ? "/review" : `/review?tab=${to}`, { replace: true });
    window.setTimeout(() => document.getElementById(`tab-${to}`)?.focus(), 0);
  }

  async function act(c: Contribution, a: ItemAction): Promise<boolean> {
    const path = `/contributions/${encodeURIComponent(c.id)}`;
    setBusy(c.id);
    setErrors(({ [c.id]: _, ...rest }) => rest);
    try {
      let updated: Contribution;
      if (a.kind === "review") {
        updated = await api<Contribution>("POST", `${path}/review`, reviewBody(a.action, c, a.comment, a.document));
        setEditing(null);
      } else if (a.kind === "resolve") {
        updated = await api<Contribution>("POST", `${path}/dismiss-reports`);
      } else {
        updated = await api<Contribution>("POST", `${path}/${a.kind}`);
      }
      // The server's answer replaces the item; it leaves a tab it no longer belongs in.
      setItems((list) => list && (belongsIn(tab, updated) ? list.map((x) => (x.id === c.id ? { ...x, ...updated } : x)) : list.filter((x) => x.id !== c.id)));
      say(doneText(a.kind === "review" ? a.action : a.kind, itemTitle({ ...c, ...updated })));
      return true;
    } catch (err) {
      const e = err as ApiError;
      if (e.status === 401) navigate("/login?next=/review", { replace: true });
      const message = errorText(e.code, e.message);
      // Shown by the item (or the edited field) as an alert, which is read out.
      setErrors((all) => ({ ...all, [c.id]: { field: e.field, message } }));
      // A stale or decided item: the list is loaded again so the reviewer sees it as it is.
      if (e.code === "conflict" || e.code === "not_reviewable") void load(tab);
      return false;
    } finally {
      setBusy(null);
    }
  }

  const driveOf = (c: Contribution) => drives.find((d) => d.id === c.drive_id) ?? null;

  return (
    <HostShell auth={auth} section="review" wide>
      <div class="page-head">
        <div>
          <h1>Review</h1>
          <p class="muted-dark">Questions and tips from members: nothing reaches a game or another member before it is approved.</p>
        </div>
        {host ? (
          <a class="btn btn-ghost-dark" href="/drives">
            Question drives
          </a>
        ) : null}
      </div>
      {forbidden ? (
        <Alert>Only the workspace's hosts and the reviewers an admin named see the review queue.</Alert>
      ) : (
        <>
          {host ? <CommunityRound key={drives.length} drives={drives} say={say} /> : null}
          <div class="tabs review-tabs" role="tablist" aria-label="Show">
            {TABS.map((t) => (
              <button
                key={t.id}
                id={`tab-${t.id}`}
                type="button"
                role="tab"
                class={`tab ${t.id === tab ? "active" : ""}`}
                aria-selected={t.id === tab}
                aria-controls="review-panel"
                tabIndex={t.id === tab ? 0 : -1}
                onClick={() => choose(t.id)}
                onKeyDown={(e) => {
                  const to = tabAfterKey(tab, e.key);
                  if (to) {
                    e.preventDefault();
                    choose(to);
                  }
                }}
              >
                {t.label}
              </button>
            ))}
          </div>
          {notice ? (
            <p class="ws-notice" data-testid="review-notice">
              <span aria-hidden="true">✓ </span>
              {notice}
            </p>
          ) : null}
          <div id="review-panel" role="tabpanel" aria-labelledby={`tab-${tab}`}>
            {loadError ? <Alert>{loadError}</Alert> : null}
            {items === null ? (
              loadError ? null : <Spinner label="Loading the queue…" />
            ) : items.length === 0 ? (
              <div class="empty card">
                <p>Nothing here{tab === "pending" ? ": every submission has been reviewed" : ""}.</p>
              </div>
            ) : (
              <ul class="review-list">
                {items.map((c) => (
                  <ReviewItem
                    key={c.id}
                    c={c}
                    drive={driveOf(c)}
                    host={host}
                    busy={busy === c.id}
                    error={errors[c.id] ?? null}
                    editing={editing === c.id}
                    setEditing={(on) => setEditing(on ? c.id : null)}
                    act={(a) => act(c, a)}
                    say={say}
                  />
                ))}
              </ul>
            )}
          </div>
        </>
      )}
    </HostShell>
  );
}
