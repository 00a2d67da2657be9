"""Log-likelihood scoring with the real embedded GGUF, checked against
log-probabilities computed independently: the whole prompt + option evaluated
from scratch by llama-cpp-python's high-level API with `logits_all=True`,
then a log-softmax in numpy over each continuation position."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pytest

from bimedix.eval.benchmarks import mini_benchmark_path
from bimedix.eval.items import load_jsonl
from bimedix.eval.loglik import LlamaLoglikelihood
from bimedix.eval.prompts import build_prompt
from bimedix.models.catalog import embedded_model_path


@pytest.fixture(scope="module")
def reference() -> Iterator[object]:
    from llama_cpp import Llama

    llama = Llama(
        model_path=str(embedded_model_path()), n_ctx=1024, logits_all=True, verbose=False
    )
    yield llama
    llama.close()


def independent_logprob(
    llama: object, context_ids: list[int], continuation_ids: list[int]
) -> float:
    llama.reset()  # type: ignore[attr-defined]
    llama.eval(context_ids + continuation_ids)  # type: ignore[attr-defined]
    first = len(context_ids) - 1
    rows = llama.scores[first : first + len(continuation_ids)]  # type: ignore[attr-defined]
    total = 0.0
    for row, token in zip(np.asarray(rows, dtype=np.float64), continuation_ids, strict=True):
        log_softmax = row - (row.max() + np.log(np.exp(row - row.max()).sum()))
        total += float(log_softmax[token])
    return total


ITEMS = load_jsonl(mini_benchmark_path())
CASES = [
    (ITEMS[0], "letters"),  # English, one-token letters
    (ITEMS[12], "letters"),  # Arabic
    (ITEMS[3], "options"),  # English, multi-token option texts
    (ITEMS[18], "options"),  # Arabic option texts: many byte-level tokens each
]


@pytest.mark.parametrize(("item", "style"), CASES, ids=["en-letters", "ar-letters",
                                                         "en-options", "ar-options"])  # fmt: skip
def test_scores_match_an_independent_full_evaluation(
    fresh_scorer: LlamaLoglikelihood, reference: object, item: object, style: str
) -> None:
    prompt = build_prompt(item, style)  # type: ignore[arg-type]

    scores = fresh_scorer.score(prompt.context, prompt.continuations)

    for continuation, score in zip(prompt.continuations, scores, strict=True):
        context_ids, continuation_ids = fresh_scorer.split(prompt.context, continuation)
        expected = independent_logprob(reference, context_ids, continuation_ids)
        assert score.n_tokens == len(continuation_ids)
        assert score.logprob == pytest.approx(expected, abs=2e-3)
        assert score.logprob < 0


def test_prefix_reuse_evaluates_the_question_once_and_changes_nothing(
    fresh_scorer: LlamaLoglikelihood,
) -> None:
    prompt = build_prompt(ITEMS[5], "options")
    context_ids, _ = fresh_scorer.split(prompt.context, prompt.continuations[0])
    option_tokens = sum(len(fresh_scorer.split(prompt.context, c)[1])
                        for c in prompt.continuations)  # fmt: skip
    fresh_scorer._forget_after(0)  # noqa: SLF001 - start from an empty cache

    reused = fresh_scorer.score(prompt.context, prompt.continuations)
    with_reuse = fresh_scorer.tokens_evaluated
    fresh_scorer.reuse_prefix = False
    fresh_scorer.tokens_evaluated = 0
    scratch = fresh_scorer.score(prompt.context, prompt.continuations)
    from_scratch = fresh_scorer.tokens_evaluated

    # The whole context once; then, for every further option, the context's
    # last token again (its logits predict the option's first token).
    n_options = len(prompt.continuations)
    assert with_reuse == len(context_ids) + option_tokens + (n_options - 1)
    assert from_scratch == len(prompt.continuations) * len(context_ids) + option_tokens
    for a, b in zip(reused, scratch, strict=True):
        assert a.logprob == pytest.approx(b.logprob, abs=2e-3)


def test_a_context_longer_than_the_window_keeps_its_newest_tokens() -> None:
    # A tiny window (llama.cpp pads it to 256 tokens) and a small batch, so the
    # context is cut and decoded in several chunks.
    small = LlamaLoglikelihood(embedded_model_path(), n_ctx=64, n_batch=32)
    try:
        context = "The patient reports mild fatigue. " * 60 + "\nAnswer:"
        context_ids, _ = small.split(context, " yes")
        assert len(context_ids) > small.n_ctx

        scores = small.score(context, [" yes", " no"])

        assert len(small._cached) <= small.n_ctx  # noqa: SLF001
        assert all(np.isfinite(s.logprob) and s.logprob < 0 for s in scores)
    finally:
        small.close()


def test_split_moves_trailing_spaces_into_the_continuation(scorer: LlamaLoglikelihood) -> None:
    a = scorer.split("Answer: ", "A")
    b = scorer.split("Answer:", " A")

    assert a == b
