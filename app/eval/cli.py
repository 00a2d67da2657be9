"""`bimedix eval`: run medical benchmarks on a GGUF and show the paper table.

    bimedix eval --model smollm2 --bench mini --lang both
    bimedix eval --model BiMediX-Q4_K_M.gguf --bench medqa,medmcqa --limit 200 --allow-network
    bimedix eval --model PATH --file my_questions.jsonl --json
    bimedix eval --table en --export table.md

Each (benchmark, language) is one run, stored in the chat database as it is
scored; Ctrl+C stops after the current question and keeps what was scored.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from bimedix.core.errors import UserFacingError
from bimedix.eval.benchmarks import (
    BENCHMARKS,
    Benchmark,
    file_benchmark,
    load_hub_items,
)
from bimedix.eval.items import LANGUAGES, EvalItem, load_jsonl, select_language
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


def _plan(args: argparse.Namespace) -> list[tuple[Benchmark, str, list[EvalItem], list[EvalItem]]]:
    """(benchmark, language, items, few-shot pool) for every run asked for."""
    languages = LANGUAGES if args.lang == "both" else (args.lang,)
    plan = []
    if args.file:
        path = Path(args.file).expanduser()
        items = load_jsonl(path)
        bench = file_benchmark(path)
        for language in languages:
            chosen = select_language(items, language)
            if chosen:
                plan.append((bench, language, chosen, chosen))
        if not plan:
            raise UserFacingError(f"{path.name} has no questions in the language asked for.")
    for name in [n.strip() for n in (args.bench or "").split(",") if n.strip()]:
        bench = BENCHMARKS.get(name)
        if bench is None:
            raise UserFacingError(
                f"Unknown benchmark {name!r}; choose from {', '.join(BENCHMARKS)}."
            )
        for language in languages:
            items = load_hub_items(bench, language, allow_network=args.allow_network)
            pool = (
                load_hub_items(bench, language, allow_network=args.allow_network, fewshot=True)
                if args.shots
                else []
            )
            plan.append((bench, language, items, pool or items))
    if args.limit:
        plan = [(b, lang, items[: args.limit], pool) for b, lang, items, pool in plan]
    return plan


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
    if not (args.bench or args.file):
        raise UserFacingError("Name a benchmark with --bench, or a JSONL file with --file.")
    plan = _plan(args)
    from bimedix.core.catalog import describe_model, resolve_model
    from bimedix.core.model_hash import file_sha256
    from bimedix.engine.backend import CancelToken
    from bimedix.engine.llama_backend import check_gguf_header
    from bimedix.eval.results import ModelIdentity
    from bimedix.eval.runner import (
        GenerationItemScorer,
        LoglikelihoodItemScorer,
        Progress,
        run_benchmark,
    )

    model_path = resolve_model(args.model or "", data_dir / "models")
    check_gguf_header(model_path)
    sha = file_sha256(model_path, store)
    settings = {
        "n_ctx": args.ctx,
        "limit": args.limit,
        "prefix_reuse": not args.no_prefix_reuse,
    }
    if args.method == "generation":
        from bimedix.engine.llama_backend import LlamaCppBackend
        from bimedix.eval.generation import GenerationScorer

        backend = LlamaCppBackend(model_path, n_ctx=args.ctx, sha256=sha)
        model = ModelIdentity(describe_model(model_path), model_path.name, sha,
                              backend.info.quantization, backend.info.engine)  # fmt: skip
        scorer_for = lambda bench: GenerationItemScorer(GenerationScorer(backend))  # noqa: E731
        closer = backend.close
    else:
        from bimedix.eval.loglik import LlamaLoglikelihood

        llm = LlamaLoglikelihood(
            model_path, n_ctx=args.ctx, reuse_prefix=not args.no_prefix_reuse
        )
        model = ModelIdentity(describe_model(model_path), model_path.name, sha,
                              llm.quantization, llm.engine)  # fmt: skip

        def scorer_for(bench: Benchmark) -> LoglikelihoodItemScorer:
            style = args.score_on or bench.style
            return LoglikelihoodItemScorer(llm, style, bench.mmlu_description)

        closer = llm.close
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

    cancel = CancelToken()
    status = 0
    try:
        for bench, language, items, pool in plan:
            try:
                run = run_benchmark(
                    store, scorer_for(bench), items, benchmark=bench.name, language=language,
                    model=model, shots=args.shots, shot_pool=pool,
                    settings={**settings, "style": args.score_on or bench.style},
                    cancel=cancel, on_progress=on_progress,
                )  # fmt: skip
            except KeyboardInterrupt:
                if show_progress:
                    print(file=sys.stderr)
                print("[stopped; the questions scored so far are saved]", file=sys.stderr)
                latest = ResultsStore(store).runs(limit=1)
                if latest:
                    _emit(latest[0], args.json)
                return 130
            if show_progress:
                print("\r" + " " * 70 + "\r", end="", file=sys.stderr)
            _emit(run, args.json)
            if run.status != "complete":
                status = 1
    finally:
        closer()
    return status


def _emit(run: EvalRun, as_json: bool) -> None:
    if as_json:
        print(json.dumps(run_summary(run), ensure_ascii=False))
    else:
        print(_describe(run))


def register(commands: Any) -> None:
    """Add the `eval` subcommand to the `bimedix` parser's subcommands."""
    parser = commands.add_parser(
        "eval",
        help="run medical benchmarks on a model (log-likelihood scoring)",
        description=__doc__.splitlines()[0],
    )
    parser.add_argument("--model", metavar="PATH|NAME", help="GGUF file, or smollm2 / gemma3")
    parser.add_argument(
        "--bench",
        metavar="NAME[,NAME...]",
        help=f"benchmarks: {', '.join(BENCHMARKS)}",
    )
    parser.add_argument("--file", metavar="PATH", help="a local JSONL benchmark (no network)")
    parser.add_argument("--lang", choices=(*LANGUAGES, "both"), default="en")
    parser.add_argument("--limit", type=int, metavar="N", help="first N questions of each")
    parser.add_argument("--shots", type=int, default=0, metavar="K", help="few-shot examples")
    parser.add_argument("--json", action="store_true", help="one JSON object per run")
    parser.add_argument(
        "--method",
        choices=("loglikelihood", "generation"),
        default="loglikelihood",
        help="score option likelihoods (default) or parse the letter from a chat reply",
    )
    parser.add_argument(
        "--score-on",
        choices=CHOICE_STYLES,
        help="continuations scored: option letters or option texts (default: per benchmark)",
    )
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
