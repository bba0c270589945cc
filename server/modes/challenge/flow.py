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
from server.store.runs import RunRead

if TYPE_CHECKING:
    from server.rooms.runtime import Rooms

log = logging.getLogger("huddle.challenges")

RETRIES = 5
Run = dict[str, str]
# Where each run stands as this node's last script reply left it (its player's socket is on
# this node, so the next move usually comes here): a hint that spares the read before a move.
# The scripts check it (run id and step) and reply ``moved`` when it is stale; then the run is
# read again. Enough for every player of a busy node; the oldest go first.
HINT_LIMIT = 50_000
HINT_FIELDS = ("run", "step", "status", "q", "ended", "opened_ms", "answers_open_ms", "deadline_ms")


class RunFlow:
    """The moves of runs, over ``GameStore``'s run scripts (server/store/runs.py)."""

    def __init__(self, rooms: Rooms) -> None:
        self.rooms = rooms
        self._hints: dict[tuple[str, str], Run] = {}

    def note(self, gid: str, pid: str, read: RunRead) -> None:
        """Remember where the run stands after a script moved it (see ``HINT_LIMIT``)."""
        hints = self._hints
        if len(hints) >= HINT_LIMIT:
            hints.pop(next(iter(hints)))
        hints[(gid, pid)] = {f: read.run[f] for f in HINT_FIELDS if f in read.run}

    def hint(self, gid: str, pid: str) -> Run | None:
        """The remembered run (taken: a move notes the new one), or None."""
        return self._hints.pop((gid, pid), None)

    async def _read(self, gid: str, pid: str) -> RunRead:
        """The player's current run as its view shows it (``not_joined`` when it has none)."""
        read = await self.rooms.store.read_run(gid, pid)
        if read is None:
            raise RuleViolation("not_joined", "join the challenge first")
        return read

    async def _closed(self, game: LoadedGame) -> bool:
        """Whether no new question may be shown: the challenge closed, or its time is up."""
        if self.rooms.clock() >= ChallengeInfo.read(game.mode_doc).closes_ms:
            return True
        meta = await self.rooms.store.meta(game.gid)
        return meta is None or meta.phase == Phase.FINISHED

    def view(self, game: LoadedGame, read: RunRead) -> dict[str, Any]:
        """The player's RunView of the run `read` (no I/O: the read carries rank and count)."""
        return views.run_view(
            game, read.run, now_ms=self.rooms.clock(), rank=read.rank, players=read.players
        )

    # ------------------------------------------------------------------ players' moves
    async def arrived(self, game: LoadedGame, pid: str) -> dict[str, Any]:
        """A player joined or came back: its run (a first one begins at the first join)."""
        info = ChallengeInfo.read(game.mode_doc)
        store = self.rooms.store
        # "exists" when the player has a run already (coming back): that run is shown.
        await store.begin_run(
            game.gid, pid, new_id(), self.rooms.clock(), info.attempts, again=False
        )
        read = await store.read_run(game.gid, pid)
        if read is None:  # closed before this player's first run began
            rank, players = await store.run_standing(game.gid, 0)
            return self.view(game, RunRead({"status": "done", "attempt": "0"}, rank, players))
        self.note(game.gid, pid, read)
        return self.view(game, read)

    async def state(self, game: LoadedGame, pid: str) -> dict[str, Any]:
        """``run_state``: the current view (after a resume, a lost ack)."""
        return self.view(game, await self._due(game, pid, await self._read(game.gid, pid)))

    async def _due(self, game: LoadedGame, pid: str, read: RunRead) -> RunRead:
        """`read`, its question closed first when its deadline has passed and no timer has
        closed it yet (the same compare-and-set as the timer's: it closes once)."""
        run = read.run
        if run_status(run) != "question" or self.rooms.clock() < int(run["deadline_ms"]):
            return read
        if await self._close(game, pid, run):
            await self.settle(game, pid, await self._read(game.gid, pid))
        return await self._read(game.gid, pid)

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
        run = (await self._read(game.gid, pid)).run
        if run.get("ended") == "1":
            within(self.rooms.clock(), info.opens_ms, info.closes_ms)
        code, _ = await self.rooms.store.begin_run(
            game.gid, pid, new_id(), self.rooms.clock(), info.attempts, again=True
        )
        if code not in ("ok", "exists"):
            raise RuleViolation(code, AGAIN_MESSAGES.get(code, code))
        return self.view(game, await self._read(game.gid, pid))

    async def next(self, game: LoadedGame, pid: str) -> dict[str, Any]:
        """``run_next``: show the next question (its deadline starts, in Redis) from ready or
        a reveal; after the last reveal the run is done. At a question or done it returns the
        current view. Once the challenge closed, the run ends instead."""
        gid = game.gid
        store = self.rooms.store
        info = ChallengeInfo.read(game.mode_doc)
        hint = self.hint(gid, pid)
        for _ in range(RETRIES):
            read: RunRead | None = None
            if hint is not None:
                run, hint = hint, None
            else:
                read = await self._read(gid, pid)
                run = read.run
            at = RunStep(run_status(run), int(run.get("q", "-1")))
            to = next_step(at, game.count)
            step = int(run["step"])
            if run.get("ended") == "1" and at.status != "done":
                to = RunStep("done", at.question)  # ended when the challenge closed
            now = self.rooms.clock()
            if read is None and (to == at or (to.status != "done" and now >= info.closes_ms)):
                continue  # no move from a remembered run: read it
            if to == at:
                assert read is not None
                return self.view(game, await self._due(game, pid, read))
            if to.status == "done":
                code, shown = await store.next_run(
                    gid, pid, step=step, now_ms=now, question=at.question, window=None,
                    closes_ms=info.closes_ms, run_id=run["run"],
                )  # fmt: skip
            elif now >= info.closes_ms:
                await self.end(game, pid, status="done", known=read)
                continue
            else:
                # The script sets the deadline's timer and shows the question at once; it
                # refuses once the challenge closed (its meta finished, or closes_ms passed).
                window = run_window(game.settings, game.quiz.questions[to.question], now)
                code, shown = await store.next_run(
                    gid, pid, step=step, now_ms=now, question=to.question, window=window,
                    closes_ms=info.closes_ms, run_id=run["run"],
                )  # fmt: skip
                if code == "challenge_closed":
                    await self.end(game, pid, status="done")
                    continue
            if code == "ok" and shown is not None:
                self.note(gid, pid, shown)
                return self.view(game, shown)
            if code == "no_run":
                raise RuleViolation("not_joined", "join the challenge first")
        raise RuleViolation("unavailable", "the run kept moving; try again")  # pragma: no cover

    # ------------------------------------------------------------------ ending
    async def settle(
        self, game: LoadedGame, pid: str, read: RunRead, *, closed: bool | None = None
    ) -> None:
        """End the run if it is over: its last question revealed, or the challenge closed
        while it is between questions (a run in a question ends when that closes). `closed`
        is whether the challenge is closed when the caller knows it already."""
        run = read.run
        if run.get("ended") == "1":
            return
        status = run_status(run)
        last = status == "reveal" and is_last(int(run.get("q", "-1")), game.count)
        if not last and status in ("ready", "reveal") and closed is None:
            closed = await self._closed(game)
        if last or (status in ("ready", "reveal") and closed):
            await self.end(game, pid, status="done" if status == "ready" else "", known=read)

    async def end(
        self, game: LoadedGame, pid: str, *, status: str = "", known: RunRead | None = None
    ) -> None:
        """End the player's current run and push its ``RunResults`` to the outbox in the same
        script (run_end.lua: once, whichever node gets there first). A run that never showed
        a question pushes nothing. `known` is the run as the caller just read it (a stale
        one only costs a retry: the script compare-and-sets on the step)."""
        store = self.rooms.store
        gid = game.gid
        info = ChallengeInfo.read(game.mode_doc)
        for _ in range(RETRIES):
            read = known or await store.read_run(gid, pid)
            known = None
            if read is None or read.run.get("ended") == "1":
                return
            run = read.run
            now = self.rooms.clock()
            entry = ""
            if int(run.get("q", "-1")) >= 0:
                player, team, answers = await store.run_end_inputs(gid, pid)
                results = run_results(game, info, pid, player, team, run, answers, read.rank, now)
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
            read = await self.rooms.store.read_run(game.gid, pid)
            if read is not None:
                await self.settle(game, pid, read)

    # ------------------------------------------------------------------ deadlines
    async def on_timer(self, member: str, lease_ms: int) -> None:
        """A due run this node claimed (``keys.run_timers``): close its question if its
        deadline passed (compare-and-set on the run's step: once, whichever node), tell its
        player (``run`` on any node), end the run if that was its last question or the
        challenge closed; then set the timer for what remains, or remove it."""
        store = self.rooms.store
        gid, _, pid = member.partition("|")
        read = await store.read_run(gid, pid)
        try:
            game = await self.rooms.load(gid)
        except RuleViolation:
            read = None
        if read is None:
            await store.swap_run_timer(member, lease_ms, None)
            return
        run = read.run
        if run_status(run) == "question":
            deadline = int(run.get("deadline_ms") or 0)
            now = self.rooms.clock()
            if now < deadline:
                await store.swap_run_timer(member, lease_ms, deadline)
                return
            closed_here = await self._close(game, pid, run)
            read = await self._read(gid, pid)
            await self.settle(game, pid, read)
            if closed_here:  # the reveal (ending the run leaves its view as it was)
                await self.rooms.fanout.broadcast_nodes(RunShown(gid, pid, self.view(game, read)))
            await store.swap_run_timer(member, lease_ms, None)
            return
        await self.settle(game, pid, read)
        await store.swap_run_timer(member, lease_ms, None)


def run_status(run: Run) -> Any:
    """The run's status (one of games.runs.STATUSES)."""
    return run.get("status", "ready")


AGAIN_MESSAGES = {
    "no_attempts_left": "you have used every attempt at this challenge",
    "challenge_closed": "this challenge has closed",
    "game_not_found": "no such challenge",
}
