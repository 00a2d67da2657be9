"""Runs a benchmark: scores every item, stores each result, reports progress.

The same runner serves the CLI and the GUI's worker thread. Progress comes
through a callback (done, total, elapsed, ETA); cancellation through a
`CancelToken` checked between questions. Whatever was scored before a cancel
or an error stays stored, with metrics over those questions.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal, Protocol

from bimedix import __version__
from bimedix.core.store import ChatStore
from bimedix.engine.backend import CancelToken
from bimedix.eval.generation import GenerationScorer
from bimedix.eval.items import EvalItem
from bimedix.eval.loglik import LlamaLoglikelihood
from bimedix.eval.metrics import pick
from bimedix.eval.prompts import ChoiceStyle, build_prompt, pick_shots
from bimedix.eval.results import EvalRecorder, EvalRun, ItemOutcome, ModelIdentity, ResultsStore

Method = Literal["loglikelihood", "generation"]


log = logging.getLogger("bimedix.eval")


@dataclass(frozen=True)
class Progress:
    """Where a run stands; `eta_s` is None until one question is done."""

    benchmark: str
    language: str
    done: int
    total: int
    elapsed_s: float
    eta_s: float | None
    correct: int


class ItemScorer(Protocol):
    method: Method

    def score(
        self, position: int, item: EvalItem, shots: Sequence[EvalItem], cancel: CancelToken
    ) -> ItemOutcome: ...


class LoglikelihoodItemScorer:
    """Picks the option whose continuation the model finds most likely."""

    method: Method = "loglikelihood"

    def __init__(
        self, model: LlamaLoglikelihood, style: ChoiceStyle, mmlu_description: bool = False
    ):
        self.model = model
        self.style = style
        self.mmlu_description = mmlu_description

    def score(
        self, position: int, item: EvalItem, shots: Sequence[EvalItem], cancel: CancelToken
    ) -> ItemOutcome:
        prompt = build_prompt(item, self.style, shots, self.mmlu_description)
        scores = self.model.score(prompt.context, prompt.continuations)
        lls = tuple(s.logprob for s in scores)
        chosen, chosen_norm = pick(lls, prompt.choice_lengths)
        return ItemOutcome(
            position, item.item_id, item.subject, item.answer, chosen, chosen_norm, lls
        )


class GenerationItemScorer:
    """Reads the chosen letter from a chat reply (any Backend)."""

    method: Method = "generation"

    def __init__(self, scorer: GenerationScorer) -> None:
        self.scorer = scorer

    def score(
        self, position: int, item: EvalItem, shots: Sequence[EvalItem], cancel: CancelToken
    ) -> ItemOutcome:
        chosen, reply = self.scorer.answer(item, cancel)
        return ItemOutcome(position, item.item_id, item.subject, item.answer, chosen, None, None,
                           reply)  # fmt: skip


def run_benchmark(
    store: ChatStore,
    scorer: ItemScorer,
    items: Sequence[EvalItem],
    *,
    benchmark: str,
    language: str,
    model: ModelIdentity,
    shots: int = 0,
    shot_pool: Sequence[EvalItem] = (),
    settings: dict[str, Any] | None = None,
    cancel: CancelToken | None = None,
    on_progress: Callable[[Progress], None] | None = None,
) -> EvalRun:
    """Score `items`, storing each outcome; returns the stored run.

    `shot_pool` provides few-shot examples (the benchmark's dev split, or the
    items themselves); an item is never its own example.
    """
    cancel = cancel or CancelToken()
    recorder = EvalRecorder(
        store,
        benchmark=benchmark,
        language=language,
        method=scorer.method,
        shots=shots,
        model=model,
        n_planned=len(items),
        settings=dict(settings or {}),
        app_version=__version__,
    )
    started = time.perf_counter()
    log.info("eval run %d: %s (%s, %s, %d-shot), %d items, model %s", recorder.run_id,
             benchmark, language, scorer.method, shots, len(items), model.name)  # fmt: skip
    pool = shot_pool or items
    status = "complete"
    try:
        for position, item in enumerate(items):
            if cancel.cancelled:
                status = "cancelled"
                break
            outcome = scorer.score(position, item, pick_shots(pool, item, shots), cancel)
            if cancel.cancelled and scorer.method == "generation":
                # The reply was cut short: it says nothing about the model.
                status = "cancelled"
                break
            elapsed = time.perf_counter() - started
            recorder.add(outcome, elapsed)
            if on_progress:
                done = position + 1
                on_progress(
                    Progress(
                        benchmark, language, done, len(items), elapsed,
                        elapsed / done * (len(items) - done),
                        sum(o.correct for o in recorder.outcomes),
                    )
                )  # fmt: skip
    except KeyboardInterrupt:
        recorder.finish("cancelled", time.perf_counter() - started)
        raise
    except BaseException as exc:
        recorder.finish("error", time.perf_counter() - started, error=repr(exc))
        log.warning("eval run %d failed: %s", recorder.run_id, type(exc).__name__)
        raise
    recorder.finish(status, time.perf_counter() - started)
    log.info("eval run %d %s: %d/%d items correct in %.1f s", recorder.run_id, status,
             sum(o.correct for o in recorder.outcomes), len(recorder.outcomes),
             time.perf_counter() - started)  # fmt: skip
    return ResultsStore(store).get(recorder.run_id)
