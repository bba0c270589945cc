"""The join challenge: a small proof of work asked of joins from an address that floods.

A challenge is a signed, self-contained string (no state on the node that made it, so any
node can check it): ``<expiry ms>.<nonce>.<bits>.<signature>``, the signature an HMAC with the
server secret over those fields and the client's address (a challenge is no use from another
address). The client solves it by finding a ``solution`` (a string of up to 32 characters)
such that SHA-256 of ``<challenge>:<solution>`` starts with ``bits`` zero bits: 2^bits hashes
on average, about 100 ms in a phone's browser at the default 14. Checking costs one hash and
one HMAC. A solved challenge admits one join: its nonce is claimed in Redis
(``GameStore.claim_challenge``), so it cannot be replayed.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

MAX_SOLUTION = 32
MAX_CHALLENGE = 200


def leading_zero_bits_ok(digest: bytes, bits: int) -> bool:
    """Whether ``digest`` starts with at least ``bits`` zero bits."""
    return int.from_bytes(digest, "big") >> (len(digest) * 8 - bits) == 0


def solve(challenge: str, bits: int) -> str:
    """A solution of ``challenge`` (what a page does; tests and tools use this one)."""
    n = 0
    while True:
        digest = hashlib.sha256(f"{challenge}:{n}".encode()).digest()
        if leading_zero_bits_ok(digest, bits):
            return str(n)
        n += 1


@dataclass(frozen=True, slots=True)
class JoinChallenges:
    """Issues and checks join challenges for one cluster (one ``secret``)."""

    secret: bytes
    bits: int
    ttl_ms: int = 120_000

    def _sign(self, body: str, address: str) -> str:
        mac = hmac.new(self.secret, f"{body}|{address}".encode(), hashlib.sha256)
        return mac.hexdigest()[:32]

    def issue(self, address: str, now_ms: int) -> dict[str, object]:
        """A new challenge for a join from ``address``, as the ack carries it."""
        body = f"{now_ms + self.ttl_ms}.{secrets.token_hex(8)}.{self.bits}"
        return {"token": f"{body}.{self._sign(body, address)}", "difficulty": self.bits}

    def check(self, token: object, solution: object, address: str, now_ms: int) -> str | None:
        """The challenge's nonce when ``solution`` solves ``token``, issued to ``address``
        and not expired; None otherwise (whatever the types of the two)."""
        if not isinstance(token, str) or not isinstance(solution, str):
            return None
        if len(token) > MAX_CHALLENGE or not 1 <= len(solution) <= MAX_SOLUTION:
            return None
        parts = token.split(".")
        if len(parts) != 4 or not parts[0].isdigit() or not parts[2].isdigit():
            return None
        expiry, nonce, bits, signature = parts
        body = f"{expiry}.{nonce}.{bits}"
        if not hmac.compare_digest(signature, self._sign(body, address)):
            return None
        if int(expiry) < now_ms or int(bits) < self.bits:
            return None
        digest = hashlib.sha256(f"{token}:{solution}".encode()).digest()
        return nonce if leading_zero_bits_ok(digest, int(bits)) else None
