"""Stopping background tasks for good."""

from __future__ import annotations

import asyncio
from typing import Any

RECANCEL_S = 0.1


async def cancel_and_wait(task: asyncio.Task[Any] | None) -> None:
    """Cancel `task` and return once it has ended, whatever it raised.

    One ``cancel()`` is not always enough. On Python 3.11 ``asyncio.wait_for``, which redis-py
    uses to send each command, swallows a cancellation that arrives just as the command
    completes (CPython gh-86296, fixed in 3.12); a loop of Redis calls then runs on, and a
    plain ``cancel(); await task`` waits forever. So cancel again until the task is done.
    """
    if task is None:
        return
    while not task.done():
        task.cancel()
        await asyncio.wait({task}, timeout=RECANCEL_S)
    if not task.cancelled():
        task.exception()  # retrieve it, so that asyncio does not report it as lost
