"""The Socket.IO header as the inbound gate reads it, without decoding the JSON."""

from __future__ import annotations

import pytest

from server.limits import KeyedBuckets
from server.sockets.inbound import header


def test_header_reads_type_namespace_and_ack_id() -> None:
    assert header('2/play,12["join",{}]') == ("2", "/play", 12)
    assert header('2["x"]') == ("2", "/", None)
    assert header('27["x"]') == ("2", "/", 7)
    assert header('51-/play,3["join",{"_placeholder":true,"num":0}]') == ("5", "/play", 3)
    assert header("0/screen,") == ("0", "/screen", None)
    # Made-up ids beyond 15 digits, and headers that do not parse, get no ack.
    assert header("2/play," + "9" * 20 + '["join"]') == ("2", "/play", None)
    assert header("2/play") == ("2", "/", None)
    assert header("5999999999999999999999-/play,1[]") == ("5", "/", None)
    assert header("") == ("", "/", None)


def test_peek_spends_nothing() -> None:
    buckets = KeyedBuckets(rate=1, burst=2)
    assert buckets.peek("a", 0.0)
    assert buckets.allow("a", 0.0) and buckets.allow("a", 0.0)
    assert not buckets.peek("a", 0.0)
    assert not buckets.peek("a", 0.5)
    assert buckets.peek("a", 1.0) and buckets.peek("a", 1.0)
    assert buckets.allow("a", 1.0) and not buckets.allow("a", 1.0)


def test_reserve_spreads_requests_at_the_rate() -> None:
    buckets = KeyedBuckets(rate=10, burst=2)
    assert buckets.reserve("a", 0.0) == 0.0 and buckets.reserve("a", 0.0) == 0.0
    # Beyond the burst each request is due 1/rate later than the one before.
    assert buckets.reserve("a", 0.0) == pytest.approx(0.1)
    assert buckets.reserve("a", 0.0) == pytest.approx(0.2)
    # Time pays the debt back.
    assert buckets.reserve("a", 1.0) == 0.0
    assert buckets.reserve("b", 0.0) == 0.0  # another address has its own budget
