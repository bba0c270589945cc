// What a host can do with a running game from the past-games list or the event page: open its
// console (any browser of the account attaches with the login token) or end it, after a
// confirmation, when it was abandoned. The list shows it ended only after the server said so.

import { useState } from "preact/hooks";
import { api, type ApiError } from "../api";

export function GameActions({
  gameId,
  label,
  onEnded,
  onError,
}: {
  gameId: string;
  /** Names the game for screen readers ("of Spring quiz", "of round 2"). */
  label: string;
  onEnded: () => void;
  onError: (message: string) => void;
}) {
  const [confirm, setConfirm] = useState(false);
  const [busy, setBusy] = useState(false);

  async function end() {
    setBusy(true);
    try {
      await api("POST", `/games/${encodeURIComponent(gameId)}/end`);
      setConfirm(false);
      onEnded();
    } catch (err) {
      const e = err as ApiError;
      // Ended meanwhile (another console, a timer): the list catches up.
      if (e.code === "not_running") onEnded();
      else onError(e.message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <span class="game-actions">
      <a class="btn btn-primary btn-sm" href={`/host/${encodeURIComponent(gameId)}`}>
        Open console<span class="sr-only"> {label}</span>
      </a>
      {confirm ? (
        <span class="confirm-inline" role="group" aria-label={`End the game ${label}? Its results are kept.`}>
          <button type="button" class="btn btn-danger btn-sm" disabled={busy} onClick={() => void end()}>
            {busy ? "Ending…" : "Yes, end it"}
          </button>
          <button type="button" class="btn btn-ghost-dark btn-sm" disabled={busy} onClick={() => setConfirm(false)}>
            Cancel
          </button>
        </span>
      ) : (
        <button type="button" class="btn btn-danger-ghost-dark btn-sm" onClick={() => setConfirm(true)}>
          End game<span class="sr-only"> {label}</span>
        </button>
      )}
    </span>
  );
}
