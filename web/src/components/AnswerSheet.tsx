// The answer sheet of a finished game (as Kahoot's report has it): a row per player, a column
// per question, each cell the player's answer, whether it was right, the points and the time.

import type { AnswerSheet as Sheet, SheetAnswer } from "../protocol";
import { num } from "../format";
import { secondsText } from "./Reports";

function verdict(a: SheetAnswer): string {
  if (a.correct === null) return "";
  return a.correct ? "right" : "wrong";
}

function Cell({ answer }: { answer: SheetAnswer | null }) {
  if (!answer) {
    return (
      <td class="sheet-cell sheet-none">
        <span aria-hidden="true">–</span>
        <span class="sr-only">no answer</span>
      </td>
    );
  }
  const v = verdict(answer);
  return (
    <td class={`sheet-cell ${v ? `sheet-${v}` : ""}`} data-correct={answer.correct === null ? undefined : String(answer.correct)}>
      <span class="sheet-answer">{answer.answer}</span>
      <span class="sheet-meta">
        {v ? (
          <>
            <span aria-hidden="true">{answer.correct ? "✓" : "✗"}</span>
            <span class="sr-only">{v},</span>{" "}
          </>
        ) : null}
        {num(answer.points)} pts · {secondsText(answer.time_ms)}
      </span>
    </td>
  );
}

/** Every player's answers, one row each in rank order; scrolls sideways on a narrow screen. */
export function AnswerSheet({ sheet }: { sheet: Sheet }) {
  if (!sheet.questions.length || !sheet.players.length) return <p class="muted-dark">Nobody answered.</p>;
  return (
    <div class="table-wrap" tabIndex={0} role="region" aria-label="Answer sheet, scrolls sideways">
      <table class="table answer-sheet" data-testid="answer-sheet">
        <caption class="sr-only">Each player's answer to each question</caption>
        <thead>
          <tr>
            <th scope="col">Player</th>
            {sheet.questions.map((q) => (
              <th key={q.index} scope="col" title={q.prompt}>
                Q{q.index + 1}
                <span class="sr-only">: {q.prompt}</span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {sheet.players.map((p) => (
            <tr key={p.player_id}>
              <th scope="row">{p.nickname}</th>
              {p.answers.map((a, i) => (
                <Cell key={i} answer={a} />
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
