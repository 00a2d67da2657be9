"""`bimedix replay FILE --models A,B …`: run a question set over several
models and write a side-by-side report (see bimedix.eval.replay).

Progress and an ETA go to stderr. Ctrl+C stops after the reply being
written (a second Ctrl+C quits at once); what finished is kept and the
report is written, and the same command later resumes.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
from pathlib import Path
from typing import Any

from bimedix.cli.remote import add_remote_arguments, remote_server
from bimedix.engine.backend import Backend, CancelToken
from bimedix.errors import UserFacingError


def register(commands: Any) -> None:
    """Add the `replay` command to the main parser's subcommands."""
    replay = commands.add_parser(
        "replay", help="answer a question set with several models; side-by-side report"
    )
    replay.add_argument(
        "file", metavar="FILE", help='JSONL of {"prompt": …} (optional id, language, expected), '
        "or a JSON chat archive (user turns replayed in order)",
    )  # fmt: skip
    replay.add_argument(
        "--models", required=True, metavar="A,B[,…]",
        help="models (names, paths, or server model names with --backend openai); "
        "NAME@seed=N runs a model with its own seed",
    )  # fmt: skip
    replay.add_argument("--max-tokens", type=int, metavar="N", help="per reply (default 256)")
    replay.add_argument("--seed", type=int, metavar="N", help="default: 1234")
    replay.add_argument("--temperature", type=float, metavar="T", help="default: 0 (greedy)")
    replay.add_argument("--out", metavar="report.html", help="the HTML report")
    replay.add_argument("--json", action="store_true", help="print the report as JSON on stdout")
    add_remote_arguments(replay)
    replay.set_defaults(handler=_cmd_replay)


def _clock(seconds: float | None) -> str:
    if seconds is None:
        return "--:--"
    minutes, secs = divmod(int(seconds), 60)
    return (
        f"{minutes // 60}:{minutes % 60:02d}:{secs:02d}"
        if minutes >= 60
        else f"{minutes}:{secs:02d}"
    )


def _cmd_replay(args: argparse.Namespace, data_dir: Path) -> int:
    from bimedix.cli import load_settings, open_store
    from bimedix.eval.replay import (
        ReplayProgress,
        check_model_names,
        parse_models,
        plan_replay,
        run_replay,
    )  # fmt: skip
    from bimedix.eval.replay_report import build_report, render_html
    from bimedix.models.opening import open_backend

    if not args.out and not args.json:
        raise UserFacingError(template="Give --out report.html, --json, or both.")
    remote = remote_server(args) if args.backend == "openai" else None
    models = parse_models(args.models, args.seed if args.seed is not None else 1234, remote)
    if remote is None:
        check_model_names([str(m.spec) for m in models], data_dir)
    settings = load_settings(data_dir)
    plan = plan_replay(
        Path(args.file), models,
        max_tokens=args.max_tokens or 256,
        temperature=args.temperature if args.temperature is not None else 0.0,
        mode=settings.default_mode,
    )  # fmt: skip
    store = open_store(data_dir)

    def open_model(model: Any) -> Backend:
        print(f"loading {model.label}…", file=sys.stderr, flush=True)
        return open_backend(
            model.spec, data_dir, n_ctx=settings.n_ctx,
            prompt_formats=settings.prompt_formats, hash_cache=store,
        )  # fmt: skip

    tty = sys.stderr.isatty()

    def on_progress(p: ReplayProgress) -> None:
        what = p.cell.status if p.cell else ""
        if p.cell and p.cell.status == "failed":
            what = f"failed: {p.cell.error}"
        line = (
            f"[{p.done}/{p.total}] {p.model} · {p.item.id if p.item else ''} · {what}"
            f" · elapsed {_clock(p.elapsed_s)} · ETA {_clock(p.eta_s)}"
        )
        print(("\r\x1b[K" + line) if tty else line, end="" if tty else "\n", file=sys.stderr,
              flush=True)  # fmt: skip

    cancel = CancelToken()

    def on_sigint(signum: int, frame: object) -> None:
        if cancel.cancelled:
            raise KeyboardInterrupt
        cancel.cancel()
        print("\nstopping after this reply (Ctrl+C again to quit now)…", file=sys.stderr)

    previous = signal.signal(signal.SIGINT, on_sigint)
    print(f"replay {plan.replay_id}: {len(plan.items)} prompts × {len(models)} models",
          file=sys.stderr)  # fmt: skip
    try:
        finished = run_replay(store, plan, open_model, cancel=cancel, on_progress=on_progress)
    finally:
        signal.signal(signal.SIGINT, previous)
    if tty:
        print(file=sys.stderr)
    report = build_report(store, plan)
    if args.out:
        out = Path(args.out)
        partial = out.with_name(out.name + ".part")
        partial.write_text(render_html(report), encoding="utf-8")
        partial.replace(out)
        print(f"report: {out}", file=sys.stderr)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    failed = sum(t["failed"] for t in report["totals"])
    if not finished:
        print("stopped; run the same command again to resume.", file=sys.stderr)
        return 130
    if failed:
        print(f"{failed} cells failed (see the report).", file=sys.stderr)
        return 1
    return 0
