"""Running a benchmark end to end: the shipped mini benchmark with the real
embedded model (deterministic), storage of every question as it is scored,
cancel and failure keeping partial results, and generation mode."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import pytest

from bimedix.core.store import ChatStore
from bimedix.engine.backend import (
    CancelToken,
    ChatMessage,
    Finished,
    GenerationParams,
    GenerationStats,
    ModelInfo,
    StreamEvent,
    TextDelta,
)
from bimedix.eval.benchmarks import mini_benchmark_path
from bimedix.eval.generation import GenerationScorer, chat_prompt, parse_answer
from bimedix.eval.items import EvalItem, load_jsonl, select_language
from bimedix.eval.loglik import LlamaLoglikelihood
from bimedix.eval.results import ItemOutcome, ModelIdentity, ResultsStore
from bimedix.eval.runner import (
    GenerationItemScorer,
    LoglikelihoodItemScorer,
    Progress,
    run_benchmark,
)

MODEL = ModelIdentity("SmolLM2", "SmolLM2.gguf", "ab" * 32, "Q4_1", "llama-cpp-python")
ITEMS = load_jsonl(mini_benchmark_path())


def test_the_mini_benchmark_scores_deterministically_and_is_stored(
    store: ChatStore, fresh_scorer: LlamaLoglikelihood
) -> None:
    english = select_language(ITEMS, "en")
    scorer = LoglikelihoodItemScorer(fresh_scorer, "letters")
    progress: list[Progress] = []

    first = run_benchmark(store, scorer, english, benchmark="mini", language="en", model=MODEL,
                          on_progress=progress.append)  # fmt: skip
    second = run_benchmark(store, scorer, english, benchmark="mini", language="en", model=MODEL)

    results = ResultsStore(store)
    a, b = results.outcomes(first.id), results.outcomes(second.id)
    assert len(a) == len(b) == 12
    for x, y in zip(a, b, strict=True):
        assert x.predicted == y.predicted and x.predicted_norm == y.predicted_norm
        assert x.loglikelihoods == pytest.approx(y.loglikelihoods, abs=1e-4)
        assert x.predicted == max(range(4), key=lambda i: x.loglikelihoods[i])  # type: ignore[index]
    assert first.status == "complete" and first.n_scored == 12 == first.n_planned
    assert first.acc == second.acc == sum(o.correct for o in a) / 12
    assert first.acc_stderr is not None and first.acc_norm is not None
    assert (first.model_sha256, first.model_quantization, first.method) == (
        "ab" * 32, "Q4_1", "loglikelihood",
    )  # fmt: skip
    assert [p.done for p in progress] == list(range(1, 13))
    assert progress[-1].eta_s == 0 and progress[0].eta_s is not None


class _CancelAfter:
    """A scorer that answers A and cancels (or fails) after `n` questions."""

    method = "loglikelihood"

    def __init__(self, n: int, cancel: CancelToken | None = None, fail: bool = False):
        self.n, self.cancel, self.fail, self.seen = n, cancel, fail, 0

    def score(
        self, position: int, item: EvalItem, shots: Sequence[EvalItem], cancel: CancelToken
    ) -> ItemOutcome:
        if self.seen == self.n:
            if self.fail:
                raise RuntimeError("model crashed")
        self.seen += 1
        if self.seen == self.n and self.cancel:
            self.cancel.cancel()
        return ItemOutcome(position, item.item_id, item.subject, item.answer, 0, 0, (-1.0,) * 4)


def test_a_cancelled_run_keeps_what_it_scored(store: ChatStore) -> None:
    cancel = CancelToken()

    run = run_benchmark(store, _CancelAfter(3, cancel), ITEMS, benchmark="mini", language="both",
                        model=MODEL, cancel=cancel)  # fmt: skip

    assert run.status == "cancelled"
    assert (run.n_scored, run.n_planned) == (3, 24)
    assert len(ResultsStore(store).outcomes(run.id)) == 3
    expected = sum(item.answer == 0 for item in ITEMS[:3]) / 3
    assert run.acc == pytest.approx(expected)


def test_a_failing_run_is_marked_and_keeps_its_rows(store: ChatStore) -> None:
    with pytest.raises(RuntimeError, match="model crashed"):
        run_benchmark(store, _CancelAfter(2, fail=True), ITEMS, benchmark="mini",
                      language="both", model=MODEL)  # fmt: skip

    (run,) = ResultsStore(store).runs()
    assert run.status == "error" and "model crashed" in (run.error or "")
    assert run.n_scored == 2 and len(ResultsStore(store).outcomes(run.id)) == 2


def test_deleting_a_run_deletes_its_rows(store: ChatStore) -> None:
    run = run_benchmark(store, _CancelAfter(99), ITEMS[:2], benchmark="mini", language="en",
                        model=MODEL)  # fmt: skip
    results = ResultsStore(store)

    results.delete(run.id)

    assert results.runs() == []
    assert store.db.execute("SELECT COUNT(*) FROM eval_results").fetchone()[0] == 0


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        ("B", 1),
        ("(C)", 2),
        ("D. Five", 3),
        ("The answer is B because the heart has four chambers.", 1),
        ("Answer: c", 2),
        ("A patient with this presentation... option D", 3),
        ("الإجابة: C", 2),
        ("ب", 1),
        ("I am not sure.", None),
        ("", None),
    ],
)
def test_parse_answer(reply: str, expected: int | None) -> None:
    assert parse_answer(reply, 4) == expected


class _ReplyBackend:
    """A chat-only backend that replies with fixed text (no logits)."""

    def __init__(self, replies: Iterator[str]) -> None:
        self.replies = replies
        self.seen: list[list[ChatMessage]] = []

    @property
    def info(self) -> ModelInfo:
        return ModelInfo("remote", "remote", "remote", 4096, "api", "Remote model")

    def stream_chat(
        self,
        messages: Sequence[ChatMessage],
        params: GenerationParams,
        cancel: CancelToken | None = None,
    ) -> Iterator[StreamEvent]:
        self.seen.append(list(messages))
        yield TextDelta(next(self.replies))
        yield Finished(GenerationStats("finished", 1, 1, 1, None, None, params.seed or 0))

    def close(self) -> None:
        pass


def test_generation_mode_works_with_any_backend(store: ChatStore) -> None:
    items = ITEMS[:3]  # answers C, B, A
    backend = _ReplyBackend(iter(["C", "The answer is D", "no idea"]))
    scorer = GenerationItemScorer(GenerationScorer(backend))

    run = run_benchmark(store, scorer, items, benchmark="mini", language="en", model=MODEL)

    outcomes = ResultsStore(store).outcomes(run.id)
    assert [o.predicted for o in outcomes] == [2, 3, None]
    assert [o.reply for o in outcomes] == ["C", "The answer is D", "no idea"]
    assert run.method == "generation" and run.acc == pytest.approx(1 / 3)
    assert "letter of the correct option" in backend.seen[0][0].content
    assert chat_prompt(ITEMS[12])[1].content.endswith("الإجابة:")


def test_generation_mode_with_the_real_model(store: ChatStore, backend: object) -> None:
    scorer = GenerationItemScorer(GenerationScorer(backend, max_tokens=8))  # type: ignore[arg-type]

    run = run_benchmark(store, scorer, ITEMS[:2], benchmark="mini", language="en", model=MODEL)

    outcomes = ResultsStore(store).outcomes(run.id)
    assert run.status == "complete" and len(outcomes) == 2
    assert all(o.reply is not None for o in outcomes)
