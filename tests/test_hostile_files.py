"""Every file the app reads, fed every malformed shape, through the real
command line in a subprocess (a crash or a hang must not take pytest down).

Files that stop a command (archives, question files, the catalog, training
data, GGUF) must fail with exit status 1 or 2 and one clear line naming the
file. Settings files (settings.json, models/library.json, kiosk.json) must
not stop anything: the command carries on with defaults and warns, naming
the file. Never a traceback, never a hang.

Replay files (`bimedix replay FILE`, JSONL or a chat archive) are walked
too. Reviews have no file of their own: they travel inside the chat archive,
which is covered.
"""

from __future__ import annotations

import json
import os
import struct
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from bimedix.models.catalog import catalog_path, embedded_model_path

BIN = Path(sys.executable).parent
HUGE = 100 << 20  # the "100 MB single line" shape
TIMEOUT_S = 300  # generous for a loaded 2-core machine; a hang fails, not blocks

SHAPES = ("deep", "wrong_types", "huge_line", "bad_utf8", "nul_bytes", "truncated", "empty")


@dataclass(frozen=True)
class EntryPoint:
    """One way a file reaches the app. `place` says where the file goes
    (relative to the test's folder), `command` builds argv and extra
    environment from the folder and the file's path."""

    name: str
    place: str
    valid: Callable[[], bytes]
    wrong_types: bytes
    command: Callable[[Path, Path], tuple[list[str], dict[str, str]]]
    warns: bool = False  # a settings file: carry on with defaults, warn


def _bimedix(*args: str) -> list[str]:
    return [str(BIN / "bimedix"), *args]


def _replay(folder: Path, path: Path) -> list[str]:
    out = folder / "report.html"
    return _bimedix("--data-dir", str(folder), "replay", str(path), "--models", "smollm2",
                    "--max-tokens", "2", "--out", str(out))  # fmt: skip


def _train_config(kind: str) -> Callable[[Path, Path], tuple[list[str], dict[str, str]]]:
    def command(folder: Path, path: Path) -> tuple[list[str], dict[str, str]]:
        config = {
            "name": "hostile",
            "base_model": {"name_or_path": "unused"},
            "data": {"sources": [{"kind": kind, "path": str(path)}]},
        }
        config_path = folder / "config.json"  # JSON is YAML
        config_path.write_text(json.dumps(config), "utf-8")
        argv = [str(BIN / "bimedix-train"), "data", "build", str(config_path)]
        return [*argv, "--out", str(folder / "run")], {}

    return command


def _qa_jsonl() -> bytes:
    rows = [{"question": f"What treats condition {i}?", "answer": f"Rest {i}."} for i in range(4)]
    return "".join(json.dumps(r) + "\n" for r in rows).encode()


def _parquet() -> bytes:
    pa = pytest.importorskip("pyarrow")
    import io

    import pyarrow.parquet as pq

    out = io.BytesIO()
    table = pa.table({"question": ["What treats a cold?"] * 4, "answer": ["Rest."] * 4})
    pq.write_table(table, out)
    return out.getvalue()


def _parquet_wrong_types() -> bytes:
    pa = pytest.importorskip("pyarrow")
    import io

    import pyarrow.parquet as pq

    out = io.BytesIO()
    pq.write_table(pa.table({"question": [1, 2], "answer": [[1], [2]]}), out)
    return out.getvalue()


def _gguf_head() -> bytes:
    with embedded_model_path().open("rb") as handle:
        return handle.read(1 << 20)  # the header and part of the tensor data


ARCHIVE = {
    "format": "bimedix-chat-archive",
    "version": 1,
    "sessions": [
        {
            "id": 1, "title": "t", "mode": "consult", "language": "en",
            "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z",
            "messages": [
                {"position": 0, "role": "user", "content": "hi", "status": "complete",
                 "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z"},
            ],
        }
    ],
}  # fmt: skip
QUESTION = {"question": "Q?", "options": ["a", "b"], "answer": "A", "language": "en"}

ENTRY_POINTS = [
    EntryPoint(
        "import-json",
        "archive.json",
        lambda: json.dumps(ARCHIVE, indent=1).encode(),
        json.dumps({**ARCHIVE, "sessions": [{"id": "one", "messages": 5}]}).encode(),
        lambda folder, path: (_bimedix("--data-dir", str(folder), "import", str(path)), {}),
    ),
    EntryPoint(
        "import-jsonl",
        "chats.jsonl",
        lambda: b'{"messages": [{"role": "user", "content": "hi"}]}\n' * 3,
        b'{"messages": [{"role": 7, "content": ["hi"]}]}\n',
        lambda folder, path: (_bimedix("--data-dir", str(folder), "import", str(path)), {}),
    ),
    EntryPoint(
        "eval-file",
        "questions.jsonl",
        lambda: (json.dumps(QUESTION) + "\n").encode() * 3,
        json.dumps({"question": 5, "options": "ab", "answer": [], "language": 1}).encode(),
        lambda folder, path: (
            _bimedix("--data-dir", str(folder), "eval", "--file", str(path)),
            {},
        ),
    ),
    EntryPoint(
        "replay-jsonl",
        "questions.jsonl",
        lambda: b'{"prompt": "What is a normal blood pressure?", "expected": "120"}\n' * 3,
        b'{"prompt": ["hi"], "id": {"x": 1}, "expected": 5}\n',
        lambda folder, path: (_replay(folder, path), {}),
    ),
    EntryPoint(
        "replay-archive",
        "archive.json",
        lambda: json.dumps(ARCHIVE, indent=1).encode(),
        json.dumps({**ARCHIVE, "sessions": [{"id": "one", "messages": 5}]}).encode(),
        lambda folder, path: (_replay(folder, path), {}),
    ),
    EntryPoint(
        "catalog",
        "catalog.json",
        lambda: catalog_path().read_bytes(),
        json.dumps({"models": [{"key": 5, "display_name": None}]}).encode(),
        lambda folder, path: (
            _bimedix("--data-dir", str(folder), "models", "list"),
            {"BIMEDIX_CATALOG": str(path)},
        ),
    ),
    EntryPoint(
        "gguf",
        "model.gguf",
        _gguf_head,
        # A metadata value of type 99, which no GGUF version defines.
        b"GGUF" + struct.pack("<IQQ", 3, 0, 1) + struct.pack("<Q", 4) + b"key." + b"\x63\0\0\0",
        lambda folder, path: (
            _bimedix("--data-dir", str(folder), "chat", "--once", "hi", "--model", str(path)),
            {},
        ),
    ),
    EntryPoint(
        "train-jsonl",
        "rows.jsonl",
        _qa_jsonl,
        b'[1, 2]\n"text"\n',
        _train_config("qa"),
    ),
    EntryPoint(
        "train-json",
        "rows.json",
        lambda: json.dumps([json.loads(x) for x in _qa_jsonl().splitlines()]).encode(),
        b'{"data": {"question": 5}}',
        _train_config("qa"),
    ),
    EntryPoint(
        "train-csv",
        "rows.csv",
        lambda: b'question,answer\nWhat treats a cold?,Rest.\nAnd a cough?,"Honey, warm."\n',
        b'question,answer\n"broken"quote,x\n',
        _train_config("qa"),
    ),
    EntryPoint("train-parquet", "rows.parquet", _parquet, b"", _train_config("qa")),
    EntryPoint(
        "settings",
        "data/settings.json",
        lambda: json.dumps({"n_ctx": 2048, "max_tokens": 4, "temperature": 0.1}).encode(),
        json.dumps({"n_ctx": -5, "temperature": "hot", "max_tokens": 4}).encode(),
        lambda folder, path: (
            _bimedix("--data-dir", str(path.parent), "chat", "--once", "hi", "--max-tokens", "2"),
            {},
        ),
        warns=True,
    ),
    EntryPoint(
        "library",
        "data/models/library.json",
        lambda: json.dumps({"models": [], "settings": {"smollm2": {"n_ctx": 2048}}}).encode(),
        json.dumps(
            {"models": [{"name": "x", "path": 5, "size_bytes": "big"}],
             "settings": {"smollm2": {"n_ctx": -5, "temperature": "hot"}}}
        ).encode(),  # fmt: skip
        lambda folder, path: (
            _bimedix("--data-dir", str(path.parent.parent), "models", "list"),
            {},
        ),
        warns=True,
    ),
    EntryPoint(
        "kiosk",
        "data/kiosk.json",
        lambda: json.dumps({"idle_timeout_s": 60, "max_tokens": 64}).encode(),
        json.dumps({"idle_timeout_s": "soon", "max_tokens": -1, "privacy": 3}).encode(),
        lambda folder, path: (
            [str(BIN / "bimedix-desktop"), "--data-dir", str(path.parent), "--kiosk",
             "--screenshot", str(folder / "kiosk.png")],
            {"QT_QPA_PLATFORM": "offscreen"},
        ),  # fmt: skip
        warns=True,
    ),
]


@pytest.fixture(scope="session")
def huge_line(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """100 MB on one line, written once per session in 1 MB chunks and
    linked (not copied) into each test: a JSON string that never ends."""
    path = tmp_path_factory.mktemp("huge") / "huge-line"
    chunk = b"x" * (1 << 20)
    with path.open("wb") as handle:
        handle.write(b'{"question": "')
        for _ in range(HUGE // len(chunk)):
            handle.write(chunk)
    return path


def _write_shape(path: Path, entry: EntryPoint, shape: str, huge_line: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if shape == "huge_line":
        path.symlink_to(huge_line)  # readers see the link's name, like a real file
        return
    content = {
        "deep": lambda: b"[" * 100_000,
        "wrong_types": lambda: entry.wrong_types or _parquet_wrong_types(),
        "bad_utf8": lambda: entry.valid()[:40] + b"\xff\xfe\xc3\x28" + entry.valid()[40:],
        "nul_bytes": lambda: entry.valid()[:30] + b"\0" * 64 + entry.valid()[30:],
        # Cut inside the last record (or the GGUF's data, the Parquet footer).
        "truncated": lambda: entry.valid()[:-5],
        "empty": lambda: b"",
    }[shape]()
    path.write_bytes(content)


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("entry", ENTRY_POINTS, ids=[e.name for e in ENTRY_POINTS])
def test_every_file_fails_cleanly(
    entry: EntryPoint, shape: str, huge_line: Path, tmp_path: Path
) -> None:
    path = tmp_path / entry.place
    _write_shape(path, entry, shape, huge_line)
    argv, extra_env = entry.command(tmp_path, path)
    env = {**os.environ, **extra_env, "PYTHONDONTWRITEBYTECODE": "1", "HF_HUB_OFFLINE": "1"}
    env.pop("BIMEDIX_DATA_DIR", None)
    result = subprocess.run(
        argv,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        errors="replace",
        timeout=TIMEOUT_S,
        cwd=tmp_path,
    )
    stderr = result.stderr
    assert "Traceback" not in stderr, stderr[-3000:]
    lines = [line for line in stderr.splitlines() if line.strip()]
    if entry.warns:
        # Carries on with defaults; a warning names the file (an empty or
        # blank settings file is a damaged one too).
        assert result.returncode == 0, stderr[-3000:]
        assert any(path.name in line and "warning" in line for line in lines), stderr[-3000:]
    else:
        assert result.returncode in (1, 2), (result.returncode, stderr[-3000:])
        assert lines, "no message at all"
        assert path.name in lines[-1], stderr[-3000:]
        assert len(lines[-1]) < 600, "one clear line, not a dump"


def test_the_settings_from_the_issue_are_named_not_blamed_on_the_model(tmp_path: Path) -> None:
    """Issue 22: {"n_ctx": -5, "temperature": "hot"} made every chat fail
    with 'the file is damaged'. Now both values are named and ignored."""
    (tmp_path / "settings.json").write_text('{"n_ctx": -5, "temperature": "hot"}', "utf-8")
    result = subprocess.run(
        _bimedix("--data-dir", str(tmp_path), "chat", "--once", "hi", "--max-tokens", "2"),
        capture_output=True, text=True, timeout=TIMEOUT_S, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "n_ctx = -5" in result.stderr and "temperature = 'hot'" in result.stderr
    assert "damaged" not in result.stderr
    assert '"n_ctx": -5' in (tmp_path / "settings.json").read_text("utf-8")  # not rewritten
