// The views the typed kinds share (type the answer, number, word cloud, and put in order for its
// reveal): a text field on the phone, a hint on the big screen, and a ranked list of what was
// answered at the reveal.

import { useState } from "preact/hooks";
import type { Checked } from "../answers";
import { Check, ErrorText } from "../components/ui";
import { num } from "../format";
import type { PublicQuestion } from "../protocol";
import type { AnswerInputProps, KindScreen } from "./types";

/** How a typed kind's field looks and checks what was typed. */
export interface TextInputRules {
  label: string;
  /** A number field (decimal keyboard, at most 40 characters, its range shown under it). */
  numeric: boolean;
  /** The longest answer when the question does not say (`max_length`). */
  maxLength: number;
  /** Show "12/40" under the field as the player types. */
  counter: boolean;
  check(q: PublicQuestion, raw: string): Checked;
}

/** The phone's field for a typed answer. */
export function textInput(rules: TextInputRules) {
  return function TextAnswer({ q, onAnswer }: AnswerInputProps) {
    const [text, setText] = useState("");
    const [error, setError] = useState<string | null>(null);
    const { numeric } = rules;
    const max = q.max_length ?? rules.maxLength;
    return (
      <form
        class="text-answer"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          const checked = rules.check(q, text);
          if (!checked.ok) {
            setError(checked.message);
            return;
          }
          onAnswer(checked.value);
        }}
      >
        <label class="join-label" for="answer-input">
          {rules.label}
        </label>
        <input
          id="answer-input"
          class="big-input"
          autoComplete="off"
          inputMode={numeric ? "decimal" : "text"}
          maxLength={numeric ? 40 : max}
          value={text}
          onInput={(e) => setText((e.target as HTMLInputElement).value)}
          aria-invalid={error ? "true" : undefined}
          aria-describedby={error ? "answer-error" : numeric ? "answer-range" : undefined}
        />
        {numeric && (typeof q.min === "number" || typeof q.max === "number") ? (
          <p class="hint" id="answer-range">
            Between {q.min ?? "…"} and {q.max ?? "…"}
          </p>
        ) : null}
        {rules.counter ? (
          <p class="hint">
            {[...text].length}/{rules.maxLength}
          </p>
        ) : null}
        <ErrorText id="answer-error" message={error} />
        <button class="btn btn-cta btn-xl" type="submit">
          Send
        </button>
      </form>
    );
  };
}

/** The big screen's line telling players to answer on their devices (and any range). */
export function deviceHint(hint: string, extra: (q: PublicQuestion) => string = () => "") {
  return function DeviceHint({ q }: { q: PublicQuestion }) {
    return (
      <p class="q-hint">
        {hint}
        {extra(q)}
      </p>
    );
  };
}

/** How a ranked reveal list names its keys and which of them are right. */
export interface AnswerListRules {
  isRight(key: string, correct: unknown): boolean;
  label(key: string): string;
}

/** The reveal's eight most given answers, most first, the right ones ticked. */
export function answerList(rules: AnswerListRules): KindScreen["Distribution"] {
  return function AnswerList({ reveal }) {
    const entries = Object.entries(reveal.distribution ?? {}).sort((a, b) => b[1] - a[1]);
    const max = Math.max(1, ...entries.map((e) => e[1]));
    return (
      <figure class="dist-list" aria-label="How everyone answered">
        <ul>
          {entries.slice(0, 8).map(([label, count]) => {
            const right = rules.isRight(label, reveal.correct);
            return (
              <li key={label} class={right ? "is-correct" : ""}>
                <span class="dl-label">
                  {right ? <Check class="dl-check" /> : null}
                  {rules.label(label)}
                  {right ? <span class="sr-only"> (correct)</span> : null}
                </span>
                <span class="dl-bar" aria-hidden="true">
                  <span style={{ width: `${(count / max) * 100}%` }} />
                </span>
                <span class="dl-num">{num(count)}</span>
              </li>
            );
          })}
        </ul>
      </figure>
    );
  };
}
