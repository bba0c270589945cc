import { useEffect, useState } from "preact/hooks";
import { timerLabel } from "../announce";
import type { ClockOffset } from "../clock";

/** Seconds left on the server's clock until `deadline`, redrawn ~10 times a second. */
export function useRemaining(clock: ClockOffset, deadlineMs: number, limitMs: number, running: boolean): number {
  const [left, setLeft] = useState(() => clock.remaining(deadlineMs, limitMs));
  useEffect(() => {
    setLeft(clock.remaining(deadlineMs, limitMs));
    if (!running) return;
    const id = window.setInterval(() => setLeft(clock.remaining(deadlineMs, limitMs)), 100);
    return () => window.clearInterval(id);
  }, [clock, deadlineMs, limitMs, running]);
  return running ? left : 0;
}

interface Props {
  clock: ClockOffset;
  deadlineMs: number;
  limitMs: number;
  running?: boolean;
  variant?: "bar" | "ring";
}

export function Countdown({ clock, deadlineMs, limitMs, running = true, variant = "bar" }: Props) {
  const left = useRemaining(clock, deadlineMs, limitMs, running);
  const secs = Math.ceil(left / 1000);
  const fraction = limitMs > 0 ? left / limitMs : 0;
  const urgent = running && left <= 5000;
  // Not the digits: a label that changed ten times a second would be read out as noise.
  const label = timerLabel(left, running);
  if (variant === "ring") {
    const r = 44;
    const c = 2 * Math.PI * r;
    return (
      <div class={`countdown-ring ${urgent ? "urgent" : ""}`} role="timer" aria-label={label}>
        <svg viewBox="0 0 100 100" aria-hidden="true">
          <circle class="ring-track" cx="50" cy="50" r={r} />
          <circle
            class="ring-fill"
            cx="50"
            cy="50"
            r={r}
            stroke-dasharray={c}
            stroke-dashoffset={c * (1 - fraction)}
            transform="rotate(-90 50 50)"
          />
        </svg>
        <span class="ring-num" aria-hidden="true">
          {secs}
        </span>
      </div>
    );
  }
  return (
    <div class={`countdown-bar ${urgent ? "urgent" : ""}`} role="timer" aria-label={label}>
      <div class="bar-track" aria-hidden="true">
        <div class="bar-fill" style={{ transform: `scaleX(${fraction})` }} />
      </div>
      <span class="bar-num" aria-hidden="true">
        {secs}
      </span>
    </div>
  );
}
