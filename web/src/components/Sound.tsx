// The big screen's sound control and the cues of each phase (see ../sound.ts).

import { useEffect, useRef, useState } from "preact/hooks";
import type { ClockOffset } from "../clock";
import type { State } from "../protocol";
import { ScreenSound } from "../sound";

/** "Time running out": the cue plays once per question when this much is left. */
const HURRY_MS = 5000;

/** The screen's sound, started by the first click or key press if the browser asks for one. */
export function useScreenSound(): ScreenSound {
  const [sound] = useState(() => new ScreenSound());
  useEffect(() => {
    // Any click or key press starts the sound, except on the mute control: its own click
    // decides (it would otherwise see the sound already started and turn it off).
    const unlock = (event: Event) => {
      if (event.target instanceof Element && event.target.closest(".sound-toggle")) return;
      sound.unlock();
    };
    document.addEventListener("pointerdown", unlock, true);
    document.addEventListener("keydown", unlock, true);
    return () => {
      document.removeEventListener("pointerdown", unlock, true);
      document.removeEventListener("keydown", unlock, true);
      sound.close();
    };
  }, [sound]);
  return sound;
}

/** Plays the cue of each phase as the game reaches it: music in the lobby, then one cue each. */
export function usePhaseCues(sound: ScreenSound, state: State | null, clock: ClockOffset): void {
  const phase = state?.phase ?? null;
  const q = state?.question ?? null;
  const index = q?.index ?? -1;
  useEffect(() => {
    sound.music(phase === "lobby");
    if (phase === "question") sound.play("question");
    else if (phase === "reveal") sound.play("reveal");
    else if (phase === "finished") sound.play("podium");
  }, [sound, phase, index]);

  const deadline = phase === "question" && q ? q.deadline_ms : null;
  const limit = q?.time_limit_ms ?? 0;
  const hurried = useRef<number | null>(null);
  useEffect(() => {
    if (deadline === null || hurried.current === deadline) return;
    const check = () => {
      const left = clock.remaining(deadline, limit);
      if (left > 0 && left <= HURRY_MS && hurried.current !== deadline) {
        hurried.current = deadline;
        sound.play("hurry");
        window.clearInterval(id);
      }
    };
    const id = window.setInterval(check, 200);
    check();
    return () => window.clearInterval(id);
  }, [sound, clock, deadline, limit]);
}

/** The mute control: a real button (keyboard, screen readers), the choice remembered. */
export function SoundToggle({ sound }: { sound: ScreenSound }) {
  const [, setVersion] = useState(0);
  useEffect(() => sound.subscribe(() => setVersion((n) => n + 1)), [sound]);
  if (!sound.available) return null;
  const label = !sound.enabled ? "Sound off" : sound.blocked ? "Sound: click to start" : "Sound on";
  return (
    <button
      type="button"
      class={`sound-toggle ${sound.audible ? "is-on" : ""}`}
      aria-pressed={sound.enabled && !sound.blocked}
      data-testid="sound-toggle"
      onClick={() => sound.setEnabled(sound.blocked ? true : !sound.enabled)}
    >
      <svg class="icon" viewBox="0 0 24 24" aria-hidden="true">
        <path d="M4 9h4l5-4v14l-5-4H4z" fill="currentColor" />
        {sound.audible ? (
          <path d="M16 8.5a5 5 0 0 1 0 7M18.5 6a8.5 8.5 0 0 1 0 12" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" />
        ) : (
          <path d="M16 9l5 6M21 9l-5 6" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" />
        )}
      </svg>
      <span>{label}</span>
    </button>
  );
}
