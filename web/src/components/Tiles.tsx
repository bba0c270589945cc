import type { AnswerOption } from "../answers";
import { Check, Cross, Shape } from "./ui";

interface TileProps {
  option: AnswerOption;
  showLabel?: boolean;
  onPick?: (option: AnswerOption) => void;
  selected?: boolean;
  /** Multi-select: the tile is a toggle (aria-pressed). */
  toggle?: boolean;
  disabled?: boolean;
  /** At a reveal: whether this option is correct (null: not a reveal / no correct answer). */
  verdict?: boolean | null;
  count?: number;
}

/** An answer tile: colour, shape and letter together, never colour alone. */
export function Tile({ option, showLabel = true, onPick, selected, toggle, disabled, verdict = null, count }: TileProps) {
  const { tile, label } = option;
  const classes = [
    "tile",
    `tile-${tile.tone}`,
    showLabel && label ? "" : "tile-bare",
    selected ? "tile-selected" : "",
    verdict === true ? "tile-correct" : verdict === false ? "tile-wrong" : "",
  ].join(" ");
  const content = (
    <>
      <span class="tile-badge" aria-hidden="true">
        <Shape shape={tile.shape} class="tile-shape" />
        <span class="tile-letter">{tile.letter}</span>
      </span>
      {showLabel && label ? <span class="tile-label">{label}</span> : null}
      <span class="sr-only">
        {`(answer ${tile.letter}, ${tile.colourName}${verdict === true ? ", correct" : verdict === false ? ", not correct" : ""}${
          count !== undefined ? `, ${count} answers` : ""
        })`}
      </span>
      {verdict === true ? <Check class="tile-verdict" /> : verdict === false ? <Cross class="tile-verdict" /> : null}
      {selected && toggle ? <Check class="tile-tick" /> : null}
      {count !== undefined ? (
        <span class="tile-count" aria-hidden="true">
          {count}
        </span>
      ) : null}
    </>
  );
  if (!onPick)
    return (
      <div class={classes} data-fit-clip>
        {content}
      </div>
    );
  return (
    <button
      type="button"
      class={classes}
      onClick={() => onPick(option)}
      aria-pressed={toggle ? !!selected : undefined}
      disabled={disabled}
      data-answer={option.key}
      data-fit-clip
    >
      {content}
    </button>
  );
}

export function TileGrid({ count, children, class: cls }: { count: number; children: preact.ComponentChildren; class?: string }) {
  return <div class={`tile-grid tiles-${Math.min(count, 6)} ${cls ?? ""}`}>{children}</div>;
}
