// A question's correct answer in words for a reviewer. Apart from review-model.ts, which the
// people page's reviewer picker also loads: the tiles' letters (../answers) stay out of that
// chunk, so the player's first screen keeps them in its own chunk (tests/browser first screen).

import { TILE_STYLES } from "../answers";
import type { QuestionDoc } from "../protocol";

const letter = (i: number) => TILE_STYLES[i % TILE_STYLES.length].letter;

/** The question's correct answer in words, for a reviewer (who may see it). */
export function correctAnswerText(q: QuestionDoc): string {
  switch (q.kind) {
    case "choice": {
      const list = Array.isArray(q.correct) ? q.correct : typeof q.correct === "number" ? [q.correct] : [];
      return list.map((i) => `${letter(i)} · ${q.choices?.[i] ?? "?"}`).join(", ") || "–";
    }
    case "true_false":
      return q.correct === true ? "True" : "False";
    case "type_answer":
      return (q.accepted ?? []).join(" / ") || "–";
    case "numeric": {
      const tol = q.tolerance ? ` (± ${q.tolerance})` : "";
      return `${String(q.correct ?? "–")}${tol}`;
    }
    case "order":
      return (q.items ?? []).join(" → ") || "–";
    default:
      return "No correct answer: everyone's answer counts.";
  }
}
