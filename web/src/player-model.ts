// A phone's view of its game, as a pure reducer: the player page feeds it the join ack, the
// `state`, `result` and `kicked` events and its own answers, and renders `playerView(model)`.
//
// An answer goes through three steps, and the page never shows a later one early: picked on the
// device (`outbox`, "Sending…", also while offline), acknowledged by the server (`answers`,
// "Locked in"), or turned away because it arrived after the question closed (`late`). The
// server's clock decides which: the model only reads its acks, states and results.

import type { AnswerValue, Me, Milestone, PlayerInfo, Result, State, TeamRow } from "./protocol";

export interface PlayerModel {
  state: State | null;
  player: PlayerInfo | null;
  me: Me | null;
  /**
   * Question index → the answer the server acknowledged: the value this device sent, or `null`
   * when only the server knows it (a resume, `already_answered`).
   */
  answers: Record<number, AnswerValue | null>;
  /** The answer picked here that the server has not acknowledged yet (at most one). */
  outbox: Outgoing | null;
  /** Questions whose answer from this device reached the server only after they closed. */
  late: Record<number, true>;
  /** Why the last answer was refused when it can be given again (e.g. `invalid_answer`). */
  refusal: { question: number; code: string; message?: string } | null;
  results: Record<number, Result>;
  kicked: string | null;
  /** Badges earned in this game (`milestone` events, at the end), in the order they came. */
  milestones: Milestone[];
}

export const emptyModel = (): PlayerModel => ({
  state: null,
  player: null,
  me: null,
  answers: {},
  outbox: null,
  late: {},
  refusal: null,
  results: {},
  kicked: null,
  milestones: [],
});

/** Whether `next` should replace `current`: same game and not older (seq), or another game. */
export function isNewer(current: State | null, next: State): boolean {
  if (!current || current.game_id !== next.game_id) return true;
  return next.seq >= current.seq;
}

function withoutMe(state: State): State {
  if (!("me" in state)) return state;
  const { me: _me, ...rest } = state;
  return rest as State;
}

/** An answer on its way: picked on this device, not acknowledged by the server yet. */
export interface Outgoing {
  question: number;
  value: AnswerValue;
  /** Whether a copy is on the wire now, waiting for its ack. */
  sending: boolean;
  /** Whether the last copy got no usable ack (a timeout, a busy server): wait before the next. */
  failed: boolean;
}

/** Answer error codes after which the same answer is sent again: it may not have been seen. */
export const RETRY_CODES = new Set(["timeout", "unavailable", "internal", "rate_limited", "not_joined"]);

/** Whether the question this answer is for is the server's open question in `state`. */
export function isOpenFor(state: State | null, question: number): boolean {
  return state?.phase === "question" && state.question?.index === question;
}

/** The server has this player's answer to `question`: keep what this device knows of it. */
function settled(m: PlayerModel, question: number): PlayerModel {
  const value = m.outbox?.question === question ? m.outbox.value : null;
  const answers = m.answers[question] === undefined ? { ...m.answers, [question]: value } : m.answers;
  const late = { ...m.late };
  delete late[question];
  return { ...m, answers, late, outbox: m.outbox?.question === question ? null : m.outbox };
}

/** The server closed `question` without this device's answer. */
function missed(m: PlayerModel, question: number): PlayerModel {
  if (m.answers[question] !== undefined) return m;
  const had = m.outbox?.question === question;
  return { ...m, outbox: had ? null : m.outbox, late: had ? { ...m.late, [question]: true } : m.late };
}

/**
 * A state (of an event or a join ack) arrived: an answer waiting to be sent (not on the wire) for
 * a question the server no longer has open did not arrive in time.
 */
function expireOutbox(m: PlayerModel): PlayerModel {
  const o = m.outbox;
  if (!o || o.sending || isOpenFor(m.state, o.question)) return m;
  return missed(m, o.question);
}

export function applyJoin(m: PlayerModel, ack: { player: PlayerInfo; state: State }): PlayerModel {
  const sameGame = m.state?.game_id === ack.state.game_id && m.player?.id === ack.player.id;
  const base = sameGame ? m : emptyModel();
  const state = isNewer(base.state, ack.state) ? withoutMe(ack.state) : base.state;
  const me = ack.state.me ?? base.me;
  let next: PlayerModel = { ...base, state, me, player: ack.player, kicked: null };
  const q = ack.state.question;
  const fresh = ack.state.me;
  if (q && fresh?.answered) next = settled(next, q.index);
  else if (q && fresh && ack.state.phase !== "question") next = missed(next, q.index);
  if (q && fresh?.result?.question === q.index) next = applyResult(next, fresh.result);
  // A copy on the wire before the connection dropped will never be acknowledged: the resume
  // says whether it arrived (me.answered), and otherwise it is sent again.
  if (next.outbox) next = { ...next, outbox: { ...next.outbox, sending: false, failed: false } };
  return expireOutbox(next);
}

export function applyState(m: PlayerModel, state: State): PlayerModel {
  if (!isNewer(m.state, state)) return m;
  return expireOutbox({ ...m, state: withoutMe(state) });
}

export function applyResult(m: PlayerModel, r: Result): PlayerModel {
  const me: Me = {
    player_id: m.me?.player_id ?? m.player?.id ?? "",
    answered: m.me?.answered ?? false,
    score: r.score,
    rank: r.rank,
    streak: r.streak,
  };
  let next: PlayerModel = { ...m, me, results: { ...m.results, [r.question]: r } };
  // The result says whether the server has an answer of this player (servers that do not say
  // leave it to the acks).
  if (r.answered === true) next = settled(next, r.question);
  else if (r.answered === false) next = missed(next, r.question);
  return next;
}

/** The player picked `value` for the open question `question`: it waits in the outbox. */
export function applyPick(m: PlayerModel, question: number, value: AnswerValue): PlayerModel {
  if (m.outbox || m.answers[question] !== undefined || m.late[question] || !isOpenFor(m.state, question)) return m;
  return { ...m, outbox: { question, value, sending: false, failed: false }, refusal: null };
}

/** A copy of the outbox's answer went on the wire. */
export function applySending(m: PlayerModel, question: number): PlayerModel {
  if (m.outbox?.question !== question || m.outbox.sending) return m;
  return { ...m, outbox: { ...m.outbox, sending: true } };
}

/** A copy of the connection's answer was acknowledged (`ok`) or refused (an error code). */
export function applyAck(m: PlayerModel, question: number, code: string, message?: string): PlayerModel {
  const o = m.outbox;
  if (!o || o.question !== question) return m;
  if (code === "ok" || code === "already_answered") return settled(m, question);
  if (RETRY_CODES.has(code)) {
    // The answer may or may not have arrived: send it again while the question is open (the
    // server keeps a player's first answer, and says `already_answered` to a copy).
    return expireOutbox({ ...m, outbox: { ...o, sending: false, failed: true } });
  }
  if (code === "question_closed" || code === "wrong_question") return missed(m, question);
  // Refused for what it is (`invalid_answer`): the player may answer again.
  return { ...m, outbox: null, refusal: { question, code, message } };
}

export function applyKicked(m: PlayerModel, reason: string): PlayerModel {
  return { ...m, kicked: reason || "removed by the host" };
}

export type PlayerView =
  | "connecting"
  | "kicked"
  | "lobby"
  | "answer"
  | "sending"
  | "locked"
  | "missed"
  | "reveal"
  | "scoreboard"
  | "finished";

export function playerView(m: PlayerModel): PlayerView {
  if (m.kicked) return "kicked";
  const s = m.state;
  if (!s) return "connecting";
  switch (s.phase) {
    case "lobby":
      return "lobby";
    case "question":
      if (!s.question) return "lobby";
      if (m.answers[s.question.index] !== undefined) return "locked";
      if (m.late[s.question.index]) return "missed";
      return m.outbox?.question === s.question.index ? "sending" : "answer";
    case "reveal":
      return "reveal";
    case "scoreboard":
      return "scoreboard";
    case "finished":
      return "finished";
    default:
      return "connecting";
  }
}

/** This player's result for the question on show, if it came. */
export function currentResult(m: PlayerModel): Result | null {
  const q = m.state?.question;
  return q ? (m.results[q.index] ?? null) : null;
}

/** This player's team's row in the state's team standings. */
export function myTeam(m: PlayerModel): TeamRow | null {
  const team = m.player?.team;
  if (!team || !m.state?.teams) return null;
  return m.state.teams.find((t) => t.team === team) ?? null;
}

/** This player's final rank: from the leaderboard when it is there, else the last known. */
export function finalRank(m: PlayerModel): number | null {
  const id = m.player?.id;
  const row = id ? m.state?.leaderboard?.find((r) => r.player_id === id) : undefined;
  return row?.rank ?? m.me?.rank ?? null;
}

export function finalScore(m: PlayerModel): number {
  const id = m.player?.id;
  const row = id ? m.state?.leaderboard?.find((r) => r.player_id === id) : undefined;
  return row?.score ?? m.me?.score ?? 0;
}

/** Whether `value` is a `milestone` event's payload. */
export function isMilestone(value: unknown): value is Milestone {
  const m = value as Partial<Milestone> | null;
  return !!m && typeof m === "object" && typeof m.code === "string" && !!m.code && typeof m.title === "string";
}

/** A badge arrived: kept once per code (an announcement may come twice, e.g. live and fetched). */
export function applyMilestone(m: PlayerModel, milestone: Milestone): PlayerModel {
  if (!isMilestone(milestone) || m.milestones.some((x) => x.code === milestone.code)) return m;
  const clean: Milestone = {
    code: milestone.code,
    title: milestone.title,
    description: typeof milestone.description === "string" ? milestone.description : "",
  };
  return { ...m, milestones: [...m.milestones, clean] };
}

export type PlayerAction =
  | { type: "join"; ack: { player: PlayerInfo; state: State } }
  | { type: "state"; state: State }
  | { type: "result"; result: Result }
  | { type: "pick"; question: number; value: AnswerValue }
  | { type: "sending"; question: number }
  | { type: "ack"; question: number; code: string; message?: string }
  | { type: "kicked"; reason: string }
  | { type: "milestone"; milestone: Milestone };

export function playerReducer(m: PlayerModel, a: PlayerAction): PlayerModel {
  switch (a.type) {
    case "join":
      return applyJoin(m, a.ack);
    case "state":
      return applyState(m, a.state);
    case "result":
      return applyResult(m, a.result);
    case "pick":
      return applyPick(m, a.question, a.value);
    case "sending":
      return applySending(m, a.question);
    case "ack":
      return applyAck(m, a.question, a.code, a.message);
    case "kicked":
      return applyKicked(m, a.reason);
    case "milestone":
      return applyMilestone(m, a.milestone);
  }
}
