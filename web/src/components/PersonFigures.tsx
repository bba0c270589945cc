// A person's page (their own on /me, or a member's as a workspace host sees it): scores over
// time, accuracy per tag, badges, and the same figures as CSV (docs/protocol.md, "People
// across devices"). Charts (Chart.tsx, with their hidden tables) and the tables themselves.

import { num, ordinal } from "../format";
import { percent, type PersonFigures as Figures, scoreSeries, shortDay } from "../person";
import { BadgeCard } from "./Badge";
import { Chart } from "./Chart";
import { DataTable } from "./DataTable";
import { type DownloadItem, Downloads } from "./Reports";

/** The CSV downloads of a person's page under `base` (`/me/history` or a member's path). */
export function personDownloads(base: string, stem: string): DownloadItem[] {
  return (["games", "tags", "badges"] as const).map((table) => ({
    label: table === "games" ? "Scores over time" : table === "tags" ? "Accuracy per tag" : "Badges",
    path: `${base}.csv?table=${table}`,
    fallbackName: `${stem}-${table}.csv`,
    kind: "csv" as const,
    testId: `person-csv-${table}`,
  }));
}

export function PersonFigures({
  figures,
  downloads,
  badges = false,
}: {
  figures: Figures;
  downloads: DownloadItem[];
  /** Show the badges too (a member's page; /me lists them with the games already). */
  badges?: boolean;
}) {
  const series = scoreSeries(figures.scores);
  return (
    <div class="person-figures" data-testid="person-figures">
      <section class="me-section" aria-labelledby="scores-title">
        <h2 id="scores-title" class="me-h2">
          Scores over time <span class="count-pill">{num(figures.scores.length)}</span>
        </h2>
        {figures.scores.length ? (
          <Chart
            testId="person-chart"
            kind="line"
            label="Score in each game, oldest first"
            categories={series.categories}
            series={[{ label: "Score", values: series.points }]}
            xLabel="Game"
            yLabel="Score"
            height={220}
          />
        ) : null}
        {figures.scores.length ? (
          <div class="person-table-box">
            <DataTable
              class="table person-table"
              testId="person-scores"
              caption="Your score and share of right answers in each game, oldest first"
              rows={figures.scores}
              rowKey={(s) => s.game_id}
              columns={[
                { head: "Date", cell: (s) => shortDay(s.finished_at) },
                { head: "Game", cell: (s, i) => <span title={series.categories[i]}>{s.title}</span> },
                { head: "Workspace", cell: (s) => s.workspace?.name ?? "–" },
                { head: "Score", cell: (s) => num(s.score), right: true },
                { head: "Place", cell: (s) => (s.players ? `${ordinal(s.rank)} of ${num(s.players)}` : ordinal(s.rank)), right: true },
                { head: "Right", cell: (s) => percent(s.accuracy), right: true },
              ]}
            />
          </div>
        ) : (
          <p class="me-note">No games yet: your scores show up here once you have played signed in.</p>
        )}
      </section>
      <section class="me-section" aria-labelledby="tags-title">
        <h2 id="tags-title" class="me-h2">
          Accuracy per tag
        </h2>
        {figures.tags.length ? (
          <Chart
            testId="person-tags-chart"
            label="Share of right answers per tag, in %"
            categories={figures.tags.map((t) => t.tag)}
            series={[{ label: "% right", values: figures.tags.map((t) => t.accuracy) }]}
            xLabel="Tag"
            yLabel="% right"
            yRange={[0, 100]}
            format={(v) => `${Math.round(v)} %`}
            height={200}
          />
        ) : null}
        {figures.tags.length ? (
          <div class="person-table-box">
            <DataTable
              class="table person-table"
              testId="person-tags"
              caption="Share of right answers in the games of each tag"
              rows={figures.tags}
              rowKey={(t) => t.tag}
              columns={[
                { head: "Tag", cell: (t) => t.tag },
                { head: "Games", cell: (t) => num(t.games), right: true },
                { head: "Right", cell: (t) => `${num(t.correct)} of ${num(t.answered)}`, right: true },
                {
                  head: "Accuracy",
                  right: true,
                  cell: (t) => (
                    <span class="tag-accuracy">
                      <span class="tag-track" aria-hidden="true">
                        <span class="tag-bar" style={{ width: `${Math.round(t.accuracy ?? 0)}%` }} />
                      </span>
                      {percent(t.accuracy)}
                    </span>
                  ),
                },
              ]}
            />
          </div>
        ) : (
          <p class="me-note">No tagged quizzes played yet: quizzes with tags (safety, onboarding…) show here.</p>
        )}
      </section>
      {badges ? (
        <section class="me-section" aria-labelledby="person-badges-title">
          <h2 id="person-badges-title" class="me-h2">
            Badges <span class="count-pill">{num(figures.badges.length)}</span>
          </h2>
          {figures.badges.length ? (
            <ul class="badge-list badge-grid" data-testid="person-badges">
              {figures.badges.map((b, i) => (
                <BadgeCard key={b.code} code={b.code} title={b.title} description={b.description} detail={shortDay(b.awarded_at)} index={i} />
              ))}
            </ul>
          ) : (
            <p class="me-note">No badges yet.</p>
          )}
        </section>
      ) : null}
      <Downloads title="Download these figures" items={downloads} />
    </div>
  );
}
