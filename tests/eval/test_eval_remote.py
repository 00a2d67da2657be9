"""`bimedix eval --backend openai` against a real server: `bimedix serve` on
the embedded model. The remote run must give the same replies, hence the same
answers, as the same model evaluated locally by generation."""

from __future__ import annotations

import json
from pathlib import Path

from bimedix.core.store import ChatStore
from bimedix.eval.benchmarks import mini_benchmark_path
from bimedix.eval.results import ResultsStore
from tests.engine.test_serve import ALIAS, API_KEY, server  # noqa: F401 (fixture)
from tests.eval.test_eval_cli import run_cli


def outcomes(data_dir: Path) -> list[tuple[str, int | None, str | None]]:
    results = ResultsStore(ChatStore(data_dir / "chats.db"))
    run = results.runs(limit=1)[0]
    return [(o.item_id, o.predicted, o.reply) for o in results.outcomes(run.id)]


def test_remote_generation_eval_matches_the_local_one(server: str, tmp_path: Path) -> None:  # noqa: F811
    common = ["--file", str(mini_benchmark_path()), "--lang", "ar", "--limit", "3", "--json"]
    remote_dir, local_dir = tmp_path / "remote", tmp_path / "local"
    remote = run_cli("--data-dir", str(remote_dir), "eval", "--backend", "openai",
                     "--base-url", server, "--api-key", API_KEY, "--api-model", ALIAS,
                     *common)  # fmt: skip
    local = run_cli("--data-dir", str(local_dir), "eval", "--model", "smollm2",
                    "--method", "generation", *common)  # fmt: skip

    assert remote.returncode == 0, remote.stderr
    assert local.returncode == 0, local.stderr
    (remote_run,), (local_run,) = json.loads(remote.stdout), json.loads(local.stdout)
    assert remote_run["method"] == local_run["method"] == "generation"
    assert remote_run["n"] == 3 and remote_run["model"].startswith(ALIAS)
    assert remote_run["acc"] == local_run["acc"]
    remote_items, local_items = outcomes(remote_dir), outcomes(local_dir)
    assert all(reply for _, _, reply in remote_items)
    assert remote_items == local_items
