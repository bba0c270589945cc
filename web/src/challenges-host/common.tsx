// Parts the challenge pages share: the join card (link, PIN and QR code, as the game lobby shows
// them), the quiz picker, the status tag and a loader for one API answer.

import { useEffect, useState } from "preact/hooks";
import { api, ApiError } from "../api";
import { QrCode } from "../components/QrCode";
import { joinHost } from "../components/Stage";
import { formatPin } from "../components/ui";
import { dateTime } from "../format";
import type { LibraryPage, QuizDoc } from "../protocol";
import { navigate } from "../router";
import { type ChallengeDoc, type ChallengeStatus, STATUS_NAMES, toMs } from "./model";

/** Where a player joins: the server's link (a PUBLIC_URL) or this origin's. */
export function joinLink(c: Pick<ChallengeDoc, "pin" | "join_url">): string {
  return c.join_url && /^https?:\/\//.test(c.join_url) ? c.join_url : `${window.location.origin}/join/${c.pin}`;
}

export function StatusTag({ status }: { status: ChallengeStatus }) {
  return <span class={`challenge-status status-${status}`}>{STATUS_NAMES[status] ?? status}</span>;
}

/** "Open until 14 Dec 2026, 17:00", "Opens 8 Dec 2026, 09:00", "Closed 1 Dec 2026, 17:00". */
export function whenLine(c: ChallengeDoc): string {
  if (c.status === "scheduled") return `Opens ${dateTime(toMs(c.opens_at))}, closes ${dateTime(toMs(c.closes_at))}`;
  if (c.status === "open") return `Open until ${dateTime(toMs(c.closes_at))}`;
  return `Closed ${dateTime(toMs(c.closed_at) ?? toMs(c.closes_at))}`;
}

/** The link, the PIN and the QR code to share (the lobby's join card, on a light page). */
export function JoinCard({ challenge }: { challenge: ChallengeDoc }) {
  const link = joinLink(challenge);
  const [copied, setCopied] = useState("");
  async function copy() {
    try {
      await navigator.clipboard.writeText(link);
      setCopied("Copied the link.");
    } catch {
      setCopied("Could not copy: select the link and copy it.");
    }
  }
  return (
    <section class="card challenge-join" aria-labelledby="challenge-join-title" data-testid="challenge-join">
      <div class="challenge-join-how">
        <h2 id="challenge-join-title">Share the challenge</h2>
        <p>
          Join at <strong>{joinHost(link)}</strong> with PIN
        </p>
        <p class="challenge-pin" aria-label={`PIN ${challenge.pin.split("").join(" ")}`} data-testid="challenge-pin">
          {formatPin(challenge.pin)}
        </p>
        <p class="challenge-link">
          <a href={link} data-testid="challenge-link" data-reload>
            {link}
          </a>
        </p>
        <button type="button" class="btn btn-ghost-dark btn-sm" onClick={() => void copy()}>
          Copy the link
        </button>
        <p class="sr-only" role="status">
          {copied}
        </p>
      </div>
      <QrCode text={link} label={`QR code to join: ${link}`} class="challenge-qr" />
    </section>
  );
}

/** One GET for a page: the answer, the error to show, and `reload`. A 401 goes to /login. */
export function useLoad<T>(path: string | null, notFound: string): { data: T | null; error: string | null; reload: () => Promise<void> } {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  async function reload() {
    if (!path) return;
    try {
      setData(await api<T>("GET", path));
      setError(null);
    } catch (err) {
      const e = err as ApiError;
      if (e.status === 401) navigate(`/login?next=${encodeURIComponent(window.location.pathname + window.location.search)}`, { replace: true });
      else setError(e.status === 404 ? notFound : e.message);
    }
  }
  useEffect(() => {
    void reload();
  }, [path]);
  return { data, error, reload };
}

/** The quiz picker: the library's quizzes (the shared ones and the caller's drafts). */
export function QuizPicker({
  id,
  value,
  onChange,
  error,
  shared = false,
}: {
  id: string;
  value: string;
  onChange: (quizId: string, title: string) => void;
  error?: string | null;
  /** Only shared quizzes (a duel's questions must be visible to both). */
  shared?: boolean;
}) {
  const [quizzes, setQuizzes] = useState<QuizDoc[] | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  useEffect(() => {
    api<LibraryPage>("GET", "/quizzes?limit=100").then(
      (page) => {
        const list = shared ? page.quizzes.filter((q) => q.visibility !== "draft") : page.quizzes;
        setQuizzes(list);
        const picked = list.find((q) => q.id === value);
        if (picked) onChange(picked.id!, picked.title);
      },
      (err: unknown) => setFailed(err instanceof ApiError ? err.message : "Could not load the quizzes."),
    );
  }, []);
  if (failed) return <p class="field-error">{failed}</p>;
  return (
    <select
      id={id}
      class="input"
      value={value}
      aria-invalid={error ? "true" : undefined}
      aria-describedby={error ? `${id}-error` : undefined}
      onChange={(e) => {
        const quizId = (e.target as HTMLSelectElement).value;
        onChange(quizId, quizzes?.find((q) => q.id === quizId)?.title ?? "");
      }}
    >
      <option value="">{quizzes === null ? "Loading the quizzes…" : "Pick a quiz"}</option>
      {(quizzes ?? []).map((q) => (
        <option key={q.id} value={q.id}>
          {q.title}
        </option>
      ))}
    </select>
  );
}
