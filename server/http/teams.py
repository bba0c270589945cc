"""``/api/teams``: the workspace's teams that persist, their rosters and their skills page.

Any member of the workspace lists the teams and sees their own (``/api/teams/mine``); a host
(or a higher role) creates, renames and deletes teams and edits their rosters. A person is in
at most one team of a workspace: putting them in a team moves them out of their old one. A game
plays as the workspace's teams with ``settings.teams = {"mode": "workspace"}``
(``POST /api/games``; docs/protocol.md).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from quart import Blueprint
from quart.typing import ResponseReturnValue
from quart_schema import document_request

from games.errors import RuleViolation
from games.nicknames import clean_nickname
from games.settings import MAX_TEAM_NAME
from server.context import get_context
from server.db.errors import NotFound
from server.db.team_stats import stats_table
from server.db.teams import MAX_ROSTER, NameTaken, NotMembers, RosterChanged
from server.http.api_models import NewTeam, RosterMember, TeamRoster
from server.http.common import (
    MAX_URL_ID,
    ApiError,
    check_path_id,
    current_scope,
    field_str,
    invalid,
    json_body,
    not_found,
    on_path_row,
    require_host,
    require_member,
)
from server.http.openapi import api
from server.http.reports import download, filename
from server.reports.tables import CSV_TYPE, to_csv

teams_bp = Blueprint("teams", __name__, url_prefix="/api/teams")


def _name(body: Mapping[str, Any]) -> str:
    unknown = sorted(set(body) - {"name"})
    if unknown:
        raise invalid(unknown[0], f"unknown field {unknown[0]!r}")
    raw = field_str(body, "name", max_len=MAX_TEAM_NAME)
    try:
        return clean_nickname(raw, MAX_TEAM_NAME)
    except RuleViolation:
        raise invalid("name", f"name must be 1 to {MAX_TEAM_NAME} visible characters") from None


def _account_id(value: object, field: str) -> str:
    if not isinstance(value, str) or not 1 <= len(value) <= MAX_URL_ID or not value.isprintable():
        raise invalid(field, f"{field} must be the id of a member of the workspace")
    return value


def _taken(name: str) -> ApiError:
    return ApiError(409, "name_taken", f"the workspace has a team called {name!r}", field="name")


def _not_members(err: NotMembers) -> ApiError:
    missing = ", ".join(err.args[0])
    return ApiError(
        422, "not_member", f"not members of the workspace: {missing}", field="account_ids"
    )


@teams_bp.get("")
@api("The workspace's teams with their members")
@require_member
async def list_teams() -> ResponseReturnValue:
    return {"teams": await get_context().db.teams.list_all(current_scope())}


@teams_bp.post("")
@api("Create a team (409 name_taken)", ok=201)
@document_request(NewTeam)
@require_host
async def create_team() -> ResponseReturnValue:
    name = _name(await json_body())
    try:
        return await get_context().db.teams.create(current_scope(), name), 201
    except NameTaken:
        raise _taken(name) from None


@teams_bp.get("/mine")
@api("The caller's team in the workspace and their team-mates (team null: none)")
@require_member
async def my_team() -> ResponseReturnValue:
    return {"team": await get_context().db.teams.mine(current_scope())}


@teams_bp.get("/<team_id>")
@api("One team with its members")
@require_member
async def get_team(team_id: str) -> ResponseReturnValue:
    return await on_path_row("team", team_id, get_context().db.teams.get)


@teams_bp.patch("/<team_id>")
@api("Rename a team (409 name_taken)")
@document_request(NewTeam)
@require_host
async def rename_team(team_id: str) -> ResponseReturnValue:
    check_path_id(team_id, "team")
    name = _name(await json_body())
    try:
        return await get_context().db.teams.rename(current_scope(), team_id, name)
    except NotFound:
        raise not_found("team", team_id) from None
    except NameTaken:
        raise _taken(name) from None


@teams_bp.delete("/<team_id>")
@api("Delete a team and its roster (its games' results stay)", ok=204)
@require_host
async def delete_team(team_id: str) -> ResponseReturnValue:
    check_path_id(team_id, "team")
    if not await get_context().db.teams.delete(current_scope(), team_id):
        raise not_found("team", team_id)
    return "", 204


async def _roster(team_id: str, account_ids: list[str], *, replace: bool) -> dict[str, Any]:
    try:
        return await get_context().db.teams.set_members(
            current_scope(), team_id, account_ids, replace=replace
        )
    except NotFound:
        raise not_found("team", team_id) from None
    except NotMembers as err:
        raise _not_members(err) from None
    except RosterChanged:
        raise ApiError(409, "conflict", "the roster changed meanwhile; try again") from None


@teams_bp.put("/<team_id>/members")
@api("Set a team's roster (422 not_member, 409 conflict); its members leave their other team")
@document_request(TeamRoster)
@require_host
async def set_roster(team_id: str) -> ResponseReturnValue:
    check_path_id(team_id, "team")
    body = await json_body()
    unknown = sorted(set(body) - {"account_ids"})
    if unknown:
        raise invalid(unknown[0], f"unknown field {unknown[0]!r}")
    raw = body.get("account_ids")
    if not isinstance(raw, list) or len(raw) > MAX_ROSTER:
        raise invalid("account_ids", f"account_ids must be a list of at most {MAX_ROSTER} ids")
    ids = [_account_id(a, "account_ids") for a in raw]
    return await _roster(team_id, ids, replace=True)


@teams_bp.post("/<team_id>/members")
@api("Add a member to a team (422 not_member, 409 conflict); they leave their other team")
@document_request(RosterMember)
@require_host
async def add_member(team_id: str) -> ResponseReturnValue:
    check_path_id(team_id, "team")
    body = await json_body()
    unknown = sorted(set(body) - {"account_id"})
    if unknown:
        raise invalid(unknown[0], f"unknown field {unknown[0]!r}")
    account_id = _account_id(body.get("account_id"), "account_id")
    return await _roster(team_id, [account_id], replace=False)


@teams_bp.delete("/<team_id>/members/<account_id>")
@api("Take a member out of a team", ok=204)
@require_host
async def remove_member(team_id: str, account_id: str) -> ResponseReturnValue:
    check_path_id(team_id, "team")
    check_path_id(account_id, "team")
    try:
        gone = await get_context().db.teams.remove_member(current_scope(), team_id, account_id)
    except NotFound:
        raise not_found("team", team_id) from None
    if not gone:
        raise ApiError(404, "not_found", f"{account_id!r} is not in the team")
    return "", 204


async def _stats(team_id: str) -> dict[str, Any]:
    check_path_id(team_id, "team")
    stats = await get_context().db.team_stats.stats(current_scope(), team_id)
    if stats is None:
        raise not_found("team", team_id)
    return stats


@teams_bp.get("/<team_id>/stats")
@api("A team's accuracy per tag against the workspace's")
@require_member
async def team_stats(team_id: str) -> ResponseReturnValue:
    return await _stats(team_id)


@teams_bp.get("/<team_id>/stats.csv")
@api("A team's accuracy per tag against the workspace's, as CSV", produces="text/csv")
@require_member
async def team_stats_csv(team_id: str) -> ResponseReturnValue:
    stats = await _stats(team_id)
    name = filename(stats["team"]["name"], "csv", team_id, "skills")
    return download(to_csv(stats_table(stats)), CSV_TYPE, name)
