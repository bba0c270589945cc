"""Rate-limit arithmetic, with time as an argument."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from server.limits import ConnectionCounter, KeyedBuckets, TokenBucket


def test_bucket_allows_burst_then_rate() -> None:
    b = TokenBucket(rate=10, burst=5)
    assert [b.allow(0.0) for _ in range(6)] == [True] * 5 + [False]
    assert b.allow(0.05) is False  # half a token
    assert b.allow(0.1) is True
    assert b.allow(10.0) and b.tokens == 4  # refilled to the burst, not beyond


@given(st.lists(st.floats(0, 0.5), min_size=1, max_size=200))
def test_bucket_never_allows_more_than_burst_plus_rate_times_time(gaps: list[float]) -> None:
    b = TokenBucket(rate=20, burst=10)
    now, allowed = 0.0, 0
    for gap in gaps:
        now += gap
        allowed += b.allow(now)
    assert allowed <= 10 + 20 * now + 1e-9


def test_keyed_buckets_are_independent_and_bounded() -> None:
    k = KeyedBuckets(rate=1, burst=1, max_keys=3)
    assert k.allow("a", 0) and not k.allow("a", 0)
    assert k.allow("b", 0)
    for key in "cdef":
        k.allow(key, 0)
    assert len(k._buckets) == 3
    assert k.allow("a", 0)  # forgotten, so a fresh bucket


def test_connection_counter() -> None:
    c = ConnectionCounter(limit=2)
    assert c.open("1.2.3.4") and c.open("1.2.3.4")
    assert not c.open("1.2.3.4")
    assert c.open("5.6.7.8")
    c.close("1.2.3.4")
    assert c.count("1.2.3.4") == 1 and c.open("1.2.3.4")
    c.close("9.9.9.9")
    assert c.count("9.9.9.9") == 0
    assert ConnectionCounter(limit=0).open("x")  # 0 = no limit


def test_client_address_behind_trusted_proxies() -> None:
    from server.sockets.guard import client_address

    env = {"REMOTE_ADDR": "10.0.0.5", "HTTP_X_FORWARDED_FOR": "203.0.113.9, 10.0.0.7"}
    assert client_address(env, ()) == "10.0.0.5"
    assert client_address(env, ("10.0.0.0/8",)) == "203.0.113.9"
    assert client_address(env, ("10.0.0.5",)) == "10.0.0.7"
    # A client cannot pretend by sending its own header to an untrusted peer.
    spoof = {"REMOTE_ADDR": "198.51.100.1", "HTTP_X_FORWARDED_FOR": "1.2.3.4"}
    assert client_address(spoof, ("10.0.0.0/8",)) == "198.51.100.1"
    assert client_address({"REMOTE_ADDR": "10.0.0.5"}, ("10.0.0.0/8", "bad")) == "10.0.0.5"
