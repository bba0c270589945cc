// The big screen's sound: lobby music and cues for question start, time running out, reveal
// and podium, synthesised with the Web Audio API (no audio files to ship or license).
//
// Browsers let a page make sound only after a user gesture (unless autoplay is allowed, which
// varies with the browser's policy and history), so the screen makes its AudioContext at the
// first click or key press anywhere, and is silent, saying so, until then: the same on every
// browser. The host's choice (on or off) is kept in localStorage (`huddle.sound`).
// `window.huddleSound` logs what was played and what was silenced, for tests and debugging.

import { load, save } from "./storage";

export type Cue = "music" | "question" | "hurry" | "reveal" | "podium";

/** What the screen did with each cue: played aloud, or silenced (muted or not yet allowed). */
export interface SoundLog {
  played: Cue[];
  silenced: Cue[];
  /** Oscillators started: zero more while muted. */
  notes: number;
  musicOn: boolean;
  audible: boolean;
}

export const SOUND_KEY = "huddle.sound";

/** [frequency in Hz, start in s, length in s] of each note; a cue is a few of them. */
type Note = readonly [number, number, number];

const C5 = 523.25;
const E5 = 659.25;
const G5 = 783.99;
const A5 = 880;
const C6 = 1046.5;

const CUES: Record<Exclude<Cue, "music">, { wave: OscillatorType; notes: Note[] }> = {
  question: { wave: "triangle", notes: [[C5, 0, 0.12], [E5, 0.1, 0.12], [G5, 0.2, 0.12], [C6, 0.3, 0.3]] },
  hurry: { wave: "square", notes: [[A5, 0, 0.08], [A5, 0.16, 0.08], [A5, 0.32, 0.08]] },
  reveal: { wave: "triangle", notes: [[G5, 0, 0.15], [C5, 0.15, 0.5], [E5, 0.15, 0.5], [G5, 0.15, 0.5]] },
  podium: {
    wave: "sawtooth",
    notes: [[C5, 0, 0.14], [C5, 0.15, 0.14], [C5, 0.3, 0.14], [E5, 0.45, 0.3], [C5, 0.8, 0.14], [E5, 0.95, 0.14], [G5, 1.1, 0.7]],
  },
};

/** One bar of the lobby loop: a calm arpeggio in C major, then A minor. */
const BAR_S = 2.4;
const MUSIC: Note[] = [261.63, 329.63, 392, 329.63, 220, 261.63, 329.63, 261.63].map(
  (f, i) => [f, i * (BAR_S / 8), BAR_S / 8 - 0.02] as const,
);

declare global {
  interface Window {
    huddleSound?: SoundLog;
  }
}

export class ScreenSound {
  private ctx: AudioContext | null = null;
  private master: GainNode | null = null;
  private musicTimer = 0;
  private wantMusic = false;
  private readonly listeners = new Set<() => void>();
  /** The host's choice; sound comes out only when the browser allows it too. */
  enabled: boolean;
  readonly log: SoundLog = { played: [], silenced: [], notes: 0, musicOn: false, audible: false };

  constructor() {
    this.enabled = load<boolean>(SOUND_KEY) ?? true;
    window.huddleSound = this.log;
    this.changed();
  }

  /** Whether the browser can play sound at all. */
  get available(): boolean {
    return typeof AudioContext !== "undefined";
  }

  /** Whether sound waits for a gesture: none came yet, or the browser still holds it back. */
  get blocked(): boolean {
    return this.available && (this.ctx === null || this.ctx.state !== "running");
  }

  /** Makes the AudioContext; called in a gesture, so browsers let it run. */
  private start(): void {
    try {
      this.ctx = new AudioContext();
      this.master = this.ctx.createGain();
      this.master.connect(this.ctx.destination);
      this.ctx.addEventListener("statechange", () => this.changed());
    } catch {
      this.ctx = null; // no Web Audio after all: the screen stays silent
    }
  }

  /** Whether sound comes out now. */
  get audible(): boolean {
    return this.enabled && this.ctx !== null && this.ctx.state === "running";
  }

  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** On a user gesture: a suspended context may start now. */
  unlock(): void {
    if (this.ctx === null && this.available) this.start();
    if (this.ctx && this.ctx.state === "suspended") void this.ctx.resume().then(() => this.changed());
    this.changed();
  }

  setEnabled(on: boolean): void {
    this.enabled = on;
    save(SOUND_KEY, on);
    if (on) this.unlock();
    this.changed();
  }

  /** Plays a cue, or logs it as silenced. */
  play(cue: Exclude<Cue, "music">): void {
    if (!this.audible) {
      this.log.silenced.push(cue);
      return;
    }
    const { wave, notes } = CUES[cue];
    this.schedule(wave, notes, 0.22);
    this.log.played.push(cue);
  }

  /** The lobby loop: on while `on` and audible. */
  music(on: boolean): void {
    this.wantMusic = on;
    this.syncMusic();
  }

  close(): void {
    this.music(false);
    this.listeners.clear();
    void this.ctx?.close();
  }

  private changed(): void {
    this.log.audible = this.audible;
    if (this.master && this.ctx) {
      // Muting also silences notes already scheduled.
      this.master.gain.setValueAtTime(this.enabled ? 1 : 0, this.ctx.currentTime);
    }
    this.syncMusic();
    for (const fn of this.listeners) fn();
  }

  private syncMusic(): void {
    const on = this.wantMusic && this.audible;
    if (on && !this.musicTimer) {
      const bar = () => {
        this.schedule("sine", MUSIC, 0.08);
        this.log.played.push("music");
      };
      bar();
      this.musicTimer = window.setInterval(bar, BAR_S * 1000);
    } else if (!on && this.musicTimer) {
      window.clearInterval(this.musicTimer);
      this.musicTimer = 0;
    }
    this.log.musicOn = on;
  }

  private schedule(wave: OscillatorType, notes: readonly Note[], volume: number): void {
    const ctx = this.ctx;
    const master = this.master;
    if (!ctx || !master) return;
    const t0 = ctx.currentTime + 0.02;
    for (const [freq, at, length] of notes) {
      const osc = ctx.createOscillator();
      const env = ctx.createGain();
      osc.type = wave;
      osc.frequency.value = freq;
      // A short attack and release: no clicks.
      env.gain.setValueAtTime(0, t0 + at);
      env.gain.linearRampToValueAtTime(volume, t0 + at + 0.015);
      env.gain.exponentialRampToValueAtTime(0.0001, t0 + at + length);
      osc.connect(env).connect(master);
      osc.start(t0 + at);
      osc.stop(t0 + at + length + 0.05);
      this.log.notes += 1;
    }
  }
}
