// The wire contract (shared/protocol.md v1, plus docs/protocol.md part 2), as the pages use it.

import type { QuestionKind } from "./rules";

// A question's kind is the engine's (the generated rules.ts), so the pages and the server name one set.
export type { QuestionKind };

export type Phase = "lobby" | "question" | "reveal" | "scoreboard" | "finished";

export interface PublicQuestion {
  index: number;
  count: number;
  kind: QuestionKind;
  prompt: string;
  choices?: string[];
  /** Phones get this instead of `choices` when the question stays on the big screen. */
  choice_count?: number;
  multi?: boolean;
  max_length?: number;
  items?: string[];
  min?: number | null;
  max?: number | null;
  time_limit_ms: number;
  opened_ms: number;
  /** When answers open: later than `opened_ms` when the game reads the question first. */
  answers_open_ms?: number;
  deadline_ms: number;
  points: number;
  /** The big screen gets `audio` and `video` too (files of this site); a live game's phones do not. */
  media?: { image?: string | null; audio?: string | null; video?: string | null } | null;
  /** Who wrote the question, when it came from a member's contribution (never its id on phones). */
  credit?: Credit | null;
}

/** A credited question's author and their team, as the screen and phones show it. */
export interface Credit {
  name: string;
  team: string | null;
}

/** How one of an author's questions fared (GET /api/contributions/{id}/stats, /api/me/contributions/stats). */
export interface ContributionStats {
  contribution_id: string;
  prompt: string;
  games: number;
  answered: number;
  /** Percent right (one decimal); null before any answer. */
  correct_pct: number | null;
  avg_time_ms: number | null;
  /** The discrimination index, -1..1 (docs/rules.md "Author stats"); null under 6 answers. */
  discrimination: number | null;
  hardest_game_correct_pct: number | null;
}

/** An author milestone (first_approved, played_100, stumped_room). */
export interface AuthorBadge {
  code: string;
  title: string;
  description: string;
  awarded_at: string;
}

export interface AuthorStats {
  contributions: ContributionStats[];
  milestones: AuthorBadge[];
}

/** POST /api/community-rounds: the new shared quiz. */
export interface CommunityRound {
  quiz_id: string;
  title: string;
  questions: QuestionDoc[];
}

export interface Reveal {
  correct: unknown;
  distribution: Record<string, number>;
  answered: number;
  explanation?: string | null;
  closed_ms?: number;
}

export interface LeaderRow {
  rank: number;
  player_id: string;
  nickname: string;
  team: string | null;
  score: number;
}

export interface TeamRow {
  rank: number;
  team: string;
  score: number;
  members: number;
}

export interface TeamSettings {
  /** "workspace" is a request (`guests` says how players without a team are placed): the
   * server answers with the workspace's teams as `names`, their `ids` and `source: "workspace"`. */
  mode: "auto" | "choose" | "workspace";
  count?: number;
  names?: string[];
  score?: unknown;
  guests?: "choose" | "auto";
  source?: "workspace";
  ids?: string[];
}

export interface GameSettings {
  scoring?: "speed" | "accuracy";
  streaks?: boolean;
  time_limit_ms?: number | null;
  max_players?: number | null;
  late_join?: boolean;
  auto_advance_ms?: number;
  teams?: TeamSettings | null;
  show_question_on_device?: boolean;
  shuffle_choices?: boolean;
  nickname_generator?: boolean;
  /** "Read the question first": 0 (off) or 3000–10000 ms shown alone before answers open. */
  read_first_ms?: number;
}

export interface Me {
  player_id: string;
  score: number;
  rank: number | null;
  streak: number;
  answered: boolean;
  /** In `reveal`: this player's result of the question on show (as the `result` event). */
  result?: Result;
}

export interface State {
  game_id: string;
  pin: string;
  phase: Phase;
  seq: number;
  players: number;
  title?: string;
  settings?: GameSettings;
  question: PublicQuestion | null;
  reveal: Reveal | null;
  leaderboard: LeaderRow[] | null;
  teams: TeamRow[] | null;
  me?: Me;
  /** "challenge" for a self-paced challenge's game (its state is a `ChallengeState`). */
  mode?: string;
}

export interface PlayerInfo {
  id: string;
  nickname: string;
  team: string | null;
  /** The account the player plays as (a signed-in member of the game's workspace). */
  account_id?: string;
}

export interface RosterPlayer {
  id: string;
  nickname: string;
  team: string | null;
  connected: boolean;
}

/** A player the host banned (``roster`` acks list them). */
export interface BannedPlayer {
  id: string;
  nickname: string;
}

export interface Roster {
  players: RosterPlayer[];
  count: number;
}

export interface Progress {
  question: number;
  answered: number;
  total: number;
}

export interface Result {
  question: number;
  correct: boolean;
  points: number;
  score: number;
  rank: number;
  streak: number;
  /** Whether the server has an answer of this player to the question (newer servers say). */
  answered?: boolean;
}

export interface ErrorBody {
  code: string;
  message: string;
  field?: string;
}

export type Ack<T> = ({ ok: true } & T) | { ok: false; error: ErrorBody };

export interface JoinAck {
  player: PlayerInfo;
  token: string;
  state: State;
  // Per-player shuffling: the server will send a seed here (see answers.ts shuffleSeed).
  seed?: unknown;
  shuffle_seed?: unknown;
  /** The typed nickname was not allowed: the server picked `player.nickname` instead. */
  renamed?: boolean;
  /** A challenge's PIN: where this player's run is (docs/protocol.md, self-paced challenges). */
  run?: RunView;
}

// -- self-paced challenges (docs/protocol.md Part 2) ----------------------------------------

/** A challenge game's `state` in the join ack (instead of a live game's phases). */
export interface ChallengeState {
  mode: "challenge";
  phase: "open" | "closed";
  challenge_id?: string;
  game_id: string;
  opens_ms?: number;
  players?: number;
  pin?: string;
  title?: string;
  /** Questions in the challenge. */
  count?: number;
  closes_ms?: number;
  /** Runs allowed per person (1..5). */
  attempts?: number;
  settings?: GameSettings;
}

export type RunStatus = "ready" | "question" | "reveal" | "done";

/** One question's outcome for this player: sent at that player's reveal only. */
export interface RunResult {
  correct: boolean;
  points: number;
  answered: boolean;
  correct_answer: unknown;
  explanation?: string | null;
}

/** Where one person's run of a challenge is (`run_next`, `answer`, `run_state` acks, `run` event). */
export interface RunView {
  status: RunStatus;
  attempt: number;
  /** The question's index (the open or revealed one). */
  question: number;
  count: number;
  score: number;
  rank: number | null;
  streak: number;
  /** Right answers so far in this run. */
  correct?: number;
  answered?: number | boolean;
  /** The question as phones get it (status "question"; no correct answer). */
  view?: PublicQuestion | null;
  deadline_ms?: number | null;
  /** The server's clock when it sent this view. */
  server_ms?: number;
  /** Status "reveal" only. */
  result?: RunResult | null;
  /** People who have run (or are running) the challenge. */
  players?: number;
}

/** An answer value as sent in `answer {question, answer}`. */
export type AnswerValue = number | number[] | boolean | string;

// -- quiz documents (HTTP) ----------------------------------------------------------------

export interface QuestionDoc {
  /** The question's stable id (the server gives one when saving; kept on edit). */
  id?: string;
  kind: QuestionKind;
  prompt: string;
  time_limit_ms?: number;
  points?: number;
  media?: { image?: string; audio?: string; video?: string } | null;
  explanation?: string | null;
  /** Set by the server only: the approved contribution the question came from. */
  credit?: (Credit & { contribution_id: string }) | null;
  choices?: string[];
  correct?: number[] | number | boolean;
  accepted?: string[];
  tolerance?: number;
  min?: number | null;
  max?: number | null;
  items?: string[];
  typos?: number;
}

/** Who sees a quiz: its author alone (`draft`) or the workspace's hosts (`shared`). */
export type Visibility = "draft" | "shared";

/** An account as the library names it (a quiz's author, its last editor). */
export interface PersonRef {
  id: string;
  name: string;
}

export interface QuizDoc {
  id?: string;
  /** 1, then one more with every saved change. */
  version?: number;
  title: string;
  description?: string | null;
  tags?: string[];
  visibility?: Visibility;
  questions: QuestionDoc[];
  created_ms?: number;
  updated_ms?: number;
  updated_at?: string;
  author?: PersonRef | null;
  updated_by?: PersonRef | null;
}

/** `GET /api/quizzes`: a page of the library and how many quizzes match in all. */
export interface LibraryPage {
  quizzes: QuizDoc[];
  total: number;
}

/** One hit of the question bank (`GET /api/questions`). */
export interface BankHit {
  quiz: { id: string; title: string; tags: string[] };
  index: number;
  kind: QuestionKind;
  prompt: string;
  question: QuestionDoc;
}

export interface GameSummary {
  id: string;
  pin: string;
  quiz_id: string;
  title: string;
  settings: GameSettings;
  created_ms: number;
  started_ms: number | null;
  finished_ms: number | null;
  results: boolean;
  /** Live in Redis and not finished: its console can be opened, and it can be ended. */
  running?: boolean;
  /** The live phase; null once the server no longer holds the game. */
  phase?: Phase | null;
}

export interface Results {
  game: {
    id: string;
    pin: string;
    quiz_id: string;
    title: string;
    started_at: number | null;
    finished_at: number | null;
    settings: GameSettings;
  };
  players: {
    player_id: string;
    nickname: string;
    team: string | null;
    score: number;
    rank: number;
    correct: number;
    answered: number;
  }[];
  teams: { team: string; score: number; rank: number; members: number }[];
  questions: {
    index: number;
    kind: QuestionKind;
    prompt: string;
    answered: number;
    correct: number;
    distribution: Record<string, number>;
  }[];
}

export interface CreatedGame {
  id: string;
  pin: string;
  host_key: string;
  join_url: string;
}

export interface Host {
  id: string;
  email: string;
  name: string;
}

// -- events, lasting leaderboards, milestones, reports (docs/events-and-leaderboards.md) -------

/** A badge, as the `/play` `milestone` event carries it. */
export interface Milestone {
  code: string;
  title: string;
  description: string;
}

export interface EventDoc {
  id: string;
  name: string;
  starts_ms: number;
  ends_ms: number | null;
  teams: string[];
  require_identifier: boolean;
  created_ms: number;
  /** For the leaderboard screen's link (`/screen/event/<id>?key=…`). */
  screen_key?: string;
}

export interface EventRound {
  id: string;
  title: string;
  pin: string;
  created_ms: number;
  finished_ms: number | null;
  results: boolean;
  running?: boolean;
}

export interface EventWithGames extends EventDoc {
  games: EventRound[];
}

export type BoardKind = "players" | "teams";

export interface PlayerEntry {
  rank: number;
  identity_id: string;
  nickname: string;
  /** Host views only (never on the big screen). */
  identifier?: string | null;
  score: number;
  games: number;
  correct: number;
  wins: number;
  correct_time_ms: number;
}

export interface TeamEntry {
  rank: number;
  team: string;
  score: number;
  games: number;
  wins: number;
  members: number;
  /** A workspace team (added up by id; `team` is its current name). */
  team_id?: string;
}

export interface BoardPage<E = PlayerEntry | TeamEntry> {
  kind: BoardKind;
  offset: number;
  limit: number;
  total: number;
  entries: E[];
  from?: number | null;
  to?: number | null;
  event_id?: string;
}

/** `/screen` `watch_event` ack and the live `event_leaderboard` event. */
export interface EventScreenBoard {
  event_id: string;
  name: string;
  rounds: number;
  players: PlayerEntry[];
  teams: TeamEntry[];
}

/** `GET /api/me`: a device's own history. */
export interface MyGame {
  game_id: string;
  title: string;
  finished_at: number | null;
  nickname: string;
  team: string | null;
  score: number;
  rank: number;
  players: number | null;
  correct: number;
  answered: number;
  event: { id: string; name: string } | null;
  milestones: string[];
}

export interface MyMilestone extends Milestone {
  game_id: string;
  game_title: string | null;
  awarded_at: number | null;
}

export interface MyHistory {
  offset: number;
  limit: number;
  games: MyGame[];
  milestones: MyMilestone[];
  totals: { games: number; score: number; wins: number; correct: number; answered: number; milestones: number };
}

export interface ReportQuestion {
  index: number;
  kind: QuestionKind;
  prompt: string;
  answered: number;
  correct: number | null;
  percent_correct: number | null;
  average_time_ms: number | null;
  distribution: Record<string, number>;
  /** The distribution as text: "A: Paris — 12 (60 %); B: Lyon — 8 (40 %)". */
  distribution_text?: string;
  difficulty: number | null;
  round?: number | null;
  /** "Round 1", "Round 2" … (event reports). */
  round_label?: string | null;
  game_id?: string;
  game_title?: string | null;
}

export interface ReportGame {
  id: string;
  title: string;
  pin: string;
  quiz_id: string;
  event_id: string | null;
  started_at: number | null;
  finished_at: number | null;
  players: number | null;
}

export interface GameReport {
  game: ReportGame;
  players: {
    rank: number;
    player_id: string;
    nickname: string;
    team: string | null;
    identifier: string | null;
    score: number;
    correct: number;
    answered: number;
    average_time_ms: number | null;
    milestones: string[];
  }[];
  teams: { rank: number; team: string; score: number; members: number }[];
  questions: ReportQuestion[];
  answer_sheet?: AnswerSheet;
}

/** One player's answer in the answer sheet: as text, right or not (null: no right answer),
 * points and time taken. */
export interface SheetAnswer {
  answer: string;
  correct: boolean | null;
  points: number;
  time_ms: number;
}

/** Every player's answer to every question (rows in rank order, cells in quiz order). */
export interface AnswerSheet {
  questions: { index: number; kind: QuestionKind; prompt: string }[];
  players: { player_id: string; rank: number; nickname: string; answers: (SheetAnswer | null)[] }[];
}

export interface EventReport {
  event: EventDoc;
  rounds: (ReportGame & { round: number; label?: string })[];
  players: (PlayerEntry & { answered: number; average_time_ms: number | null })[];
  teams: TeamEntry[];
  questions: ReportQuestion[];
}

/** A question of `GET /api/quizzes/{id}/stats`, hardest first. */
export interface QuizStatsQuestion {
  /** The question's stable id. */
  id: string | null;
  /** Its place in the quiz as it is now. */
  index: number;
  kind: QuestionKind;
  prompt: string;
  /** Finished games that reached it. */
  asked: number;
  answered: number;
  /** null for polls and word clouds. */
  correct: number | null;
  percent_correct: number | null;
  average_time_ms: number | null;
  difficulty: number | null;
}

/** `GET /api/quizzes/{id}/stats`: a quiz's figures across its finished games. */
export interface QuizStats {
  quiz: { id: string; title: string; version: number };
  games: number;
  players: number;
  average_score: number | null;
  /** % of the answers to scored questions that were right. */
  accuracy: number | null;
  questions: QuizStatsQuestion[];
}

// -- challenges over HTTP (docs/protocol.md Part 2) ------------------------------------------

/** A challenge as `/api/challenges`, `/api/me/challenges` and `/api/daily` give it. */
export interface ChallengeDoc {
  id: string;
  kind: "challenge" | "duel" | "daily";
  title: string;
  pin: string;
  join_url?: string;
  game_id?: string;
  /** ISO 8601 or ms since the epoch. */
  opens_at?: string | number | null;
  closes_at?: string | number | null;
  audience?: string;
  attempts?: number;
  status?: "scheduled" | "open" | "closed";
  players?: number;
  finished?: number;
}

/** `GET /api/me/challenges`. */
export interface MyChallenges {
  open: (ChallengeDoc | { challenge: ChallengeDoc })[];
  done: { challenge: ChallengeDoc; score: number; rank: number | null; finished_at?: string | number | null }[];
  duels: (ChallengeDoc | { challenge: ChallengeDoc; [key: string]: unknown })[];
  streak: { current: number; best: number };
}
