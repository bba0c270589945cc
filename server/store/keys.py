"""Every Redis key Huddle uses, built in this one module (listed in docs/redis-keys.md).

All keys of one game share the hash tag ``{g:<game_id>}`` so a game lives in one
Redis Cluster slot and its Lua scripts may touch any of its keys.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Keys:
    """Key builder bound to a prefix (tests use their own prefix)."""

    prefix: str = "huddle"

    # ---- global keys (not tied to one game) ----
    def pin(self, pin: str) -> str:
        """PIN -> game id (string)."""
        return f"{self.prefix}:pin:{pin}"

    def timers(self) -> str:
        """Sorted set of due work: member ``<game_id>|<kind>|<seq>``, score = due epoch ms."""
        return f"{self.prefix}:timers"

    def run_timers(self) -> str:
        """Sorted set of due self-paced runs (server/modes/challenge): member
        ``<game_id>|<player_id>``, score = the run's question deadline (epoch ms), or a
        claiming node's lease (the same claim and lease as ``timers``)."""
        return f"{self.prefix}:run_timers"

    def outbox(self) -> str:
        """List of finished game ids whose results must reach SQL."""
        return f"{self.prefix}:outbox"

    def outbox_claims(self) -> str:
        """Hash game id -> claim expiry (ms) while a writer moves it into SQL."""
        return f"{self.prefix}:outbox:claims"

    def outbox_dead(self) -> str:
        """List of outbox entries set aside because writing them failed for a reason retrying
        cannot cure, oldest first: JSON ``{"game_id", "error", "failed_ms", "entry"}`` where
        ``entry`` is the outbox entry as it was (``huddle outbox`` lists, retries, drops them)."""
        return f"{self.prefix}:outbox:dead"

    def join_rate(self, address: str, minute: int) -> str:
        """Counter of new joins from one client address in one minute (expires)."""
        return f"{self.prefix}:rl:join:{address}:{minute}"

    def join_tries(self, address: str, minute: int) -> str:
        """Counter of joins without a solved challenge from one client address in one minute
        (expires): beyond ``HUDDLE_JOIN_CHALLENGE_AFTER`` a join must solve a challenge."""
        return f"{self.prefix}:rl:jointry:{address}:{minute}"

    def challenge_used(self, nonce: str) -> str:
        """A solved join challenge's nonce, so it admits one join only (expires with it)."""
        return f"{self.prefix}:rl:challenge:{nonce}"

    def auth_rate(self, address: str, minute: int) -> str:
        """Counter of login and register attempts from one client address in one minute
        (expires)."""
        return f"{self.prefix}:rl:auth:{address}:{minute}"

    def submit_rate(self, account_id: str, hour: int) -> str:
        """Counter of contributions one account submitted in one clock hour (expires)."""
        return f"{self.prefix}:rl:submit:{account_id}:{hour}"

    def upload_rate(self, account_id: str, hour: int) -> str:
        """Counter of media files one account uploaded in one clock hour (expires)."""
        return f"{self.prefix}:rl:upload:{account_id}:{hour}"

    def game_rate(self, host_id: str, minute: int) -> str:
        """Counter of games one host account created in one minute (expires)."""
        return f"{self.prefix}:rl:game:{host_id}:{minute}"

    def host_games(self, host_id: str) -> str:
        """Sorted set game id -> until when (epoch ms) its keys live: a host's running games."""
        return f"{self.prefix}:host:{host_id}:games"

    def bus(self) -> str:
        """Pub/sub channel between server nodes."""
        return f"{self.prefix}:bus"

    def nodes(self) -> str:
        """Sorted set node id -> until when (epoch ms) its heartbeat vouches for it, or a
        reaper's lease once it stopped beating."""
        return f"{self.prefix}:nodes"

    def node_games(self, node: str) -> str:
        """Sorted set game id -> when (epoch ms) the node last held a player connection of it."""
        return f"{self.prefix}:node:{node}:games"

    # ---- per-game keys ----
    def _g(self, gid: str) -> str:
        return f"{self.prefix}:{{g:{gid}}}"

    def meta(self, gid: str) -> str:
        """Hash: pin, phase, seq, qindex, count, opened_ms, deadline_ms, closed_ms, locked, ..."""
        return f"{self._g(gid)}:meta"

    def quiz(self, gid: str) -> str:
        """String: the quiz snapshot JSON (with correct answers; never sent before a reveal)."""
        return f"{self._g(gid)}:quiz"

    def state(self, gid: str) -> str:
        """String: the rendered public State JSON of the current ``seq``."""
        return f"{self._g(gid)}:state"

    def state_play(self, gid: str) -> str:
        """String: the State as phones get it (it differs when questions stay off devices)."""
        return f"{self._g(gid)}:state:play"

    def team_of(self, gid: str) -> str:
        """Hash player id -> team name (team games only)."""
        return f"{self._g(gid)}:team_of"

    def team_sizes(self, gid: str) -> str:
        """Hash team name -> number of players in it (kicked players leave their team)."""
        return f"{self._g(gid)}:team_sizes"

    def players(self, gid: str) -> str:
        """Hash player id -> player JSON {id, nickname, team, joined_ms, order}."""
        return f"{self._g(gid)}:players"

    def order(self, gid: str) -> str:
        """Sorted set player id -> join order, only players not kicked (the roster)."""
        return f"{self._g(gid)}:order"

    def nicks(self, gid: str) -> str:
        """Hash nickname key (case-folded) -> player id, for players not kicked."""
        return f"{self._g(gid)}:nicks"

    def tokens(self, gid: str) -> str:
        """Hash player token -> player id (deleted when the player is kicked)."""
        return f"{self._g(gid)}:tokens"

    def accounts(self, gid: str) -> str:
        """Hash account id -> player id of a signed-in player not kicked (one account, one
        player per game)."""
        return f"{self._g(gid)}:accounts"

    def banned(self, gid: str) -> str:
        """Set of what the host banned: ``p:<player id>`` (listed in the host's roster),
        ``n:<nickname key>``, ``t:<token hash>``, ``k:<device key>``, ``i:<identifier>``,
        ``a:<account id>``."""
        return f"{self._g(gid)}:banned"

    def conn(self, gid: str) -> str:
        """Hash player id -> ``<node id>|<Socket.IO sid>`` of its live connection."""
        return f"{self._g(gid)}:conn"

    def scores(self, gid: str) -> str:
        """Sorted set player id -> score."""
        return f"{self._g(gid)}:scores"

    def stats(self, gid: str) -> str:
        """Hash ``<player id>:<field>`` -> int; fields streak, correct, answered, ctime."""
        return f"{self._g(gid)}:stats"

    def ranks(self, gid: str) -> str:
        """Hash player id -> rank at the last reveal."""
        return f"{self._g(gid)}:ranks"

    def answers(self, gid: str, question: int) -> str:
        """Hash player id -> answer JSON {a, t, c, p} for one question."""
        return f"{self._g(gid)}:answers:{question}"

    def results(self, gid: str, question: int) -> str:
        """Hash player id -> the ``result`` event JSON sent at that question's reveal."""
        return f"{self._g(gid)}:results:{question}"

    # ---- a challenge's runs (self-paced play; one player's keys per run) ----
    def run(self, gid: str, pid: str) -> str:
        """Hash: the player's current run of a challenge: ``run`` (its id, new per attempt),
        ``attempt``, ``step`` (compare-and-set counter), ``status`` (ready, question, reveal,
        done), ``q``, ``opened_ms``, ``answers_open_ms``, ``deadline_ms``, ``score``,
        ``streak``, ``correct``, ``answered``, ``ctime``, ``last`` (the last reveal's result
        JSON), ``started_ms``, ``ended`` (0/1: its results went into the outbox),
        ``finished_ms``. Expires with the game's meta."""
        return f"{self._g(gid)}:run:{pid}"

    def run_answers(self, gid: str, pid: str) -> str:
        """Hash question index -> answer JSON {a, t, c, p} of the player's current run."""
        return f"{self._g(gid)}:run:{pid}:answers"

    def run_scores(self, gid: str) -> str:
        """Sorted set run id -> score of every run that showed a question (rank so far)."""
        return f"{self._g(gid)}:run_scores"

    def runs_active(self, gid: str) -> str:
        """Set of player ids whose current run has not ended (closing the challenge ends
        them)."""
        return f"{self._g(gid)}:runs_active"

    def game_keys(self, gid: str, question_count: int) -> list[str]:
        """Every key of a game (for expiry)."""
        fixed = [
            self.meta(gid),
            self.quiz(gid),
            self.state(gid),
            self.state_play(gid),
            self.team_of(gid),
            self.team_sizes(gid),
            self.players(gid),
            self.order(gid),
            self.nicks(gid),
            self.tokens(gid),
            self.accounts(gid),
            self.banned(gid),
            self.conn(gid),
            self.scores(gid),
            self.stats(gid),
            self.ranks(gid),
            self.run_scores(gid),
            self.runs_active(gid),
        ]
        per_question = [self.answers(gid, q) for q in range(question_count)]
        per_question += [self.results(gid, q) for q in range(question_count)]
        return fixed + per_question
