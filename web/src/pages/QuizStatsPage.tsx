// `/quizzes/<id>/stats`: a quiz's figures across every finished game of it (games, players,
// average score, accuracy), a bar chart of the share of right answers per question, and its
// questions ranked hardest first, with the same table as a CSV download.

import { useEffect, useState } from "preact/hooks";
import { api, ApiError } from "../api";
import { Chart } from "../components/Chart";
import { DataTable } from "../components/DataTable";
import { HostShell, useAuth } from "../components/HostShell";
import { Downloads, fileStem, secondsText } from "../components/Reports";
import { Alert, Spinner } from "../components/ui";
import { num, plural } from "../format";
import { kindLabel } from "../kinds";
import { isScored } from "../kinds/scored";
import type { QuizStats, QuizStatsQuestion } from "../protocol";

/** A percentage as the page writes it: "62.5 %", or "–" for none. */
export function percentText(value: number | null | undefined): string {
  return value === null || value === undefined ? "–" : `${value} %`;
}

/** The chart's figures: the scored questions in the quiz's order, "Q1" … with their % correct. */
export function correctSeries(questions: QuizStatsQuestion[]): { categories: string[]; values: (number | null)[] } {
  const scored = questions.filter((q) => isScored(q.kind)).sort((a, b) => a.index - b.index);
  return { categories: scored.map((q) => `Q${q.index + 1}`), values: scored.map((q) => q.percent_correct) };
}

function Summary({ stats }: { stats: QuizStats }) {
  const figures: [string, string, string][] = [
    ["stat-games", num(stats.games), stats.games === 1 ? "game played" : "games played"],
    ["stat-players", num(stats.players), "players"],
    ["stat-score", stats.average_score === null ? "–" : num(Math.round(stats.average_score)), "average score"],
    ["stat-accuracy", percentText(stats.accuracy), "answers correct"],
  ];
  return (
    <div class="stat-row">
      {figures.map(([id, value, label]) => (
        <div key={id} class="stat card">
          <span class="stat-num" data-testid={id}>
            {value}
          </span>
          <span class="stat-label">{label}</span>
        </div>
      ))}
    </div>
  );
}

function RankedQuestions({ questions }: { questions: QuizStatsQuestion[] }) {
  return (
    <div class="table-wrap">
      <DataTable
        class="table hardest-table"
        testId="quiz-stats-table"
        caption="The quiz's questions, hardest first"
        rows={questions}
        rowKey={(q) => q.id ?? `i${q.index}`}
        columns={[
          {
            head: <abbr title="Difficulty: 1 is the hardest">Hardest</abbr>,
            cell: (q) => (q.difficulty === null ? <span class="muted-dark">–</span> : <span class="difficulty">{q.difficulty}</span>),
          },
          {
            head: "Question",
            cell: (q) => (
              <>
                <span class="q-ref">Q{q.index + 1}</span> {q.prompt}
              </>
            ),
          },
          { head: "Type", cell: (q) => kindLabel(q.kind) },
          { head: "Asked", right: true, cell: (q) => num(q.asked) },
          { head: "Answered", right: true, cell: (q) => num(q.answered) },
          {
            head: "% correct",
            right: true,
            cell: (q) => (isScored(q.kind) ? percentText(q.percent_correct) : <span class="muted-dark">no right answer</span>),
          },
          { head: "Avg time", right: true, cell: (q) => secondsText(q.average_time_ms) },
        ]}
      />
    </div>
  );
}

export function QuizStatsPage({ quizId }: { quizId: string }) {
  const auth = useAuth();
  const [stats, setStats] = useState<QuizStats | null>(null);
  const [error, setError] = useState<string | null>(null);
  const path = `/quizzes/${encodeURIComponent(quizId)}/stats`;

  useEffect(() => {
    let live = true;
    api<QuizStats>("GET", path).then(
      (s) => {
        if (!live) return;
        setStats(s);
        document.title = `${s.quiz.title}: statistics · Huddle`;
      },
      (err: unknown) => live && setError(err instanceof ApiError && err.status === 404 ? "This quiz does not exist, or it is not yours." : (err as Error).message),
    );
    return () => {
      live = false;
    };
  }, [quizId]);

  if (!auth) return null;
  const back = (
    <a href="/host" class="back-link">
      <span aria-hidden="true">←</span> Your quizzes
    </a>
  );
  if (error || !stats) {
    return (
      <HostShell auth={auth} section="quizzes">
        {back}
        {error ? <Alert>{error}</Alert> : <Spinner label="Loading the quiz's statistics…" />}
      </HostShell>
    );
  }
  const chart = correctSeries(stats.questions);
  const editPath = `/quizzes/${encodeURIComponent(quizId)}`;
  return (
    <HostShell auth={auth} section="quizzes" wide>
      <div class="page-head">
        <div>
          {back}
          <h1 data-testid="quiz-stats-title">{stats.quiz.title}</h1>
          <p class="muted-dark">
            Statistics over {plural(stats.games, "finished game")} · version {stats.quiz.version} ·{" "}
            <a href={editPath}>Edit the quiz</a> ·{" "}
            <a href={`/challenges/new?quiz=${encodeURIComponent(quizId)}`}>Challenge people with it</a>
          </p>
        </div>
      </div>
      <Summary stats={stats} />
      {stats.games === 0 ? (
        <Alert kind="info">No finished game has played this quiz yet: its figures appear here once one has.</Alert>
      ) : null}
      {stats.games > 0 && chart.categories.length > 0 ? (
        <section class="card" aria-labelledby="chart-title">
          <h2 id="chart-title">Right answers per question</h2>
          <Chart
            testId="quiz-stats-chart"
            label="Share of right answers per question, in %"
            categories={chart.categories}
            series={[{ label: "% correct", values: chart.values }]}
            xLabel="Question"
            yLabel="% correct"
            yRange={[0, 100]}
            format={(v) => `${v} %`}
          />
        </section>
      ) : null}
      <section class="card" aria-labelledby="ranked-title">
        <h2 id="ranked-title">Questions, hardest first</h2>
        <p class="hint-dark">
          Across every game that reached each question, even after the quiz was edited. The lowest share of right answers
          first; a longer average answer time breaks ties.
        </p>
        <RankedQuestions questions={stats.questions} />
        <Downloads
          title="Download"
          items={[
            {
              label: "Questions (CSV)",
              path: `${path}.csv`,
              fallbackName: `${fileStem(stats.quiz.title, "quiz")}-stats.csv`,
              kind: "csv",
              testId: "dl-quiz-stats",
            },
          ]}
        />
      </section>
    </HostShell>
  );
}
