"""Host authentication: argon2 password hashes and signed, expiring bearer tokens."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from datetime import datetime
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from itsdangerous import BadSignature, URLSafeTimedSerializer

TOKEN_SALT = "huddle-host"

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
