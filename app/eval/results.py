"""Evaluation runs in the chat database (tables of migration m004).

`EvalRecorder` writes one run: the run row first (status 'running'), then
every scored question as it is scored, each in its own transaction, then the
final metrics. A run that is cancelled keeps its rows and its metrics over
the questions scored; a crash of the whole process leaves status 'running'
with the rows and metrics so far (the paper table skips such runs; the runs
list shows them, and they can be deleted).
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from bimedix.core.store import ChatStore, utc_now
from bimedix.eval.metrics import Accuracy, accuracy

RUN_STATUSES = ("running", "complete", "cancelled", "error")


@dataclass(frozen=True)
class ModelIdentity:
    """What was evaluated, for provenance."""

    name: str
    file: str = ""
    sha256: str = ""
    quantization: str = ""
    engine: str = ""


@dataclass(frozen=True)
class ItemOutcome:
    """How one question was answered."""

    position: int
    item_id: str
    subject: str
    gold: int
    predicted: int | None
    predicted_norm: int | None = None
    loglikelihoods: tuple[float, ...] | None = None
    reply: str | None = None

    @property
    def correct(self) -> bool:
        return self.predicted == self.gold

    @property
    def correct_norm(self) -> bool:
        chosen = self.predicted_norm if self.predicted_norm is not None else self.predicted
        return chosen == self.gold


@dataclass(frozen=True)
class EvalRun:
    """A stored run (one benchmark, one language)."""

    id: int
    created_at: str
    finished_at: str | None
    status: str
    benchmark: str
    language: str
    method: str
    shots: int
    model_name: str
    model_file: str | None
    model_sha256: str | None
    model_quantization: str | None
    n_planned: int
    n_scored: int
    acc: float | None
    acc_stderr: float | None
    acc_norm: float | None
    acc_norm_stderr: float | None
    duration_s: float | None
    settings: dict[str, Any] = field(default_factory=dict)
    app_version: str | None = None
    engine_version: str | None = None
    error: str | None = None

    @property
    def n_correct(self) -> int:
        return round((self.acc or 0.0) * self.n_scored)


def _finite(value: float) -> float | None:
    return None if math.isnan(value) else value


class EvalRecorder:
    """Writes one run as it happens."""

    def __init__(
        self,
        store: ChatStore,
        *,
        benchmark: str,
        language: str,
        method: str,
        shots: int,
        model: ModelIdentity,
        n_planned: int,
        settings: dict[str, Any],
        app_version: str,
    ) -> None:
        self._store = store
        self.outcomes: list[ItemOutcome] = []
        with store.transaction() as conn:
            cursor = conn.execute(
                "INSERT INTO eval_runs (created_at, benchmark, language, method, shots,"
                " model_name, model_file, model_sha256, model_quantization, n_planned,"
                " settings, app_version, engine_version)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    utc_now(), benchmark, language, method, shots, model.name, model.file,
                    model.sha256 or None, model.quantization, n_planned,
                    json.dumps(settings, sort_keys=True), app_version, model.engine,
                ),
            )  # fmt: skip
        self.run_id = int(cursor.lastrowid or 0)

    def add(self, outcome: ItemOutcome, duration_s: float) -> None:
        """Store one scored question and the run's metrics so far."""
        self.outcomes.append(outcome)
        acc, acc_norm = self.metrics()
        with self._store.transaction() as conn:
            conn.execute(
                "INSERT INTO eval_results (run_id, position, item_id, subject, gold, predicted,"
                " predicted_norm, loglikelihoods, reply) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    self.run_id, outcome.position, outcome.item_id, outcome.subject,
                    outcome.gold, outcome.predicted, outcome.predicted_norm,
                    json.dumps(outcome.loglikelihoods) if outcome.loglikelihoods else None,
                    outcome.reply,
                ),
            )  # fmt: skip
            self._update(conn, acc, acc_norm, duration_s)

    def metrics(self) -> tuple[Accuracy, Accuracy]:
        return (
            accuracy([o.correct for o in self.outcomes]),
            accuracy([o.correct_norm for o in self.outcomes]),
        )

    def _update(self, conn: Any, acc: Accuracy, acc_norm: Accuracy, duration_s: float) -> None:
        conn.execute(
            "UPDATE eval_runs SET n_scored = ?, acc = ?, acc_stderr = ?, acc_norm = ?,"
            " acc_norm_stderr = ?, duration_s = ? WHERE id = ?",
            (
                acc.n, _finite(acc.value), _finite(acc.stderr), _finite(acc_norm.value),
                _finite(acc_norm.stderr), duration_s, self.run_id,
            ),
        )  # fmt: skip

    def finish(self, status: str, duration_s: float, error: str | None = None) -> None:
        """Close the run as 'complete', 'cancelled' or 'error'."""
        acc, acc_norm = self.metrics()
        with self._store.transaction() as conn:
            self._update(conn, acc, acc_norm, duration_s)
            conn.execute(
                "UPDATE eval_runs SET status = ?, finished_at = ?, error = ? WHERE id = ?",
                (status, utc_now(), error, self.run_id),
            )


_RUN_COLUMNS = (
    "id, created_at, finished_at, status, benchmark, language, method, shots, model_name,"
    " model_file, model_sha256, model_quantization, n_planned, n_scored, acc, acc_stderr,"
    " acc_norm, acc_norm_stderr, duration_s, settings, app_version, engine_version, error"
)


class ResultsStore:
    """Reads stored runs."""

    def __init__(self, store: ChatStore) -> None:
        self._store = store

    def runs(self, limit: int | None = None) -> list[EvalRun]:
        """All runs, newest first."""
        sql = f"SELECT {_RUN_COLUMNS} FROM eval_runs ORDER BY id DESC"
        args: list[Any] = []
        if limit is not None:
            sql += " LIMIT ?"
            args.append(limit)
        return [self._run(row) for row in self._store.db.execute(sql, args).fetchall()]

    def get(self, run_id: int) -> EvalRun:
        row = self._store.db.execute(
            f"SELECT {_RUN_COLUMNS} FROM eval_runs WHERE id = ?", [run_id]
        ).fetchone()
        if row is None:
            raise KeyError(f"no evaluation run {run_id}")
        return self._run(row)

    def outcomes(self, run_id: int) -> list[ItemOutcome]:
        rows = self._store.db.execute(
            "SELECT position, item_id, subject, gold, predicted, predicted_norm, loglikelihoods,"
            " reply FROM eval_results WHERE run_id = ? ORDER BY position",
            [run_id],
        ).fetchall()
        return [
            ItemOutcome(
                position=r[0], item_id=r[1], subject=r[2], gold=r[3], predicted=r[4],
                predicted_norm=r[5], loglikelihoods=tuple(json.loads(r[6])) if r[6] else None,
                reply=r[7],
            )
            for r in rows
        ]  # fmt: skip

    def delete(self, run_id: int) -> None:
        with self._store.transaction() as conn:
            conn.execute("DELETE FROM eval_runs WHERE id = ?", [run_id])

    @staticmethod
    def _run(row: Sequence[Any]) -> EvalRun:
        values = list(row)
        values[19] = json.loads(values[19] or "{}")
        return EvalRun(*values)
