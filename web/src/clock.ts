// Server clock offset.
//
// The countdowns use the server's `deadline_ms`, an instant on the server's clock. A device's
// clock may be off by seconds, so the pages estimate `offset = server clock − device clock`
// from what they receive, with nothing added server-side: a State carries instants the server
// stamped *before* sending it (`question.opened_ms`, `reveal.closed_ms`). When such an event
// arrives at device time `t`, the server's clock then read at least that instant, so
// `stamp − t` is a lower bound of the offset (it falls short by the network and server delay,
// usually tens of milliseconds). The estimate is the largest recent bound: the freshest
// question opening gives the tightest one. Only live `state` events are sampled: the State in
// a join/attach/watch ack may be seconds old, and its stamps would be loose bounds. The estimate
// is kept in localStorage, so a page reloaded mid-question starts from the last good value;
// with no sample and nothing stored the offset is 0 (clocks assumed in sync).
//
// A remaining time is clamped to [0, time_limit_ms], so an estimate that is still loose can
// only make the bar start full; the server closes the question on its own clock anyway.

const MAX_SAMPLES = 12;
const STORE_KEY = "huddle.clock";

export class ClockOffset {
  private samples: number[] = [];
  private stored: number | null;

  constructor(
    private readonly now: () => number = () => Date.now(),
    private readonly persist: boolean = true,
  ) {
    this.stored = persist ? readStored() : null;
  }

  /** Record that the server stamped `serverMs` before this device received it now (or at `receivedAt`). */
  sample(serverMs: number | null | undefined, receivedAt: number = this.now()): void {
    if (typeof serverMs !== "number" || !Number.isFinite(serverMs) || serverMs <= 0) return;
    this.samples.push(serverMs - receivedAt);
    if (this.samples.length > MAX_SAMPLES) this.samples.shift();
    if (this.persist) writeStored(this.offset());
  }

  /** The estimated `server − device` offset in ms. */
  offset(): number {
    if (this.samples.length === 0) return this.stored ?? 0;
    return Math.max(...this.samples);
  }

  /** The server's clock now, as estimated. */
  serverNow(): number {
    return this.now() + this.offset();
  }

  /** Milliseconds left until the server instant `deadlineMs`, within [0, limitMs]. */
  remaining(deadlineMs: number, limitMs: number): number {
    const left = deadlineMs - this.serverNow();
    return Math.max(0, Math.min(limitMs, left));
  }
}

function readStored(): number | null {
  try {
    const raw = window.localStorage.getItem(STORE_KEY);
    if (raw === null) return null;
    const value = Number(raw);
    return Number.isFinite(value) ? value : null;
  } catch {
    return null;
  }
}

function writeStored(value: number): void {
  try {
    window.localStorage.setItem(STORE_KEY, String(Math.round(value)));
  } catch {
    /* ignore */
  }
}

/** The samples a State offers: instants the server stamped before sending it. */
export function stateStamps(state: {
  phase: string;
  question: { opened_ms?: number } | null;
  reveal: { closed_ms?: number } | null;
}): number[] {
  const out: number[] = [];
  if (state.phase === "question" && state.question?.opened_ms) out.push(state.question.opened_ms);
  if (state.phase === "reveal" && state.reveal?.closed_ms) out.push(state.reveal.closed_ms);
  return out;
}
