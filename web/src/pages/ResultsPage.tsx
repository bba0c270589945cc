import { useEffect, useState } from "preact/hooks";
import { api, ApiError } from "../api";
import { HostShell, useAuth } from "../components/HostShell";
import { AnswerSheet } from "../components/AnswerSheet";
import { DataTable } from "../components/DataTable";
import { Podium } from "../components/Leaderboard";
import { Downloads, fileStem, HardestQuestions, reportDownloads, secondsText } from "../components/Reports";
import { badgeTitle } from "../milestones";
import { Alert, formatPin, Spinner } from "../components/ui";
import { dateTime, num, ordinal, plural } from "../format";
import type { GameReport, GameSummary, Results } from "../protocol";
import { kindLabel } from "../kinds";
import { isScored } from "../kinds/scored";

const pct = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 100) : 0);

/** Tick values for an axis from 0 to `top`: whole numbers, at most six. */
export function axisTicks(top: number): number[] {
  const step = Math.max(1, Math.ceil(top / 5));
  const ticks: number[] = [];
  for (let v = 0; v <= top; v += step) ticks.push(v);
  if (ticks[ticks.length - 1] !== top) ticks.push(top);
  return ticks;
}

/** Correct answers per question as an SVG bar chart (the questions table holds the same data). */
export function CorrectChart({ questions, players }: { questions: Results["questions"]; players: number }) {
  const n = questions.length;
  const top = Math.max(1, players, ...questions.map((q) => q.answered));
  const barW = Math.max(28, Math.min(72, Math.floor(640 / Math.max(1, n)) - 16));
  const gap = Math.round(barW * 0.45);
  const h = 200;
  const padTop = 26;
  const left = 40;
  const width = Math.max(360, left + n * (barW + gap) + gap);
  const y = (v: number) => padTop + h - (v / top) * h;
  const summary = questions.map((q) => `question ${q.index + 1}: ${q.correct} of ${q.answered} correct`).join("; ");
  return (
    <figure class="chart card">
      <figcaption>
        <h2>Correct answers per question</h2>
        <p class="muted-dark">How many players got each question right, out of {plural(top, "player")}.</p>
      </figcaption>
      <div class="chart-scroll">
        <svg
          class="chart-svg"
          viewBox={`0 0 ${width} ${padTop + h + 34}`}
          width={width}
          height={padTop + h + 34}
          role="img"
          aria-label={`Correct answers per question: ${summary}`}
        >
          {axisTicks(top).map((t) => (
            <g key={t}>
              <line class="chart-grid" x1={left} x2={width} y1={y(t)} y2={y(t)} />
              <text class="chart-axis" x={left - 8} y={y(t) + 4} text-anchor="end">
                {t}
              </text>
            </g>
          ))}
          {questions.map((q, i) => {
            const x = left + gap + i * (barW + gap);
            return (
              <g key={q.index}>
                <rect class="chart-answered" x={x} y={y(q.answered)} width={barW} height={padTop + h - y(q.answered)} rx="5" />
                <rect class="chart-correct" x={x} y={y(q.correct)} width={barW} height={padTop + h - y(q.correct)} rx="5" />
                <text class="chart-value" x={x + barW / 2} y={y(q.correct) - 7} text-anchor="middle">
                  {q.correct}
                </text>
                <text class="chart-axis" x={x + barW / 2} y={padTop + h + 22} text-anchor="middle">
                  Q{q.index + 1}
                </text>
              </g>
            );
          })}
        </svg>
      </div>
      <p class="chart-legend" aria-hidden="true">
        <span class="legend-swatch correct" /> correct <span class="legend-swatch answered" /> answered
      </p>
    </figure>
  );
}

export function ResultsPage({ gameId }: { gameId: string }) {
  const auth = useAuth();
  const [results, setResults] = useState<Results | null>(null);
  const [report, setReport] = useState<GameReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [waiting, setWaiting] = useState(false);

  useEffect(() => {
    document.title = "Game results · Huddle";
    if (!auth) return;
    let timer = 0;
    let tries = 0;
    const fetchResults = async () => {
      try {
        setResults(await api<Results>("GET", `/games/${encodeURIComponent(gameId)}/results`));
        setWaiting(false);
        // The host's report adds identifiers, times, badges and the questions hardest first.
        api<GameReport>("GET", `/games/${encodeURIComponent(gameId)}/report`)
          .then(setReport)
          .catch(() => setReport(null));
      } catch (err) {
        const e = err as ApiError;
        if (e.code === "not_finished" && tries++ < 30) {
          setWaiting(true);
          timer = window.setTimeout(fetchResults, 1000);
        } else if (e.code === "not_finished") {
          setError("This game has not finished yet.");
        } else {
          setError(e.status === 404 ? "This game does not exist." : e.message);
        }
      }
    };
    // Results reach the database a moment after the game ends: wait for them on the list of
    // games (always a 200) rather than asking for them early (a 409 each time).
    let waits = 0;
    const whenWritten = async () => {
      let written: boolean | null = null;
      try {
        const list = await api<{ games: GameSummary[] }>("GET", "/games");
        written = list.games.find((g) => g.id === gameId)?.results ?? null;
      } catch {
        written = null;
      }
      if (written === false && waits++ < 40) {
        setWaiting(true);
        timer = window.setTimeout(whenWritten, 750);
        return;
      }
      await fetchResults();
    };
    void whenWritten();
    return () => window.clearTimeout(timer);
  }, [gameId]);

  if (!auth) return null;
  if (error || !results) {
    return (
      <HostShell auth={auth}>
        <a href="/host#games" class="back-link">
          <span aria-hidden="true">←</span> Past games
        </a>
        {error ? <Alert>{error}</Alert> : <Spinner label={waiting ? "The game is finishing; results are on their way…" : "Loading results…"} />}
      </HostShell>
    );
  }
  const { game, players, teams, questions } = results;
  const extra = new Map((report?.players ?? []).map((p) => [p.player_id, p]));
  const identifiers = !!report?.players.some((p) => p.identifier);
  const eventId = report?.game.event_id ?? null;
  const reportPath = `/games/${encodeURIComponent(gameId)}/report`;
  const totalAnswers = questions.reduce((a, q) => a + q.answered, 0);
  const totalCorrect = questions.reduce((a, q) => a + q.correct, 0);
  return (
    <HostShell auth={auth} wide>
      <div class="page-head">
        <div>
          {eventId ? (
            <a href={`/events/${encodeURIComponent(eventId)}`} class="back-link">
              <span aria-hidden="true">←</span> Back to the event
            </a>
          ) : (
            <a href="/host#games" class="back-link">
              <span aria-hidden="true">←</span> Past games
            </a>
          )}
          <h1 data-testid="results-title">{game.title}</h1>
          <p class="muted-dark">
            Played {dateTime(game.finished_at ?? game.started_at)} · PIN {formatPin(game.pin)}
          </p>
        </div>
      </div>
      <div class="stat-row">
        <div class="stat card">
          <span class="stat-num">{num(players.length)}</span>
          <span class="stat-label">players</span>
        </div>
        <div class="stat card">
          <span class="stat-num">{num(questions.length)}</span>
          <span class="stat-label">questions</span>
        </div>
        <div class="stat card">
          <span class="stat-num">{pct(totalCorrect, totalAnswers)}%</span>
          <span class="stat-label">answers correct</span>
        </div>
        <div class="stat card">
          <span class="stat-num">{players[0]?.nickname ?? "–"}</span>
          <span class="stat-label">winner</span>
        </div>
      </div>
      {players.length ? (
        <div class="card results-podium">
          <Podium rows={players} />
        </div>
      ) : null}
      <CorrectChart questions={questions} players={players.length} />
      <section class="card" aria-labelledby="players-title">
        <h2 id="players-title">Players</h2>
        <div class="table-wrap">
          <DataTable
            testId="players-table"
            rows={players.map((p) => ({ ...p, more: extra.get(p.player_id) }))}
            rowKey={(p) => p.player_id}
            columns={[
              { head: "Rank", cell: (p) => ordinal(p.rank) },
              { head: "Nickname", cell: (p) => p.nickname },
              identifiers && { head: "E-mail or ID", cellClass: "who-id-cell", cell: (p) => p.more?.identifier ?? "–" },
              teams.length > 0 && { head: "Team", cell: (p) => p.team ?? "–" },
              { head: "Score", right: true, cellClass: "num", cell: (p) => num(p.score) },
              { head: "Correct", right: true, cell: (p) => p.correct },
              {
                head: "Answered",
                right: true,
                cell: (p) => (
                  <>
                    {p.answered} / {questions.length}
                  </>
                ),
              },
              report && { head: "Avg time", right: true, cell: (p) => secondsText(p.more?.average_time_ms) },
              report && {
                head: "Badges",
                cell: (p) =>
                  p.more?.milestones.length
                    ? p.more.milestones.map((code) => (
                        <span key={code} class="mini-badge light">
                          {badgeTitle(code)}
                        </span>
                      ))
                    : "–",
              },
            ]}
          />
        </div>
      </section>
      {teams.length ? (
        <section class="card" aria-labelledby="teams-title">
          <h2 id="teams-title">Teams</h2>
          <DataTable
            rows={teams}
            rowKey={(t) => t.team}
            columns={[
              { head: "Rank", cell: (t) => ordinal(t.rank) },
              { head: "Team", cell: (t) => t.team },
              { head: "Players", right: true, cell: (t) => t.members },
              { head: "Score", right: true, cellClass: "num", cell: (t) => num(t.score) },
            ]}
          />
        </section>
      ) : null}
      <section class="card" aria-labelledby="questions-title">
        <h2 id="questions-title">Questions, hardest first</h2>
        <p class="hint-dark">The lowest share of right answers first; a longer average answer time breaks ties.</p>
        {report ? (
          <HardestQuestions questions={report.questions} testId="questions-table" />
        ) : (
          <div class="table-wrap">
            <DataTable
              testId="questions-table"
              rows={questions}
              rowKey={(q) => q.index}
              columns={[
                { head: "#", cell: (q) => q.index + 1 },
                { head: "Question", cell: (q) => q.prompt },
                { head: "Type", cell: (q) => kindLabel(q.kind) },
                { head: "Answered", right: true, cell: (q) => q.answered },
                {
                  head: "% correct",
                  right: true,
                  cell: (q) => (!isScored(q.kind) ? "–" : `${pct(q.correct, q.answered)}%`),
                },
              ]}
            />
          </div>
        )}
      </section>
      {report?.answer_sheet ? (
        <section class="card" aria-labelledby="sheet-title">
          <h2 id="sheet-title">Answer sheet</h2>
          <p class="hint-dark">Each player's answer to each question, with its points and the time it took.</p>
          <AnswerSheet sheet={report.answer_sheet} />
        </section>
      ) : null}
      <section class="card" aria-labelledby="report-title">
        <h2 id="report-title">Report</h2>
        <Downloads
          hint="Spreadsheet-ready tables of this game. The workbook has one sheet per table."
          items={reportDownloads(reportPath, fileStem(game.title, "game"), [
            { table: "players", label: "Players", testId: "dl-players-csv" },
            { table: "questions", label: "Questions", testId: "dl-questions-csv" },
            { table: "answers", label: "Answer sheet", testId: "dl-answers-csv" },
            teams.length > 0 && { table: "teams", label: "Teams" },
          ])}
        />
      </section>
    </HostShell>
  );
}
