"""Sampling a server under load with py-spy, and reading the samples.

``py-spy record --format raw`` writes collapsed stacks (``frame;frame;... count``), one
sample per line group, idle threads excluded, so counts are proportional to CPU time. The
summary lists the functions with the most samples on top of the stack (self) and anywhere in
it (inclusive), and the share of samples under a few frames that matter here.

    python -m bench.profile bench/results/profile-huddle-5000-play.txt
"""

from __future__ import annotations

import re
import shutil
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path

_FRAME = re.compile(r"^(?P<func>.*?) \((?P<file>[^:()]+)(?::\d+)?\)$")

# Frames whose inclusive share says where a phase's CPU goes.
WATCH = [
    ("redis-py (commands, Lua, pipelines, pub/sub)", ("redis/",)),
    ("python-socketio / engineio", ("socketio/", "engineio/")),
    ("uvicorn websockets protocol", ("uvicorn/protocols/websockets/",)),
    ("websockets library (framing)", ("websockets/",)),
    ("json encode/decode", ("json/",)),
    ("Huddle server/", ("server/",)),
    ("Huddle games/", ("games/",)),
    ("SQLAlchemy / aiosqlite", ("sqlalchemy/", "aiosqlite/")),
    ("asyncio (pure-Python parts)", ("asyncio/",)),
]


def pyspy_available() -> bool:
    return shutil.which("py-spy") is not None or (Path(sys.executable).parent / "py-spy").exists()


def _pyspy() -> str:
    exe = Path(sys.executable).parent / "py-spy"
    return str(exe) if exe.exists() else "py-spy"


class Recorder:
    """One py-spy recording of one process; ``stop`` makes it write its file."""

    def __init__(self, pid: int, out: Path, rate: int = 200) -> None:
        self.out = out
        out.parent.mkdir(parents=True, exist_ok=True)
        self.proc = subprocess.Popen(
            [
                _pyspy(),
                "record",
                "--pid",
                str(pid),
                "--rate",
                str(rate),
                "--format",
                "raw",
                "--nonblocking",
                "--output",
                str(out),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )

    def stop(self) -> Path | None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
        try:
            self.proc.wait(30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            return None
        return self.out if self.out.exists() else None


def _under(file: str, package: str) -> bool:
    """py-spy prints paths relative to sys.path entries: ``redis/client.py``."""
    return file.startswith(package) or f"/{package}" in file


def _func(frame: str) -> tuple[str, str]:
    m = _FRAME.match(frame.strip())
    if not m:
        return frame.strip(), ""
    return m.group("func"), m.group("file")


def _short(func: str, file: str) -> str:
    for marker in ("site-packages/", "/work/main/", "lib/python3.11/"):
        if marker in file:
            file = file.split(marker, 1)[1]
            break
    return f"{func} ({file})"


def summarize(path: Path, top: int = 30) -> str:
    """A text summary of a raw py-spy file."""
    self_c: Counter[str] = Counter()
    incl: Counter[str] = Counter()
    watch: Counter[str] = Counter()
    total = 0
    for line in path.read_text(errors="replace").splitlines():
        stack, _, count_s = line.rpartition(" ")
        if not stack or not count_s.isdigit():
            continue
        count = int(count_s)
        total += count
        frames = [_func(f) for f in stack.split(";")]
        # Drop the process's bootstrap (main -> uvicorn -> Runner.run) above the event loop.
        for i, (func, file) in enumerate(frames):
            if func == "Runner.run" and file.startswith("asyncio/runners.py"):
                frames = frames[i:]
                break
        frames = [f for f in frames if f[1]]
        if not frames:
            continue
        self_c[_short(*frames[-1])] += count
        for name in {_short(*f) for f in frames}:
            incl[name] += count
        files = [f[1] for f in frames]
        for label, markers in WATCH:
            if any(_under(file, m) for file in files for m in markers):
                watch[label] += count
    if not total:
        return f"{path.name}: no samples\n"
    out = [
        f"{path.name}: {total} samples (idle excluded, so proportional to CPU time)",
        "",
        "share of samples with a frame in (a sample can count under several):",
    ]
    for label, _ in WATCH:
        out.append(f"  {100 * watch[label] / total:5.1f}%  {label}")
    out += ["", f"top {top} self (on top of the stack):"]
    for name, c in self_c.most_common(top):
        out.append(f"  {100 * c / total:5.1f}%  {name}")
    out += ["", f"top {top} inclusive:"]
    for name, c in incl.most_common(top):
        out.append(f"  {100 * c / total:5.1f}%  {name}")
    return "\n".join(out) + "\n"


def _stacks(path: Path) -> list[tuple[list[str], int]]:
    out = []
    for line in path.read_text(errors="replace").splitlines():
        stack, _, count_s = line.rpartition(" ")
        if stack and count_s.isdigit():
            frames = [_short(*_func(f)) for f in stack.split(";")]
            out.append((frames, int(count_s)))
    return out


def focus(path: Path, names: list[str], top: int = 12) -> str:
    """For each function whose name contains one of ``names``: its inclusive share, and
    where the samples under it are spent (self frames, and its direct callees)."""
    stacks = _stacks(path)
    total = sum(c for _, c in stacks) or 1
    out = []
    for name in names:
        under: Counter[str] = Counter()
        callees: Counter[str] = Counter()
        hit = 0
        for frames, count in stacks:
            idx = next((i for i, f in enumerate(frames) if name in f.split(" (")[0]), None)
            if idx is None:
                continue
            hit += count
            under[frames[-1]] += count
            if idx + 1 < len(frames):
                callees[frames[idx + 1]] += count
        out.append(f"{name}: {100 * hit / total:.1f}% of all samples ({hit})")
        if hit:
            out.append("  direct callees:")
            for f, c in callees.most_common(top):
                out.append(f"    {100 * c / hit:5.1f}%  {f}")
            out.append("  self frames beneath:")
            for f, c in under.most_common(top):
                out.append(f"    {100 * c / hit:5.1f}%  {f}")
        out.append("")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> None:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m bench.profile")
    parser.add_argument("files", nargs="+", type=Path, help="raw py-spy files")
    parser.add_argument("--focus", action="append", default=[], help="a function name (repeatable)")
    args = parser.parse_args(argv)
    for path in args.files:
        print(focus(path, args.focus) if args.focus else summarize(path))


if __name__ == "__main__":
    main()
