"""Quality card: `bimedix eval` stores the mini benchmark, chat replies store
their speed, and `bimedix models list` shows both per installed model."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bimedix.cli import main
from bimedix.core.store import ChatStore
from bimedix.eval.quality import quality_card


def test_models_list_shows_measured_accuracy_speed_and_ram(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = ["--data-dir", str(tmp_path)]
    evaluate = [*data, "eval", "--model", "smollm2", "--bench", "mini", "--lang", "both"]
    assert main([*evaluate, "--limit", "3", "--json"]) == 0
    assert main([*data, "chat", "--model", "smollm2", "--once", "Hello", "--max-tokens", "8"]) == 0
    capsys.readouterr()

    assert main([*data, "models", "list", "--json"]) == 0
    rows = {r["name"]: r for r in json.loads(capsys.readouterr().out)}
    card = rows["smollm2"]["quality"]
    assert card["n_scored"] == {"en": 3, "ar": 3}
    assert 0.0 <= card["accuracy"]["en"] <= 1.0 and card["method"]["ar"] == "loglikelihood"
    assert card["tokens_per_s"] > 0 and card["replies_measured"] == 1
    assert card["ram_bytes"] == 400_000_000  # the catalog's 0.4 GB
    assert rows["bimedix-bi"]["quality"] is None  # not installed: no card

    assert main([*data, "models", "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    line = lines[next(i for i, text in enumerate(lines) if text.startswith("smollm2")) + 1]
    assert "quality: mini EN " in line and "/3 · AR " in line and "tok/s" in line


def test_a_model_never_measured_says_so(tmp_path: Path) -> None:
    store = ChatStore(tmp_path / "chats.db")
    try:
        card = quality_card(store, "other.gguf", ram_bytes=None)
    finally:
        store.close()
    assert card.summary() == "mini EN not evaluated · AR not evaluated · speed not measured"
