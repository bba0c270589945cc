// Generated from games/web_rules.py by
// `.venv/bin/python -m games.web_rules > web/src/rules.ts`;
// tests/games/test_engine_web_rules.py fails when the two differ. Do not edit by hand.

/** Every question kind, in the engine's order (games/kinds/registry.py). */
export const QUESTION_KINDS = [
  "choice",
  "true_false",
  "type_answer",
  "numeric",
  "order",
  "poll",
  "word_cloud",
] as const;

export type QuestionKind = (typeof QUESTION_KINDS)[number];

/** The kinds that earn no points and leave the streak alone (polls, word clouds). */
export const UNSCORED_KINDS: readonly QuestionKind[] = [
  "poll",
  "word_cloud",
];

/** The names the server gives automatic teams, in order (games/settings.py). */
export const AUTO_TEAM_NAMES: readonly string[] = [
  "Red",
  "Blue",
  "Green",
  "Yellow",
  "Purple",
  "Orange",
  "Pink",
  "Teal",
  "Team 9",
  "Team 10",
  "Team 11",
  "Team 12",
  "Team 13",
  "Team 14",
  "Team 15",
  "Team 16",
  "Team 17",
  "Team 18",
  "Team 19",
  "Team 20",
];

/** What a question may hold (counts, answer lengths in characters) and its time limits. */
export const QUESTION_BOUNDS = {
  minChoices: 2,
  maxChoices: 6,
  minItems: 2,
  maxItems: 8,
  typedAnswer: 200,
  wordCloudAnswer: 40,
  minTimeLimitMs: 5000,
  maxTimeLimitMs: 240000,
  defaultTimeLimitMs: 20000,
} as const;

/** A game's settings: players, teams, name lengths in characters, reading time. */
export const GAME_BOUNDS = {
  maxPlayers: 100000,
  minTeams: 2,
  maxTeams: 20,
  teamName: 24,
  nickname: 24,
  minReadFirstMs: 3000,
  maxReadFirstMs: 10000,
} as const;
