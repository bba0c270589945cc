// "Add from question bank" in the quiz editor: search the questions of the workspace's library
// (GET /api/questions) and add a copy of one to this quiz.

import { useEffect, useRef, useState } from "preact/hooks";
import { ErrorText } from "../components/ui";
import { kindLabel } from "../kinds";
import { countAnnouncement, searchPath, useDebouncedSearch } from "../library/search";
import type { BankHit, QuestionDoc } from "../protocol";
// The library's stylesheet comes with the host's chunks, not with the join page's first screen.
import "../styles/library.css";

const PAGE = 10;

/** The panel, closed behind a button until asked for. `onAdd` appends the question's copy. */
export function QuestionBank({ onAdd }: { onAdd: (q: QuestionDoc) => void }) {
  const [open, setOpen] = useState(false);
  const [q, setQ] = useState("");
  const [added, setAdded] = useState<string | null>(null);
  // Closing the panel gives the focus back to the button that opened it.
  const opener = useRef<HTMLButtonElement>(null);
  const closed = useRef(false);
  useEffect(() => {
    if (!open && closed.current) opener.current?.focus();
  }, [open]);
  const search = useDebouncedSearch<{ questions: BankHit[]; total: number }>(
    open ? searchPath("/questions", q, null, PAGE) : null,
  );
  if (!open) {
    return (
      <button ref={opener} type="button" class="btn btn-ghost-dark" aria-expanded="false" onClick={() => setOpen(true)}>
        Add from question bank
      </button>
    );
  }
  const hits = search.results?.questions ?? [];
  const status = search.results ? countAnnouncement(search.results.total, ["question", "questions"], q, null) : "Searching…";
  return (
    <section class="card bank" aria-labelledby="bank-title">
      <div class="bank-head">
        <h2 id="bank-title">Question bank</h2>
        <button
          type="button"
          class="btn btn-ghost-dark btn-sm"
          aria-expanded="true"
          onClick={() => {
            closed.current = true;
            setOpen(false);
          }}
        >
          Close<span class="sr-only"> the question bank</span>
        </button>
      </div>
      <label class="field-label" for="bank-search">
        Search questions of the library
      </label>
      <input
        id="bank-search"
        class="input"
        type="search"
        value={q}
        placeholder="A word of a question or an answer"
        autoFocus
        onInput={(e) => {
          setQ((e.target as HTMLInputElement).value);
          setAdded(null);
        }}
        aria-describedby="bank-status"
      />
      <p id="bank-status" class="hint-dark" aria-live="polite" aria-atomic="true">
        {added ?? status}
      </p>
      <ErrorText id="bank-error" message={search.error?.message} />
      <ul class="bank-list" aria-label="Questions found">
        {hits.map((hit) => (
          <li key={`${hit.quiz.id}/${hit.index}`} class="bank-hit">
            <div>
              <p class="bank-prompt">{hit.prompt}</p>
              <p class="hint-dark">
                {kindLabel(hit.kind)} · from “{hit.quiz.title}”
              </p>
            </div>
            <button
              type="button"
              class="btn btn-primary btn-sm"
              onClick={() => {
                onAdd(structuredClone(hit.question));
                setAdded(`Added “${hit.prompt}” at the end of the quiz.`);
              }}
            >
              Add<span class="sr-only"> “{hit.prompt}”</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
