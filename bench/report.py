"""Results of a bench run as JSON and Markdown, and the README's benchmark section."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

README_START = "<!-- bench:start -->"
README_END = "<!-- bench:end -->"
FANOUT_TARGET = 1.5
ACK_TARGET = 1.5

Getter = Callable[[dict[str, Any]], float]


def _get(path: str) -> Getter:
    keys = path.split(".")

    def get(rec: dict[str, Any]) -> float:
        value: Any = rec
        for k in keys:
            if not isinstance(value, dict) or k not in value:
                return math.nan
            value = value[k]
        try:
            return float(value)
        except (TypeError, ValueError):
            return math.nan

    return get


# (label, getter, decimals) of each figure, Huddle and baseline alike.
FIGURES: list[tuple[str, Getter, int]] = [
    ("join time, all players (s)", _get("join.join_s"), 2),
    ("joins per second", _get("join.joins_per_s"), 0),
    ("question fan-out p50 (ms)", _get("fanout_ms.p50"), 1),
    ("question fan-out p99 (ms)", _get("fanout_ms.p99"), 1),
    ("question fan-out, last player (ms)", _get("fanout_ms.max"), 1),
    ("answer ack p50 (ms)", _get("ack_ms.p50"), 2),
    ("answer ack p99 (ms)", _get("ack_ms.p99"), 2),
    ("answer ack max (ms)", _get("ack_ms.max"), 1),
    ("result after reveal p99 (ms)", _get("result_ms.p99"), 1),
    ("answers acknowledged", _get("answers_acked"), 0),
    ("answers counted by the results API", _get("results_answered"), 0),
    ("server CPU s per 1,000 answers", _get("server_cpu_s_per_1000_answers"), 3),
    ("server CPU µs per fan-out recipient", _get("server_cpu_us_per_fanout_recipient"), 1),
    ("server CPU µs per result event", _get("server_cpu_us_per_result"), 1),
    ("server CPU ms per join", _get("join.server_cpu_ms_per_join"), 3),
    ("peak RSS (MB)", _get("peak_rss_mb"), 1),
    ("RSS per 1,000 players (MB)", _get("rss_mb_per_1000_players"), 2),
    ("server GC pauses ≥ 2 ms while playing, total (ms)", _get("gc_play.total_ms"), 0),
    ("server's longest GC pause while playing (ms)", _get("gc_play.max_ms"), 1),
    ("server's longest GC pause while joining (ms)", _get("gc_join.max_ms"), 1),
    ("generator CPU, busiest phase (%)", _get("generator_cpu_pct_max"), 0),
]


def ratio(h: float, b: float) -> float:
    if math.isnan(h) or math.isnan(b) or b == 0:
        return math.nan
    return h / b


def _fmt(v: float, decimals: int) -> str:
    if math.isnan(v):
        return "–"
    if decimals == 0:
        return f"{v:,.0f}"
    return f"{v:,.{decimals}f}"


def _fmt_ratio(r: float) -> str:
    return "–" if math.isnan(r) else f"{r:.2f}×"


def add_ratios(config: dict[str, Any]) -> None:
    h, b = config.get("huddle"), config.get("baseline")
    out: dict[str, float | None] = {}
    if isinstance(h, dict) and isinstance(b, dict):
        for label, get, _ in FIGURES:
            r = ratio(get(h), get(b))
            out[label] = None if math.isnan(r) else round(r, 3)
    config["ratios"] = out


def targets(configs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The issue's targets, where this run measured them."""
    out = []
    for c in configs:
        h, b = c.get("huddle"), c.get("baseline")
        if not isinstance(h, dict) or "fanout_ms" not in h:
            continue
        if c["players"] == 5000 and c["nodes"] == 1 and isinstance(b, dict) and "fanout_ms" in b:
            fr = ratio(h["fanout_ms"]["p99"], b["fanout_ms"]["p99"])
            ar = ratio(h["ack_ms"]["p99"], b["ack_ms"]["p99"])
            out.append(
                {
                    "target": "5,000 players, 1 node: fan-out p99 within 1.5× of the baseline",
                    "value": round(fr, 2),
                    "met": fr <= FANOUT_TARGET,
                }
            )
            out.append(
                {
                    "target": "5,000 players, 1 node: answer-ack p99 within 1.5× of the baseline",
                    "value": round(ar, 2),
                    "met": ar <= ACK_TARGET,
                }
            )
            out.append(
                {
                    "target": "5,000 players, 1 node: no answer lost",
                    "value": h["answers_lost"],
                    "met": h["answers_lost"] == 0 and h["accounting_ok"],
                }
            )
        if c["players"] == 10000 and c["nodes"] == 2:
            out.append(
                {
                    "target": "10,000 players, 2 nodes: the game completes, every answer counted",
                    "value": f"{h['answers_acked']} acked / {h['results_answered']} counted",
                    "met": bool(h["accounting_ok"]),
                }
            )
    return out


def _cell(c: dict[str, Any], get: Getter, decimals: int) -> str:
    h, b = c.get("huddle"), c.get("baseline")
    hv = get(h) if isinstance(h, dict) else math.nan
    bv = get(b) if isinstance(b, dict) else math.nan
    return f"{_fmt(hv, decimals)} / {_fmt(bv, decimals)} ({_fmt_ratio(ratio(hv, bv))})"


def summary_table(configs: list[dict[str, Any]]) -> str:
    cols: list[tuple[str, Getter, int]] = [
        ("join, all (s)", _get("join.join_s"), 1),
        ("fan-out p50 (ms)", _get("fanout_ms.p50"), 0),
        ("fan-out p99 (ms)", _get("fanout_ms.p99"), 0),
        ("ack p50 (ms)", _get("ack_ms.p50"), 1),
        ("ack p99 (ms)", _get("ack_ms.p99"), 1),
        ("CPU s / 1k answers", _get("server_cpu_s_per_1000_answers"), 2),
        ("RSS MB / 1k players", _get("rss_mb_per_1000_players"), 0),
    ]
    head = (
        "| players | nodes | "
        + " | ".join(c[0] for c in cols)
        + " | Huddle: answers acked = counted | others' load (cores) |"
    )
    sep = "|---:|---:|" + "---|" * len(cols) + "---|---|"
    rows = [head, sep]
    for c in configs:
        h = c.get("huddle")
        if isinstance(h, dict) and "answers_acked" in h:
            same = h["answers_acked"] == h["results_answered"]
            acct = f"{h['answers_acked']:,} {'=' if same else '≠'} {h['results_answered']:,}"
            refused = h.get("answer_errors") or {}
            if refused:
                codes = ", ".join(f"{n:,} `{code}`" for code, n in refused.items())
                acct += f"; refused: {codes}"
            if not h.get("accounting_ok", False) and not refused:
                acct += " (**incomplete**)"
        else:
            acct = "run failed"
        load = " / ".join(_load(c.get(k)) for k in ("huddle", "baseline"))
        cells = " | ".join(_cell(c, g, d) for _, g, d in cols)
        rows.append(f"| {c['players']:,} | {c['nodes']} | {cells} | {acct} | {load} |")
    return "\n".join(rows)


def _load(rec: Any) -> str:
    """Other processes' average load during a run, in cores (the machine is shared)."""
    if not isinstance(rec, dict) or not rec.get("wall_s") or rec.get("other_cpu_s") is None:
        return "–"
    value = float(rec["other_cpu_s"]) / float(rec["wall_s"])
    return "–" if math.isnan(value) else f"{max(0.0, value):.2f}"


def detail_table(c: dict[str, Any]) -> str:
    h, b = c.get("huddle"), c.get("baseline")
    rows = ["| figure | Huddle | baseline | Huddle / baseline |", "|---|---:|---:|---:|"]
    for label, get, d in FIGURES:
        hv = get(h) if isinstance(h, dict) else math.nan
        bv = get(b) if isinstance(b, dict) else math.nan
        rows.append(f"| {label} | {_fmt(hv, d)} | {_fmt(bv, d)} | {_fmt_ratio(ratio(hv, bv))} |")
    for name, rec in (("Huddle", h), ("baseline", b)):
        if isinstance(rec, dict) and rec.get("generator_saturated"):
            rows.append(f"| {name}: generator over 70 % CPU in a phase | see its figures | | |")
        if isinstance(rec, dict):
            if rec.get("error"):
                rows.append(f"| {name} run failed | {rec['error'][:200]} | | |")
            elif not rec.get("accounting_ok", False):
                rows.append(f"| {name} accounting | **not ok**: {rec.get('errors')} | | |")
    return "\n".join(rows)


def _redis_line(meta: dict[str, Any]) -> str:
    redis = meta.get("redis") or {}
    if redis.get("own"):
        where = f"pinned to core {redis['core']}" if redis.get("core") is not None else "unpinned"
        return f"Redis: the bench's own redis-server ({redis.get('aof')}), {where}."
    if redis.get("url"):
        return f"Redis: {redis['url']} (shared, unpinned)."
    return "Redis: the machine's shared instance, unpinned."


def markdown(data: dict[str, Any]) -> str:
    meta = data["meta"]
    lines = [
        f"# Huddle benchmark, {meta['started']}",
        "",
        f"Commit `{meta.get('commit', '?')}`; {meta['cpus']} cores; server(s) on core "
        f"{meta['server_core']}, generator on core {meta['generator_core']} "
        f"(pinned: {meta['pinned']}); two nodes share the server core. Client transport "
        f"`{meta['transport']}`; {meta['questions']} questions, every player answers "
        f"{meta['think_s']}–{meta['window_s']} s after seeing each one "
        f"({int(meta['right_ratio'] * 100)} % right). Huddle server: uvloop "
        f"{meta['server_libs'].get('uvloop')}, httptools {meta['server_libs'].get('httptools')}, "
        "websockets' sans-I/O protocol, permessage-deflate off. " + _redis_line(meta),
        "",
        "Each cell is Huddle / baseline (Huddle ÷ baseline). The baseline is a bare "
        "python-socketio server with the same events and no game logic, Redis or SQL "
        "(`bench/baseline.py`), driven by the same generator in the same run. Latencies: "
        "fan-out is a player's receipt of the question `state` minus its `opened_ms`; ack is "
        "`answer` emit to ack; result is a player's receipt of its `result` minus the reveal's "
        "`closed_ms`. Each is the median over the game's questions of that question's p50 / "
        "p99 / max (pooled distributions are in the JSON). CPU figures are net of the "
        "server's idle CPU.",
        "",
        summary_table(data["configs"]),
        "",
    ]
    tg = data.get("targets") or []
    if tg:
        lines += ["## Targets", "", "| target | measured | met |", "|---|---:|:---:|"]
        for t in tg:
            lines.append(f"| {t['target']} | {t['value']} | {'yes' if t['met'] else '**no**'} |")
        lines.append("")
    for c in data["configs"]:
        lines += [f"## {c['players']:,} players, {c['nodes']} node(s)", "", detail_table(c), ""]
        for name in ("huddle", "baseline"):
            rec = c.get(name)
            if isinstance(rec, dict) and "cores_busy_play" in rec:
                lines.append(
                    f"- {name}: wall {rec['wall_s']} s, server CPU {rec['server_cpu_s']} s, "
                    f"generator CPU {rec['generator_cpu_s']} s, cores busy while playing "
                    f"{rec['cores_busy_play']}, Redis CPU {rec.get('redis_cpu_s', '–')} s, "
                    f"other processes' CPU {rec.get('other_cpu_s', '–')} s, "
                    f"load before {rec.get('loadavg_before', '–')}"
                )
        for name in ("huddle", "baseline"):
            repeats = c.get(f"{name}_repeats")
            if repeats:
                acks = ", ".join(
                    _fmt(r["ack_ms"]["p99"], 2) if "ack_ms" in r else "failed" for r in repeats
                )
                lines.append(
                    f"- {name}, {len(repeats)} repeats (the median one by ack p99 is shown "
                    f"above): ack p99 {acks} ms"
                )
        lines.append("")
    return "\n".join(lines)


def readme_section(data: dict[str, Any]) -> str:
    meta = data["meta"]
    lines = [
        README_START,
        "## Benchmark",
        "",
        "`make bench` (quick: 500 and 2,000 players) or `make bench-full` (500 to 10,000 players, "
        "one and two nodes) plays real games against Huddle and against a bare python-socketio "
        "baseline in the same run; see [docs/performance.md](docs/performance.md). "
        f"Latest run ({meta['started']}, {meta['cpus']} cores, server and generator on separate "
        "cores); each cell is Huddle / baseline (Huddle ÷ baseline):",
        "",
        summary_table(data["configs"]),
        "",
    ]
    for t in data.get("targets") or []:
        lines.append(f"- {t['target']}: {t['value']} — {'met' if t['met'] else '**not met**'}")
    lines += ["", "Details: [bench/results/latest.md](bench/results/latest.md).", README_END]
    return "\n".join(lines)


def update_readme(path: Path, data: dict[str, Any]) -> None:
    text = path.read_text()
    section = readme_section(data)
    pattern = re.compile(re.escape(README_START) + r".*?" + re.escape(README_END), re.S)
    if pattern.search(text):
        text = pattern.sub(lambda _m: section, text)
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    path.write_text(text)


def _clean(value: Any) -> Any:
    """NaN (a figure that was not measured) as JSON null."""
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    return value


def write(out_dir: Path, data: dict[str, Any], stamp: str) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    doc = json.dumps(_clean(data), indent=2, default=str)
    md = markdown(data)
    paths = [
        out_dir / "latest.json",
        out_dir / "latest.md",
        out_dir / f"bench-{stamp}.json",
        out_dir / f"bench-{stamp}.md",
    ]
    paths[0].write_text(doc)
    paths[1].write_text(md)
    paths[2].write_text(doc)
    paths[3].write_text(md)
    return paths


def main(argv: list[str] | None = None) -> None:
    """Render a results JSON again: ``python -m bench.report bench/results/latest.json``
    writes ``latest.md`` beside it (and with ``--readme`` the README's table)."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m bench.report")
    parser.add_argument("json", type=Path)
    parser.add_argument("--out", type=Path, help="directory for latest.{json,md} (default: beside)")
    parser.add_argument("--readme", type=Path, help="update this README's benchmark section")
    args = parser.parse_args(argv)
    data = json.loads(args.json.read_text())
    for config in data["configs"]:
        for name in ("huddle", "baseline"):
            _nan_back(config.get(name))
        add_ratios(config)
    data["targets"] = targets(data["configs"])
    out = args.out or args.json.parent
    out.mkdir(parents=True, exist_ok=True)
    (out / "latest.json").write_text(json.dumps(_clean(data), indent=2, default=str))
    (out / "latest.md").write_text(markdown(data))
    if args.readme:
        update_readme(args.readme, data)


def _nan_back(value: Any) -> None:
    """JSON null -> NaN in the figure dicts, so that the tables print a dash."""
    if isinstance(value, dict):
        for k, v in value.items():
            if v is None:
                value[k] = math.nan
            else:
                _nan_back(v)


if __name__ == "__main__":
    main()
