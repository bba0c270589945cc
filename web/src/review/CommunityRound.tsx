// "Community round" in one step: from a drive or a tag, the server makes a shared quiz of the
// top-voted approved questions with their authors' credit (POST /api/community-rounds), and the
// host goes on to the existing start-game page with it.

import { useState } from "preact/hooks";
import { api, type ApiError } from "../api";
import { ErrorText } from "../components/ui";
import { navigate } from "../router";
import { type Drive, errorText, ROUND_MAX, roundBody } from "./review-model";

interface Round {
  quiz_id: string;
  title: string;
}

/** Create a community round from `source` and go to its start page; the error's words else. */
export async function startRound(source: { driveId?: string; tag?: string }, count: number, say: (t: string) => void): Promise<string | null> {
  const r = roundBody(source, count);
  if ("error" in r) return r.error;
  try {
    const round = await api<Round>("POST", "/community-rounds", r.body);
    say(`Created the quiz ${round.title}. Opening its start page.`);
    navigate(`/quizzes/${encodeURIComponent(round.quiz_id)}/start`);
    return null;
  } catch (err) {
    const e = err as ApiError;
    if (e.code === "no_questions") return "No approved questions there yet.";
    return errorText(e.code, e.message);
  }
}

export function CommunityRound({ drives, say }: { drives: Drive[]; say: (text: string) => void }) {
  const [from, setFrom] = useState<"drive" | "tag">(drives.length ? "drive" : "tag");
  const [driveId, setDriveId] = useState(drives[0]?.id ?? "");
  const [tag, setTag] = useState("");
  const [count, setCount] = useState("10");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const problem = await startRound(from === "drive" ? { driveId } : { tag }, Number(count), say);
    setBusy(false);
    if (problem) {
      setError(problem);
      document.getElementById("round-error")?.focus();
    }
  }

  return (
    <details class="card review-round">
      <summary>
        <strong>Community round</strong>: play the top-voted questions with their authors' names
      </summary>
      <form class="review-round-form" onSubmit={submit} noValidate>
        <fieldset class="review-round-from">
          <legend class="field-label small">Questions from</legend>
          <label>
            <input type="radio" name="round-from" checked={from === "drive"} disabled={!drives.length} onChange={() => setFrom("drive")} /> a drive
          </label>
          <label>
            <input type="radio" name="round-from" checked={from === "tag"} onChange={() => setFrom("tag")} /> a tag
          </label>
        </fieldset>
        {from === "drive" ? (
          <div class="field">
            <label class="field-label small" for="round-drive">
              Drive
            </label>
            <select id="round-drive" class="input" value={driveId} onChange={(e) => setDriveId((e.target as HTMLSelectElement).value)}>
              {drives.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.title}
                </option>
              ))}
            </select>
          </div>
        ) : (
          <div class="field">
            <label class="field-label small" for="round-tag">
              Tag
            </label>
            <input id="round-tag" class="input" maxLength={40} value={tag} onInput={(e) => setTag((e.target as HTMLInputElement).value)} />
          </div>
        )}
        <div class="field">
          <label class="field-label small" for="round-count">
            Questions (at most)
          </label>
          <input
            id="round-count"
            class="input input-short"
            type="number"
            min={1}
            max={ROUND_MAX}
            value={count}
            onInput={(e) => setCount((e.target as HTMLInputElement).value)}
          />
        </div>
        <button type="submit" class="btn btn-primary" disabled={busy}>
          {busy ? "Creating…" : "Create and start a game"}
        </button>
        <ErrorText id="round-error" message={error} />
      </form>
    </details>
  );
}
