// The console's controls: how many answered, which question, the big button that moves the
// game on, lock and end, and the last command's error.

import { Lock } from "../components/icons";
import { Alert } from "../components/ui";
import { num } from "../format";
import type { Progress, State } from "../protocol";
import type { primaryAction } from "./phase-actions";

export function ControlsBar(props: {
  state: State;
  /** The answers to the question on show (null before the first count). */
  progress: Progress | null;
  action: ReturnType<typeof primaryAction> | null;
  /** A command is on its way, or the link is down: the big button waits. */
  disabled: boolean;
  players: number;
  locked: boolean;
  error: string | null;
  onPrimary: () => void;
  onToggleLock: () => void;
  onEnd: () => void;
}) {
  const { state: s, progress, action, locked } = props;
  const q = s.question;
  return (
    <div class="controls">
      {s.phase === "question" ? (
        <p class="live-count" aria-live="polite" data-testid="host-answered">
          <strong>{num(progress?.answered ?? 0)}</strong> of {num(progress?.total ?? s.players)} answered
        </p>
      ) : null}
      {q && s.phase !== "finished" ? (
        <p class="muted-dark">
          Question {q.index + 1} of {q.count}
        </p>
      ) : null}
      {action ? (
        <button
          type="button"
          class="btn btn-cta btn-xl primary-action"
          onClick={props.onPrimary}
          disabled={props.disabled}
          aria-keyshortcuts="N ArrowRight"
          data-testid="primary-action"
        >
          {action.label}
          <kbd aria-hidden="true">N</kbd>
        </button>
      ) : null}
      {s.phase === "lobby" && props.players === 0 ? <p class="muted-dark">Players appear here as they join.</p> : null}
      <div class="row">
        {s.phase === "lobby" ? (
          <button type="button" class="btn btn-ghost" onClick={props.onToggleLock} aria-pressed={locked} aria-keyshortcuts="L">
            <Lock open={!locked} /> {locked ? "Unlock lobby" : "Lock lobby"}
          </button>
        ) : null}
        {s.phase !== "finished" ? (
          <button type="button" class="btn btn-danger-ghost" onClick={props.onEnd} aria-keyshortcuts="E">
            End game
          </button>
        ) : (
          <a class="btn btn-ghost" href="/host">
            Back to your quizzes
          </a>
        )}
      </div>
      {props.error ? <Alert>{props.error}</Alert> : null}
    </div>
  );
}
