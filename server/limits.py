"""Rate limits for abuse: token buckets per connection, counters per client address.

Time comes in as an argument, so the limits are tested without sleeping.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field


@dataclass(slots=True)
class TokenBucket:
    """``rate`` tokens a second, at most ``burst`` saved up."""

    rate: float
    burst: float
    tokens: float = -1.0
    stamp: float = 0.0

    def allow(self, now: float, cost: float = 1.0) -> bool:
        if self.tokens < 0:
            self.tokens, self.stamp = self.burst, now
        self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        if self.tokens >= cost:
            self.tokens -= cost
            return True
        return False

    def peek(self, now: float, cost: float = 1.0) -> bool:
        """Whether ``allow`` would let ``cost`` through now, spending nothing."""
        if self.tokens < 0:
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

    def allow(self, key: str, now: float) -> bool:
        bucket = self._buckets.get(key)
        if bucket is None:
            bucket = TokenBucket(self.rate, self.burst)
            self._buckets[key] = bucket
            if len(self._buckets) > self.max_keys:
                self._buckets.popitem(last=False)
        else:
            self._buckets.move_to_end(key)
        return bucket.allow(now)

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
