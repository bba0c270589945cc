"""A player's runs of a challenge: beginning one (at joining, ``run_again``), showing the next
question (``run_next``, which sets the run's deadline in Redis), the deadline closing it (any
node's run timer), and ending the run into the outbox, exactly once."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from games.errors import RuleViolation
from games.phases import Phase
from games.runs import RunStep, is_last, next_step, run_window, within
from server.modes.challenge import views
from server.modes.challenge.opening import ChallengeInfo
from server.modes.challenge.results import run_results
from server.node_messages import RunShown
from server.rooms.loaded import LoadedGame, new_id

if TYPE_CHECKING:
    from server.rooms.runtime import Rooms

log = logging.getLogger("huddle.challenges")

RETRIES = 5
Run = dict[str, str]


class RunFlow:
    """The moves of runs, over ``GameStore``'s run scripts (server/store/runs.py)."""

    def __init__(self, rooms: Rooms) -> None:
        self.rooms = rooms

    async def state_run(self, gid: str, pid: str) -> Run:
        """The player's current run (``not_joined`` when it has none)."""
        return await self._run(gid, pid)

    async def _run(self, gid: str, pid: str) -> Run:
        run = await self.rooms.store.run(gid, pid)
        if run is None:
            raise RuleViolation("not_joined", "join the challenge first")
        return run

    async def _closed(self, game: LoadedGame) -> bool:
        """Whether no new question may be shown: the challenge closed, or its time is up."""
        if self.rooms.clock() >= ChallengeInfo.read(game.mode_doc).closes_ms:
            return True
        meta = await self.rooms.store.meta(game.gid)
        return meta is None or meta.phase == Phase.FINISHED

    async def view(self, game: LoadedGame, run: Run) -> dict[str, Any]:
        """The player's RunView of `run`."""
        rank, players = await self.rooms.store.run_standing(game.gid, int(run.get("score", "0")))
        return views.run_view(game, run, now_ms=self.rooms.clock(), rank=rank, players=players)

    # ------------------------------------------------------------------ players' moves
    async def arrived(self, game: LoadedGame, pid: str) -> dict[str, Any]:
        """A player joined or came back: its run (a first one begins at the first join)."""
        info = ChallengeInfo.read(game.mode_doc)
        store = self.rooms.store
        # "exists" when the player has a run already (coming back): that run is shown.
        await store.begin_run(
            game.gid, pid, new_id(), self.rooms.clock(), info.attempts, again=False
        )
        run = await store.run(game.gid, pid)
        if run is None:  # closed before this player's first run began
            return await self.view(game, {"status": "done", "attempt": "0"})
        return await self.view(game, run)

    async def state(self, game: LoadedGame, pid: str) -> dict[str, Any]:
        """``run_state``: the current view (after a resume, a lost ack)."""
        return await self.view(game, await self._due(game, pid, await self._run(game.gid, pid)))

    async def _due(self, game: LoadedGame, pid: str, run: Run) -> Run:
        """`run`, its question closed first when its deadline has passed and no timer has
        closed it yet (the same compare-and-set as the timer's: it closes once)."""
        if run_status(run) != "question" or self.rooms.clock() < int(run["deadline_ms"]):
            return run
        if await self._close(game, pid, run):
            run = await self._run(game.gid, pid)
            await self.settle(game, pid, run)
        return await self._run(game.gid, pid)

    async def _close(self, game: LoadedGame, pid: str, run: Run) -> bool:
        """Close the run's due question (run_close.lua); whether this call closed it."""
        q = int(run["q"])
        scored = game.quiz.questions[q].scored if 0 <= q < game.count else False
        step = await self.rooms.store.close_run(
            game.gid, pid, step=int(run["step"]), now_ms=self.rooms.clock(), scored=scored
        )
        return step > 0

    async def again(self, game: LoadedGame, pid: str) -> dict[str, Any]:
        """``run_again``: a new attempt once the last run ended (``no_attempts_left``); a run
        not ended yet is returned as it is (a repeated ``run_again`` is safe)."""
        info = ChallengeInfo.read(game.mode_doc)
        run = await self._run(game.gid, pid)
        if run.get("ended") == "1":
            within(self.rooms.clock(), info.opens_ms, info.closes_ms)
        code, _ = await self.rooms.store.begin_run(
            game.gid, pid, new_id(), self.rooms.clock(), info.attempts, again=True
        )
        if code not in ("ok", "exists"):
            raise RuleViolation(code, AGAIN_MESSAGES.get(code, code))
        return await self.view(game, await self._run(game.gid, pid))

    async def next(self, game: LoadedGame, pid: str) -> dict[str, Any]:
        """``run_next``: show the next question (its deadline starts, in Redis) from ready or
        a reveal; after the last reveal the run is done. At a question or done it returns the
        current view. Once the challenge closed, the run ends instead."""
        gid = game.gid
        store = self.rooms.store
        info = ChallengeInfo.read(game.mode_doc)
        for _ in range(RETRIES):
            run = await self._run(gid, pid)
            at = RunStep(run_status(run), int(run.get("q", "-1")))
            to = next_step(at, game.count)
            step = int(run["step"])
            if run.get("ended") == "1" and at.status != "done":
                to = RunStep("done", at.question)  # ended when the challenge closed
            if to == at:
                return await self.view(game, await self._due(game, pid, run))
            now = self.rooms.clock()
            if to.status == "done":
                code = await store.next_run(
                    gid, pid, step=step, now_ms=now, question=at.question, window=None,
                    closes_ms=info.closes_ms,
                )  # fmt: skip
            elif await self._closed(game):
                await self.end(game, pid, status="done")
                continue
            else:
                window = run_window(game.settings, game.quiz.questions[to.question], now)
                # The deadline is in Redis before the question shows (a node that dies in
                # between leaves a timer that finds nothing to close).
                await store.schedule_run(gid, pid, window.deadline_ms)
                code = await store.next_run(
                    gid, pid, step=step, now_ms=now, question=to.question, window=window,
                    closes_ms=info.closes_ms,
                )  # fmt: skip
                if code == "challenge_closed":
                    await self.end(game, pid, status="done")
                    continue
            if code == "ok":
                return await self.view(game, await self._run(gid, pid))
            if code == "no_run":
                raise RuleViolation("not_joined", "join the challenge first")
        raise RuleViolation("unavailable", "the run kept moving; try again")  # pragma: no cover

    # ------------------------------------------------------------------ ending
    async def settle(
        self, game: LoadedGame, pid: str, run: Run, *, closed: bool | None = None
    ) -> None:
        """End the run if it is over: its last question revealed, or the challenge closed
        while it is between questions (a run in a question ends when that closes). `closed`
        is whether the challenge is closed when the caller knows it already."""
        if run.get("ended") == "1":
            return
        status = run_status(run)
        last = status == "reveal" and is_last(int(run.get("q", "-1")), game.count)
        if not last and status in ("ready", "reveal") and closed is None:
            closed = await self._closed(game)
        if last or (status in ("ready", "reveal") and closed):
            await self.end(game, pid, status="done" if status == "ready" else "")

    async def end(self, game: LoadedGame, pid: str, *, status: str = "") -> None:
        """End the player's current run and push its ``RunResults`` to the outbox in the same
        script (run_end.lua: once, whichever node gets there first). A run that never showed
        a question pushes nothing."""
        store = self.rooms.store
        gid = game.gid
        info = ChallengeInfo.read(game.mode_doc)
        for _ in range(RETRIES):
            run = await store.run(gid, pid)
            if run is None or run.get("ended") == "1":
                return
            now = self.rooms.clock()
            entry = ""
            if int(run.get("q", "-1")) >= 0:
                player = await store.player(gid, pid) or {}
                team = await store.team_of(gid, pid)
                rank = await store.run_rank(gid, int(run.get("score", "0")))
                answers = await store.run_answers(gid, pid)
                results = run_results(game, info, pid, player, team, run, answers, rank, now)
                entry = results.to_json()
            done = await store.end_run(
                gid, pid, run_id=run["run"], step=int(run["step"]), entry=entry, now_ms=now,
                status=status,
            )  # fmt: skip
            if done >= 0:
                return

    async def end_open_runs(self, game: LoadedGame) -> None:
        """The challenge closed: end every run between questions now."""
        for pid in await self.rooms.store.active_runs(game.gid):
            run = await self.rooms.store.run(game.gid, pid)
            if run is not None:
                await self.settle(game, pid, run)

    # ------------------------------------------------------------------ deadlines
    async def on_timer(self, member: str, lease_ms: int) -> None:
        """A due run this node claimed (``keys.run_timers``): close its question if its
        deadline passed (compare-and-set on the run's step: once, whichever node), tell its
        player (``run`` on any node), end the run if that was its last question or the
        challenge closed; then set the timer for what remains, or remove it."""
        store = self.rooms.store
        gid, _, pid = member.partition("|")
        run = await store.run(gid, pid)
        try:
            game = await self.rooms.load(gid)
        except RuleViolation:
            run = None
        if run is None:
            await store.swap_run_timer(member, lease_ms, None)
            return
        if run_status(run) == "question":
            deadline = int(run.get("deadline_ms") or 0)
            now = self.rooms.clock()
            if now < deadline:
                await store.swap_run_timer(member, lease_ms, deadline)
                return
            if await self._close(game, pid, run):
                shown = await self._run(gid, pid)
                await self.settle(game, pid, shown)
                view = await self.view(game, await self._run(gid, pid))
                await self.rooms.fanout.broadcast_nodes(RunShown(gid, pid, view))
            run = await self._run(gid, pid)
        await self.settle(game, pid, run)
        await store.swap_run_timer(member, lease_ms, None)


def run_status(run: Run) -> Any:
    """The run's status (one of games.runs.STATUSES)."""
    return run.get("status", "ready")


AGAIN_MESSAGES = {
    "no_attempts_left": "you have used every attempt at this challenge",
    "challenge_closed": "this challenge has closed",
    "game_not_found": "no such challenge",
}
