// `/me/contributions`: what a member sent (`GET /api/contributions/mine`): each item's status and
// review thread, edit and send again while it waits or changes were asked (`PUT
// /api/contributions/{id}`), the author's statistics and badges when the server has them (`GET
// /api/me/contributions/stats`). The list is read again every 15 s while the tab is visible, and
// a change of status is said in the page's live region (and shown above the list).

import { useEffect, useRef, useState } from "preact/hooks";
import { api, ApiError } from "../api";
import { BadgeCard } from "../components/Badge";
import { HostShell, useAuth } from "../components/HostShell";
import { Alert, Spinner } from "../components/ui";
import { ContributionCard } from "./ContributionCard";
import { type Contribution, statusChanges } from "./model";
import { useVisiblePoll } from "./poll";
import { contributeHref } from "./routes";
import { type AuthorStats, readStats } from "./stats";

export const POLL_MS = 15_000;

type Load = { status: "loading" } | { status: "error"; message: string } | { status: "ok"; items: Contribution[] };

export function MyContributionsPage() {
  const auth = useAuth();
  const [load, setLoad] = useState<Load>({ status: "loading" });
  const [stats, setStats] = useState<AuthorStats | null>(null);
  const [news, setNews] = useState<{ id: number; text: string } | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const last = useRef<Contribution[] | null>(null);
  const counter = useRef(0);

  const readMine = async (quiet: boolean) => {
    if (!quiet) setLoad({ status: "loading" });
    try {
      const mine = await api<{ contributions: Contribution[] }>("GET", "/contributions/mine");
      const items = mine?.contributions ?? [];
      const said = statusChanges(last.current, items);
      last.current = items;
      setLoad({ status: "ok", items });
      if (said.length) {
        setNews({ id: ++counter.current, text: said.join(" ") });
        // An approval may have earned a badge: read the statistics again.
        void readStatsNow();
      }
    } catch (err) {
      // A failed background read keeps what the page shows; only the first read says so.
      if (!quiet || last.current === null) setLoad({ status: "error", message: err instanceof ApiError ? err.message : "Could not load what you sent." });
    }
  };
  const readStatsNow = async () => {
    try {
      setStats(readStats(await api<unknown>("GET", "/me/contributions/stats")));
    } catch {
      setStats(null); // the statistics are not on this server (yet): the page shows none
    }
  };

  useEffect(() => {
    document.title = "Your questions and tips · Huddle";
    if (!auth) return;
    void readMine(false);
    void readStatsNow();
  }, []);
  useVisiblePoll(() => readMine(true), POLL_MS, !!auth && load.status !== "error");

  if (!auth) return null;
  const replace = (saved: Contribution) => {
    if (load.status !== "ok") return;
    const items = load.items.map((c) => (c.id === saved.id ? { ...c, ...saved, events: saved.events ?? c.events } : c));
    last.current = items;
    setLoad({ status: "ok", items });
    setEditing(null);
    setNews({ id: ++counter.current, text: "Sent again for review." });
    // The thread grew on the server (an "edited" step): read it as the server has it.
    void readMine(true);
  };

  return (
    <HostShell auth={auth} section="contribute">
      <div class="page-head">
        <div>
          <h1>Your questions and tips</h1>
          <p class="muted-dark">What you sent, what the reviewers said, and how your questions do in games.</p>
        </div>
        <div class="row">
          <a class="btn btn-primary" href={contributeHref()}>
            Add a question
          </a>
          <a class="btn btn-ghost-dark" href={contributeHref({ kind: "tip" })}>
            Share a tip
          </a>
          <a class="btn btn-ghost-dark" href="/library/community">
            Community library
          </a>
        </div>
      </div>
      <div class="contrib-news" role="status" aria-live="polite" aria-atomic="true" data-testid="contrib-announce">
        {news ? (
          <p key={news.id} class="alert alert-info">
            {news.text}
          </p>
        ) : null}
      </div>
      {stats ? <StatsSummary stats={stats} /> : null}
      {load.status === "loading" ? (
        <Spinner label="Loading what you sent…" />
      ) : load.status === "error" ? (
        <div class="card">
          <Alert>{load.message}</Alert>
          <button type="button" class="btn btn-primary" onClick={() => void readMine(false)}>
            Try again
          </button>
        </div>
      ) : load.items.length === 0 ? (
        <div class="card">
          <p>You have not sent a question or a tip yet.</p>
          <a class="btn btn-primary" href={contributeHref()}>
            Write your first question
          </a>
        </div>
      ) : (
        <ul class="contrib-list" data-testid="contrib-list">
          {load.items.map((c) => (
            <ContributionCard
              key={c.id}
              c={c}
              stats={stats?.questions.find((s) => s.contribution_id === c.id) ?? null}
              editing={editing === c.id}
              // One form at a time: the kinds' fields name their inputs by field path.
              onEdit={() => setEditing(c.id)}
              onCancel={() => setEditing(null)}
              onSaved={replace}
            />
          ))}
        </ul>
      )}
    </HostShell>
  );
}

function StatsSummary({ stats }: { stats: AuthorStats }) {
  const played = stats.questions.filter((q) => q.answered > 0);
  const answers = played.reduce((n, q) => n + q.answered, 0);
  return (
    <section class="card contrib-stats" aria-labelledby="contrib-stats-title" data-testid="contrib-stats">
      <h2 id="contrib-stats-title">Your questions in games</h2>
      <p>
        {played.length
          ? `${played.length} of your questions ${played.length === 1 ? "has" : "have"} been played, with ${answers} answer${answers === 1 ? "" : "s"} in all.`
          : "None of your questions has been played yet."}
      </p>
      {stats.milestones.length ? (
        <>
          <h3>Your author badges</h3>
          <ul class="badge-list" data-testid="author-badges">
            {stats.milestones.map((m, i) => (
              <BadgeCard key={m.code} code={m.code} title={m.title} description={m.description} index={i} />
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
