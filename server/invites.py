"""Invite links: a signed token naming a row of ``invites``.

The token is the invite's id signed with the server secret (itsdangerous, salt
``"huddle-invite"``, distinct from the login tokens' so that neither passes for the other). The
signature only proves that this server made the link; whether it still holds (expired,
revoked) is the row's to say (`server.db.workspaces`).
"""

from __future__ import annotations

from itsdangerous import BadSignature, URLSafeSerializer

INVITE_SALT = "huddle-invite"
# Longer than any invite token this server makes: a longer one is refused unread.
INVITE_TOKEN_MAX = 200


class InviteSigner:
    """Makes and reads invite tokens."""

    def __init__(self, secret: str) -> None:
        if not secret:
            raise ValueError("InviteSigner needs a non-empty secret")
        self._serializer = URLSafeSerializer(secret, salt=INVITE_SALT)

    def issue(self, invite_id: str) -> str:
        """The token of the invite with this id."""
        token = self._serializer.dumps(invite_id)
        return token if isinstance(token, str) else token.decode()

    def invite_id(self, token: object) -> str | None:
        """The invite id a well-signed token names; None for anything else."""
        if not isinstance(token, str) or not token or len(token) > INVITE_TOKEN_MAX:
            return None
        try:
            payload = self._serializer.loads(token)
        except (BadSignature, ValueError, TypeError):
            return None
        return payload if isinstance(payload, str) and payload else None


def invite_url(base_url: str, token: str) -> str:
    """The link a colleague opens to join: ``<public base>/invite/<token>``."""
    return f"{base_url.rstrip('/')}/invite/{token}"
