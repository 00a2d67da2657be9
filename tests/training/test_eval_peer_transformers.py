"""Our log-likelihood scorer checked against a second inference engine.

The peer is Hugging Face transformers (PyTorch) running the same weights:
the training pipeline's tiny random Mixtral, built here once per module as a
Hugging Face checkpoint, then converted by llama.cpp's converter to an F16
GGUF. Our scorer (llama.cpp, F16 weights) and transformers (float32 weights,
log-softmax in torch) score every item of the mini benchmark on the same
prompt token ids, and must agree per option and on the chosen answer.

The tiny model is random, so its answers are not medical; what matters is
that two independent implementations of the forward pass (attention, RoPE,
the mixture-of-experts router) and of the scoring give the same numbers.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

torch = pytest.importorskip("torch", reason="needs the [train] extra")
pytest.importorskip("transformers", reason="needs the [train] extra")

from bimedix.eval.benchmarks import mini_benchmark_path  # noqa: E402
from bimedix.eval.items import EvalItem, load_jsonl  # noqa: E402
from bimedix.eval.loglik import LlamaLoglikelihood  # noqa: E402
from bimedix.eval.prompts import ChoiceStyle, build_prompt  # noqa: E402
from bimedix.models.gguf_convert import convert_hf_to_gguf  # noqa: E402
from bimedix.training.base_model import build_tiny_base  # noqa: E402
from bimedix.training.config import load_config  # noqa: E402
from bimedix.training.data import source_texts  # noqa: E402

TINY = Path(__file__).resolve().parents[2] / "training" / "configs" / "tiny.yaml"
ITEMS = load_jsonl(mini_benchmark_path())

# Tolerance, in nats, per scored token (a continuation's log-likelihood is a
# sum over its tokens, and each token's rounding error is independent). The
# two sides differ only by rounding: the GGUF holds the weights in F16
# (relative error up to 2**-11) and llama.cpp's CPU matmul also rounds the
# activations to F16, while transformers runs float32 throughout. This random
# model's logits are large (log-probabilities around -6 per token), so that
# relative error becomes ~1e-2 nats. Measured on the 24 items: worst 0.0103
# nats per token (letters, 1-2 tokens per option), 0.054 on a 20-token option
# text (0.0043 per token); transformers on weights rounded to F16 halves the
# differences, the rest is the activation rounding. 0.03 per token leaves
# about 3x headroom and stays far below what a real bug moves (a position
# slip, a missing BOS, wrong RoPE or expert routing: nats, see the test
# below that shifts the split by one token).
PER_TOKEN_TOLERANCE = 0.03


def tolerance(n_tokens: int) -> float:
    return PER_TOKEN_TOLERANCE * n_tokens


@dataclass(frozen=True)
class TinyModel:
    hf_dir: Path
    f16_gguf: Path


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> TinyModel:
    """The tiny Mixtral's checkpoint and its F16 GGUF (a few seconds: no training)."""
    config = load_config(TINY)
    out = tmp_path_factory.mktemp("tiny-peer")
    hf_dir = build_tiny_base(config.base_model.tiny, list(source_texts(config)), out / "hf")
    gguf = convert_hf_to_gguf(hf_dir, out / "tiny-F16.gguf", outtype="f16")
    return TinyModel(hf_dir, gguf)


@pytest.fixture(scope="module")
def scorer(tiny: TinyModel) -> Iterator[LlamaLoglikelihood]:
    model = LlamaLoglikelihood(tiny.f16_gguf, n_ctx=1024)
    yield model
    model.close()


@pytest.fixture(scope="module")
def hf_model(tiny: TinyModel):  # type: ignore[no-untyped-def]
    from transformers import AutoModelForCausalLM

    return AutoModelForCausalLM.from_pretrained(tiny.hf_dir, dtype=torch.float32).eval()


@pytest.fixture(scope="module")
def hf_tokenizer(tiny: TinyModel):  # type: ignore[no-untyped-def]
    from transformers import AutoTokenizer

    # lm-eval's `hf` model passes add_bos_token=True the same way (see the
    # README's cross-check); the saved tokenizer alone adds no BOS.
    return AutoTokenizer.from_pretrained(tiny.hf_dir, add_bos_token=True)


def torch_logprob(
    model, context_ids: list[int], continuation_ids: list[int], row_slip: int = 0  # type: ignore[no-untyped-def]
) -> float:
    """Sum of log-softmax over the continuation tokens, computed by transformers.

    `row_slip` reads the logits `row_slip` positions early: a deliberate bug,
    to show the comparison would catch one."""
    ids = torch.tensor([context_ids + continuation_ids])
    with torch.no_grad():
        logits = model(ids).logits[0].double()
    first = len(context_ids) - 1 - row_slip  # the row that predicts the first continuation token
    rows = torch.log_softmax(logits[first : first + len(continuation_ids)], dim=-1)
    return float(rows[torch.arange(len(continuation_ids)), torch.tensor(continuation_ids)].sum())


def both_scores(
    scorer: LlamaLoglikelihood, hf_model, item: EvalItem, style: ChoiceStyle  # type: ignore[no-untyped-def]
) -> tuple[list[float], list[float], list[float]]:
    """Ours, transformers', and the tolerance, per option."""
    prompt = build_prompt(item, style)
    scores = scorer.score(prompt.context, prompt.continuations)
    theirs = []
    for continuation in prompt.continuations:
        # The same token ids on both sides: our scorer's own split.
        context_ids, continuation_ids = scorer.split(prompt.context, continuation)
        theirs.append(torch_logprob(hf_model, context_ids, continuation_ids))
    return [s.logprob for s in scores], theirs, [tolerance(s.n_tokens) for s in scores]


def argmax(values: list[float]) -> int:
    return max(range(len(values)), key=values.__getitem__)


@pytest.mark.parametrize("style", ["letters", "options"])
def test_per_option_loglikelihoods_and_answers_match_transformers(
    scorer: LlamaLoglikelihood, hf_model, style: ChoiceStyle  # type: ignore[no-untyped-def]
) -> None:
    compared_answers = 0
    worst = 0.0
    for item in ITEMS:
        ours, theirs, tolerances = both_scores(scorer, hf_model, item, style)
        for o, t, tol in zip(ours, theirs, tolerances, strict=True):
            worst = max(worst, abs(o - t))
            assert o == pytest.approx(t, abs=tol), (item.item_id, ours, theirs)
        # Compare answers only where rounding cannot swap the top two options.
        top, second = sorted(range(len(theirs)), key=theirs.__getitem__, reverse=True)[:2]
        if theirs[top] - theirs[second] > tolerances[top] + tolerances[second]:
            compared_answers += 1
            assert argmax(ours) == argmax(theirs), (item.item_id, ours, theirs)
    # The check must actually decide answers, not skip them all as unclear.
    assert compared_answers >= len(ITEMS) * 3 // 4
    print(f"{style}: max |ours - transformers| = {worst:.2e} nats, "
          f"{compared_answers}/{len(ITEMS)} answers compared")  # fmt: skip


def test_the_tolerance_catches_a_missing_bos_or_a_slipped_logits_row(
    scorer: LlamaLoglikelihood, hf_model  # type: ignore[no-untyped-def]
) -> None:
    """Two classic scorer bugs move most options' scores beyond the tolerance."""
    moved = {"no BOS": 0, "row slip": 0}
    total = 0
    for item in ITEMS[:6]:
        prompt = build_prompt(item, "options")
        for continuation in prompt.continuations:
            context_ids, continuation_ids = scorer.split(prompt.context, continuation)
            right = torch_logprob(hf_model, context_ids, continuation_ids)
            bugs = {
                "no BOS": torch_logprob(hf_model, context_ids[1:], continuation_ids),
                "row slip": torch_logprob(hf_model, context_ids, continuation_ids, row_slip=1),
            }
            total += 1
            for name, wrong in bugs.items():
                moved[name] += abs(wrong - right) > tolerance(len(continuation_ids))
    assert all(count >= total // 2 for count in moved.values()), (moved, total)


def test_transformers_tokenizer_gives_the_same_ids(
    scorer: LlamaLoglikelihood, hf_tokenizer  # type: ignore[no-untyped-def]
) -> None:
    """lm-evaluation-harness's `hf` model tokenises with transformers: the
    peer comparison in the README is only like for like if its ids are ours."""
    for item in ITEMS:
        for style in ("letters", "options"):
            prompt = build_prompt(item, style)
            for continuation in prompt.continuations:
                whole = prompt.context + continuation
                assert hf_tokenizer.encode(whole) == scorer.encode(whole), (item.item_id, whole)
