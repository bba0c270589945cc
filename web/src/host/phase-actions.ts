// What the console's big button does in each phase, and what each phase is called.

import type { Phase, State } from "../protocol";

/** The host commands that move the game on. */
export type Command = "start" | "next" | "end";

/** The primary action in state `s`: a command, or opening the full results once finished. */
export function primaryAction(s: State): { label: string; command: Command | "results" } {
  switch (s.phase) {
    case "lobby":
      return { label: "Start game", command: "start" };
    case "question":
      return { label: "Close question", command: "next" };
    case "reveal":
      return { label: "Show leaderboard", command: "next" };
    case "scoreboard":
      return s.question && s.question.index + 1 >= s.question.count
        ? { label: "Finish game", command: "next" }
        : { label: "Next question", command: "next" };
    default:
      return { label: "See full results", command: "results" };
  }
}

export const PHASE_NAMES: Record<Phase, string> = {
  lobby: "Lobby",
  question: "Question",
  reveal: "Answer",
  scoreboard: "Leaderboard",
  finished: "Finished",
};
