// Answer options, their shapes and letters, per-player order, and the answer values sent: the
// pieces the kinds share (each kind's own rules are in web/src/kinds/).

import type { AnswerValue, JoinAck, PublicQuestion } from "./protocol";

export type ShapeName = "triangle" | "diamond" | "circle" | "square" | "star" | "hexagon";

export interface TileStyle {
  shape: ShapeName;
  letter: string;
  tone: string; // CSS class suffix: tile-red, tile-blue…
  colourName: string; // for screen readers and colour-blind people: never colour alone
}

export const TILE_STYLES: TileStyle[] = [
  { shape: "triangle", letter: "A", tone: "red", colourName: "red triangle" },
  { shape: "diamond", letter: "B", tone: "blue", colourName: "blue diamond" },
  { shape: "circle", letter: "C", tone: "yellow", colourName: "yellow circle" },
  { shape: "square", letter: "D", tone: "green", colourName: "green square" },
  { shape: "star", letter: "E", tone: "purple", colourName: "purple star" },
  { shape: "hexagon", letter: "F", tone: "teal", colourName: "teal hexagon" },
];

/** One tappable option of a choice, poll or true/false question. */
export interface AnswerOption {
  /** The key of this option in `reveal.distribution`. */
  key: string;
  /** The value sent for it (the original index, or a boolean). */
  value: number | boolean;
  label: string;
  tile: TileStyle;
}

/**
 * The options of a choice or poll question in the order this device shows them. The tile (shape,
 * letter, colour) follows the *original* index, so the big screen and every phone agree on "the
 * red triangle" even when the order on a phone is shuffled.
 */
export function choiceOptions(q: PublicQuestion, order?: number[]): AnswerOption[] {
  const count = q.choices?.length ?? q.choice_count ?? 0;
  const texts = q.choices ?? [];
  const indices = order && order.length === count ? order : range(count);
  return indices.map((i) => ({
    key: String(i),
    value: i,
    label: texts[i] ?? "",
    tile: TILE_STYLES[i % TILE_STYLES.length],
  }));
}

export function range(n: number): number[] {
  return Array.from({ length: Math.max(0, n) }, (_, i) => i);
}

// -- per-player shuffling (settings.shuffle_choices) ------------------------------------------
//
// The hook: the join ack will carry a seed. `shuffleSeed` reads it (whatever the field ends up
// being called among the candidates below) and `displayOrder` derives this device's order of a
// question's choices from it. Answers always name the original indices (choiceOptions keeps
// them), so the server needs to know nothing about the order. Without a seed, or with
// shuffling off, the order is the quiz's.

export function shuffleSeed(ack: Partial<JoinAck> | null | undefined): string | null {
  if (!ack) return null;
  const anyAck = ack as Record<string, unknown>;
  const player = (anyAck.player ?? {}) as Record<string, unknown>;
  const me = ((anyAck.state as Record<string, unknown> | undefined)?.me ?? {}) as Record<string, unknown>;
  for (const candidate of [anyAck.seed, anyAck.shuffle_seed, player.seed, me.seed]) {
    if (typeof candidate === "string" && candidate) return candidate;
    if (typeof candidate === "number" && Number.isFinite(candidate)) return String(candidate);
  }
  return null;
}

/** A permutation of `0..n-1` fixed by (seed, question index); the identity without a seed. */
export function displayOrder(n: number, seed: string | null, questionIndex: number): number[] {
  const order = range(n);
  if (!seed || n < 2) return order;
  const random = mulberry32(hash(`${seed}:${questionIndex}`));
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// -- answer values ---------------------------------------------------------------------------

/** The value for a set of picked original indices of a multi-select choice (sorted). */
export function multiValue(picked: Iterable<number>): number[] {
  return [...new Set(picked)].sort((a, b) => a - b);
}

export type Checked = { ok: true; value: AnswerValue } | { ok: false; message: string };

/** Check what a player typed for a text question: trimmed, not empty, at most `max` characters. */
export function textValue(raw: string, max: number): Checked {
  const text = raw.trim();
  if (text === "") return { ok: false, message: "Type your answer first." };
  if ([...text].length > max) return { ok: false, message: `At most ${max} characters.` };
  return { ok: true, value: text };
}

/** Move the item at `from` by `delta` places in an order answer (a list of displayed indices). */
export function moveItem(order: number[], from: number, delta: number): number[] {
  const to = from + delta;
  if (from < 0 || from >= order.length || to < 0 || to >= order.length) return order;
  const next = order.slice();
  const [item] = next.splice(from, 1);
  next.splice(to, 0, item);
  return next;
}

/** Whether a tile option is (one of) the correct answer(s) at a reveal. */
export function isCorrectOption(option: AnswerOption, correct: unknown): boolean {
  if (typeof option.value === "boolean") return correct === option.value;
  if (Array.isArray(correct)) return correct.map(Number).includes(option.value);
  return typeof correct === "number" && correct === option.value;
}
