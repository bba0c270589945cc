// Host reports: download buttons (CSV tables, the XLSX workbook) and the JSON report's
// questions as a table, hardest first.

import { useState } from "preact/hooks";
import { ApiError, downloadFile } from "../api";
import { num } from "../format";
import type { ReportQuestion } from "../protocol";
import { KIND_LABELS } from "../quiz-model";
import { Alert } from "./ui";

export interface DownloadItem {
  /** The button's words, e.g. "Players (CSV)". */
  label: string;
  /** Under /api, e.g. `/games/g1/report.csv?table=players`. */
  path: string;
  fallbackName: string;
  kind: "csv" | "xlsx" | "json";
  testId?: string;
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

const unscored = (q: ReportQuestion) => q.kind === "poll" || q.kind === "word_cloud";

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
      <table class="table hardest-table" data-testid={testId}>
        <caption class="sr-only">Questions, hardest first</caption>
        <thead>
          <tr>
            <th scope="col">
              <abbr title="Difficulty: 1 is the hardest">Hardest</abbr>
            </th>
            {rounds ? <th scope="col">Round</th> : null}
            <th scope="col">Question</th>
            <th scope="col">Type</th>
            <th scope="col" class="right">
              Answered
            </th>
            <th scope="col" class="right">
              % correct
            </th>
            <th scope="col" class="right">
              Avg time
            </th>
          </tr>
        </thead>
        <tbody>
          {questions.map((q) => {
            const pct = q.percent_correct;
            return (
              <tr key={`${q.game_id ?? ""}-${q.index}`}>
                <td>{q.difficulty === null ? <span class="muted-dark">–</span> : <span class="difficulty">{q.difficulty}</span>}</td>
                {rounds ? <td>{q.round ?? "–"}</td> : null}
                <td>
                  <span class="q-ref">Q{q.index + 1}</span> {q.prompt}
                </td>
                <td>{KIND_LABELS[q.kind] ?? q.kind}</td>
                <td class="right">{num(q.answered)}</td>
                <td class="right">
                  {unscored(q) ? (
                    <span class="muted-dark">no right answer</span>
                  ) : pct === null ? (
                    "–"
                  ) : (
                    <span class="pct">
                      <span class={`pct-bar ${pct < 50 ? "low" : ""}`} aria-hidden="true">
                        <span style={{ width: `${pct}%` }} />
                      </span>
                      {Math.round(pct)}%
                    </span>
                  )}
                </td>
                <td class="right">{secondsText(q.average_time_ms)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
