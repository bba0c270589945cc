"""Every client event's payload, parsed at the socket edge into a frozen type.

The namespaces (namespaces.py) parse each payload here before the room runtime sees it: the
runtime never reads a raw payload. A payload that does not fit is refused with the same code
and message as the protocol documents (docs/protocol.md); checks that depend on the game
(its teams, whether it asks for an identifier, whether a PIN names a game) stay with the
runtime. server/sockets/events.py lists the events per namespace.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from games.errors import RuleViolation
from games.nicknames import clean_nickname
from games.text import storable
from server.auth import TOKEN_MAX

MAX_ROSTER_PAGE = 500
MAX_BULK_KICK = 1000
# Beyond any roster (and below Redis's 64-bit range offsets).
MAX_ROSTER_OFFSET = 10**9
BAD_ACCOUNT_TOKEN = "account_token is not a valid login token (signed out or expired)"


def require_dict(payload: object) -> dict[str, Any]:
    """A payload that must be a JSON object (none at all reads as empty)."""
    if payload is None:
        return {}
    if not isinstance(payload, dict):
        raise RuleViolation("invalid", "the payload must be a JSON object")
    return payload


def parse_pin(pin: object) -> str:
    """A PIN as sent (a string or a number), trimmed. One that is no game's PIN, digits or not,
    is the runtime's ``game_not_found``."""
    if not isinstance(pin, str | int) or isinstance(pin, bool):
        raise RuleViolation("invalid", "pin must be a string of digits")
    return str(pin).strip()


def _player_id(data: dict[str, Any], message: str, *, shortest: int = 0) -> str:
    pid = data.get("player_id")
    if not isinstance(pid, str) or not shortest <= len(pid) <= 64:
        raise RuleViolation("invalid", message)
    return pid


# ---------------------------------------------------------------- /play


@dataclass(frozen=True, slots=True)
class Join:
    """``join {pin, nickname, team?, identifier?, player_key?, account_token?}``, or ``join
    {pin, token, account_token?}`` to come back (then only the PIN and the tokens count).

    ``account_token`` is a login token of an account (``POST /api/auth/login``): a member of
    the game's workspace plays as that account, and ``nickname`` may then be left out (the
    account's name is used).

    A field that does not fit is not refused here but carried (`fault`, `identity_fault`)
    for the runtime to raise where the protocol has always refused it: after the PIN's game
    is looked up (an unknown PIN is ``game_not_found`` whatever else is wrong), and the
    identity's after the game's teams have been checked.
    """

    pin: str
    token: str | None = None
    nickname: str = ""  # cleaned (games.nicknames.clean_nickname); "" for the account's name
    team: str | None = None
    team_not_text: bool = False  # a team was sent that is no string
    identifier: str | None = None  # trimmed, lower case
    player_key: str | None = None
    fault: RuleViolation | None = None  # the tokens' or the nickname's
    identity_fault: RuleViolation | None = None  # the identifier's or the player key's
    account_token: str | None = None

    @classmethod
    def parse(cls, payload: object) -> Join:
        data = require_dict(payload)
        pin = parse_pin(data.get("pin"))
        account_token = data.get("account_token")
        if account_token is not None and (
            not isinstance(account_token, str) or not 1 <= len(account_token) <= TOKEN_MAX
        ):
            return cls(pin, fault=RuleViolation("bad_token", BAD_ACCOUNT_TOKEN))
        token = data.get("token")
        if token is not None:
            if not isinstance(token, str) or not 8 <= len(token) <= 200:
                return cls(
                    pin,
                    fault=RuleViolation("invalid", "token must be the string the join gave you"),
                )
            return cls(pin, token, account_token=account_token)
        nickname = ""
        if account_token is None or data.get("nickname") is not None:
            try:
                nickname = clean_nickname(data.get("nickname"))
            except RuleViolation as err:
                return cls(pin, fault=err)
        team = data.get("team")
        identifier: str | None = None
        player_key: str | None = None
        identity_fault: RuleViolation | None = None
        try:
            identifier, player_key = _identity(data)
        except RuleViolation as err:
            identity_fault = err
        return cls(
            pin,
            None,
            nickname,
            team if isinstance(team, str) else None,
            team is not None and not isinstance(team, str),
            identifier,
            player_key,
            identity_fault=identity_fault,
            account_token=account_token,
        )

    def check_fields(self) -> None:
        """Refuse a token or nickname that did not fit (once the PIN's game is known)."""
        if self.fault is not None:
            raise self.fault

    def check_identity(self) -> None:
        """Refuse an identifier or player key that did not fit (after the teams' checks)."""
        if self.identity_fault is not None:
            raise self.identity_fault


def _identity(data: dict[str, Any]) -> tuple[str | None, str | None]:
    """The optional ``identifier`` (e-mail or employee/student id) and device ``player_key``."""
    identifier = data.get("identifier")
    if identifier is not None:
        if (
            not isinstance(identifier, str)
            or not 1 <= len(identifier.strip()) <= 254
            or not storable(identifier)
        ):
            raise RuleViolation(
                "invalid", "identifier must be a string of 1 to 254 characters (valid Unicode)"
            )
        identifier = identifier.strip().lower()
    player_key = data.get("player_key")
    if player_key is not None and (
        not isinstance(player_key, str)
        or not 16 <= len(player_key) <= 128
        or not all(c.isalnum() or c in "-_" for c in player_key)
    ):
        raise RuleViolation("invalid", "player_key must be 16 to 128 letters, digits, - or _")
    return identifier, player_key


@dataclass(frozen=True, slots=True)
class SuggestNickname:
    """``suggest_nickname {pin}``."""

    pin: str

    @classmethod
    def parse(cls, payload: object) -> SuggestNickname:
        return cls(parse_pin(require_dict(payload).get("pin")))


@dataclass(frozen=True, slots=True)
class Answer:
    """``answer {question, answer}``: the value is checked against the question later."""

    question: int
    value: object

    @classmethod
    def parse(cls, payload: object) -> Answer:
        if (
            not isinstance(payload, dict)
            or not isinstance(payload.get("question"), int)
            or isinstance(payload.get("question"), bool)
            or "answer" not in payload
        ):
            raise RuleViolation(
                "invalid_answer", 'an answer is {"question": <index>, "answer": <value>}'
            )
        return cls(payload["question"], payload["answer"])


# ---------------------------------------------------------------- /host


@dataclass(frozen=True, slots=True)
class Attach:
    """``attach {game_id, host_key}`` (the browser that created the game), or ``attach
    {game_id, token}`` with a login token of the game's host."""

    game_id: str
    host_key: str | None = None
    token: str | None = None

    @classmethod
    def parse(cls, payload: object) -> Attach:
        data = require_dict(payload)
        gid, key, token = data.get("game_id"), data.get("host_key"), data.get("token")
        if not isinstance(gid, str) or len(gid) > 64:
            raise RuleViolation("invalid", ATTACH_USAGE)
        if isinstance(key, str) and len(key) <= 200:
            return cls(gid, host_key=key)
        if key is None and isinstance(token, str):
            return cls(gid, token=token)
        raise RuleViolation("invalid", ATTACH_USAGE)


ATTACH_USAGE = "attach takes game_id and host_key (or token) strings"


def parse_command(payload: object) -> None:
    """``start``, ``next`` and ``end`` take no fields (an empty object or nothing)."""
    if payload is not None and not isinstance(payload, dict):
        raise RuleViolation("invalid", "the payload must be a JSON object")


RunMoveKind = Literal["next", "again", "state"]


@dataclass(frozen=True, slots=True)
class RunMove:
    """``run_next``, ``run_again`` and ``run_state`` (``/play``, a self-paced challenge): no
    fields (an empty object or nothing); `kind` says which."""

    kind: RunMoveKind

    @classmethod
    def parse(cls, kind: RunMoveKind, payload: object) -> RunMove:
        require_dict(payload)
        return cls(kind)


@dataclass(frozen=True, slots=True)
class WatchChallenge:
    """``/screen`` ``watch_challenge {pin}``: follow a challenge's standings."""

    pin: str

    @classmethod
    def parse(cls, payload: object) -> WatchChallenge:
        return cls(parse_pin(require_dict(payload).get("pin")))


@dataclass(frozen=True, slots=True)
class RosterPage:
    """``roster {offset?, limit?}``: a page of the roster (limit 0: the count only)."""

    offset: int = 0
    limit: int = MAX_ROSTER_PAGE

    @classmethod
    def parse(cls, payload: object) -> RosterPage:
        data = require_dict(payload)
        offset, limit = data.get("offset", 0), data.get("limit", MAX_ROSTER_PAGE)
        for name, v in (("offset", offset), ("limit", limit)):
            if not isinstance(v, int) or isinstance(v, bool) or not 0 <= v <= MAX_ROSTER_OFFSET:
                raise RuleViolation(
                    "invalid", f"{name} must be a whole number from 0 to {MAX_ROSTER_OFFSET}"
                )
        return cls(offset, min(limit, MAX_ROSTER_PAGE))


@dataclass(frozen=True, slots=True)
class Kick:
    """``kick {player_id, ban?}``, or in bulk ``kick {player_ids: [...], ban?}``."""

    player_ids: tuple[str, ...]
    ban: bool = False
    bulk: bool = False  # sent as player_ids: removing nobody is no error

    @classmethod
    def parse(cls, payload: object) -> Kick:
        data = require_dict(payload)
        ban = data.get("ban", False)
        if "player_ids" in data:
            pids = data["player_ids"]
            if (
                not isinstance(pids, list)
                or not 1 <= len(pids) <= MAX_BULK_KICK
                or not all(isinstance(p, str) and len(p) <= 64 for p in pids)
            ):
                raise RuleViolation(
                    "invalid", f"player_ids must be a list of 1 to {MAX_BULK_KICK} player ids"
                )
        else:
            pids = [_player_id(data, "kick takes player_id (string) and ban (boolean)")]
        if not isinstance(ban, bool):
            raise RuleViolation("invalid", "ban must be true or false")
        return cls(tuple(dict.fromkeys(pids)), ban, "player_ids" in data)


@dataclass(frozen=True, slots=True)
class Unban:
    """``unban {player_id}``."""

    player_id: str

    @classmethod
    def parse(cls, payload: object) -> Unban:
        data = require_dict(payload)
        return cls(_player_id(data, "unban takes player_id (string)", shortest=1))


@dataclass(frozen=True, slots=True)
class Lock:
    """``lock {locked}``: no new players while the lobby is locked."""

    locked: bool

    @classmethod
    def parse(cls, payload: object) -> Lock:
        locked = require_dict(payload).get("locked")
        if not isinstance(locked, bool):
            raise RuleViolation("invalid", "locked must be true or false")
        return cls(locked)


@dataclass(frozen=True, slots=True)
class Assign:
    """``assign {player_id, team}`` (the team is matched against the game's later).

    A player id that does not fit is carried (`fault`) for the runtime to raise after it has
    checked that the game has teams (``not_team_game`` comes first, as it always has)."""

    player_id: str
    team: str | None
    fault: RuleViolation | None = None

    @classmethod
    def parse(cls, payload: object) -> Assign:
        data = require_dict(payload)
        team = data.get("team")
        team_text = team if isinstance(team, str) else None
        try:
            pid = _player_id(data, "assign takes player_id (string) and team")
        except RuleViolation as err:
            return cls("", team_text, err)
        return cls(pid, team_text)

    def check_player_id(self) -> None:
        """Refuse a player id that did not fit."""
        if self.fault is not None:
            raise self.fault


# ---------------------------------------------------------------- /screen


@dataclass(frozen=True, slots=True)
class Watch:
    """``watch {pin, key?}``. The PIN is checked when it is looked up, so that a malformed
    one counts as a failed lookup of the address like a wrong one."""

    pin: object
    key: str | None = None

    @classmethod
    def parse(cls, payload: object) -> Watch:
        if not isinstance(payload, dict):
            raise RuleViolation("invalid", 'watch takes {"pin", "key"?}')
        key = payload.get("key")
        if key is not None and not isinstance(key, str):
            raise RuleViolation("invalid", "key must be the screen key string")
        return cls(payload.get("pin"), key)


@dataclass(frozen=True, slots=True)
class WatchEvent:
    """``watch_event {event_id, key}``: an event's screen key is required."""

    event_id: str
    key: object

    @classmethod
    def parse(cls, payload: object) -> WatchEvent:
        if not isinstance(payload, dict) or not isinstance(payload.get("event_id"), str):
            raise RuleViolation("invalid", 'watch_event takes {"event_id", "key"}')
        key = payload.get("key")
        if key is None:
            raise RuleViolation(
                "screen_key_required",
                "the event screen needs its key: open the screen link from the event page",
            )
        return cls(payload["event_id"], key)
