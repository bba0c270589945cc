"""Reading processes and the machine from /proc: CPU time, memory, loaded libraries."""

from __future__ import annotations

import os
import resource
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

CLK_TCK = os.sysconf("SC_CLK_TCK")


def raise_nofile() -> int:
    """Raise this process's open-file soft limit to the hard limit; returns the new limit."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return hard


def cpu_seconds(pid: int) -> float:
    """CPU time of every thread of ``pid``, in seconds (ns resolution from schedstat)."""
    total = 0
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except FileNotFoundError:
        return 0.0
    for tid in tasks:
        try:
            with open(f"/proc/{pid}/task/{tid}/schedstat") as f:
                total += int(f.read().split()[0])
        except (FileNotFoundError, ProcessLookupError, IndexError, ValueError):
            continue
    return total / 1e9


def memory_kb(pid: int) -> dict[str, int]:
    """VmRSS and VmHWM (peak RSS) of ``pid`` in KiB."""
    out = {"rss_kb": 0, "peak_rss_kb": 0}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                out["rss_kb"] = int(line.split()[1])
            elif line.startswith("VmHWM:"):
                out["peak_rss_kb"] = int(line.split()[1])
    except FileNotFoundError:
        pass
    return out


def loaded_libraries(pid: int, names: tuple[str, ...] = ("uvloop", "httptools")) -> dict[str, bool]:
    """Whether each named extension module is mapped into ``pid`` (i.e. really in use)."""
    try:
        maps = Path(f"/proc/{pid}/maps").read_text()
    except (FileNotFoundError, PermissionError):
        return dict.fromkeys(names, False)
    return {n: f"/{n}/" in maps for n in names}


def affinity(pid: int) -> list[int]:
    try:
        return sorted(os.sched_getaffinity(pid))
    except OSError:
        return []


def taskset_available() -> bool:
    return shutil.which("taskset") is not None and (os.cpu_count() or 1) >= 2


@dataclass(frozen=True, slots=True)
class MachineSample:
    """/proc/stat per-core busy and total jiffies, and this moment."""

    at: float
    busy: tuple[int, ...]
    total: tuple[int, ...]


def machine_sample() -> MachineSample:
    busy: list[int] = []
    total: list[int] = []
    with open("/proc/stat") as f:
        for line in f:
            if line.startswith("cpu") and line[3].isdigit():
                v = [int(x) for x in line.split()[1:]]
                idle = v[3] + (v[4] if len(v) > 4 else 0)
                busy.append(sum(v) - idle)
                total.append(sum(v))
    return MachineSample(time.monotonic(), tuple(busy), tuple(total))


def core_busy(a: MachineSample, b: MachineSample) -> list[float]:
    """Busy fraction of each core between two samples."""
    out = []
    for ba, bb, ta, tb in zip(a.busy, b.busy, a.total, b.total, strict=True):
        out.append(round((bb - ba) / (tb - ta), 3) if tb > ta else 0.0)
    return out


def loadavg() -> float:
    return os.getloadavg()[0]


def find_pids(name: str) -> list[int]:
    """Pids whose command name is exactly ``name`` (e.g. ``redis-server``)."""
    pids = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                if Path(f"/proc/{entry}/comm").read_text().strip() == name:
                    pids.append(int(entry))
            except OSError:
                continue
    return pids
