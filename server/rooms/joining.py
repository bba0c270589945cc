"""Players coming in: joining a game by PIN (or coming back with a token), and the
generated nicknames a game may offer."""

from __future__ import annotations

import json
import secrets
from typing import TYPE_CHECKING, Any

from games.errors import RuleViolation
from games.nicknames import (
    MAX_NICKNAME,
    clean_nickname,
    generate_nickname,
    is_blocked,
    nickname_key,
)
from games.shuffle import player_shuffle_seed
from games.teams import fixed_team, join_team
from server.rooms.loaded import AccountOfToken, SignedIn, new_id, sha
from server.sockets.messages import BAD_ACCOUNT_TOKEN, Join, SuggestNickname

if TYPE_CHECKING:
    from server.rooms.runtime import Rooms

_GAME_GONE = ("game_not_found", "game_over")


class PlayerDoor:
    """Where players come into games (``/play`` ``join`` and ``suggest_nickname``)."""

    def __init__(self, rooms: Rooms) -> None:
        self.rooms = rooms

    async def join(
        self, sid: str, msg: Join, account_of: AccountOfToken | None = None
    ) -> tuple[str, str, dict[str, Any]]:
        """A player joins (or resumes with a token). Returns (game id, player id, ack).

        With ``account_token`` (checked by `account_of`) a member of the game's workspace
        plays as the account: one player per account and game, so another device of the
        account resumes that player. A token that is not valid is ``bad_token`` (nothing
        changed); an account that is not a member plays as a guest."""
        try:
            return await self._join(sid, msg, account_of)
        except RuleViolation as err:
            # The PIN's game was remembered but is gone (its PIN may be another game's by
            # now): look the PIN up again, once. A refused join changed nothing.
            if err.code in _GAME_GONE and self.rooms.forget_pin(msg.pin):
                return await self._join(sid, msg, account_of)
            raise

    async def _account(
        self, gid: str, msg: Join, account_of: AccountOfToken | None
    ) -> SignedIn | None:
        """The member account the player plays as, or None (a guest)."""
        if msg.account_token is None:
            return None
        signed = None if account_of is None else await account_of(msg.account_token, gid)
        if signed is None:
            raise RuleViolation("bad_token", BAD_ACCOUNT_TOKEN)
        return signed if signed.member else None

    async def _join(
        self, sid: str, msg: Join, account_of: AccountOfToken | None
    ) -> tuple[str, str, dict[str, Any]]:
        gid = await self.rooms.game_for_pin(msg.pin)
        game = await self.rooms.load(gid)
        msg.check_fields()
        account = await self._account(gid, msg, account_of)
        mode = self.rooms.mode_of(game)
        # A self-paced challenge (server/modes/challenge) has an audience and opening times.
        desk = self.rooms.challenges if game.mode == self.rooms.challenges.mode_name else None
        if desk is not None:
            desk.admit(game, account, resuming=msg.token is not None)
        token = msg.token
        renamed = False
        fresh = False
        node = self.rooms.node_id
        conn = f"{node}|{sid}"
        again = None
        if token is None and account is not None:
            # Another device of the person: it resumes the account's player.
            token = secrets.token_urlsafe(24)
            again = await self.rooms.store.resume_account(
                node, self.rooms.clock(), gid, account.account_id, sha(token), conn
            )
            if again.code not in ("resumed", "none"):
                raise RuleViolation(again.code, JOIN_MESSAGES.get(again.code, again.code))
        if msg.token is not None:
            resumed = await self.rooms.store.resume(
                node, self.rooms.clock(), gid, sha(msg.token), conn
            )
            if resumed.code != "ok":
                raise RuleViolation(resumed.code, JOIN_MESSAGES.get(resumed.code, resumed.code))
            pid = resumed.player_id
        elif again is not None and again.code == "resumed":
            pid = again.player_id
        else:
            if desk is not None:
                desk.admit_new(game)
            nickname = msg.nickname
            if not nickname and account is None:
                clean_nickname(None)  # a guest names itself: nickname_invalid
            if not nickname and account is not None:
                nickname = self._account_nickname(account)
                if nickname and await self.rooms.store.nickname_taken(gid, nickname_key(nickname)):
                    nickname = ""  # another player has the account's name: a generated one
            if not nickname or is_blocked(nickname, self.rooms.blocklist):
                # Suggest a friendly name instead of turning the player away.
                nickname = await self.suggest(gid)
                renamed = bool(msg.nickname)
            teams = game.settings.teams
            team_mode, team = "", ""
            names: tuple[str, ...] = ()
            if teams is not None:
                names = teams.names
                forced = None
                if game.fixed_teams:
                    # The person's own team (their roster, or this event's earlier rounds)
                    # wins over what they asked for: the identity must be read first.
                    msg.check_identity()
                    forced = fixed_team(
                        game.fixed_teams,
                        names,
                        account_id=None if account is None else account.account_id,
                        identifier=msg.identifier,
                        player_key=msg.player_key,
                    )
                team_mode, team = join_team(teams, msg.team, forced)
            elif msg.team_not_text:
                raise RuleViolation("invalid", "team must be a string")
            msg.check_identity()
            identifier, player_key = msg.identifier, msg.player_key
            if identifier is None and game.require_identifier:
                if account is None:
                    raise RuleViolation(
                        "identifier_required", "this event asks for your e-mail or id to join"
                    )
                identifier = account.email
            token = token or secrets.token_urlsafe(24)
            pid = new_id()
            key = nickname_key(nickname)
            player = {
                "id": pid,
                "nickname": nickname,
                "team": None,
                "joined_ms": self.rooms.clock(),
                "key": key,
                "th": sha(token),
                "identifier": identifier,
                "player_key": player_key,
            }
            if account is not None:
                player["account_id"] = account.account_id
            s = game.settings
            result = await self.rooms.store.join(
                node,
                self.rooms.clock(),
                gid,
                pid=pid,
                nick_key=key,
                player_json=json.dumps(player),
                token_hash=sha(token),
                conn=conn,
                late_join=s.late_join,
                max_players=s.max_players or 0,
                team_mode=team_mode,
                team=team,
                team_names=names if team_mode == "auto" else (),
                player_key=player_key,
                identifier=identifier,
                account_id=None if account is None else account.account_id,
            )
            if result.code == "resumed":
                # The account's player is in the game already: this device resumes it.
                pid = result.player_id
                renamed = False
            elif result.code != "ok":
                code = result.code
                if desk is not None and code == "game_over":
                    code = "challenge_closed"  # closed between the check and the script
                raise RuleViolation(code, JOIN_MESSAGES.get(code, code))
            else:
                fresh = True
        await self.rooms.fanout.roster_changed(gid)
        if fresh:
            # A new player: the join script also answered the phones' State (when it is
            # rendered for the current seq) and where a score of 0 ranks.
            raw_state, rank = result.state_json, result.rank
            if raw_state is None:
                state = await self.rooms.current_state(gid, play=True)
            else:
                state = json.loads(raw_state)
            # The cached State was rendered before this join (joins do not re-render it): the
            # script's count, taken atomically with the join, includes the new player.
            state["players"] = result.count
            state["me"] = mode.first_me(pid, rank)
            player_team = result.team
        else:
            stored = await self.rooms.store.player(gid, pid)
            if stored is None:  # pragma: no cover - the scripts checked membership
                raise RuleViolation("invalid", "token is not valid for this game")
            player = stored
            state = await self.rooms.current_state(gid, play=True)
            state["me"] = await mode.me(gid, pid, state)
            player_team = await self.rooms.store.team_of(gid, pid)
        ack: dict[str, Any] = {
            "ok": True,
            "player": {
                "id": pid,
                "nickname": player["nickname"],
                "team": player_team,
            },
            "token": token,
            "state": state,
        }
        if player.get("account_id"):
            ack["player"]["account_id"] = player["account_id"]
        if renamed:
            ack["renamed"] = True
        if game.settings.shuffle_choices:
            ack["shuffle_seed"] = player_shuffle_seed(pid)
        if desk is not None:
            ack["run"] = await desk.flow.arrived(game, pid)
        await mode.player_arrived(gid, state)
        return gid, pid, ack

    def _account_nickname(self, account: SignedIn) -> str:
        """The account's name as a nickname ("" when it does not make one)."""
        try:
            return clean_nickname(account.name[:MAX_NICKNAME])
        except RuleViolation:
            return ""

    async def suggest(self, gid: str) -> str:
        """A friendly generated nickname nobody in the game has yet."""
        for _ in range(20):
            name = generate_nickname(self.rooms.rng, blocklist=self.rooms.blocklist)
            if not await self.rooms.store.nickname_taken(gid, nickname_key(name)):
                return name
        name = generate_nickname(self.rooms.rng, blocklist=self.rooms.blocklist)
        for _ in range(20):
            numbered = f"{name} {secrets.randbelow(1000)}"
            if not is_blocked(numbered, self.rooms.blocklist):
                return numbered
        return name

    async def suggest_nickname(self, msg: SuggestNickname) -> dict[str, Any]:
        """``/play`` ``suggest_nickname {pin}``: a generated name, when the game offers them."""
        gid = await self.rooms.game_for_pin(msg.pin)
        game = await self.rooms.load(gid)
        if not game.settings.nickname_generator:
            raise RuleViolation("not_allowed", "this game does not offer generated nicknames")
        return {"ok": True, "nickname": await self.suggest(gid)}


JOIN_MESSAGES = {
    "game_not_found": "no game has this PIN",
    "game_over": "this game has finished",
    "banned": "the host removed you from this game",
    "lobby_locked": "the host has locked this game",
    "game_started": "this game has started and does not take late players",
    "nickname_taken": "someone in this game already has that nickname",
    "game_full": "this game is full",
    "invalid": "token is not valid for this game",
    "challenge_closed": "this challenge has closed",
}
