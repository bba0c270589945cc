"""The process-wide settings a serving Huddle process runs with, applied and undone here only.

Two things Huddle changes are not per app but per Python process, so building an app (as tests
do, many times in one process) must not change them:

- the garbage collector's thresholds: full collections of a large heap of small objects stalled
  answers by hundreds of milliseconds; a higher first threshold makes them rare
  (docs/performance.md);
- Engine.IO's websocket loop, replaced by the leaner one in ``server.sockets.transport``
  (``transport.install``), for every Engine.IO socket in the process.

``huddle serve`` runs its server inside ``tuned()``; every test that serves through a real
``huddle serve`` process (tests/e2e, abuse, faults, ops, browser, bench) therefore runs tuned.
``apply`` does not stack: applying twice is applying once, and ``undo`` puts back what was there
before the first ``apply``.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

from server.sockets import transport

# Collections of the youngest generation every 50,000 allocations instead of 700 (the others as
# CPython's defaults): see docs/performance.md.
GC_THRESHOLD = (50_000, 20, 100)

_saved_threshold: tuple[int, int, int] | None = None
_transport_installed = False


def apply() -> None:
    """Set the GC thresholds and install the lean Engine.IO websocket loop (idempotent)."""
    global _saved_threshold, _transport_installed
    if _saved_threshold is not None:
        return
    _saved_threshold = gc.get_threshold()
    gc.set_threshold(*GC_THRESHOLD)
    _transport_installed = transport.install()


def undo() -> None:
    """Put back the GC thresholds and Engine.IO's own websocket loop as ``apply`` found them."""
    global _saved_threshold, _transport_installed
    if _saved_threshold is None:
        return
    gc.set_threshold(*_saved_threshold)
    if _transport_installed:
        transport.uninstall()
    _saved_threshold, _transport_installed = None, False


def applied() -> bool:
    """Whether ``apply`` is in effect."""
    return _saved_threshold is not None


@contextmanager
def tuned() -> Iterator[None]:
    """Run the body with the process tuned (``apply``), and undo it afterwards."""
    apply()
    try:
        yield
    finally:
        undo()
