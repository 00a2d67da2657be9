"""The paper table: published rows, the user's runs beside them, exports."""

from __future__ import annotations

import csv
import io

import pytest

from bimedix.eval.paper import published_rows, to_csv, to_markdown, user_rows
from bimedix.eval.results import EvalRun


def _run(run_id: int, benchmark: str, language: str, acc: float, n: int = 10,
         sha: str = "s1", status: str = "complete") -> EvalRun:  # fmt: skip
    return EvalRun(
        id=run_id, created_at="", finished_at="", status=status, benchmark=benchmark,
        language=language, method="loglikelihood", shots=0, model_name="MyModel",
        model_file="m.gguf", model_sha256=sha, model_quantization="Q4_K_M", n_planned=n,
        n_scored=n, acc=acc, acc_stderr=0.1, acc_norm=acc, acc_norm_stderr=0.1, duration_s=1.0,
    )  # fmt: skip


def test_published_rows_are_the_papers() -> None:
    english = {row.model: row for row in published_rows("en")}

    assert english["BiMediX"].cells[0] == 78.9  # CKG
    assert english["BiMediX"].average == 75.4
    assert published_rows("bilingual")[-1].cells[-1] == 78.6  # PubMedQA
    assert [r.model for r in published_rows("ar")] == [
        "Jais-30B", "BiMediX (Arabic)", "BiMediX (Bilingual)",
    ]  # fmt: skip


def test_user_row_uses_the_newest_run_per_benchmark() -> None:
    runs = [_run(1, "medqa", "en", 0.30), _run(2, "medqa", "en", 0.40),
            _run(3, "anatomy", "en", 0.5), _run(4, "mini", "en", 0.9),
            _run(5, "medqa", "ar", 0.2)]  # fmt: skip

    (row,) = user_rows(runs, "en")

    assert row.model == "MyModel Q4_K_M"
    assert row.cells[7] == pytest.approx(40.0)  # MedQA
    assert row.cells[5] == pytest.approx(50.0)  # Ana
    assert row.average == pytest.approx(45.0) and row.partial


def test_bilingual_pools_both_languages_questions() -> None:
    runs = [_run(1, "medqa", "en", 0.5, n=10), _run(2, "medqa", "ar", 0.2, n=30),
            _run(3, "anatomy", "en", 0.5)]  # fmt: skip

    (row,) = user_rows(runs, "bilingual")

    assert row.cells[7] == pytest.approx(100 * (5 + 6) / 40)
    assert row.cells[5] is None  # only one language was run


def test_runs_with_nothing_scored_or_still_running_are_left_out() -> None:
    runs = [_run(1, "medqa", "en", 0.5, status="running"), _run(2, "medqa", "en", 0.5, n=0)]

    assert user_rows(runs, "en") == []


def test_markdown_and_csv_exports() -> None:
    runs = [_run(1, "medqa", "en", 0.4)]

    markdown = to_markdown(runs, "en")
    rows = list(csv.reader(io.StringIO(to_csv(runs, "en"))))

    assert markdown.splitlines()[0].startswith("| Model | CKG | CBio |")
    assert "| MyModel Q4_K_M (this machine) |  |  |  |  |  |  |  | 40.0 |  | 40.0* |" in markdown
    assert "arXiv 2402.13253" in markdown
    assert rows[0][-2:] == ["AVG", "source"]
    assert rows[-1][0] == "MyModel Q4_K_M (this machine)" and rows[-1][-1] == "measured"
    assert len(rows) == 1 + 5 + 1
