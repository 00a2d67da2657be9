"""Writing results: `results.json` for machines, a Markdown table for people."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

from bench.common import Measurement

TITLES = {
    "streaming": "Streaming throughput",
    "kv_reuse": "KV-cache prefix reuse",
    "kv_snapshots": "KV-cache snapshots (resume in a new process)",
    "gui_stall": "GUI event-loop stall",
    "exports": "Exports (1,000 sessions × 20 messages)",
    "big_history": "Big history",
    "cli_memory": "1,000 CLI turns",
    "bundle": "Desktop bundle",
    "models": "Model files and remote serving",
    "eval_scoring": "Benchmark scoring (24 MCQs, 4 options)",
}


def _value(m: Measurement) -> str:
    if m.display:
        return m.display
    if m.value is None or (isinstance(m.value, float) and math.isnan(m.value)):
        return "n/a"
    unit = "" if m.unit == "ratio" else f" {m.unit}" if m.unit != "%" else " %"
    return f"{m.value}{unit}"


def _verdict(m: Measurement) -> str:
    if m.passed is None:
        return ""
    return "pass" if m.passed else "**FAIL**"


def markdown(machine: dict[str, Any], measurements: list[Measurement]) -> str:
    """The benchmarks table (docs/benchmarks.md), a machine line above it,
    and the per-turn KV table."""
    cmake = machine.get("cmake_args") or "unknown"
    lines = [
        "### Benchmarks",
        "",
        f"{machine.get('model', 'model n/a')} on {machine.get('cpu_model')} "
        f"({machine.get('logical_cores')} logical cores), "
        f'llama-cpp-python {machine.get("llama_cpp_python")} built with `CMAKE_ARGS="{cmake}"`, '
        f"Python {machine.get('python')}, {machine.get('date')}"
        + (f", commit {machine['git_commit']}" if machine.get("git_commit") else "")
        + ".",
        "",
        "| Benchmark | Measurement | Result | Target | Pass |",
        "|---|---|---|---|---|",
    ]
    for m in measurements:
        lines.append(
            f"| {TITLES.get(m.benchmark, m.benchmark)} | {m.name} | {_value(m)} | "
            f"{m.target} | {_verdict(m)} |"
        )
    notes = [m.details["note"] for m in measurements if m.details.get("note")]
    earlier: dict[str, str] = {}
    for m in measurements:
        if m.details.get("from_run"):
            earlier.setdefault(TITLES.get(m.benchmark, m.benchmark), m.details["from_run"])
    notes += [f"{title}: kept from the run of {run}." for title, run in earlier.items()]
    load = machine.get("load_average_start")
    if load and load[0] > 0.5:
        notes.insert(
            0,
            f"The 1-minute load average was {load[0]} when the benchmarks started: other "
            "processes were using the CPU and the timings are likely skewed.",
        )
    if notes:
        lines += ["", *(f"> Note: {n}" for n in notes)]
    kv = [
        m.details["turns"]
        for m in measurements
        if m.benchmark == "kv_reuse" and "turns" in m.details
    ]
    turns = kv[0] if kv else None
    if turns:
        lines += [
            "",
            "KV-cache reuse, turn by turn (prompt = whole history re-rendered; "
            "evaluated = tokens llama.cpp had to process; new = the new user turn "
            "with its template scaffolding):",
            "",
            "| Turn | Prompt tokens | Evaluated | New | Reply tokens |",
            "|---:|---:|---:|---:|---:|",
        ]
        for t in turns:
            lines.append(
                f"| {t['turn']} | {t['prompt_tokens']} | {t['prompt_tokens_evaluated']} | "
                f"{t.get('new_tokens', '')} | {t['completion_tokens']} |"
            )
    return "\n".join(lines) + "\n"


def write(
    out_dir: Path, machine: dict[str, Any], measurements: list[Measurement], elapsed_s: float
) -> str:
    """Write results.json and results.md; return the Markdown."""
    out_dir.mkdir(parents=True, exist_ok=True)
    checked = [m for m in measurements if m.passed is not None]
    payload = {
        "machine": machine,
        "elapsed_s": round(elapsed_s, 1),
        "all_passed": all(m.passed for m in checked) if checked else None,
        "measurements": [m.to_dict() for m in measurements],
    }
    (out_dir / "results.json").write_text(
        json.dumps(payload, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8"
    )
    text = markdown(machine, measurements)
    (out_dir / "results.md").write_text(text, encoding="utf-8")
    return text
