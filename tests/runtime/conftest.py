"""The in-process tier: the room runtime and the classic mode driven directly, on a real
Redis (a prefix of its own) and a hand-moved clock, without sockets or a server process.
The fastest way to test a mode: ``cluster.node()`` is a node, ``Node.join``/``answer`` act as
its players, ``node.live.host`` as its host, and ``node.fanout`` records what went out."""

from tests.server.conftest import cluster

__all__ = ["cluster"]
