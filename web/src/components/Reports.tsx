// Host reports: download buttons (CSV tables, the XLSX workbook) and the JSON report's
// questions as a table, hardest first.

import { useState } from "preact/hooks";
import { ApiError, downloadFile } from "../api";
import { num } from "../format";
import type { ReportQuestion } from "../protocol";
import { kindLabel } from "../kinds";
import { isScored } from "../kinds/scored";
import { DataTable } from "./DataTable";
import { Alert } from "./ui";
// The reports' stylesheet comes with their chunks, not with the join page's first screen.
import "../styles/reports.css";

export interface DownloadItem {
  /** The button's words, e.g. "Players (CSV)". */
  label: string;
  /** Under /api, e.g. `/games/g1/report.csv?table=players`. */
  path: string;
  fallbackName: string;
  kind: "csv" | "xlsx" | "json";
  testId?: string;
}

/** A file name's stem from a title: `Spring cup!` → `spring-cup-` (the fallback when nothing is left). */
export function fileStem(title: string, fallback: string): string {
  return title.replace(/[^A-Za-z0-9]+/g, "-").toLowerCase() || fallback;
}

export interface ReportTable {
  /** The table's name in the report's address, e.g. `players`. */
  table: string;
  label: string;
  testId?: string;
}

/** A report's downloads: a CSV per table (false leaves one out), then the XLSX workbook. */
export function reportDownloads(reportPath: string, stem: string, tables: (ReportTable | false)[]): DownloadItem[] {
  const csv = tables.filter((t): t is ReportTable => !!t);
  return [
    ...csv.map(({ table, label, testId }) => ({
      label,
      path: `${reportPath}.csv?table=${table}`,
      fallbackName: `${stem}-${table}.csv`,
      kind: "csv" as const,
      testId,
    })),
    { label: "Workbook", path: `${reportPath}.xlsx`, fallbackName: `${stem}.xlsx`, kind: "xlsx", testId: "dl-xlsx" },
  ];
}

export function Downloads({ title = "Download the report", items, hint }: { title?: string; items: DownloadItem[]; hint?: string }) {
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  async function get(item: DownloadItem) {
    setBusy(item.path);
    setError(null);
    setSaved(null);
    try {
      const name = await downloadFile(item.path, item.fallbackName);
      setSaved(`Saved ${name}.`);
    } catch (err) {
      const e = err as ApiError;
      setError(e.code === "not_finished" ? "The report is ready once the game has finished." : e.message);
    } finally {
      setBusy(null);
    }
  }
  return (
    <div class="downloads">
      <h3 class="downloads-title">{title}</h3>
      {hint ? <p class="hint-dark">{hint}</p> : null}
      <div class="download-buttons">
        {items.map((item) => (
          <button
            key={item.path}
            type="button"
            class={`btn btn-download file-${item.kind}`}
            onClick={() => void get(item)}
            disabled={busy !== null}
            aria-busy={busy === item.path ? "true" : undefined}
            data-testid={item.testId}
          >
            <span class="file-tag" aria-hidden="true">
              {item.kind.toUpperCase()}
            </span>
            {item.label}
          </button>
        ))}
      </div>
      <p class="sr-only" role="status">
        {busy ? "Preparing the download…" : saved ?? ""}
      </p>
      {error ? <Alert>{error}</Alert> : null}
    </div>
  );
}

const unscored = (q: ReportQuestion) => !isScored(q.kind);

/** How pages name an event's round (as the reports do): "Round 1", or "–" for none. */
export function roundLabel(round: number | null | undefined): string {
  return round ? `Round ${round}` : "–";
}

export function secondsText(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return "–";
  return `${(ms / 1000).toFixed(1)} s`;
}

/** The report's questions in its order (hardest first), with % correct and average time. */
export function HardestQuestions({
  questions,
  rounds,
  testId = "hardest-table",
}: {
  questions: ReportQuestion[];
  rounds?: boolean;
  testId?: string;
}) {
  if (!questions.length) return <p class="muted-dark">No questions were answered yet.</p>;
  return (
    <div class="table-wrap">
      <DataTable
        class="table hardest-table"
        testId={testId}
        caption="Questions, hardest first"
        rows={questions}
        rowKey={(q) => `${q.game_id ?? ""}-${q.index}`}
        columns={[
          {
            head: <abbr title="Difficulty: 1 is the hardest">Hardest</abbr>,
            cell: (q) => (q.difficulty === null ? <span class="muted-dark">–</span> : <span class="difficulty">{q.difficulty}</span>),
          },
          rounds && { head: "Round", cell: (q) => roundLabel(q.round) },
          {
            head: "Question",
            cell: (q) => (
              <>
                <span class="q-ref">Q{q.index + 1}</span> {q.prompt}
              </>
            ),
          },
          { head: "Type", cell: (q) => kindLabel(q.kind) },
          { head: "Answered", right: true, cell: (q) => num(q.answered) },
          { head: "% correct", right: true, cell: (q) => <PercentCorrect q={q} /> },
          { head: "Avg time", right: true, cell: (q) => secondsText(q.average_time_ms) },
        ]}
      />
    </div>
  );
}

function PercentCorrect({ q }: { q: ReportQuestion }) {
  const pct = q.percent_correct;
  if (unscored(q)) return <span class="muted-dark">no right answer</span>;
  if (pct === null) return <>–</>;
  return (
    <span class="pct">
      <span class={`pct-bar ${pct < 50 ? "low" : ""}`} aria-hidden="true">
        <span style={{ width: `${pct}%` }} />
      </span>
      {Math.round(pct)}%
    </span>
  );
}
