"""Where the runtime sends events: the port server/sockets/fanout.py implements."""

from __future__ import annotations

from typing import Any, Protocol

from server.node_messages import NodeMessage


class Fanout(Protocol):
    """Where the live games send events (implemented over Socket.IO in server.sockets)."""

    async def state(self, gid: str, state: dict[str, Any], play: dict[str, Any]) -> None: ...
    async def roster_changed(self, gid: str) -> None: ...
    async def progress_changed(self, gid: str, question: int) -> None: ...
    async def broadcast_nodes(self, message: NodeMessage) -> None: ...
