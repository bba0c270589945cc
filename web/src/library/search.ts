// The library's searches: a debounced query of `GET /api/quizzes` or `GET /api/questions`, and
// the words a screen reader hears when the results change.

import { useEffect, useRef, useState } from "preact/hooks";
import { api, ApiError } from "../api";
import { plural } from "../format";

/** How long typing must pause before a search goes out. */
export const DEBOUNCE_MS = 250;

/** The query string of a library search (empty parts left out). */
export function searchPath(base: string, q: string, tag: string | null, limit: number): string {
  const params = new URLSearchParams();
  if (q.trim()) params.set("q", q.trim());
  if (tag) params.set("tag", tag);
  params.set("limit", String(limit));
  return `${base}?${params.toString()}`;
}

/** "3 quizzes match “fire”." — what the live region says after a search. */
export function countAnnouncement(
  total: number,
  [one, many]: [string, string],
  q: string,
  tag: string | null,
): string {
  const what = [q.trim() ? `“${q.trim()}”` : "", tag ? `tag ${tag}` : ""].filter(Boolean).join(" and ");
  const count = total === 0 ? `No ${many}` : plural(total, one, many);
  return what ? `${count} ${total === 1 ? "matches" : "match"} ${what}.` : `${count}.`;
}

export interface Search<T> {
  results: T | null;
  error: ApiError | null;
  refresh: () => void;
}

/** Runs `path` (rebuilt from the query) `DEBOUNCE_MS` after the last change; the newest answer
 * wins, an older one arriving late is dropped. */
export function useDebouncedSearch<T>(path: string | null): Search<T> {
  const [results, setResults] = useState<T | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [tick, setTick] = useState(0);
  const latest = useRef(0);
  useEffect(() => {
    if (path === null) return;
    const ticket = ++latest.current;
    const timer = window.setTimeout(() => {
      api<T>("GET", path)
        .then((found) => {
          if (ticket !== latest.current) return;
          setResults(found);
          setError(null);
        })
        .catch((err: ApiError) => {
          if (ticket === latest.current) setError(err);
        });
    }, tick === 0 && results === null ? 0 : DEBOUNCE_MS);
    return () => window.clearTimeout(timer);
  }, [path, tick]);
  return { results, error, refresh: () => setTick((t) => t + 1) };
}
