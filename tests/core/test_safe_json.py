"""The shared JSON/JSONL reader: depth, size, UTF-8 and line limits, with
errors naming the file and line (issue 22)."""

from __future__ import annotations

import json
import tracemalloc
from pathlib import Path

import pytest

from bimedix.safe_json import (
    JsonFileError,
    iter_jsonl,
    load_file,
    loads,
    nested_deeper_than,
)


@pytest.mark.parametrize(
    ("text", "deep"),
    [
        (b"[" * 100_000, True),  # was a RecursionError traceback in `bimedix import`
        (b"[" * 100_000 + b"]" * 100_000, True),
        (b"[" * 64 + b"]" * 64, False),
        (b"[" * 65 + b"]" * 65, True),
        (b'{"a": "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["}', False),
        (b'["\\"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["]', False),
        (b"[1, 2]" * 1000, False),
        (b"[" * 60 + b"[[[]]]", False),  # truncated, shallow: a syntax error instead
    ],
)
def test_nesting_is_measured_without_recursion(text: bytes, deep: bool) -> None:
    assert nested_deeper_than(text, 64) is deep


def test_realistic_documents_pass() -> None:
    doc = {"sessions": [{"messages": [{"content": "x", "params": {"a": [1]}}] * 50}] * 50}
    assert loads(json.dumps(doc), "a.json") == doc


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"[" * 100_000, "f.json: nested more than 64 levels deep"),
        (b'{"a": 1', "f.json: not valid JSON at line 1, column 8"),
        (b'{"a": "\xff"}', "f.json: not UTF-8 text (invalid byte at offset 7)"),
        (b'{"a": "\x00"}', "f.json: not valid JSON at line 1"),
        (b"", "f.json is empty"),
        (b"  \n", "f.json is empty"),
    ],
)
def test_load_file_errors_name_the_file(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "f.json"
    path.write_bytes(content)
    with pytest.raises(JsonFileError, match=message.replace("(", r"\(").replace(")", r"\)")):
        load_file(path)


def test_a_file_over_the_size_limit_is_not_read(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_bytes(b'{"a": "' + b"x" * 2048 + b'"}')
    with pytest.raises(JsonFileError, match="settings.json is larger than 1024 bytes"):
        load_file(path, max_bytes=1024)


def test_jsonl_errors_name_the_line(tmp_path: Path) -> None:
    path = tmp_path / "q.jsonl"
    path.write_bytes(b'{"a": 1}\n\n# note\n{"a": \n')
    with pytest.raises(JsonFileError, match="q.jsonl, line 4: not valid JSON at column 6"):
        list(iter_jsonl(path, comments=True))
    path.write_bytes(b'{"a": 1}\n' + b"[" * 100_000 + b"\n")
    with pytest.raises(JsonFileError, match="q.jsonl, line 2: nested more than 64"):
        list(iter_jsonl(path))


def test_a_huge_jsonl_line_is_refused_after_reading_only_the_cap(tmp_path: Path) -> None:
    """A 32 MB single line with a 1 MB cap: refused, and memory stays near
    the cap (the whole line is never held)."""
    path = tmp_path / "big.jsonl"
    with path.open("wb") as handle:
        handle.write(b'{"q": "')
        for _ in range(32):
            handle.write(b"x" * (1 << 20))
    tracemalloc.start()
    try:
        with pytest.raises(JsonFileError, match="big.jsonl, line 1: longer than 1 MB"):
            list(iter_jsonl(path, max_line=1 << 20))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 8 << 20, peak
