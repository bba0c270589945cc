// The views every tile kind shares (multiple choice, true or false, poll): a grid of coloured,
// shaped, lettered tiles on the phone and the big screen, and a bar per tile at the reveal.
// A tile kind says only which options it has and whether several can be picked.

import { useMemo, useState } from "preact/hooks";
import { type AnswerOption, choiceOptions, displayOrder, isCorrectOption, multiValue, TILE_STYLES } from "../answers";
import { Tile, TileGrid } from "../components/Tiles";
import { Check, Shape } from "../components/ui";
import { num, plural } from "../format";
import { useKeydown } from "../hooks/keydown";
import type { AnswerValue, PublicQuestion } from "../protocol";
import { isScored } from "./scored";
import type { AnswerInputProps, DistributionProps, KindAnswer, KindScreen } from "./types";

/** What makes a tile kind: its options and how many may be picked. */
export interface TileRules {
  /** The options in the order this device shows them (`seed`: the phone's shuffle, or null). */
  options(q: PublicQuestion, seed: string | null): AnswerOption[];
  /** Whether the player picks every right answer, then submits. */
  multi(q: PublicQuestion): boolean;
}

/** Answers longer than this get a tile as wide as the phone, one under the other. */
const LONG_LABEL = 40;

/** The phone's tiles, the big screen's tiles and the reveal's bars of a tile kind. */
export function tileViews(rules: TileRules): { Input: KindAnswer["Input"]; screen: Omit<KindScreen, "badge" | "describeCorrect"> } {
  function TileAnswer({ q, seed, showText, onAnswer }: AnswerInputProps) {
    const options = useMemo(() => rules.options(q, seed), [q, seed]);
    const [picked, setPicked] = useState<number[]>([]);
    const multi = rules.multi(q);

    const pick = (o: AnswerOption) => {
      if (!multi) {
        onAnswer(o.value);
        return;
      }
      const i = o.value as number;
      setPicked((p) => (p.includes(i) ? p.filter((x) => x !== i) : [...p, i]));
    };

    // Keyboard: the letters on the tiles (A–F, T/F) or 1–6 pick an answer.
    useKeydown((e) => {
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      const target = e.target as HTMLElement | null;
      if (target && /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) return;
      const key = e.key.toUpperCase();
      let option = options.find((o) => o.tile.letter === key);
      if (!option && /^[1-6]$/.test(key)) option = options[Number(key) - 1];
      if (option) {
        e.preventDefault();
        pick(option);
      }
    });

    return (
      <div class="tile-answer">
        {multi ? <p class="hint">Pick every right answer, then submit.</p> : null}
        <TileGrid count={options.length} class={`player-tiles ${showText && options.some((o) => o.label.length > LONG_LABEL) ? "tiles-long" : ""}`}>
          {options.map((o) => (
            <Tile
              key={o.key}
              option={o}
              showLabel={showText}
              onPick={pick}
              toggle={multi}
              selected={multi && picked.includes(o.value as number)}
            />
          ))}
        </TileGrid>
        {multi ? (
          <button
            type="button"
            class="btn btn-cta btn-xl submit-answer"
            disabled={picked.length === 0}
            onClick={() => onAnswer(multiValue(picked))}
          >
            Submit {picked.length ? plural(picked.length, "answer") : "answers"}
          </button>
        ) : null}
      </div>
    );
  }

  function TileQuestion({ q }: { q: PublicQuestion }) {
    const options = rules.options(q, null);
    return (
      <TileGrid count={options.length}>
        {options.map((o) => (
          <Tile key={o.key} option={o} />
        ))}
      </TileGrid>
    );
  }

  /** A bar per option, the correct ones marked with a tick. */
  function TileDistribution({ q, reveal }: DistributionProps) {
    const dist = reveal.distribution ?? {};
    const options = rules.options(q, null);
    const max = Math.max(1, ...options.map((o) => dist[o.key] ?? 0));
    // Only a scored kind's reveal marks right and wrong options (a poll has no right one).
    const scored = isScored(q.kind);
    return (
      <figure class="dist" aria-label="How everyone answered">
        <div class={`dist-bars dist-${options.length}`}>
          {options.map((o) => {
            const count = dist[o.key] ?? 0;
            const correct = scored ? isCorrectOption(o, reveal.correct) : null;
            return (
              <div
                key={o.key}
                class={`dist-col tile-${o.tile.tone} ${correct === false ? "dim" : ""} ${correct ? "is-correct" : ""}`}
                data-option={o.key}
              >
                <span class="dist-label">
                  <Shape shape={o.tile.shape} class="dist-shape" />
                  <span class="dist-letter">{o.tile.letter}</span>
                  <span class="dist-text">{o.label}</span>
                  {correct ? <Check class="dist-check" /> : null}
                  <span class="sr-only">
                    : {plural(count, "answer")}
                    {correct ? ", correct" : ""}
                  </span>
                </span>
                <span class="dist-track" aria-hidden="true">
                  <span class="dist-bar" style={{ "--share": Math.max(0.01, count / max) }} />
                  <span class="dist-num">{num(count)}</span>
                </span>
              </div>
            );
          })}
        </div>
      </figure>
    );
  }

  return { Input: TileAnswer, screen: { Question: TileQuestion, Distribution: TileDistribution } };
}

/** Picked choices in words: "B · 443", several joined by commas. */
export function describePicks(q: PublicQuestion, value: AnswerValue): string {
  const picks = Array.isArray(value) ? value : [value as number];
  return picks.map((i) => `${TILE_STYLES[i % TILE_STYLES.length].letter}${q.choices?.[i] ? ` · ${q.choices[i]}` : ""}`).join(", ");
}

/** The options of a choice or poll question, shuffled on a phone whose game shuffles them. */
export function shuffledChoices(q: PublicQuestion, seed: string | null): AnswerOption[] {
  return choiceOptions(q, displayOrder(q.choices?.length ?? 0, seed, q.index));
}
