// The editor's "Add a question" row: pick a kind, add a question of it at the end.

import { useState } from "preact/hooks";
import type { QuestionKind } from "../protocol";
import { KindOptions } from "./KindOptions";

/** The kind menu and button under the questions. */
export function AddQuestion({ onAdd }: { onAdd: (kind: QuestionKind) => void }) {
  const [kind, setKind] = useState<QuestionKind>("choice");
  return (
    <div class="add-question card">
      <label class="field-label" for="add-kind">
        Add a question
      </label>
      <div class="row">
        <select id="add-kind" class="input" value={kind} onChange={(e) => setKind((e.target as HTMLSelectElement).value as QuestionKind)}>
          <KindOptions />
        </select>
        <button type="button" class="btn btn-primary" onClick={() => onAdd(kind)}>
          <span aria-hidden="true">+</span> Add question
        </button>
      </div>
    </div>
  );
}
