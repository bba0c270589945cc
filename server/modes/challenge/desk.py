"""``rooms.challenges``: opening and closing challenges, their live counts, who may join one,
and the players' run moves (flow.py) and answers (answers.py)."""

from __future__ import annotations

import contextlib
import json
import logging
import secrets
from typing import TYPE_CHECKING, Any

from games.errors import RuleViolation
from games.phases import Phase
from games.runs import within
from games.teams import fixed_key
from server.modes.challenge.answers import RunAnswers
from server.modes.challenge.flow import RunFlow
from server.modes.challenge.mode import ChallengeMode
from server.modes.challenge.opening import ChallengeInfo, ChallengeOpening
from server.rooms.loaded import (
    CreatedGame,
    GameLedger,
    LoadedGame,
    SignedIn,
    forget_record,
    new_id,
    sha,
)
from server.store.meta import GameMeta

if TYPE_CHECKING:
    from server.rooms.runtime import Rooms

log = logging.getLogger("huddle.challenges")

CHALLENGE = "challenge"


class ChallengeDesk:
    """The challenges of one node's runtime (``Rooms.challenges``)."""

    mode_name = CHALLENGE

    def __init__(self, rooms: Rooms) -> None:
        self.rooms = rooms
        self.mode = ChallengeMode(rooms, self)
        self.flow = RunFlow(rooms)
        self.answers = RunAnswers(rooms, self.flow)

    # ------------------------------------------------------------------ opening, closing
    async def open(self, opening: ChallengeOpening, ledger: GameLedger | None) -> CreatedGame:
        """Write the challenge's Redis game (mode "challenge", open until ``closes_ms``) with
        a PIN of its own, recorded first in `ledger` (its ``games`` row) as ``Rooms.create``
        does, and set its closing timer. Its keys live until ``closes_ms`` + the finished
        TTL. The quiz is prepared here, once: every run plays the same order."""
        opening.check()
        rooms = self.rooms
        now = rooms.clock()
        quiz = opening.quiz.prepare(rooms.rng)
        gid = new_id()
        host_key = secrets.token_urlsafe(24)
        ttl = max(0, opening.closes_ms - now) // 1000 + rooms.settings.finished_ttl_s
        pin = await rooms.claim_pin(gid, quiz, ttl, ledger)
        info = ChallengeInfo.of(opening)
        title = opening.title or quiz.title
        try:
            meta = GameMeta(
                id=gid, pin=pin, title=title, host_id=opening.host_id,
                quiz_id=opening.quiz_id or "", phase=Phase.LOBBY, seq=1, qindex=-1,
                count=len(quiz.questions), locked=False, created_ms=now, rendered_seq=1,
                published_seq=1, host_key=sha(host_key), event_id=None,
                require_identifier=False, workspace_id=opening.workspace_id,
            )  # fmt: skip
            fixed = dict(opening.fixed_teams)
            game = LoadedGame(
                gid, pin, title, quiz, opening.settings, fixed_teams=fixed,
                mode=CHALLENGE, mode_doc=info.to_doc(),
            )  # fmt: skip
            state = json.dumps(await self.mode.render(game, meta))
            doc: dict[str, Any] = {
                "quiz": quiz.to_doc(),
                "settings": opening.settings.to_doc(),
                "mode": CHALLENGE,
                "mode_doc": info.to_doc(),
            }
            if fixed:
                doc["fixed_teams"] = fixed
            await rooms.store.create_game(meta, json.dumps(doc), state, ttl)
            await rooms.store.write_state(gid, 1, state, state)
            await rooms.store.schedule(gid, opening.closes_ms)
        except BaseException:
            with contextlib.suppress(Exception):
                await rooms.store.delete_game(gid, len(quiz.questions), pin, opening.host_id)
            await forget_record(ledger, gid)
            raise
        log.info("challenge opened: %d questions", len(quiz.questions), extra={"game_id": gid})
        return CreatedGame(gid, pin, host_key, f"{rooms.settings.base_url}/join/{pin}", quiz)

    async def close(self, gid: str) -> None:
        """Close the challenge now (the host ends it early): no new run starts, runs between
        questions end, a run in a question ends when it closes. Idempotent."""
        game = await self.rooms.load(gid)
        if game.mode != CHALLENGE:
            raise RuleViolation("game_not_found", "no such challenge")
        with contextlib.suppress(RuleViolation):  # closed already (here or by another node)
            await self.rooms.transition(gid, "end")

    async def summary(self, gid: str) -> dict[str, int]:
        """Live counts: ``players`` (joined), ``running`` (runs not ended), ``finished``
        (runs whose results went to SQL)."""
        players, running, finished = await self.rooms.store.run_figures(gid)
        return {"players": players, "running": running, "finished": finished}

    async def challenge_of_pin(self, pin: str) -> tuple[str, str]:
        """(game id, challenge id) of the challenge a PIN names; ``game_not_found`` else."""
        gid = await self.rooms.game_for_pin(pin)
        game = await self.rooms.load(gid)
        if game.mode != CHALLENGE:
            raise RuleViolation("game_not_found", "no challenge has this PIN")
        return gid, ChallengeInfo.read(game.mode_doc).challenge_id

    async def move(self, gid: str, pid: str, kind: str) -> dict[str, Any]:
        """A player's run move (``run_next``, ``run_again``, ``run_state``): the ack."""
        game = await self.rooms.load(gid)
        if game.mode != CHALLENGE:
            raise RuleViolation("not_allowed", "this game is not a self-paced challenge")
        if kind == "next":
            view = await self.flow.next(game, pid)
        elif kind == "again":
            view = await self.flow.again(game, pid)
        else:
            view = await self.flow.state(game, pid)
        return {"ok": True, "run": view}

    # ------------------------------------------------------------------ joining
    def admit(self, game: LoadedGame, account: SignedIn | None, *, resuming: bool) -> None:
        """The audience rule at ``join``: ``not_invited`` for a guest (or an account that is
        not a member) in a members or teams challenge, and for a member whose team is not
        among ``team_ids``. A player coming back with its token was admitted already."""
        if resuming:
            return
        info = ChallengeInfo.read(game.mode_doc)
        if info.audience == "guests":
            return
        if account is None:
            raise RuleViolation("not_invited", "this challenge is for members of the workspace")
        if info.audience == "teams":
            # The member's roster team: a workspace team's name (its id from the settings'
            # teams), or its id itself when the challenge has no team settings.
            team = game.fixed_teams.get(fixed_key("a", account.account_id))
            teams = game.settings.teams
            tid = team if teams is None else teams.id_of(team) or team
            if tid is None or tid not in info.team_ids:
                raise RuleViolation("not_invited", "this challenge is for other teams")

    def admit_new(self, game: LoadedGame) -> None:
        """A new player (not one coming back): only while the challenge is open."""
        info = ChallengeInfo.read(game.mode_doc)
        within(self.rooms.clock(), info.opens_ms, info.closes_ms)
