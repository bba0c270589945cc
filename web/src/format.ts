// Words shown to people: error messages, ordinals, numbers, times.

import { GAME_BOUNDS } from "./rules";

/** What a player is told for each `join` error code. */
export const JOIN_ERRORS: Record<string, string> = {
  game_not_found: "No game has this PIN. Check the number on the big screen.",
  nickname_taken: "Someone in this game already has that nickname. Try another one.",
  nickname_invalid: `Nicknames are 1 to ${GAME_BOUNDS.nickname} characters, with no invisible characters.`,
  lobby_locked: "The host has locked this game, so no new players can join right now.",
  game_full: "This game is full.",
  game_started: "This game has already started and does not take late players.",
  banned: "The host has removed you from this game.",
  rate_limited: "Too many people are joining from your network right now. Wait a minute and try again.",
  challenge_required: "Too many people are joining from your network right now. Try again in a moment.",
  challenge_failed: "Too many people are joining from your network right now. Try again in a moment.",
  game_over: "This game has finished.",
  invalid: "That did not work. Check the PIN and try again.",
  invalid_team: "Pick one of the teams shown.",
  identifier_required: "This game asks for your e-mail address or ID to join.",
  unavailable: "The server is busy for a moment. Try again.",
  internal: "Something went wrong on the server. Try again.",
  timeout: "The server did not answer. Check your connection and try again.",
  offline: "You are offline. Check your connection and try again.",
  not_invited: "This challenge is for other players. Sign in as a member it invites.",
  challenge_closed: "This challenge has closed.",
  challenge_not_open: "This challenge has not opened yet.",
};

export function joinError(code: string, fallback?: string): string {
  return JOIN_ERRORS[code] ?? fallback ?? "Could not join this game.";
}

/** What a player is told when an answer is refused. */
export const ANSWER_ERRORS: Record<string, string> = {
  question_closed: "Too late: time was up.",
  answers_not_open: "Read the question first: the answers are not open yet.",
  already_answered: "You have already answered this one.",
  wrong_question: "That question has moved on.",
  not_joined: "Reconnecting to the game…",
  invalid_answer: "That answer does not fit this question.",
  timeout: "No answer from the server. Try again.",
};

export function answerError(code: string, fallback?: string): string {
  return ANSWER_ERRORS[code] ?? fallback ?? "Your answer was not accepted.";
}

export function ordinal(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return "–";
  const mod100 = n % 100;
  if (mod100 >= 11 && mod100 <= 13) return `${n}th`;
  switch (n % 10) {
    case 1:
      return `${n}st`;
    case 2:
      return `${n}nd`;
    case 3:
      return `${n}rd`;
    default:
      return `${n}th`;
  }
}

const numberFormat = new Intl.NumberFormat("en");

export function num(n: number | null | undefined): string {
  return n === null || n === undefined ? "–" : numberFormat.format(n);
}

export function seconds(ms: number): string {
  return `${Math.round(ms / 1000)} s`;
}

export function dateTime(ms: number | null | undefined): string {
  if (!ms) return "–";
  return new Date(ms).toLocaleString(undefined, {
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
  });
}

export function plural(n: number, one: string, many: string = one + "s"): string {
  return `${num(n)} ${n === 1 ? one : many}`;
}

/** "questions[2].choices[1]" → "Question 3 · choices[1]" for messages shown in the editor. */
export function humanField(field: string): string {
  const m = /^questions\[(\d+)\]\.?(.*)$/.exec(field);
  if (!m) return field;
  return `Question ${Number(m[1]) + 1}${m[2] ? ` · ${m[2]}` : ""}`;
}
