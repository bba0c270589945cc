"""The house's size limits (issue 13): no file grows past what one reader holds in mind.

A Python module under ``server/`` over 500 lines, a web component (``.tsx`` under ``web/src``)
over 400 or a stylesheet under ``web/src`` over 1,500 is a sign that it holds more than one
concern; the test names every offender so the split can start there.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# (folder, file pattern, most lines allowed)
LIMITS = (
    ("server", "*.py", 500),
    ("web/src", "*.tsx", 400),
    ("web/src", "*.css", 1500),
)


def lines(path: Path) -> int:
    with path.open(encoding="utf-8") as f:
        return sum(1 for _ in f)


def offenders() -> list[str]:
    """Every file over its limit, as ``path: lines > limit``."""
    found = []
    for folder, pattern, limit in LIMITS:
        for path in sorted((ROOT / folder).rglob(pattern)):
            if "node_modules" in path.parts or path.name.endswith(".test.tsx"):
                continue
            count = lines(path)
            if count > limit:
                found.append(f"{path.relative_to(ROOT)}: {count} > {limit}")
    return found


def test_the_limits_find_files() -> None:
    # A moved folder would make the size test pass by finding nothing.
    for folder, pattern, _ in LIMITS:
        assert any((ROOT / folder).rglob(pattern)), f"no {pattern} under {folder}"


def test_no_file_is_over_its_size_limit() -> None:
    assert offenders() == [], "over the size limit:\n" + "\n".join(offenders())
