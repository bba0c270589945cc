// Put in order: items the player puts back in the right order with arrow buttons.

import { useState } from "preact/hooks";
import { moveItem, range } from "../answers";
import type { PublicQuestion } from "../protocol";
import { answerList } from "./text";
import type { AnswerInputProps, KindModule } from "./types";

/** Item indices in words: "three → one → two". */
const itemsInWords = (q: PublicQuestion, value: unknown) =>
  Array.isArray(value) ? value.map((i) => q.items?.[Number(i)] ?? String(i)).join(" → ") : String(value);

function OrderAnswer({ q, onAnswer }: AnswerInputProps) {
  const items = q.items ?? [];
  const [order, setOrder] = useState<number[]>(() => range(items.length));
  const [announce, setAnnounce] = useState("");
  const move = (pos: number, delta: number) => {
    setOrder((o) => {
      const next = moveItem(o, pos, delta);
      if (next !== o) setAnnounce(`${items[o[pos]]} moved to place ${pos + delta + 1}`);
      return next;
    });
  };
  return (
    <div class="order-answer">
      <p class="hint">Put them in order with the arrows, first at the top.</p>
      <ol class="order-list">
        {order.map((itemIndex, pos) => (
          <li key={itemIndex} class="order-item">
            <span class="order-pos" aria-hidden="true">
              {pos + 1}
            </span>
            <span class="order-text">{items[itemIndex]}</span>
            <span class="order-buttons">
              <button
                type="button"
                class="icon-btn"
                aria-label={`Move ${items[itemIndex]} up`}
                disabled={pos === 0}
                onClick={() => move(pos, -1)}
              >
                ▲
              </button>
              <button
                type="button"
                class="icon-btn"
                aria-label={`Move ${items[itemIndex]} down`}
                disabled={pos === order.length - 1}
                onClick={() => move(pos, 1)}
              >
                ▼
              </button>
            </span>
          </li>
        ))}
      </ol>
      <p class="sr-only" aria-live="polite">
        {announce}
      </p>
      <button type="button" class="btn btn-cta btn-xl" onClick={() => onAnswer(order)}>
        Lock in this order
      </button>
    </div>
  );
}

/** The items as the quiz lists them, while players put them in order. */
function OrderPreview({ q }: { q: PublicQuestion }) {
  return (
    <ol class="order-preview">
      {(q.items ?? []).map((item, i) => (
        <li key={i}>{item}</li>
      ))}
    </ol>
  );
}

const ORDER_KEYS: Record<string, string> = { correct: "Right order", incorrect: "Wrong order" };

export const order: KindModule = {
  kind: "order",
  label: "Put in order",
  help: "Enter the items in the correct order; players put them back in order.",
  answer: { Input: OrderAnswer, describe: itemsInWords },
  screen: {
    badge: null,
    Question: OrderPreview,
    Distribution: answerList({ isRight: (key) => key === "correct", label: (key) => ORDER_KEYS[key] ?? key }),
    describeCorrect: itemsInWords,
  },
};
