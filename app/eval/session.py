"""What the CLI and the Evaluate window share: planning runs and owning the
model while they execute.

`plan_runs` turns "these benchmarks (or this file), this language, first N"
into a list of (benchmark, language, items) runs; `EvalSession` loads the
model once for a method (log-likelihood through `LlamaLoglikelihood`,
generation through any `Backend`), and `execute` runs the plan, one stored
run per (benchmark, language), stopping at the first cancel.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bimedix.core.store import ChatStore
from bimedix.engine.backend import Backend, CancelToken
from bimedix.errors import UserFacingError
from bimedix.eval.benchmarks import BENCHMARKS, Benchmark, file_benchmark, load_hub_items
from bimedix.eval.items import LANGUAGES, EvalItem, load_jsonl, select_language
from bimedix.eval.prompts import ChoiceStyle
from bimedix.eval.results import EvalRun, ModelIdentity
from bimedix.eval.runner import (
    GenerationItemScorer,
    ItemScorer,
    LoglikelihoodItemScorer,
    Method,
    Progress,
    run_benchmark,
)


@dataclass(frozen=True)
class PlannedRun:
    benchmark: Benchmark
    language: str
    items: list[EvalItem]
    shot_pool: list[EvalItem]


def plan_runs(
    bench_names: Sequence[str],
    language: str | None,
    *,
    file: Path | None = None,
    limit: int | None = None,
    shots: int = 0,
    allow_network: bool = False,
) -> list[PlannedRun]:
    """The runs asked for, items loaded (hub, shipped or local file).

    `language` is 'en', 'ar' or 'both'; None means every language a `file`
    holds, and English for named benchmarks.

    Raises:
        UserFacingError: unknown benchmark, nothing to run, or loading failed.
    """
    languages = LANGUAGES if language == "both" else (language or "en",)
    plan: list[PlannedRun] = []
    if file is not None:
        items = load_jsonl(file)
        bench = file_benchmark(file)
        # No language asked for: a bilingual file is scored in every
        # language it holds, not silently in English only.
        present = tuple(lang for lang in LANGUAGES if any(i.language == lang for i in items))
        for lang in present if language is None else languages:
            chosen = select_language(items, lang)
            if chosen:
                plan.append(PlannedRun(bench, lang, chosen, chosen))
        if not plan:
            raise UserFacingError(
                template="{name} has no questions in the language asked for.", name=file.name
            )
    for name in bench_names:
        bench = BENCHMARKS.get(name)
        if bench is None:
            raise UserFacingError(
                template="Unknown benchmark {name!r}; choose from {choices}.",
                name=name,
                choices=", ".join(BENCHMARKS),
            )
        for lang in languages:
            items = load_hub_items(bench, lang, allow_network=allow_network)
            pool = (
                load_hub_items(bench, lang, allow_network=allow_network, fewshot=True)
                if shots
                else []
            )
            plan.append(PlannedRun(bench, lang, items, pool or items))
    if not plan:
        raise UserFacingError("Name a benchmark with --bench, or a JSONL file with --file.")
    if limit:
        plan = [PlannedRun(p.benchmark, p.language, p.items[:limit], p.shot_pool) for p in plan]
    return plan


class EvalSession:
    """One loaded model and the scorers built on it."""

    def __init__(
        self,
        model_path: Path,
        sha256: str,
        display_name: str,
        *,
        method: Method = "loglikelihood",
        n_ctx: int = 2048,
        reuse_prefix: bool = True,
        style: ChoiceStyle | None = None,
        backend: Backend | None = None,
        owns_backend: bool = False,
    ) -> None:
        self.method = method
        self.style = style
        self._backend = backend
        self._owns_backend = owns_backend
        if method == "generation":
            if backend is None:
                raise ValueError("generation scoring needs a backend (open_backend)")
            info = backend.info
            # A remote model's name ("org/model") is not a path: take the backend's.
            self.model = ModelIdentity(display_name, info.file_name or model_path.name, sha256,
                                       info.quantization, info.engine)  # fmt: skip
            self._llm = None
        else:
            from bimedix.eval.loglik import LlamaLoglikelihood

            self._llm = LlamaLoglikelihood(model_path, n_ctx=n_ctx, reuse_prefix=reuse_prefix)
            self.model = ModelIdentity(display_name, model_path.name, sha256,
                                       self._llm.quantization, self._llm.engine)  # fmt: skip

    def scorer_for(self, bench: Benchmark) -> ItemScorer:
        if self._llm is None:
            from bimedix.eval.generation import GenerationScorer

            assert self._backend is not None
            return GenerationItemScorer(GenerationScorer(self._backend))
        return LoglikelihoodItemScorer(self._llm, self.style or bench.style, bench.mmlu_description)

    def close(self) -> None:
        if self._llm is not None:
            self._llm.close()
        if self._backend is not None and self._owns_backend:
            self._backend.close()


def execute(
    store: ChatStore,
    plan: Sequence[PlannedRun],
    session: EvalSession,
    *,
    shots: int = 0,
    settings: dict[str, Any] | None = None,
    cancel: CancelToken | None = None,
    on_progress: Callable[[Progress], None] | None = None,
    on_run: Callable[[EvalRun], None] | None = None,
) -> list[EvalRun]:
    """Run the plan in order; stops after a cancelled run."""
    cancel = cancel or CancelToken()
    runs = []
    for planned in plan:
        scorer = session.scorer_for(planned.benchmark)
        style = session.style or planned.benchmark.style
        run = run_benchmark(
            store, scorer, planned.items, benchmark=planned.benchmark.name,
            language=planned.language, model=session.model, shots=shots,
            shot_pool=planned.shot_pool, settings={**(settings or {}), "style": style},
            cancel=cancel, on_progress=on_progress,
        )  # fmt: skip
        runs.append(run)
        if on_run:
            on_run(run)
        if cancel.cancelled:
            break
    return runs
