// For unit tests: a question as the server sends it, what the test does not care about filled in.

import type { PublicQuestion } from "./protocol";

/** Question 1 of 1, multiple choice, open for 20 s, standard points, unless `over` says otherwise. */
export function publicQuestion(over: Partial<PublicQuestion>): PublicQuestion {
  return {
    index: 0,
    count: 1,
    kind: "choice",
    prompt: "?",
    time_limit_ms: 20000,
    opened_ms: 1,
    deadline_ms: 20001,
    points: 1,
    ...over,
  };
}
