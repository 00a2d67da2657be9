"""`bimedix eval`: run medical benchmarks on a GGUF and show the paper table.

    bimedix eval --model smollm2 --bench mini --lang both
    bimedix eval --model BiMediX-Q4_K_M.gguf --bench medqa,medmcqa --limit 200 --allow-network
    bimedix eval --model PATH --file my_questions.jsonl --json   (every language in it)
    bimedix eval --backend openai --base-url http://host:8000/v1 --bench mini --lang both
    bimedix eval --table en --export table.md

`--backend openai` evaluates a model on any OpenAI-compatible chat server
(`bimedix serve`, llama.cpp's server, vLLM) by generation: such servers give
no log-likelihoods of given continuations, so the letter is read from the
reply (`--method generation`, the default there).

Each (benchmark, language) is one run, stored in the chat database as it is
scored; Ctrl+C stops after the current question and keeps what was scored.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from bimedix.cli.json_output import JsonWriter, add_json_arguments, wants_json
from bimedix.cli.remote import add_remote_arguments, remote_server
from bimedix.errors import UserFacingError
from bimedix.eval.benchmarks import BENCHMARKS
from bimedix.eval.items import LANGUAGES
from bimedix.eval.paper import TABLES, to_csv, to_markdown
from bimedix.eval.prompts import CHOICE_STYLES
from bimedix.eval.results import EvalRun, ResultsStore


def _format_eta(seconds: float | None) -> str:
    if seconds is None:
        return "--:--"
    minutes, secs = divmod(int(seconds + 0.5), 60)
    if minutes >= 60:
        return f"{minutes // 60}:{minutes % 60:02d}:{secs:02d}"
    return f"{minutes}:{secs:02d}"


def run_summary(run: EvalRun) -> dict[str, Any]:
    """A run as the JSON `--json` prints."""
    return {
        "run_id": run.id,
        "benchmark": run.benchmark,
        "language": run.language,
        "method": run.method,
        "shots": run.shots,
        "status": run.status,
        "model": run.model_name,
        "model_sha256": run.model_sha256,
        "quantization": run.model_quantization,
        "n": run.n_scored,
        "n_planned": run.n_planned,
        "acc": run.acc,
        "acc_stderr": run.acc_stderr,
        "acc_norm": run.acc_norm,
        "acc_norm_stderr": run.acc_norm_stderr,
        "duration_s": run.duration_s,
        "settings": run.settings,
    }


def _describe(run: EvalRun) -> str:
    def pct(value: float | None, err: float | None) -> str:
        if value is None:
            return "n/a"
        return f"{100 * value:.1f}%" + (f" ± {100 * err:.1f}" if err is not None else "")

    rate = run.n_scored / run.duration_s if run.duration_s else 0.0
    text = f"{run.benchmark} [{run.language}] acc {pct(run.acc, run.acc_stderr)}"
    if run.method == "loglikelihood":
        text += f", acc_norm {pct(run.acc_norm, run.acc_norm_stderr)}"
    text += f"  (n={run.n_scored}, {run.duration_s or 0:.1f} s, {rate:.2f} questions/s"
    return text + ("" if run.status == "complete" else f", {run.status}") + ")"


def languages_note(plan: list[Any], file: Path, asked: str | None) -> str:
    """One line saying which languages of a question file are scored, and
    which it also holds but were left out by `--lang`."""
    from bimedix.eval.items import load_jsonl

    counts = Counter(item.language for item in load_jsonl(file))
    scored = [run.language for run in plan if run.benchmark.name.startswith("file:")]
    names = {"en": "English", "ar": "Arabic"}

    def part(lang: str) -> str:
        n = counts[lang]
        return f"{names.get(lang, lang)} ({n} question{'' if n == 1 else 's'})"

    text = f"{file.name}: scoring " + " and ".join(part(lang) for lang in scored)
    skipped = [lang for lang in LANGUAGES if counts[lang] and lang not in scored]
    if skipped:
        text += "; not scoring " + ", ".join(part(lang) for lang in skipped)
        text += f" (--lang {asked})"
    return text


def _cmd_eval(args: argparse.Namespace, data_dir: Path) -> int:
    from bimedix.cli import open_store

    store = open_store(data_dir)
    if args.table or args.export:
        runs = ResultsStore(store).runs()
        table = args.table or "en"
        if args.export:
            out = Path(args.export)
            text = to_csv(runs, table) if out.suffix.lower() == ".csv" else to_markdown(runs, table)
            out.write_text(text, encoding="utf-8")
            print(out)
        else:
            sys.stdout.write(to_markdown(runs, table))
        if not (args.bench or args.file):
            return 0
    from bimedix.engine.backend import CancelToken
    from bimedix.eval.runner import Progress
    from bimedix.eval.session import EvalSession, execute, plan_runs
    from bimedix.models.opening import open_backend, resolve_local_model

    plan = plan_runs(
        [n.strip() for n in (args.bench or "").split(",") if n.strip()],
        args.lang,
        file=Path(args.file).expanduser() if args.file else None,
        limit=args.limit,
        shots=args.shots,
        allow_network=args.allow_network,
    )
    method = args.method or "loglikelihood"
    remote = None
    if args.backend == "openai":
        if args.method == "loglikelihood":
            raise UserFacingError(
                template="A chat server gives no option log-likelihoods: "
                "--backend openai evaluates with --method generation."
            )
        server = remote_server(args)
        remote = open_backend(server, data_dir)
        info = remote.info
        session = EvalSession(Path(info.file_name), "", info.display_name,
                              method="generation", backend=remote)  # fmt: skip
        settings_extra: dict[str, Any] = {"backend": "openai", "base_url": server.base_url}
    else:
        model = resolve_local_model(args.model or "", data_dir, hash_cache=store)
        backend = None
        if method == "generation":
            backend = open_backend(str(model.path), data_dir, n_ctx=args.ctx, hash_cache=store)
        if model.notice:  # the default model fell back to SmolLM2
            print(f"bimedix: {model.notice}", file=sys.stderr)
        session = EvalSession(
            model.path,
            model.sha256,
            model.display_name,
            method=method,
            n_ctx=args.ctx,
            reuse_prefix=not args.no_prefix_reuse,
            style=args.score_on,
            backend=backend,
            owns_backend=True,
        )
        settings_extra = {}
    # Said once the model is ready, so option errors stay the only line.
    if args.file:
        print(languages_note(plan, Path(args.file).expanduser(), args.lang), file=sys.stderr)
    show_progress = sys.stderr.isatty()

    def on_progress(p: Progress) -> None:
        if show_progress:
            print(
                f"\r{p.benchmark} [{p.language}] {p.done}/{p.total}  "
                f"correct {p.correct}  ETA {_format_eta(p.eta_s)}   ",
                end="",
                file=sys.stderr,
                flush=True,
            )

    # --json: one array of the runs once all are done; --nl: each run's line
    # as soon as it is scored.
    writer = JsonWriter(args) if wants_json(args) else None
    emitted: set[int] = set()

    def emit(run: EvalRun) -> None:
        emitted.add(run.id)
        if writer is not None:
            writer.write(run_summary(run))
        else:
            print(_describe(run))

    def on_run(run: EvalRun) -> None:
        if show_progress:
            print("\r" + " " * 70 + "\r", end="", file=sys.stderr)
        emit(run)

    settings = {"n_ctx": args.ctx, "limit": args.limit, "prefix_reuse": not args.no_prefix_reuse,
                **settings_extra}
    try:
        runs = execute(store, plan, session, shots=args.shots, settings=settings,
                       cancel=CancelToken(), on_progress=on_progress, on_run=on_run)  # fmt: skip
    except KeyboardInterrupt:
        if show_progress:
            print(file=sys.stderr)
        print("[stopped; the questions scored so far are saved]", file=sys.stderr)
        latest = ResultsStore(store).runs(limit=1)
        if latest and latest[0].id not in emitted:
            emit(latest[0])
        return 130
    finally:
        session.close()
        if remote is not None:
            remote.close()
        if writer is not None:
            writer.close()
    return 0 if all(run.status == "complete" for run in runs) else 1


def register(commands: Any) -> None:
    """Add the `eval` subcommand to the `bimedix` parser's subcommands."""
    parser = commands.add_parser(
        "eval",
        help="run medical benchmarks on a model (log-likelihood scoring)",
        description=__doc__.splitlines()[0],
    )
    parser.add_argument(
        "--model",
        metavar="PATH|NAME",
        help="GGUF file, or qwen-coder-1.5b (default) / smollm2 / gemma3",
    )
    parser.add_argument(
        "--bench",
        metavar="NAME[,NAME...]",
        help=f"benchmarks: {', '.join(BENCHMARKS)}",
    )
    parser.add_argument("--file", metavar="PATH", help="a local JSONL benchmark (no network)")
    parser.add_argument(
        "--lang",
        choices=(*LANGUAGES, "both"),
        default=None,
        help="languages to score (default: with --file every language the file holds; "
        "with --bench English)",
    )
    parser.add_argument("--limit", type=int, metavar="N", help="first N questions of each")
    parser.add_argument("--shots", type=int, default=0, metavar="K", help="few-shot examples")
    add_json_arguments(parser, "runs")
    parser.add_argument(
        "--method",
        choices=("loglikelihood", "generation"),
        help="score option likelihoods (default; local GGUF only) or parse the letter "
        "from a chat reply (the default with --backend openai)",
    )
    parser.add_argument(
        "--score-on",
        choices=CHOICE_STYLES,
        help="continuations scored: option letters or option texts (default: per benchmark)",
    )
    add_remote_arguments(parser)
    parser.add_argument("--ctx", type=int, default=2048, metavar="N", help="context size")
    parser.add_argument(
        "--no-prefix-reuse",
        action="store_true",
        help="evaluate every option from scratch (slower; for comparison)",
    )
    parser.add_argument(
        "--allow-network",
        action="store_true",
        help="download hub data sets (otherwise only the local cache is used)",
    )
    parser.add_argument("--table", choices=TABLES, help="print the paper table with your runs")
    parser.add_argument("--export", metavar="FILE.md|FILE.csv", help="write the paper table")
    parser.set_defaults(handler=_cmd_eval)
