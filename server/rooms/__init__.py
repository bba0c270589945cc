"""The room runtime: what every way of playing shares (server/modes holds the ways).

A request is parsed at the socket edge, checked here against the engine's rules and the
state in Redis, recorded by one atomic store call, then fanned out. Any node can carry any
game on: everything a node keeps in memory is either an immutable cache (a game's quiz and
settings, a question's opening time) or its own sockets.

Transitions are two steps, so a node dying halfway loses nothing (runtime.py):
1. ``GameStore.transition`` compare-and-sets the phase fields on the game's ``seq``
   (a watchdog timer is set first);
2. ``Rooms.settle`` has the game's mode render the State for the new seq (reveal,
   leaderboard, results), stores it, publishes it, and only then marks it published. Any
   node's timer finishes a settle that a dead node left undone, so a State goes out at
   least once (rarely twice).

A player's connection is recorded as ``<node id>|<sid>``; when a node dies, another forgets
its connections (server/nodes.py) just as if its players had disconnected.
"""
