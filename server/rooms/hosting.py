"""The host's operations on a running game: attach, start/next/end, lock, kick and ban,
unban, team assignment and the roster's pages (``/host``)."""

from __future__ import annotations

import hmac
import logging
import secrets
from typing import TYPE_CHECKING, Any

from games.errors import RuleViolation
from games.phases import Command
from games.teams import choose_team
from server.node_messages import Kicked
from server.rooms.loaded import HostOfToken, sha
from server.screen_keys import screen_key
from server.sockets.messages import (
    ATTACH_USAGE,
    MAX_ROSTER_PAGE,
    Assign,
    Attach,
    Kick,
    Lock,
    RosterPage,
    Unban,
)

if TYPE_CHECKING:
    from server.rooms.runtime import Rooms

log = logging.getLogger("huddle.live")


class HostDesk:
    """What a host's console may do to its game (it is attached: the namespace checked)."""

    def __init__(self, rooms: Rooms) -> None:
        self.rooms = rooms

    async def attach(
        self, msg: Attach, host_of: HostOfToken | None = None
    ) -> tuple[str, dict[str, Any]]:
        """``attach {game_id, host_key}`` (the browser that created the game), or ``attach
        {game_id, token}`` with a login token of the game's creator or of an account with at
        least the host role in the game's workspace (any browser; `host_of` decides)."""
        gid, key, token = msg.game_id, msg.host_key, msg.token
        if key is not None:
            found = await self.rooms.store.meta(gid)
            stored = found.host_key if found is not None else None
            # Compare in constant time even when the game does not exist.
            expected = stored or sha("no such game" + secrets.token_hex(8))
            if not hmac.compare_digest(sha(key), expected) or stored is None:
                raise RuleViolation("forbidden", "wrong game id or host key")
        elif token is not None and host_of is not None:
            found = await self.rooms.store.meta(gid)
            allowed = await host_of(
                token,
                found.host_id if found is not None else None,
                found.workspace_id if found is not None else None,
            )
            if allowed is None:
                raise RuleViolation("unauthorized", "the token is invalid, expired or revoked")
            if found is None or not allowed:
                # The same answer for another workspace's game and no game at all.
                raise RuleViolation("forbidden", "no game of yours has this id")
        else:
            raise RuleViolation("invalid", ATTACH_USAGE)
        state = await self.rooms.current_state(gid)
        found = await self.rooms.store.meta(gid)
        locked = found is not None and found.locked
        return gid, {
            "ok": True,
            "state": state,
            "roster": await self.rooms.recent_roster(gid),
            "locked": locked,
            # For the big screen's link: with it a screen sees the whole question.
            "screen_key": screen_key(self.rooms.settings.secret, "game", gid),
        }

    async def command(self, gid: str, command: Command) -> dict[str, Any]:
        """start, next or end, for the host."""
        state = await self.rooms.transition(gid, command)
        if state is None:
            raise RuleViolation("conflict", "the game changed meanwhile; try again")
        return {"ok": True, "state": state}

    async def lock(self, gid: str, msg: Lock) -> dict[str, Any]:
        """``/host`` ``lock {locked}``: lock or unlock the lobby."""
        locked = msg.locked
        if not await self.rooms.store.set_meta(gid, {"locked": int(locked)}):
            raise RuleViolation("game_not_found", "no such game")
        log.info("lobby %s", "locked" if locked else "unlocked", extra={"game_id": gid})
        return {"ok": True, "state": await self.rooms.current_state(gid), "locked": locked}

    async def kick(self, gid: str, msg: Kick) -> dict[str, Any]:
        """``/host`` ``kick {player_id, ban?}``, or in bulk ``kick {player_ids: [...], ban?}``
        (at most 1,000 at once; the ack counts the players removed)."""
        ban = msg.ban
        removed = 0
        reason = "banned by the host" if ban else "removed by the host"
        for pid in msg.player_ids:
            player = await self.rooms.store.player(gid, pid)
            if player is None:
                continue
            result = await self.rooms.store.kick(
                gid,
                pid,
                ban=ban,
                nick_key=player["key"],
                token_hash=player["th"],
                player_key=player.get("player_key"),
                identifier=player.get("identifier"),
                account_id=player.get("account_id"),
            )
            if result.code == "ok":
                removed += 1
                await self.rooms.fanout.broadcast_nodes(Kicked(gid, pid, reason))
        if removed:
            log.info(
                "host removed %d player(s)%s", removed, " and banned them" if ban else "",
                extra={"game_id": gid},
            )  # fmt: skip
        if removed == 0 and not msg.bulk:
            raise RuleViolation("player_not_found", "no such player in this game")
        await self.rooms.fanout.roster_changed(gid)
        await self.rooms.players_left(gid)
        return {"ok": True, "state": await self.rooms.current_state(gid), "kicked": removed}

    async def assign(self, gid: str, msg: Assign) -> dict[str, Any]:
        """``/host`` ``assign {player_id, team}``: move a player to another team, in the lobby."""
        game = await self.rooms.load(gid)
        if game.settings.teams is None:
            raise RuleViolation("not_team_game", "this game has no teams")
        msg.check_player_id()
        pid = msg.player_id
        team = choose_team(msg.team, game.settings.teams.names)
        code = await self.rooms.store.assign_team(gid, pid, team)
        if code != "ok":
            raise RuleViolation(code, ASSIGN_MESSAGES.get(code, code))
        await self.rooms.fanout.roster_changed(gid)
        return {"ok": True, "state": await self.rooms.current_state(gid)}

    async def roster_page(self, gid: str, msg: RosterPage) -> dict[str, Any]:
        """``/host`` ``roster {offset?, limit?}``: a page of the roster, and who is banned."""
        offset, limit = msg.offset, msg.limit
        page = (
            await self.rooms.roster(gid, offset, limit)
            if limit
            else {
                "players": [],
                "count": await self.rooms.store.player_count(gid),
            }
        )
        banned = await self.rooms.store.banned_players(gid, MAX_ROSTER_PAGE)
        page["banned"] = [{"id": p["id"], "nickname": p["nickname"]} for p in banned]
        return {"ok": True, **page}

    async def unban(self, gid: str, msg: Unban) -> dict[str, Any]:
        """``/host`` ``unban {player_id}``: the banned player's nickname, device and identifier
        may join again (as a new player: the old token stays void)."""
        pid = msg.player_id
        player = await self.rooms.store.player(gid, pid)
        if player is None or not await self.rooms.store.unban(gid, player):
            raise RuleViolation("player_not_found", "no such banned player in this game")
        log.info("host lifted a ban", extra={"game_id": gid, "player_id": pid})
        return {"ok": True, "unbanned": pid}


ASSIGN_MESSAGES = {
    "wrong_phase": "players change teams only in the lobby",
    "player_not_found": "no such player in this game",
}
