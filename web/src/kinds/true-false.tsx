// True or false: a statement, and two tiles (T and F) that are never shuffled.

import type { AnswerOption, TileStyle } from "../answers";
import { tileViews } from "./tiles";
import type { KindModule } from "./types";

const TRUE_TILE: TileStyle = { shape: "diamond", letter: "T", tone: "blue", colourName: "blue diamond" };
const FALSE_TILE: TileStyle = { shape: "triangle", letter: "F", tone: "red", colourName: "red triangle" };

/** True, then false, keyed as the reveal's distribution. */
export const TRUE_FALSE_OPTIONS: AnswerOption[] = [
  { key: "true", value: true, label: "True", tile: TRUE_TILE },
  { key: "false", value: false, label: "False", tile: FALSE_TILE },
];

const views = tileViews({ options: () => TRUE_FALSE_OPTIONS, multi: () => false });
const inWords = (value: unknown) => (value ? "True" : "False");

export const trueFalse: KindModule = {
  kind: "true_false",
  label: "True or false",
  help: "Players answer true or false.",
  answer: { Input: views.Input, describe: (_q, value) => inWords(value) },
  screen: { badge: null, ...views.screen, describeCorrect: (_q, correct) => inWords(correct) },
};
