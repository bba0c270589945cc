"""Shared pieces of the end-to-end tests of the game rules (``test_e2e_rules_*.py``).

A `Table` is one game with its host console, its big screen and its phones, all connected;
the expected scores, team scores and ranks are computed here from the rules as docs/rules.md
states them, independently of the engine in ``games/``.
"""

# The waits take a `timeout` in seconds, like the helpers they call.
# ruff: noqa: ASYNC109

from __future__ import annotations

import asyncio
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import httpx

from tests.e2e.helpers import (
    WAIT_S,
    Client,
    GameHandle,
    Host,
    Player,
    Screen,
    assert_error,
    assert_ok,
    close_all,
    connect_all,
    new_game,
)

# ---------------------------------------------------------------------- a game and its clients


@dataclass
class Table:
    """One game: the host attached, a screen watching, and the phones (not joined yet)."""

    url: str
    game: GameHandle
    host: Host
    screen: Screen
    players: list[Player]
    extra: list[Client] = field(default_factory=list)

    async def new_player(self) -> Player:
        """Another phone, connected but not joined; closed with the table."""
        player = Player(self.url)
        self.extra.append(player)
        await player.connect()
        return player

    async def join_all(self, names: Sequence[str], teams: Sequence[str | None] = ()) -> None:
        """Join the phones one after the other (so join order, and auto teams, are fixed)."""
        wanted = list(teams) or [None] * len(names)
        for player, name, team in zip(self.players, names, wanted, strict=True):
            ack = await player.join(self.game.pin, name, team)
            assert ack["player"]["nickname"] == name.strip(), ack

    async def next(self, phase: str, question: int | None = None) -> dict[str, Any]:
        """The host's ``next``, which must lead to `phase` (at `question`); the ack's state."""
        ack = await self.host.command("next")
        state: dict[str, Any] = ack["state"]
        assert state["phase"] == phase, (phase, state)
        if question is not None:
            assert state["question"]["index"] == question, (question, state)
        return state

    async def close(self) -> None:
        await close_all([self.host, self.screen, *self.players, *self.extra])
        await self.game.account.close()


async def open_table(
    url: str, questions: list[dict[str, Any]], settings: dict[str, Any] | None, n_players: int
) -> Table:
    """Create a quiz and a game of it; connect a host (attached), a screen (watching) and
    `n_players` phones."""
    game = await new_game(url, questions, settings)
    table = Table(url, game, Host(url), Screen(url), [Player(url) for _ in range(n_players)])
    try:
        await connect_all([table.host, table.screen, *table.players])
        attached = await table.host.attach(game.id, game.host_key)
        # The host's big-screen link: the screen sees the whole question.
        await table.screen.watch(game.pin, attached["screen_key"])
    except BaseException:
        await table.close()
        raise
    return table


async def answer_all(answers: Iterable[tuple[Player, int, Any]]) -> None:
    """Send these answers at once; every one must be accepted."""
    plan = list(answers)
    acks = await asyncio.gather(*(p.answer(q, value) for p, q, value in plan))
    for (p, q, value), ack in zip(plan, acks, strict=True):
        assert_ok(ack, f"{p.join_ack and p.join_ack['player']['nickname']} answers {q}: {value!r}")


async def states_of(
    clients: Sequence[Client], phase: str, question: int | None = None, timeout: float = WAIT_S
) -> list[dict[str, Any]]:
    """The `phase` state each client received (at `question`), in the clients' order."""
    return list(await asyncio.gather(*(c.wait_state(phase, question, timeout) for c in clients)))


async def results_of(players: Sequence[Player], question: int) -> list[dict[str, Any]]:
    return list(await asyncio.gather(*(p.wait_result(question) for p in players)))


# ---------------------------------------------------------------------- HTTP refusals


async def expect_invalid(
    http: httpx.AsyncClient, path: str, body: Any, field: str, what: str = ""
) -> dict[str, Any]:
    """POST `body` to `path`: ``422 invalid`` whose ``field`` is `field` and whose message
    is a clear sentence naming it."""
    resp = await http.post(path, json=body)
    label = what or repr(body)[:160]
    assert resp.status_code == 422, f"{label}: {resp.status_code} {resp.text}"
    error = resp.json()["error"]
    assert error["code"] == "invalid", (label, error)
    assert error.get("field") == field, f"{label}: field {error.get('field')!r}, not {field!r}"
    message = error["message"]
    assert isinstance(message, str) and len(message) > len(field), (label, error)
    leaf = field.rsplit(".", 1)[-1].split("[")[0]
    assert leaf in message, f"{label}: the message does not name {leaf!r}: {message!r}"
    return dict(error)


# ---------------------------------------------------------------------- bad answers


class AnswerGuard:
    """Checks that a refused answer changes nothing: the game's phase, seq and player count
    (seen from a screen of its own), and the player's own "answered" (seen by resuming on
    the same connection)."""

    def __init__(self, url: str, pin: str) -> None:
        self.screen = Screen(url)
        self.pin = pin
        self.checked = 0

    async def snapshot(self) -> tuple[Any, ...]:
        ack = assert_ok(await self.screen.call("watch", {"pin": self.pin}), "guard watch")
        s = ack["state"]
        question = (s["question"] or {}).get("index")
        return s["phase"], s["seq"], s["players"], question, ack["roster"]["count"]

    async def refused(self, player: Player, question: int, value: Any) -> None:
        before = await self.snapshot()
        what = f"answer {value!r:.60} to question {question}"
        assert_error(
            await player.call("answer", {"question": question, "answer": value}),
            "invalid_answer",
            what,
        )
        assert player.connected, f"{what} closed the connection"
        me = assert_ok(
            await player.call("join", {"pin": self.pin, "token": player.token}), "resume probe"
        )["state"]["me"]
        assert me["answered"] is False, f"{what} used up the player's answer: {me}"
        assert await self.snapshot() == before, f"{what} changed the game"
        self.checked += 1


# ---------------------------------------------------------------------- expected scores


def half_up(value: Fraction) -> int:
    """Round half up, exactly."""
    return math.floor(value + Fraction(1, 2))


@dataclass
class Tally:
    """What one player must have: built answer by answer from docs/rules.md."""

    score: int = 0
    streak: int = 0
    answered: int = 0
    correct: int = 0
    last_points: int = 0

    def accuracy(
        self,
        p: int,
        fraction: Fraction | None,
        *,
        scored: bool = True,
        streaks: bool = True,
    ) -> int:
        """Apply one question under accuracy scoring; `fraction` None means no answer, 1 a
        fully right answer. Returns the points it earns (bonus included)."""
        return self.add(
            base=0 if fraction is None else half_up(p * fraction),
            fraction=fraction,
            p=p,
            scored=scored,
            streaks=streaks,
        )

    def add(
        self,
        *,
        base: int,
        fraction: Fraction | None,
        p: int,
        scored: bool = True,
        streaks: bool = True,
    ) -> int:
        """Apply one question whose base points (speed or accuracy, before the bonus) are
        `base`. Returns the points it earns."""
        if fraction is not None:
            self.answered += 1
        points = 0
        if scored:
            if fraction == 1:
                self.correct += 1
                self.streak += 1
                points = base if p else 0
                if streaks and p and self.streak >= 2:
                    points += min(100 * (self.streak - 1), 500)
            else:
                points = base if (p and fraction) else 0
                self.streak = 0
        self.score += points
        self.last_points = points
        return points


def check_result(result: dict[str, Any], tally: Tally, correct: bool, what: str) -> None:
    """A `result` event against the expected tally after the question."""
    assert result["correct"] is correct, (what, result)
    assert result["points"] == tally.last_points, (what, tally, result)
    assert result["score"] == tally.score, (what, tally, result)
    assert result["streak"] == tally.streak, (what, tally, result)


def competition_ranks(
    scores: Mapping[str, int], tiebreak: Mapping[str, int] | None = None
) -> dict[str, int]:
    """1 + the number of entries strictly ahead (higher score, or equal score and lower
    `tiebreak`): equal entries share a rank."""
    key = tiebreak or {}
    return {
        name: 1
        + sum(
            1
            for other, s in scores.items()
            if s > score or (s == score and key.get(other, 0) < key.get(name, 0))
        )
        for name, score in scores.items()
    }


def team_score(scores: Sequence[int], mode: Any) -> int:
    """docs/rules.md "Team score": average rounded half up, sum, or the best k."""
    if mode is None or mode == "average":
        return half_up(Fraction(sum(scores), len(scores))) if scores else 0
    if mode == "sum":
        return sum(scores)
    k = int(mode["top_n"])
    return sum(sorted(scores, reverse=True)[:k])


def expected_teams(members: Mapping[str, Sequence[int]], mode: Any) -> list[dict[str, Any]]:
    """`state.teams` as docs/rules.md defines it: every team, best first, equal scores
    sharing a rank and listed by name (case-insensitively)."""
    scores = {team: team_score(list(s), mode) for team, s in members.items()}
    ranks = competition_ranks(scores)
    rows: list[dict[str, Any]] = [
        {"rank": ranks[team], "team": team, "score": scores[team], "members": len(members[team])}
        for team in members
    ]
    rows.sort(key=lambda r: (r["rank"], r["team"].casefold()))
    return rows


# ---------------------------------------------------------------------- a device's shuffle


def _imul(a: int, b: int) -> int:
    return (a * b) & 0xFFFFFFFF


def device_order(seed: int | str, question_index: int, n: int) -> list[int]:
    """The order a phone shows `n` choices in (docs/rules.md "Shuffled choices", the web
    client's algorithm: FNV-1a of "<seed>:<index>" seeds mulberry32, then Fisher–Yates).
    `order[k]` is the original index shown at position k."""
    order = list(range(max(n, 0)))
    if seed == "":
        return order
    h = 2166136261
    data = f"{seed}:{question_index}".encode("utf-16-le", "surrogatepass")
    for i in range(0, len(data), 2):
        h = _imul(h ^ (data[i] | data[i + 1] << 8), 16777619)
    state = h

    def next_float() -> float:
        nonlocal state
        state = (state + 0x6D2B79F5) & 0xFFFFFFFF
        t = _imul(state ^ (state >> 15), state | 1)
        t = ((t + _imul(t ^ (t >> 7), t | 61)) & 0xFFFFFFFF) ^ t
        return ((t ^ (t >> 14)) & 0xFFFFFFFF) / 4294967296

    for i in range(n - 1, 0, -1):
        j = math.floor(next_float() * (i + 1))
        order[i], order[j] = order[j], order[i]
    return order
