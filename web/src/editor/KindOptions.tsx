// The question kinds as options of a menu (a question's kind, the kind of a question to add).

import { KINDS } from "../kinds";
import { QUESTION_KINDS } from "../rules";

/** An option per question kind, in the protocol's order, named as people say it. */
export function KindOptions() {
  return (
    <>
      {QUESTION_KINDS.map((k) => (
        <option key={k} value={k}>
          {KINDS[k].label}
        </option>
      ))}
    </>
  );
}
