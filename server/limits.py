"""Rate limits for abuse: token buckets per connection, counters per client address.

Time comes in as an argument, so the limits are tested without sleeping.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field


@dataclass(slots=True)
class TokenBucket:
    """``rate`` tokens a second, at most ``burst`` saved up (full at first use)."""

    rate: float
    burst: float
    tokens: float = 0.0
    stamp: float = 0.0
    fresh: bool = True

    def _refill(self, now: float) -> None:
        if self.fresh:
            self.tokens, self.stamp, self.fresh = self.burst, now, False
        self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now

    def allow(self, now: float, cost: float = 1.0) -> bool:
        self._refill(now)
        if self.tokens >= cost:
            self.tokens -= cost
            return True
        return False

    def reserve(self, now: float) -> float:
        """Take a token, going into debt if there is none: the seconds until that token is
        due (0 when one was there). Callers wait that long, so a key's requests are spread
        out at ``rate`` instead of refused."""
        self._refill(now)
        self.tokens -= 1
        return 0.0 if self.tokens >= 0 else -self.tokens / self.rate

    def peek(self, now: float, cost: float = 1.0) -> bool:
        """Whether ``allow`` would let ``cost`` through now, spending nothing."""
        if self.fresh:
            return self.burst >= cost
        return min(self.burst, self.tokens + (now - self.stamp) * self.rate) >= cost


@dataclass(slots=True)
class KeyedBuckets:
    """One token bucket per key (a connection or an address), forgetting the least recently
    used keys beyond ``max_keys`` so memory stays bounded whatever a flood sends."""

    rate: float
    burst: float
    max_keys: int = 100_000
    _buckets: OrderedDict[str, TokenBucket] = field(default_factory=OrderedDict)

    def _bucket(self, key: str) -> TokenBucket:
        bucket = self._buckets.get(key)
        if bucket is None:
            bucket = TokenBucket(self.rate, self.burst)
            self._buckets[key] = bucket
            if len(self._buckets) > self.max_keys:
                self._buckets.popitem(last=False)
        else:
            self._buckets.move_to_end(key)
        return bucket

    def allow(self, key: str, now: float) -> bool:
        return self._bucket(key).allow(now)

    def reserve(self, key: str, now: float) -> float:
        """``TokenBucket.reserve`` for ``key``: the seconds to wait before going on."""
        return self._bucket(key).reserve(now)

    def peek(self, key: str, now: float) -> bool:
        """Whether ``allow`` would let one more through for ``key`` now, spending nothing."""
        bucket = self._buckets.get(key)
        return bucket is None or bucket.peek(now)

    def forget(self, key: str) -> None:
        self._buckets.pop(key, None)


@dataclass(slots=True)
class ConnectionCounter:
    """Open connections per client address on this node."""

    limit: int
    _open: dict[str, int] = field(default_factory=dict)

    def open(self, address: str) -> bool:
        """Count a new connection; False (and nothing counted) when the address is at its limit."""
        n = self._open.get(address, 0)
        if self.limit and n >= self.limit:
            return False
        self._open[address] = n + 1
        return True

    def close(self, address: str) -> None:
        n = self._open.get(address, 0) - 1
        if n > 0:
            self._open[address] = n
        else:
            self._open.pop(address, None)

    def count(self, address: str) -> int:
        return self._open.get(address, 0)
