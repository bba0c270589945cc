"""Garbage-collector pauses of a server, without touching its code.

``write_probe(dir)`` puts a ``sitecustomize.py`` in ``dir``; a Python process with ``dir`` on
its ``PYTHONPATH`` and ``HBENCH_GC_LOG`` set imports it at start-up and appends one line per
collection that took at least 2 ms (``epoch_s generation ms collected``) to that file, and
one line with the totals of all collections at exit. ``read_pauses`` reads the file back.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

ENV = "HBENCH_GC_LOG"
MIN_MS = 2.0  # as written in PROBE

PROBE = """\
# Written by bench/gcprobe.py: log garbage-collector pauses of this process.
import atexit, gc, os, time

_path = os.environ.get("HBENCH_GC_LOG")
if _path:
    _start = [0.0]
    _totals = {"n": 0, "ms": 0.0}

    def _gc_probe(phase, info):
        if phase == "start":
            _start[0] = time.perf_counter()
            return
        ms = (time.perf_counter() - _start[0]) * 1000.0
        _totals["n"] += 1
        _totals["ms"] += ms
        if ms >= 2.0:
            with open(_path, "a") as f:
                f.write(f"{time.time():.3f} {info['generation']} {ms:.2f} {info['collected']}\\n")

    gc.callbacks.append(_gc_probe)

    @atexit.register
    def _gc_totals():
        with open(_path, "a") as f:
            f.write(f"total {_totals['n']} {_totals['ms']:.1f}\\n")
"""


def write_probe(directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "sitecustomize.py"
    path.write_text(PROBE)
    return directory


def with_probe(env: dict[str, str], probe_dir: Path, log: Path) -> dict[str, str]:
    """``env`` with the probe on ``PYTHONPATH`` (after what is there) and its log set."""
    parts = [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p]
    return {**env, "PYTHONPATH": os.pathsep.join([*parts, str(probe_dir)]), ENV: str(log)}


@dataclass(frozen=True, slots=True)
class Pause:
    at: float
    generation: int
    ms: float
    collected: int


def read_pauses(log: Path) -> list[Pause]:
    out: list[Pause] = []
    try:
        lines = log.read_text().splitlines()
    except OSError:
        return out
    for line in lines:
        parts = line.split()
        if len(parts) == 4 and parts[0] != "total":
            try:
                out.append(Pause(float(parts[0]), int(parts[1]), float(parts[2]), int(parts[3])))
            except ValueError:
                continue
    return out


def summarize(
    pauses: list[Pause], since: float = 0.0, until: float = float("inf")
) -> dict[str, float]:
    """Pauses of at least 2 ms between two epoch times: how many, the longest, their sum."""
    xs = [p for p in pauses if since <= p.at <= until]
    return {
        "pauses_2ms": len(xs),
        "pauses_50ms": sum(1 for p in xs if p.ms >= 50),
        "max_ms": round(max((p.ms for p in xs), default=0.0), 1),
        "total_ms": round(sum(p.ms for p in xs), 1),
        "max_generation": max((p.generation for p in xs), default=-1),
    }
