// A phone's view of its game, as a pure reducer: the player page feeds it the join ack, the
// `state`, `result` and `kicked` events and its own answers, and renders `playerView(model)`.

import type { AnswerValue, Me, Milestone, PlayerInfo, Result, State, TeamRow } from "./protocol";

export interface PlayerModel {
  state: State | null;
  player: PlayerInfo | null;
  me: Me | null;
  /** Question index → the value this device sent (`null` when only the server knows it). */
  answers: Record<number, AnswerValue | null>;
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

export function applyJoin(m: PlayerModel, ack: { player: PlayerInfo; state: State }): PlayerModel {
  const sameGame = m.state?.game_id === ack.state.game_id && m.player?.id === ack.player.id;
  const base = sameGame ? m : emptyModel();
  const state = isNewer(base.state, ack.state) ? withoutMe(ack.state) : base.state;
  const me = ack.state.me ?? base.me;
  const answers = { ...base.answers };
  const q = ack.state.question;
  if (q && me?.answered && answers[q.index] === undefined) answers[q.index] = null;
  return { ...base, state, me, answers, player: ack.player, kicked: null };
}

export function applyState(m: PlayerModel, state: State): PlayerModel {
  if (!isNewer(m.state, state)) return m;
  return { ...m, state: withoutMe(state) };
}

export function applyResult(m: PlayerModel, r: Result): PlayerModel {
  const me: Me = {
    player_id: m.me?.player_id ?? m.player?.id ?? "",
    answered: m.me?.answered ?? false,
    score: r.score,
    rank: r.rank,
    streak: r.streak,
  };
  return { ...m, me, results: { ...m.results, [r.question]: r } };
}

export function applyAnswered(m: PlayerModel, question: number, value: AnswerValue | null): PlayerModel {
  if (m.answers[question] !== undefined && value === null) return m;
  return { ...m, answers: { ...m.answers, [question]: value } };
}

export function applyKicked(m: PlayerModel, reason: string): PlayerModel {
  return { ...m, kicked: reason || "removed by the host" };
}

export type PlayerView =
  | "connecting"
  | "kicked"
  | "lobby"
  | "answer"
  | "locked"
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
      return m.answers[s.question.index] !== undefined ? "locked" : "answer";
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

export function applyUnanswered(m: PlayerModel, question: number): PlayerModel {
  if (m.answers[question] === undefined) return m;
  const answers = { ...m.answers };
  delete answers[question];
  return { ...m, answers };
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
  | { type: "answered"; question: number; value: AnswerValue | null }
  | { type: "unanswered"; question: number }
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
    case "answered":
      return applyAnswered(m, a.question, a.value);
    case "unanswered":
      return applyUnanswered(m, a.question);
    case "kicked":
      return applyKicked(m, a.reason);
    case "milestone":
      return applyMilestone(m, a.milestone);
  }
}
