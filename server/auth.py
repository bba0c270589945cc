"""Host authentication: argon2 password hashes and signed, expiring, revocable bearer tokens.

A token signs ``<host id>:<token id>``; the token id is a row of SQL ``host_tokens`` while the
token is valid, and logging out deletes the row (`issue_token`, `host_for_token`).
"""

from __future__ import annotations

import asyncio
import secrets
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import TYPE_CHECKING

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from itsdangerous import BadSignature, URLSafeTimedSerializer

if TYPE_CHECKING:
    from server.db.database import Database
    from server.db.hosts import HostRecord

TOKEN_SALT = "huddle-host"
# Longer than any token this server issues: a longer one is refused before its signature is
# checked.
TOKEN_MAX = 1000

_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    """An argon2id hash of `password` (slow on purpose: call `hash_password_async` on a loop)."""
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """Whether `password` matches `password_hash`; never raises on a mismatch or a bad hash."""
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


@cache
def _dummy_hash() -> str:
    return hash_password("not the password of anyone")


def spend_verify_time(password: str) -> None:
    """Verify `password` against a throwaway hash, so an unknown account costs as much time
    as a wrong password."""
    verify_password(_dummy_hash(), password)


async def hash_password_async(password: str) -> str:
    """`hash_password` on a worker thread."""
    return await asyncio.to_thread(hash_password, password)


async def verify_password_async(password_hash: str | None, password: str) -> bool:
    """`verify_password` on a worker thread; with no hash (unknown account) it spends the same
    time and answers False."""
    if password_hash is None:
        await asyncio.to_thread(spend_verify_time, password)
        return False
    return await asyncio.to_thread(verify_password, password_hash, password)


class TokenSigner:
    """Issues and checks hosts' bearer tokens.

    A token is the host id signed with the server secret (itsdangerous
    ``URLSafeTimedSerializer``, salt ``"huddle-host"``) and a timestamp; it is valid for
    `ttl_s` seconds after it was issued. `clock` (epoch seconds) is used to check the age,
    so tests can move time forward.
    """

    def __init__(self, secret: str, ttl_s: int, *, clock: Callable[[], float] = time.time) -> None:
        if not secret:
            raise ValueError("TokenSigner needs a non-empty secret")
        self._serializer = URLSafeTimedSerializer(secret, salt=TOKEN_SALT)
        self._ttl_s = ttl_s
        self._clock = clock

    @property
    def ttl_s(self) -> int:
        return self._ttl_s

    def issue(self, host_id: str) -> str:
        """A fresh token for `host_id`."""
        token = self._serializer.dumps(host_id)
        return token if isinstance(token, str) else token.decode()

    def verify(self, token: str) -> str | None:
        """The host id in `token`, or None when it is malformed, tampered with or expired."""
        try:
            payload, issued = self._serializer.loads(token, return_timestamp=True)
        except (BadSignature, ValueError, TypeError):
            return None
        if not isinstance(payload, str) or not isinstance(issued, datetime):
            return None
        if self._clock() - issued.timestamp() > self._ttl_s:
            return None
        return payload


async def issue_token(signer: TokenSigner, db: Database, host_id: str) -> str:
    """A new login token of `host_id`, recorded as valid until it expires or is revoked."""
    token_id = secrets.token_urlsafe(18)
    expires = datetime.now(UTC) + timedelta(seconds=signer.ttl_s)
    await db.hosts.add_token(host_id, token_id, expires)
    return signer.issue(f"{host_id}:{token_id}")


def token_claims(signer: TokenSigner, token: object) -> tuple[str, str] | None:
    """(host id, token id) of a well-signed, unexpired token; None for anything else (also
    tokens of before revocable tokens, which name no token id)."""
    if not isinstance(token, str) or not token or len(token) > TOKEN_MAX:
        return None
    payload = signer.verify(token)
    if payload is None:
        return None
    host_id, sep, token_id = payload.partition(":")
    if not sep or not host_id or not token_id:
        return None
    return host_id, token_id


async def host_for_token(signer: TokenSigner, db: Database, token: object) -> HostRecord | None:
    """The host of a valid token that was not revoked (and whose host still exists)."""
    claims = token_claims(signer, token)
    if claims is None:
        return None
    return await db.hosts.by_token(*claims)
