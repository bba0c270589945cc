"""The join challenge: signed, bound to an address, expiring, and solved by a proof of work."""

from __future__ import annotations

import hashlib

from server.challenge import JoinChallenges, leading_zero_bits_ok, solve

CHALLENGES = JoinChallenges(b"secret", bits=8, ttl_ms=1000)


def test_a_solution_is_checked_against_address_expiry_and_signature() -> None:
    issued = CHALLENGES.issue("10.0.0.1", now_ms=5000)
    token = str(issued["token"])
    assert issued["difficulty"] == 8
    solution = solve(token, 8)
    digest = hashlib.sha256(f"{token}:{solution}".encode()).digest()
    assert leading_zero_bits_ok(digest, 8)
    nonce = CHALLENGES.check(token, solution, "10.0.0.1", now_ms=5500)
    assert nonce is not None and nonce == token.split(".")[1]
    # Another address, too late, another server's secret: refused.
    assert CHALLENGES.check(token, solution, "10.0.0.2", now_ms=5500) is None
    assert CHALLENGES.check(token, solution, "10.0.0.1", now_ms=6001) is None
    other = JoinChallenges(b"other", bits=8)
    assert other.check(token, solution, "10.0.0.1", now_ms=5500) is None


def test_tampered_and_malformed_challenges_are_refused() -> None:
    token = str(CHALLENGES.issue("a", now_ms=0)["token"])
    expiry, nonce, bits, signature = token.split(".")
    easier = f"{expiry}.{nonce}.1.{signature}"  # fewer bits: the signature no longer fits
    assert CHALLENGES.check(easier, solve(easier, 1), "a", now_ms=0) is None
    later = f"{int(expiry) + 10**6}.{nonce}.{bits}.{signature}"
    assert CHALLENGES.check(later, solve(later, 8), "a", now_ms=0) is None
    wrong = next(str(n) for n in range(10**6) if CHALLENGES.check(token, str(n), "a", 0) is None)
    assert CHALLENGES.check(token, wrong, "a", now_ms=0) is None
    for bad_token, bad_solution in (
        (None, "1"), (token, None), (token, ""), (token, "1" * 33), ("x" * 500, "1"),
        ("1.2.3", "1"), ("a.b.c.d", "1"), (7, 7),
    ):  # fmt: skip
        assert CHALLENGES.check(bad_token, bad_solution, "a", now_ms=0) is None
    # A challenge asking fewer bits than the server's is refused even when correctly signed.
    weak = JoinChallenges(b"secret", bits=2, ttl_ms=1000)
    weak_token = str(weak.issue("a", now_ms=0)["token"])
    assert CHALLENGES.check(weak_token, solve(weak_token, 2), "a", now_ms=0) is None or (
        leading_zero_bits_ok(
            hashlib.sha256(f"{weak_token}:{solve(weak_token, 2)}".encode()).digest(), 8
        )
    )
