"""Hub rows become items: each mapper on rows shaped like its data set.

The rows below copy the column layout of the real data sets (the hub cannot
be reached from CI); the loader's `datasets` path is not exercised here.
"""

from __future__ import annotations

import pytest

from bimedix.eval.benchmarks import (
    BENCHMARKS,
    PAPER_COLUMNS,
    load_hub_items,
    map_medmcqa,
    map_medqa,
    map_mmlu,
    map_pubmedqa,
    map_rows,
)
from bimedix.eval.items import EvalDataError


def test_paper_columns_follow_the_bimedix_table_order() -> None:
    assert PAPER_COLUMNS == (
        "CKG", "CBio", "CMed", "MedGen", "ProMed", "Ana", "MedMCQA", "MedQA", "PubMedQA",
    )  # fmt: skip
    assert BENCHMARKS["medqa"].sources["en"].dataset == "GBaker/MedQA-USMLE-4-options"
    assert BENCHMARKS["anatomy"].sources["ar"].dataset == "BiMediX/mmlu-anatomy-arabic"
    assert BENCHMARKS["pubmedqa"].style == "options"


def test_mmlu_row() -> None:
    row = {"question": "Q?", "subject": "anatomy", "choices": ["a", "b", "c", "d"], "answer": 2}

    item = map_mmlu(row, "en", 5)

    assert (item.answer, item.subject, item.options, item.item_id) == (
        2, "anatomy", ("a", "b", "c", "d"), "5",
    )  # fmt: skip


def test_medmcqa_row() -> None:
    row = {"id": "e9ad", "question": "Q?", "opa": "w", "opb": "x", "opc": "y", "opd": "z",
           "cop": 3, "choice_type": "single", "exp": "…", "subject_name": "Anatomy"}  # fmt: skip

    item = map_medmcqa(row, "ar", 0)

    assert (item.answer, item.options[3], item.subject, item.item_id, item.language) == (
        3, "z", "Anatomy", "e9ad", "ar",
    )  # fmt: skip


def test_medqa_row_with_an_options_mapping() -> None:
    row = {"question": "Q?", "answer": "y", "options": {"B": "x2", "A": "x1", "D": "x4",
           "C": "y"}, "meta_info": "step1", "answer_idx": "C"}  # fmt: skip

    item = map_medqa(row, "en", 0)

    assert item.options == ("x1", "x2", "y", "x4")
    assert item.answer == 2


def test_pubmedqa_row_joins_the_abstract_and_maps_the_decision() -> None:
    row = {"pubid": 123, "question": "Does X help?", "final_decision": "maybe",
           "context": {"contexts": ["Part one.", "Part two."], "labels": ["A", "B"]},
           "long_answer": "…"}  # fmt: skip

    item = map_pubmedqa(row, "en", 0)
    arabic = map_pubmedqa(row, "ar", 0)

    assert item.context == "Part one.\nPart two."
    assert item.options == ("yes", "no", "maybe")
    assert item.answer == 2
    assert arabic.options[arabic.answer] == "ربما"


def test_a_row_missing_a_column_names_the_row_and_the_columns_found() -> None:
    rows = [
        {"question": "Q?", "choices": ["a", "b"], "answer": 0},
        {"question": "Q?", "answer": 0},
    ]

    with pytest.raises(EvalDataError) as caught:
        map_rows(rows, map_mmlu, "en", "cais/mmlu")

    assert "cais/mmlu, row 1: none of the columns choices (found: answer, question)" in str(
        caught.value
    )


def test_mini_loads_without_network_or_datasets() -> None:
    items = load_hub_items(BENCHMARKS["mini"], "ar", allow_network=False)

    assert len(items) == 12 and {i.language for i in items} == {"ar"}
