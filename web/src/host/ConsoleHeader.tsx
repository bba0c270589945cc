// The console's top bar (the quiz, its PIN and phase, the big screen's link) and the keyboard
// shortcuts' help under it.

import { formatPin, Logo } from "../components/ui";
import type { State } from "../protocol";
import { PHASE_NAMES } from "./phase-actions";

export function ConsoleHeader(props: {
  state: State | null;
  pin: string;
  screenHref: string;
  help: boolean;
  onHelp: () => void;
}) {
  const { state: s, pin, screenHref } = props;
  return (
    <header class="console-top">
      <a href="/host" class="console-home" aria-label="Huddle: back to your quizzes">
        <Logo size="sm" />
      </a>
      <div class="console-title">
        <span class="console-quiz">{s?.title ?? "…"}</span>
        {pin ? <span class="console-pin">PIN {formatPin(pin)}</span> : null}
        {s ? <span class="phase-chip">{PHASE_NAMES[s.phase]}</span> : null}
      </div>
      <div class="console-links">
        {screenHref ? (
          <a class="btn btn-ghost btn-sm" href={screenHref} target="huddle-screen" rel="noopener">
            Open big screen <span aria-hidden="true">↗</span>
          </a>
        ) : null}
        <button type="button" class="btn btn-ghost btn-sm" onClick={props.onHelp} aria-expanded={props.help}>
          Shortcuts
        </button>
      </div>
    </header>
  );
}

/** The shortcuts `useConsoleKeys` answers; `next` names what N does now. */
export function ShortcutsHelp({ next }: { next: string }) {
  return (
    <section class="shortcuts" aria-label="Keyboard shortcuts">
      <ul>
        <li>
          <kbd>N</kbd> or <kbd>→</kbd> {next}
        </li>
        <li>
          <kbd>L</kbd> lock or unlock the lobby
        </li>
        <li>
          <kbd>E</kbd> end the game
        </li>
        <li>
          <kbd>B</kbd> open the big screen
        </li>
        <li>
          <kbd>?</kbd> show or hide this help
        </li>
      </ul>
    </section>
  );
}
