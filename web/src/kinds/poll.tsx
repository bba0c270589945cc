// Poll: answers on tiles with no right one and no points; the big screen shows how everyone voted.

import { describePicks, shuffledChoices, tileViews } from "./tiles";
import type { KindModule } from "./types";

const views = tileViews({ options: shuffledChoices, multi: () => false });

export const poll: KindModule = {
  kind: "poll",
  label: "Poll",
  help: "No right answer and no points: see what everyone thinks.",
  answer: { Input: views.Input, describe: describePicks },
  screen: { badge: "Poll", ...views.screen, describeCorrect: () => "" },
};
