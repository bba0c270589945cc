"""Removing a person from a workspace's data: ``DELETE /api/workspaces/{id}/people/{account_id}``
(a member's account), and the ``?mode=`` the identity routes share (docs/privacy.md).
"""

from __future__ import annotations

from quart import request

from server.db.lifecycle import RemoveMode
from server.http.common import invalid


def remove_mode() -> RemoveMode:
    """The ``?mode=`` of a route that removes a person: ``anonymise`` (the default) or
    ``erase`` (`server.db.lifecycle`); ``422 invalid`` naming ``mode`` otherwise."""
    value = request.args.get("mode", RemoveMode.ANONYMISE.value)
    try:
        return RemoveMode(value)
    except ValueError:
        raise invalid("mode", "mode must be anonymise or erase") from None
