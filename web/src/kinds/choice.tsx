// Multiple choice: two to six answers on tiles, one or several of them correct.

import { TILE_STYLES } from "../answers";
import { describePicks, shuffledChoices, tileViews } from "./tiles";
import type { KindModule } from "./types";

const views = tileViews({ options: shuffledChoices, multi: (q) => !!q.multi });

export const choice: KindModule = {
  kind: "choice",
  label: "Multiple choice",
  help: "Mark one correct answer, or several to make players pick all of them.",
  answer: { Input: views.Input, describe: describePicks },
  screen: {
    badge: null,
    ...views.screen,
    describeCorrect(q, correct) {
      const list = Array.isArray(correct) ? correct : [correct];
      return list.map((i) => `${TILE_STYLES[Number(i) % TILE_STYLES.length].letter} · ${q.choices?.[Number(i)] ?? ""}`).join(", ");
    },
  },
};
