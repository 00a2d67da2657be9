"""The BiMediX paper's results table, with the user's own runs beside it.

Published rows are copied from the tables "Bilingual Benchmark", "Arabic
Benchmark" and "English Benchmark" of the BiMediX README
(https://github.com/mbzuai-oryx/BiMediX, the same rows as the paper's tables,
arXiv 2402.13253 / Findings of EMNLP 2024) and the model cards on the hub
(BiMediX/BiMediX-Eng, -Ara, -Bi). Accuracies in percent; AVG as published.

A user's row takes, for each benchmark, the newest finished run of that model
(by SHA-256, else file name) in that language; "bilingual" pools the English
and Arabic runs' questions (correct / scored), as the paper's bilingual table
evaluates both languages together. AVG is the plain mean of the columns
present, marked partial when some are missing.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass

from bimedix.eval.benchmarks import BENCHMARKS, PAPER_COLUMNS
from bimedix.eval.results import EvalRun

SOURCE = (
    "BiMediX (Pieri et al., Findings of EMNLP 2024, arXiv 2402.13253); rows as published "
    "in github.com/mbzuai-oryx/BiMediX README"
)
TABLES = ("en", "ar", "bilingual")

# Columns: CKG, CBio, CMed, MedGen, ProMed, Ana, MedMCQA, MedQA, PubMedQA, AVG
_PUBLISHED: dict[str, tuple[tuple[str, tuple[float, ...]], ...]] = {
    "bilingual": (
        ("Jais-30B", (57.4, 55.2, 46.2, 55.0, 46.0, 48.9, 40.2, 31.0, 75.5, 50.6)),
        ("Mixtral-8x7B", (59.1, 57.6, 52.6, 59.5, 53.3, 54.4, 43.2, 40.6, 74.7, 55.0)),
        ("BiMediX (Bilingual)", (70.6, 72.2, 59.3, 74.0, 64.2, 59.6, 55.8, 54.0, 78.6, 65.4)),
    ),
    "ar": (
        ("Jais-30B", (52.1, 50.7, 40.5, 49.0, 39.3, 43.0, 37.0, 28.8, 74.6, 46.1)),
        ("BiMediX (Arabic)", (60.0, 54.9, 55.5, 58.0, 58.1, 49.6, 46.0, 40.2, 76.6, 55.4)),
        ("BiMediX (Bilingual)", (63.8, 57.6, 52.6, 64.0, 52.9, 50.4, 49.1, 47.3, 78.4, 56.5)),
    ),
    "en": (
        ("PMC-LLaMA-13B", (63.0, 59.7, 52.6, 70.0, 64.3, 61.5, 50.5, 47.2, 75.6, 60.5)),
        ("Med42-70B", (75.9, 84.0, 69.9, 83.0, 78.7, 64.4, 61.9, 61.3, 77.2, 72.9)),
        ("Clinical Camel-70B", (69.8, 79.2, 67.0, 69.0, 71.3, 62.2, 47.0, 53.4, 74.3, 65.9)),
        ("Meditron-70B", (72.3, 82.5, 62.8, 77.8, 77.9, 62.7, 65.1, 60.7, 80.0, 71.3)),
        ("BiMediX", (78.9, 86.1, 68.2, 85.0, 80.5, 74.1, 62.7, 62.8, 80.2, 75.4)),
    ),
}
HEADER = ("Model", *PAPER_COLUMNS, "AVG")


@dataclass(frozen=True)
class TableRow:
    """One row; `cells` holds percentages (None: not measured)."""

    model: str
    cells: tuple[float | None, ...]  # one per PAPER_COLUMNS
    average: float | None
    published: bool
    partial: bool = False


def published_rows(table: str) -> list[TableRow]:
    return [
        TableRow(name, values[:-1], values[-1], published=True)
        for name, values in _PUBLISHED[table]
    ]


def _model_key(run: EvalRun) -> str:
    return run.model_sha256 or run.model_file or run.model_name


def user_rows(runs: Sequence[EvalRun], table: str) -> list[TableRow]:
    """Rows for each evaluated model in one table ('en', 'ar' or 'bilingual')."""
    column_of = {b.name: b.column for b in BENCHMARKS.values()}
    languages = ("en", "ar") if table == "bilingual" else (table,)
    # newest finished (complete or cancelled with something scored) run per cell
    newest: dict[tuple[str, str, str], EvalRun] = {}
    names: dict[str, str] = {}
    for run in sorted(runs, key=lambda r: r.id):
        if run.n_scored == 0 or run.status == "running" or run.language not in languages:
            continue
        column = column_of.get(run.benchmark)
        if column not in PAPER_COLUMNS:
            continue
        key = _model_key(run)
        newest[(key, column, run.language)] = run
        names[key] = run.model_name + (f" {run.model_quantization}" if
                                       run.model_quantization and run.model_quantization
                                       not in run.model_name else "")  # fmt: skip
    rows = []
    for key, name in names.items():
        cells: list[float | None] = []
        for column in PAPER_COLUMNS:
            parts = [newest[(key, column, lang)] for lang in languages
                     if (key, column, lang) in newest]  # fmt: skip
            if table == "bilingual" and len(parts) < 2:
                cells.append(None)
                continue
            scored = sum(r.n_scored for r in parts)
            correct = sum(r.n_correct for r in parts)
            cells.append(100.0 * correct / scored if scored else None)
        present = [c for c in cells if c is not None]
        if not present:
            continue
        rows.append(
            TableRow(name, tuple(cells), sum(present) / len(present), published=False,
                     partial=len(present) < len(cells))  # fmt: skip
        )
    return rows


def table_rows(runs: Sequence[EvalRun], table: str) -> list[TableRow]:
    """Published rows first, then the user's."""
    return published_rows(table) + user_rows(runs, table)


def _cell(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


def _row_values(row: TableRow) -> list[str]:
    average = _cell(row.average) + ("*" if row.partial and row.average is not None else "")
    label = row.model if row.published else f"{row.model} (this machine)"
    return [label, *(_cell(c) for c in row.cells), average]


def to_markdown(runs: Sequence[EvalRun], table: str) -> str:
    """The table as GitHub Markdown, with its source and notes."""
    lines = [
        "| " + " | ".join(HEADER) + " |",
        "|" + "|".join("---" for _ in HEADER) + "|",
    ]
    lines += ["| " + " | ".join(_row_values(row)) + " |" for row in table_rows(runs, table)]
    lines += [
        "",
        f"Published rows: {SOURCE}. Rows marked (this machine) are runs stored by "
        "BiMediX Desktop (accuracy, %); * averages only the benchmarks run.",
    ]
    return "\n".join(lines) + "\n"


def to_csv(runs: Sequence[EvalRun], table: str) -> str:
    """The table as CSV (published and measured rows, a `source` column)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*HEADER, "source"])
    for row in table_rows(runs, table):
        values = _row_values(row)
        writer.writerow([*values, "published" if row.published else "measured"])
    return out.getvalue()
