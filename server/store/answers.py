"""The game store's answers and scores: recording an answer, standings, reveal results."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any, cast

from server.store.lua import ScriptedStore, as_mapping
from server.store.replies import AnswerReply


class AnswerStore(ScriptedStore):
    """Answers per question, scores and stats, and what a reveal stored."""

    async def answer(
        self,
        gid: str,
        question: int,
        *,
        pid: str,
        now_ms: int,
        valid: bool,
        answer_json: str,
        elapsed_ms: int,
        correct: bool,
        scored: bool,
        base_points: int,
        step: int,
        cap: int,
    ) -> AnswerReply:
        """Record a first answer (or the refusal's code)."""
        k = self.keys
        keys = [
            k.meta(gid),
            k.answers(gid, question),
            k.scores(gid),
            k.stats(gid),
            k.order(gid),
            k.conn(gid),
        ]
        args = [
            pid,
            question,
            now_ms,
            int(valid),
            answer_json,
            elapsed_ms,
            int(correct),
            int(scored),
            base_points,
            step,
            cap,
        ]
        if self.lane is None:
            return AnswerReply.read(await self._run("answer", keys, args))
        sha, source = self._scripts["answer"].sha, self._sources["answer"]
        return AnswerReply.read(await self.lane.evalsha(sha, source, keys, args))

    async def all_answered(self, gid: str, question: int) -> bool:
        k = self.keys
        return bool(
            await self._run(
                "all_answered",
                [k.meta(gid), k.answers(gid, question), k.conn(gid)],
                [question],
            )
        )

    async def answered_count(self, gid: str, question: int) -> int:
        return int(await self.redis.hlen(self.keys.answers(gid, question)))

    async def answer_of(self, gid: str, question: int, pid: str) -> dict[str, Any] | None:
        """A player's recorded answer to a question (``{"a", "t", "c", "p"}``), if any."""
        raw = await self.redis.hget(self.keys.answers(gid, question), pid)
        return None if raw is None else cast("dict[str, Any]", json.loads(raw))

    async def answers(self, gid: str, question: int) -> dict[str, dict[str, Any]]:
        raw = await self.redis.hgetall(self.keys.answers(gid, question))
        return {str(pid): json.loads(v) for pid, v in raw.items()}

    async def standings_data(
        self, gid: str
    ) -> tuple[dict[str, float], dict[str, str], dict[str, float], dict[str, str], dict[str, str]]:
        """Scores, stats, join order, player JSON and teams of everyone, in one round trip."""
        k = self.keys
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.zrange(k.scores(gid), 0, -1, withscores=True)
            pipe.hgetall(k.stats(gid))
            pipe.zrange(k.order(gid), 0, -1, withscores=True)
            pipe.hgetall(k.players(gid))
            pipe.hgetall(k.team_of(gid))
            scores, stats, order, players, teams = await pipe.execute()
        return dict(scores), stats, dict(order), players, teams

    async def player_standing(self, gid: str, pid: str) -> tuple[float, int, int | None]:
        """(score, streak, rank at the last reveal or None)."""
        k = self.keys
        async with self.redis.pipeline(transaction=False) as pipe:
            pipe.zscore(k.scores(gid), pid)
            pipe.hget(k.stats(gid), f"{pid}:streak")
            pipe.hget(k.ranks(gid), pid)
            score, streak, rank = await pipe.execute()
        return float(score or 0), int(streak or 0), None if rank is None else int(rank)

    async def rank_by_score(self, gid: str, score: float) -> int:
        """1 + the number of players with a strictly higher score."""
        return 1 + int(await self.redis.zcount(self.keys.scores(gid), f"({score}", "+inf"))

    async def save_reveal(
        self,
        gid: str,
        question: int,
        results: Mapping[str, str],
        ranks: Mapping[str, int],
    ) -> None:
        k = self.keys
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.delete(k.results(gid, question))
            if results:
                pipe.hset(k.results(gid, question), mapping=as_mapping(results))
            pipe.delete(k.ranks(gid))
            if ranks:
                pipe.hset(k.ranks(gid), mapping=as_mapping({p: str(r) for p, r in ranks.items()}))
            await pipe.execute()
        await self._run("expire_with", [k.meta(gid), k.results(gid, question), k.ranks(gid)], [])

    async def reveal_results(
        self, gid: str, question: int, pids: Sequence[str]
    ) -> list[str | None]:
        if not pids:
            return []
        return cast(
            "list[str | None]", await self.redis.hmget(self.keys.results(gid, question), list(pids))
        )
