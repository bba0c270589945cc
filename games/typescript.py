"""Writing engine constants as TypeScript: the web pages' generated constant files
(``web/src/limits.ts``, ``web/src/rules.ts``) share their header and literals from here, so
each generator states only what it exports."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

from games.types import JSON


def generated_header(module: str, target: str, test: str) -> list[str]:
    """The comment that opens a generated file: where it comes from, how to regenerate it, and
    which test fails when it is stale. `module` is the generator's dotted name."""
    source = module.replace(".", "/") + ".py"
    return [
        f"// Generated from {source} by",
        f"// `.venv/bin/python -m {module} > {target}`;",
        f"// {test} fails when the two differ. Do not edit by hand.",
        "",
    ]


def literal(value: JSON) -> str:
    """A JSON value as a TypeScript literal (strings quoted, lists on one line)."""
    return json.dumps(value, ensure_ascii=False)


def const_object(name: str, doc: str, values: Mapping[str, int]) -> list[str]:
    """The lines of ``export const <name> = {...} as const;`` with its doc comment, one key a line,
    and a blank line after."""
    return [
        f"/** {doc} */",
        f"export const {name} = {{",
        *(f"  {key}: {value}," for key, value in values.items()),
        "} as const;",
        "",
    ]


def string_list(values: Sequence[str]) -> list[str]:
    """The lines of an array literal of strings, one per line (closed by the caller)."""
    return [f"  {literal(v)}," for v in values]
