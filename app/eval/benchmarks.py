"""The benchmarks BiMediX reports, where their rows come from, and how a row
becomes an `EvalItem`.

English sets come from their Hugging Face hub ids (as lm-evaluation-harness
uses them); Arabic sets are the BiMediX authors' translations. Hub loading
needs the optional `datasets` package (`pip install 'bimedix-desktop[eval]'`)
and is only attempted when the caller allows the network; otherwise only what
`datasets` already has in its local cache is used (HF_DATASETS_OFFLINE). The
`mini` benchmark is a small bilingual file shipped with the app and needs
nothing.

The Arabic data sets' column names could not be checked from this machine
(no hub access): their mappers accept the English originals' columns, which
the translations are expected to keep, and fail with a clear message listing
the columns they found otherwise.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from bimedix.eval.items import EvalDataError, EvalItem, load_jsonl, make_item, parse_lines
from bimedix.eval.prompts import ChoiceStyle

Row = Mapping[str, Any]
Mapper = Callable[[Row, str, int], EvalItem]


def _field(row: Row, *names: str) -> Any:
    for name in names:
        if name in row:
            return row[name]
    raise ValueError(f"none of the columns {', '.join(names)} (found: {', '.join(sorted(row))})")


def map_mmlu(row: Row, language: str, index: int) -> EvalItem:
    """cais/mmlu: question, subject, choices (list), answer (index)."""
    return make_item(
        _field(row, "question"),
        list(_field(row, "choices")),
        int(_field(row, "answer")),
        language,
        row.get("subject", ""),
        item_id=index,
    )


def map_medmcqa(row: Row, language: str, index: int) -> EvalItem:
    """openlifescienceai/medmcqa: question, opa..opd, cop (index), subject_name, id."""
    options = [_field(row, name) for name in ("opa", "opb", "opc", "opd")]
    return make_item(
        _field(row, "question"),
        options,
        int(_field(row, "cop")),
        language,
        row.get("subject_name") or "",
        item_id=row.get("id") or index,
    )


def map_medqa(row: Row, language: str, index: int) -> EvalItem:
    """GBaker/MedQA-USMLE-4-options: question, options {"A": …}, answer_idx ("A")."""
    options = _field(row, "options")
    if isinstance(options, Mapping):
        options = [options[key] for key in sorted(options)]
    return make_item(
        _field(row, "question"),
        list(options),
        _field(row, "answer_idx"),
        language,
        "medqa",
        item_id=index,
    )


PUBMEDQA_DECISIONS = {
    "en": ("yes", "no", "maybe"),
    "ar": ("نعم", "لا", "ربما"),
}


def map_pubmedqa(row: Row, language: str, index: int) -> EvalItem:
    """qiaojin/PubMedQA pqa_labeled: question, context {contexts: [...]},
    final_decision (yes/no/maybe), pubid."""
    context = _field(row, "context", "contexts")
    if isinstance(context, Mapping):
        context = context.get("contexts", [])
    if isinstance(context, (list, tuple)):
        context = "\n".join(str(c) for c in context)
    decision = str(_field(row, "final_decision", "answer")).strip().lower()
    english = PUBMEDQA_DECISIONS["en"]
    local = PUBMEDQA_DECISIONS.get(language, english)
    if decision in english:
        answer = english.index(decision)
    elif decision in local:
        answer = local.index(decision)
    else:
        raise ValueError(f"final_decision {decision!r} is not yes/no/maybe")
    return make_item(
        _field(row, "question"),
        list(local),
        answer,
        language,
        "pubmedqa",
        context=str(context),
        item_id=row.get("pubid") or index,
    )


@dataclass(frozen=True)
class HubSource:
    """Where one language's rows of a benchmark live on the hub."""

    dataset: str
    split: str
    config: str | None = None
    fewshot_split: str | None = None  # where lm-eval draws examples from


@dataclass(frozen=True)
class Benchmark:
    """A benchmark column of the BiMediX paper table."""

    name: str  # CLI name
    column: str  # the paper's column header
    style: ChoiceStyle
    mapper: Mapper | None
    sources: Mapping[str, HubSource]  # by language
    mmlu_description: bool = False


def _mmlu(subject: str, column: str) -> Benchmark:
    return Benchmark(
        name=subject,
        column=column,
        style="letters",
        mapper=map_mmlu,
        sources={
            "en": HubSource("cais/mmlu", "test", subject, "dev"),
            "ar": HubSource(f"BiMediX/mmlu-{subject.replace('_', '-')}-arabic", "train"),
        },
        mmlu_description=True,
    )


BENCHMARKS: dict[str, Benchmark] = {
    b.name: b
    for b in (
        _mmlu("clinical_knowledge", "CKG"),
        _mmlu("college_biology", "CBio"),
        _mmlu("college_medicine", "CMed"),
        _mmlu("medical_genetics", "MedGen"),
        _mmlu("professional_medicine", "ProMed"),
        _mmlu("anatomy", "Ana"),
        Benchmark(
            "medmcqa", "MedMCQA", "letters", map_medmcqa,
            {"en": HubSource("openlifescienceai/medmcqa", "validation", None, "train"),
             "ar": HubSource("BiMediX/medmcqa-arabic", "train")},
        ),
        Benchmark(
            "medqa", "MedQA", "letters", map_medqa,
            {"en": HubSource("GBaker/MedQA-USMLE-4-options", "test", None, "train"),
             "ar": HubSource("BiMediX/medqa-test_arabic", "train")},
        ),
        Benchmark(
            "pubmedqa", "PubMedQA", "options", map_pubmedqa,
            {"en": HubSource("qiaojin/PubMedQA", "train", "pqa_labeled"),
             "ar": HubSource("BiMediX/pubmedqa-test_arabic", "train")},
        ),
        Benchmark("mini", "Mini", "letters", None, {}),
    )
}  # fmt: skip
PAPER_COLUMNS = tuple(b.column for b in BENCHMARKS.values() if b.name != "mini")


def mini_benchmark_path() -> Path:
    """The bilingual benchmark file shipped with the app."""
    return Path(str(resources.files("bimedix.eval") / "data" / "mini.jsonl"))


def file_benchmark(path: Path) -> Benchmark:
    """A local JSONL file run as a benchmark (letters style, no network)."""
    return Benchmark(f"file:{path.name}", path.stem, "letters", None, {})


def map_rows(rows: Iterable[Row], mapper: Mapper, language: str, source: str) -> list[EvalItem]:
    """Items from data set rows.

    Raises:
        EvalDataError: a row lacks a column or has a bad value.
    """
    items = []
    for index, row in enumerate(rows):
        try:
            items.append(mapper(row, language, index))
        except (ValueError, TypeError, KeyError) as exc:
            raise EvalDataError(
                template="{source}, row {row}: {reason}.", source=source, row=index, reason=exc
            ) from exc
    return items


def load_hub_items(
    benchmark: Benchmark,
    language: str,
    *,
    allow_network: bool,
    cache_dir: Path | None = None,
    fewshot: bool = False,
) -> list[EvalItem]:
    """One language's items of a hub benchmark through `datasets`; with
    `fewshot`, the split examples come from (empty when there is none).

    Raises:
        EvalDataError: `datasets` missing, not cached while offline, or bad rows.
    """
    if benchmark.name == "mini":
        return [i for i in load_jsonl(mini_benchmark_path()) if i.language == language]
    source = benchmark.sources.get(language)
    if fewshot and (source is None or source.fewshot_split is None):
        return []
    if source is None or benchmark.mapper is None:
        raise EvalDataError(
            template="{bench} has no {language} version.", bench=benchmark.name, language=language
        )
    if not allow_network:
        # Must be set before `datasets` is imported to take effect.
        os.environ["HF_DATASETS_OFFLINE"] = "1"
        os.environ["HF_HUB_OFFLINE"] = "1"
    try:
        import datasets  # type: ignore[import-not-found]
    except ImportError as exc:
        raise EvalDataError(
            template="Loading {bench} needs the `datasets` package: "
            "pip install 'bimedix-desktop[eval]' (or run a local file with --file).",
            bench=benchmark.name,
        ) from exc
    try:
        rows = datasets.load_dataset(
            source.dataset,
            source.config,
            split=source.fewshot_split if fewshot else source.split,
            cache_dir=str(cache_dir) if cache_dir else None,
        )
    except Exception as exc:  # noqa: BLE001 - network, cache and hub errors alike
        hint = "" if allow_network else " It is not in the local cache; allow network access."
        raise EvalDataError(
            template="Could not load {dataset} ({reason}).{hint}",
            dataset=source.dataset,
            reason=exc,
            hint=hint,
        ) from exc
    return map_rows(rows, benchmark.mapper, language, source.dataset)


def parse_benchmark_text(text: str, source: str) -> list[EvalItem]:
    """Items of a JSONL document held in memory (for tests and imports)."""
    return parse_lines(text.splitlines(), source)
