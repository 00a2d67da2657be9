"""Why is Arabic multiple choice near chance? Prompt layouts x scoring methods.

Scores the bundled `mini` benchmark and training/data/eval/mcq_eval.jsonl in
English and Arabic with several prompt layouts, by option log-likelihood
(lm-eval's method) and by a greedy chat reply, and prints one Markdown table
(model x layout x method, accuracy per language) plus how the answer
continuation tokenises after English and Arabic text. English always uses
lm-eval's layout; only the Arabic layout varies.

    .venv/bin/python -m bench.arabic_mc --models qwen-coder-1.5b,smollm2 \
        [--out bench/out/arabic_mc.json]

Layouts (Arabic items; English items keep lm-eval's `A. …` / `Answer:`):
  latin        the app's default: Latin letters, Arabic cue "الإجابة:", " A"
  latin-en-cue Latin letters, English cue "Answer:" (label wording)
  latin-lrm    Latin letters wrapped in LEFT-TO-RIGHT MARKs in the option
               lines and the continuation (direction marks)
  arabic       Arabic letters أ ب ج د for labels and continuations
  instructed   "latin" after a one-line Arabic instruction naming the letters
  options      the option texts themselves are scored (no letters)
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from bimedix.eval.items import LETTERS, EvalItem, load_jsonl

ROOT = Path(__file__).resolve().parent.parent
LRM = "\u200e"
AR_LETTERS = ("أ", "ب", "ج", "د", "هـ")
AR_CUE = "الإجابة:"
AR_INSTRUCTION = "اختر الإجابة الصحيحة من الخيارات A أو B أو C أو D."
LAYOUTS = ("latin", "latin-en-cue", "latin-lrm", "arabic", "instructed", "options")


@dataclass(frozen=True)
class Layout:
    """How one item is shown: the context, the scored continuations, and the
    labels a chat reply may name (for generation scoring)."""

    context: str
    continuations: tuple[str, ...]
    labels: tuple[str, ...]


def layout(item: EvalItem, name: str) -> Layout:
    """The prompt for `item` in layout `name` (English items: always lm-eval's)."""
    n = len(item.options)
    latin = tuple(LETTERS[:n])
    if item.language != "ar" or name == "latin":
        cue = "Answer:" if item.language != "ar" else AR_CUE
        body = [item.question, *(f"{latin[i]}. {o}" for i, o in enumerate(item.options)), cue]
        return Layout("\n".join(body), tuple(f" {x}" for x in latin), latin)
    if name == "latin-en-cue":
        body = [item.question, *(f"{latin[i]}. {o}" for i, o in enumerate(item.options)), "Answer:"]
        return Layout("\n".join(body), tuple(f" {x}" for x in latin), latin)
    if name == "latin-lrm":
        lines = [f"{LRM}{latin[i]}{LRM}. {o}" for i, o in enumerate(item.options)]
        body = [item.question, *lines, AR_CUE]
        return Layout("\n".join(body), tuple(f" {LRM}{x}" for x in latin), latin)
    if name == "arabic":
        arabic = AR_LETTERS[:n]
        body = [item.question, *(f"{arabic[i]}. {o}" for i, o in enumerate(item.options)), AR_CUE]
        return Layout("\n".join(body), tuple(f" {x}" for x in arabic), arabic)
    if name == "instructed":
        body = [AR_INSTRUCTION, item.question,
                *(f"{latin[i]}. {o}" for i, o in enumerate(item.options)), AR_CUE]  # fmt: skip
        return Layout("\n".join(body), tuple(f" {x}" for x in latin), latin)
    if name == "options":
        return Layout(f"السؤال: {item.question}\n{AR_CUE}",
                      tuple(f" {o}" for o in item.options), latin)  # fmt: skip
    raise ValueError(f"unknown layout {name}")


def load_items() -> dict[str, list[EvalItem]]:
    """The two local question sets."""
    from bimedix.eval.benchmarks import mini_benchmark_path

    return {
        "mini": load_jsonl(mini_benchmark_path()),
        "training/data/eval": training_eval_items(),
    }


def training_eval_items() -> list[EvalItem]:
    """training/data/eval/mcq_eval.jsonl: options as a letter map, the
    language in the id ("eval-ar-001")."""
    from bimedix.eval.items import make_item

    items = []
    path = ROOT / "training" / "data" / "eval" / "mcq_eval.jsonl"
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            options = [row["options"][k] for k in sorted(row["options"])]
            language = "ar" if "-ar-" in row["id"] else "en"
            items.append(make_item(row["question"], options, row["answer"], language,
                                   item_id=row["id"]))  # fmt: skip
    return items


def parse_label(reply: str, labels: Sequence[str]) -> int | None:
    """The option a reply names, in the layout's own labels or Latin letters."""
    from bimedix.eval.generation import parse_answer

    text = reply.replace(LRM, "").strip()
    for i, label in enumerate(labels):
        if text.startswith(label) and not text[len(label) : len(label) + 1].isalpha():
            return i
    return parse_answer(text, len(labels))


def run_loglik(items: Sequence[EvalItem], name: str, scorer) -> list[bool]:
    results = []
    for item in items:
        shown = layout(item, name)
        scores = scorer.score(shown.context, shown.continuations)
        best = max(range(len(scores)), key=lambda i: scores[i].logprob)
        results.append(best == item.answer)
    return results


def run_generation(items: Sequence[EvalItem], name: str, backend) -> list[bool]:
    from bimedix.engine.backend import ChatMessage, GenerationParams, TextDelta
    from bimedix.eval.generation import INSTRUCTION

    params = GenerationParams(max_tokens=12, temperature=0.0, top_k=1, top_p=1.0, min_p=0.0,
                              repeat_penalty=1.0, seed=1234)  # fmt: skip
    results = []
    for item in items:
        shown = layout(item, name)
        system = INSTRUCTION["ar" if item.language == "ar" else "en"]
        messages = [ChatMessage("system", system), ChatMessage("user", shown.context)]
        reply = "".join(
            e.text for e in backend.stream_chat(messages, params, None) if isinstance(e, TextDelta)
        )
        results.append(parse_label(reply, shown.labels) == item.answer)
    return results


def tokenisation(scorer) -> list[dict[str, object]]:
    """How the answer continuation splits after English and Arabic cues."""
    rows = []
    for context, continuation in (("Answer:", " A"), (AR_CUE, " A"), (AR_CUE, f" {LRM}A"),
                                  (AR_CUE, " أ"), ("Answer:", " B"), (AR_CUE, " B")):  # fmt: skip
        ctx_ids, cont_ids = scorer.split(context, continuation)
        rows.append({
            "context": context, "continuation": continuation,
            "context_last_token": scorer._llama.detokenize(ctx_ids[-1:]).decode("utf-8", "replace"),
            "continuation_tokens": [scorer._llama.detokenize([t]).decode("utf-8", "replace")
                                    for t in cont_ids],
        })  # fmt: skip
    return rows


def measure(model: str, layouts: Sequence[str], methods: Sequence[str],
            progress: Callable[[str], None], threads: int = 1) -> dict[str, object]:  # fmt: skip
    from bimedix.core.settings import resolve_data_dir
    from bimedix.models.catalog import describe_model
    from bimedix.models.library import models_dir
    from bimedix.models.resolve import resolve_model

    path = resolve_model(model, models_dir(resolve_data_dir(None)))
    sets = load_items()
    rows: list[dict[str, object]] = []
    report: dict[str, object] = {"model": describe_model(path), "rows": rows}
    if "loglikelihood" in methods:
        from bimedix.eval.loglik import LlamaLoglikelihood

        scorer = LlamaLoglikelihood(path, n_ctx=1024, n_threads=threads)
        report["tokenisation"] = tokenisation(scorer)
        for name in layouts:
            row: dict[str, object] = {"layout": name, "method": "loglikelihood"}
            for set_name, items in sets.items():
                for lang in ("en", "ar"):
                    chosen = [i for i in items if i.language == lang]
                    if lang == "en" and name != "latin":
                        continue  # English is always lm-eval's layout
                    started = time.perf_counter()
                    hits = run_loglik(chosen, name, scorer)
                    row[f"{set_name}:{lang}"] = [sum(hits), len(hits)]
                    progress(f"{model} {name} loglik {set_name} {lang}: {sum(hits)}/{len(hits)}"
                             f" ({time.perf_counter() - started:.0f} s)")  # fmt: skip
            rows.append(row)
        scorer.close()
    if "generation" in methods:
        from bimedix.engine.llama_backend import LlamaCppBackend

        backend = LlamaCppBackend(path, n_ctx=1024, n_threads=threads)
        for name in layouts:
            if name == "options":
                continue  # nothing to name: generation needs labels
            row = {"layout": name, "method": "generation"}
            for set_name, items in sets.items():
                for lang in ("en", "ar"):
                    if lang == "en" and name != "latin":
                        continue
                    chosen = [i for i in items if i.language == lang]
                    hits = run_generation(chosen, name, backend)
                    row[f"{set_name}:{lang}"] = [sum(hits), len(hits)]
                    score = f"{sum(hits)}/{len(hits)}"
                    progress(f"{model} {name} generation {set_name} {lang}: {score}")
            rows.append(row)
        backend.close()
    return report


def to_markdown(reports: Sequence[dict[str, object]]) -> str:
    head = ("| model | layout (Arabic) | method | mini EN | mini AR | train-eval EN "
            "| train-eval AR |\n|---|---|---|---|---|---|---|\n")  # fmt: skip
    lines = []
    for report in reports:
        for row in report["rows"]:  # type: ignore[union-attr]
            def cell(key: str, row: dict = row) -> str:
                value = row.get(key)
                return f"{value[0]}/{value[1]}" if value else "= latin"
            lines.append(
                f"| {report['model']} | {row['layout']} | {row['method']} | {cell('mini:en')} "
                f"| {cell('mini:ar')} | {cell('training/data/eval:en')} "
                f"| {cell('training/data/eval:ar')} |"
            )
    return head + "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", default="qwen-coder-1.5b,smollm2")
    parser.add_argument("--layouts", default=",".join(LAYOUTS))
    parser.add_argument("--methods", default="loglikelihood,generation")
    # One thread by default: on a shared machine llama.cpp's spinning
    # threads slow each other down far more than one thread loses.
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "arabic_mc.json")
    args = parser.parse_args(argv)
    reports = []
    for model in [m.strip() for m in args.models.split(",") if m.strip()]:
        reports.append(measure(model, args.layouts.split(","), args.methods.split(","),
                               lambda line: print(line, flush=True), args.threads))  # fmt: skip
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(reports, ensure_ascii=False, indent=1), encoding="utf-8")
    print(to_markdown(reports))
    for report in reports:
        print(f"\n{report['model']} tokenisation:")
        for row in report.get("tokenisation", []):  # type: ignore[union-attr]
            print(f"  {row}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
