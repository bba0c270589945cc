// The library's search row on the dashboard: a search box (debounced by the page), the tag
// chips, and a live region that says how many quizzes match.

// The library's stylesheet comes with the host's chunks, not with the join page's first screen.
import "../styles/library.css";

export function LibrarySearch({
  q,
  setQ,
  tag,
  setTag,
  tags,
  status,
}: {
  q: string;
  setQ: (q: string) => void;
  tag: string | null;
  setTag: (tag: string | null) => void;
  tags: string[];
  status: string;
}) {
  return (
    <div class="library-search" role="search" aria-label="Library">
      <label class="field-label" for="library-q">
        Search the library
      </label>
      <input
        id="library-q"
        class="input"
        type="search"
        value={q}
        placeholder="Titles, questions, answers, tags"
        onInput={(e) => setQ((e.target as HTMLInputElement).value)}
        aria-describedby="library-status"
      />
      {tags.length ? (
        <div class="tag-chips" role="group" aria-label="Filter by tag">
          {tags.map((t) => (
            <button
              key={t}
              type="button"
              class={`tag-chip ${tag === t ? "on" : ""}`}
              aria-pressed={tag === t}
              onClick={() => setTag(tag === t ? null : t)}
            >
              <span class="sr-only">Tag </span>
              {t}
            </button>
          ))}
        </div>
      ) : null}
      <p id="library-status" class="hint-dark" aria-live="polite" aria-atomic="true">
        {status}
      </p>
    </div>
  );
}
