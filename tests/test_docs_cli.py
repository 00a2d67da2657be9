"""`bimedix docs …` in-process: add (files and folders, unchanged and changed,
a bad file among good ones), list/search with --json and --nl, remove by id
and path, and `chat --docs` wiring (parser)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bimedix.cli import build_parser, main

GUIDE = "# Sepsis\n\nGive broad-spectrum antibiotics within one hour of recognition.\n"
GUIDE_AR = "# الإنتان\n\nتُعطى المضادات الحيوية واسعة الطيف خلال ساعة من التعرف.\n"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "sepsis.md").write_text(GUIDE, encoding="utf-8")
    (docs / "sepsis-ar.txt").write_text(GUIDE_AR, encoding="utf-8")
    (docs / "ignored.png").write_bytes(b"\x89PNG")
    return docs


def _run(tmp_path: Path, *args: str) -> int:
    return main(["--data-dir", str(tmp_path / "data"), *args])


def test_add_list_search_remove(tmp_path: Path, folder: Path, capsys) -> None:
    assert _run(tmp_path, "docs", "add", str(folder)) == 0
    out = capsys.readouterr().out
    assert out.count("added") == 2 and "png" not in out

    assert _run(tmp_path, "docs", "add", str(folder / "sepsis.md"), "--json") == 0
    (record,) = json.loads(capsys.readouterr().out)
    assert record["outcome"] == "unchanged" and record["format"] == "markdown"

    assert _run(tmp_path, "docs", "list", "--nl") == 0
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert sorted(r["name"] for r in lines) == ["sepsis-ar.txt", "sepsis.md"]

    assert _run(tmp_path, "docs", "search", "المضادات الحيويه", "--json", "--limit", "1") == 0
    (hit,) = json.loads(capsys.readouterr().out)
    assert hit["document"] == "sepsis-ar.txt" and hit["heading"] == "الإنتان"

    assert _run(tmp_path, "docs", "search", "antibiotics") == 0
    assert "[1] sepsis.md" in capsys.readouterr().out

    assert _run(tmp_path, "docs", "remove", str(record["id"]), str(folder / "sepsis-ar.txt")) == 0
    capsys.readouterr()
    assert _run(tmp_path, "docs", "list", "--json") == 0
    assert json.loads(capsys.readouterr().out) == []


def test_a_bad_file_is_one_line_and_the_others_are_added(tmp_path: Path, capsys) -> None:
    good = tmp_path / "good.md"
    good.write_text(GUIDE, encoding="utf-8")
    bad = tmp_path / "scan.pdf"
    bad.write_bytes(b"%PDF-1.4 nothing")
    assert _run(tmp_path, "docs", "add", str(bad), str(good)) == 1
    captured = capsys.readouterr()
    assert "scan.pdf: the file is damaged" in captured.err
    assert "Traceback" not in captured.err
    assert "added" in captured.out
    assert _run(tmp_path, "docs", "remove", "99") == 2
    assert "No document 99" in capsys.readouterr().err


def test_chat_has_a_docs_switch() -> None:
    args = build_parser().parse_args(["chat", "--docs", "--once", "hi"])
    assert args.docs is True
