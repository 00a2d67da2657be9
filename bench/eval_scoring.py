"""Multiple-choice scoring speed: KV prefix reuse vs every option from scratch.

One `LlamaLoglikelihood` (same model, same process) scores the shipped mini
benchmark (12 English + 12 Arabic questions, 4 options) in both modes,
alternating them for `rounds` rounds so that load from other processes hits
both alike; the median questions/second of each is reported, with the tokens
llama.cpp evaluated per question. Both modes must pick the same options (the
log-likelihoods agree to 1e-3), which is checked, not assumed.

"letters" scores " A".." D" after the listed options (MMLU/MedQA/MedMCQA
style); "options" scores the option texts themselves (PubMedQA style), where
each option is several tokens, Arabic ones many.
"""

from __future__ import annotations

import time
from pathlib import Path

from bench.common import Measurement, median
from bimedix.eval.benchmarks import mini_benchmark_path
from bimedix.eval.items import load_jsonl
from bimedix.eval.loglik import LlamaLoglikelihood
from bimedix.eval.prompts import build_prompt

ROUNDS = 2
MIN_SPEEDUP = 2.0


def _pass(model: LlamaLoglikelihood, prompts: list, reuse: bool) -> tuple[float, int, list]:
    model.reuse_prefix = reuse
    model._forget_after(0)  # noqa: SLF001 - every pass starts from an empty cache
    model.tokens_evaluated = 0
    started = time.perf_counter()
    scores = [[s.logprob for s in model.score(p.context, p.continuations)] for p in prompts]
    return time.perf_counter() - started, model.tokens_evaluated, scores


def run(model_path: Path, rounds: int = ROUNDS) -> list[Measurement]:
    items = load_jsonl(mini_benchmark_path())
    model = LlamaLoglikelihood(model_path, n_ctx=2048)
    results: list[Measurement] = []
    try:
        for style in ("letters", "options"):
            prompts = [build_prompt(item, style) for item in items]
            times: dict[bool, list[float]] = {True: [], False: []}
            tokens: dict[bool, int] = {}
            scores: dict[bool, list] = {}
            for _ in range(rounds):
                for reuse in (True, False):
                    elapsed, evaluated, got = _pass(model, prompts, reuse)
                    times[reuse].append(elapsed)
                    tokens[reuse], scores[reuse] = evaluated, got
            agree = all(
                abs(a - b) < 1e-3
                for x, y in zip(scores[True], scores[False], strict=True)
                for a, b in zip(x, y, strict=True)
            )
            n = len(prompts)
            rate_reuse = n / median(times[True])
            rate_scratch = n / median(times[False])
            speedup = rate_reuse / rate_scratch
            details = {
                "questions": n,
                "rounds": rounds,
                "seconds_reuse": times[True],
                "seconds_scratch": times[False],
                "tokens_per_question_reuse": tokens[True] / n,
                "tokens_per_question_scratch": tokens[False] / n,
                "loglikelihoods_agree": agree,
            }
            results += [
                Measurement(
                    "eval_scoring",
                    f"{style}: questions/s with prefix reuse",
                    round(rate_reuse, 2),
                    "q/s",
                    display=f"{rate_reuse:.2f} q/s ({tokens[True] / n:.0f} tokens/question)",
                    details=details,
                ),
                Measurement(
                    "eval_scoring",
                    f"{style}: questions/s, every option from scratch",
                    round(rate_scratch, 2),
                    "q/s",
                    display=f"{rate_scratch:.2f} q/s ({tokens[False] / n:.0f} tokens/question)",
                ),
                Measurement(
                    "eval_scoring",
                    f"{style}: speed-up from prefix reuse",
                    round(speedup, 2),
                    "x",
                    display=f"{speedup:.2f}x" + ("" if agree else " (SCORES DIFFER)"),
                    target=f">= {MIN_SPEEDUP:g}x, same scores",
                    passed=speedup >= MIN_SPEEDUP and agree,
                ),
            ]
    finally:
        model.close()
    return results
