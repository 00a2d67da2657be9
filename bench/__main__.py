"""`python -m bench`: run the benchmarks, write bench/results.{json,md}.

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m bench            # all (~1-3 min)
    .venv/bin/python -m bench --only streaming,kv_reuse --runs 7

Exits 0 whatever the results (they are recorded, not asserted) unless
`--strict` is given, then 1 when a target was missed.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from bench.common import BENCH_DIR, Measurement, load_average, machine_info
from bench.report import write

BENCHMARKS = (
    "streaming", "kv_reuse", "gui_stall", "exports", "big_history", "cli_memory", "bundle",
    "models", "eval_scoring", "default_model", "kv_snapshots", "replay", "knowledge",
)  # fmt: skip


def _log(text: str) -> None:
    print(f"[bench] {text}", file=sys.stderr, flush=True)


def _guarded(name: str, func: Callable[[], list[Measurement]]) -> list[Measurement]:
    """Run one benchmark; an exception becomes a failed measurement."""
    started = time.perf_counter()
    _log(f"{name} ...")
    try:
        results = func()
    except Exception as exc:  # noqa: BLE001 - recorded, and the others still run
        traceback.print_exc()
        return [
            Measurement(
                name,
                "error",
                None,
                "",
                passed=False,
                details={"error": repr(exc), "note": f"{name} failed: {exc!r}"},
            )
        ]
    _log(f"{name} done in {time.perf_counter() - started:.1f} s")
    return results


def _with_earlier_results(
    out_dir: Path, chosen: tuple[str, ...], fresh: list[Measurement]
) -> list[Measurement]:
    """A `--only` run replaces its own benchmarks in results.json and keeps
    the others from the earlier run, each marked with the run it came from."""
    try:
        earlier = json.loads((out_dir / "results.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return fresh
    machine = earlier.get("machine", {})
    origin = f"{machine.get('date', '?')}, commit {machine.get('git_commit', '?')}"
    kept = []
    for raw in earlier.get("measurements", []):
        if raw.get("benchmark") in chosen or raw.get("benchmark") not in BENCHMARKS:
            continue
        measurement = Measurement(**raw)
        measurement.details.setdefault("from_run", origin)
        kept.append(measurement)
    order = {name: index for index, name in enumerate(BENCHMARKS)}
    return sorted(kept + fresh, key=lambda m: order.get(m.benchmark, len(order)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--only", help=f"comma-separated subset of {', '.join(BENCHMARKS)}")
    parser.add_argument("--runs", type=int, default=5, help="streaming runs of each kind (5)")
    parser.add_argument("--gui-turns", type=int, default=3, help="replies streamed in the GUI (3)")
    parser.add_argument("--out-dir", type=Path, default=BENCH_DIR, help="where results go")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args(argv)
    chosen = BENCHMARKS if not args.only else tuple(s.strip() for s in args.only.split(","))
    unknown = set(chosen) - set(BENCHMARKS)
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(sorted(unknown))}")
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    from bimedix.errors import ModelLoadError
    from bimedix.models.catalog import embedded_model_path

    started = time.perf_counter()
    measurements: list[Measurement] = []
    try:
        model_path: Path | None = embedded_model_path()
    except ModelLoadError as exc:
        model_path = None
        error = {"error": str(exc)}
        measurements.append(
            Measurement("setup", "embedded model", None, "", passed=False, details=error)
        )
    machine = machine_info(model_path)
    load = machine.get("load_average_start")
    if load and load[0] > 0.5:
        _log(f"load average {load[0]}: other processes are using the CPU; timings will be noisy")

    if model_path is not None:
        from bench import (
            big_history,
            bundle,
            cli_memory,
            default_model,
            eval_scoring,
            exports,
            gui_stall,
            knowledge,
            kv_reuse,
            kv_snapshots,
            streaming,
        )
        from bench import models as model_bench
        from bench import replay as replay_bench

        path = model_path
        runners: dict[str, Callable[[], list[Measurement]]] = {
            "streaming": lambda: streaming.run(path, runs=args.runs),
            "kv_reuse": lambda: kv_reuse.run(path),
            "gui_stall": lambda: gui_stall.run_isolated(path, turns=args.gui_turns),
            "exports": exports.run,
            "big_history": big_history.run,
            "cli_memory": cli_memory.run,
            "bundle": bundle.run,
            "models": lambda: model_bench.run(path),
            "eval_scoring": lambda: eval_scoring.run(path),
            "default_model": default_model.run,
            "kv_snapshots": lambda: kv_snapshots.run(path),
            "replay": replay_bench.run,
            "knowledge": knowledge.run,
        }
        for name in BENCHMARKS:
            if name in chosen:
                measurements.extend(_guarded(name, runners[name]))

    elapsed = time.perf_counter() - started
    machine["load_average_end"] = load_average()
    if args.only:
        measurements = _with_earlier_results(args.out_dir, chosen, measurements)
    text = write(args.out_dir, machine, measurements, elapsed)
    print(text)
    _log(f"wrote {args.out_dir / 'results.json'} and results.md in {elapsed:.1f} s")
    missed = [m for m in measurements if m.passed is False]
    return 1 if args.strict and missed else 0


if __name__ == "__main__":
    sys.exit(main())
