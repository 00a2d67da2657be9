"""Exports and imports: every format, provenance, Arabic intact, round trips."""

from __future__ import annotations

import csv
import hashlib
import json
import zipfile
from pathlib import Path

import jsonschema
import pytest

from bimedix.core.archive_import import ImportFileError, archive_schema, import_archive
from bimedix.core.export import (
    ExportFilter,
    export_sessions,
    neutralise_cell,
    render_to_string,
    safe_filename,
)
from bimedix.core.store import ChatStore

ARABIC_QUESTION = "أعاني من صُداعٍ وحمى خفيفة منذ يومين."
ARABIC_REPLY = "منذ متى بدأت الحمى؟ وهل تتناول أي دواء؟"
PROVENANCE = {
    "model_file": "BiMediX-Bi.Q4_K_M.gguf",
    "model_sha256": "a" * 64,
    "model_architecture": "llama",
    "model_quantization": "Q4_K_M",
    "context_size": 4096,
    "prompt_format": "mixtral",
    "mode": "consult",
    "system_prompt": "You are BiMediX.",
    "params": {"temperature": 0.7, "seed": 3},
    "seed": 3,
    "prompt_tokens": 40,
    "completion_tokens": 12,
    "time_to_first_token_s": 0.25,
    "tokens_per_s": 30.5,
    "stop_reason": "finished",
    "app_version": "0.1.0",
    "engine_version": "llama-cpp-python 0.3.36",
}


def fill(store: ChatStore) -> None:
    arabic = store.create_session("صداع وحمى", "consult", "ar")
    store.add_message(arabic.id, "user", ARABIC_QUESTION)
    store.add_message(arabic.id, "assistant", ARABIC_REPLY, **PROVENANCE)
    english = store.create_session("Formula =1+1", "mcq", "en")
    store.add_message(english.id, "user", '=HYPERLINK("http://x","y")')
    store.add_message(english.id, "assistant", "-5 mg is not a dose", **PROVENANCE)
    store.add_message(english.id, "user", "120/80", status="complete")
    store.set_message_direction(5, "rtl")


@pytest.fixture
def filled(tmp_path: Path) -> ChatStore:
    (tmp_path / "source").mkdir()
    store = ChatStore(tmp_path / "source" / "chats.db")
    fill(store)
    return store


def everything() -> ExportFilter:
    return ExportFilter()


def sessions_of(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["sessions"]


def test_json_archive_validates_and_keeps_every_field(filled, tmp_path):
    out = tmp_path / "all.json"
    result = export_sessions(filled, "json", out, everything())
    assert (result.sessions, result.messages) == (2, 5)
    document = json.loads(out.read_text(encoding="utf-8"))
    jsonschema.validate(document, archive_schema())
    reply = document["sessions"][0]["messages"][1]
    assert reply["content"] == ARABIC_REPLY
    assert {k: reply[k] for k in PROVENANCE} == PROVENANCE
    assert document["sessions"][1]["messages"][2]["direction"] == "rtl"


def test_json_round_trip_through_an_empty_data_dir_is_identical(filled, tmp_path):
    first = tmp_path / "first.json"
    export_sessions(filled, "json", first, everything())
    target = ChatStore(tmp_path / "target.db")
    report = import_archive(target, first)
    assert (report.imported, report.skipped, report.messages) == (2, 0, 5)
    second = tmp_path / "second.json"
    export_sessions(target, "json", second, everything())
    assert sessions_of(second) == sessions_of(first)
    # Search works on imported Arabic, without harakat.
    assert [h.content for h in target.search("صداع")] == [ARABIC_QUESTION]


def test_import_skips_sessions_already_present_unless_duplicating(filled, tmp_path):
    archive = tmp_path / "a.json"
    export_sessions(filled, "json", archive, everything())
    report = import_archive(filled, archive)
    assert (report.imported, report.skipped) == (0, 2)
    report = import_archive(filled, archive, duplicate=True)
    assert (report.imported, report.skipped) == (2, 0)
    assert len(filled.list_sessions()) == 4


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"format": "bimedix-chat-archive",\n "version": 1,\n', "line 3"),
        ("not json at all", "line 1, column 1"),
        ('{"format": "other", "version": 1}', "format"),
    ],
)
def test_broken_files_are_refused_with_their_location(tmp_path, text, message):
    bad = tmp_path / "bad.json"
    bad.write_text(text, encoding="utf-8")
    store = ChatStore(tmp_path / "t.db")
    with pytest.raises(ImportFileError, match=message):
        import_archive(store, bad)
    assert store.list_sessions() == []


def test_one_bad_message_imports_nothing_and_names_where_it_is(filled, tmp_path):
    archive = tmp_path / "a.json"
    export_sessions(filled, "json", archive, everything())
    document = json.loads(archive.read_text(encoding="utf-8"))
    document["sessions"][1]["messages"][2]["role"] = "doctor"
    archive.write_text(json.dumps(document), encoding="utf-8")
    target = ChatStore(tmp_path / "t.db")
    with pytest.raises(ImportFileError, match=r"sessions\[1\]\.messages\[2\]\.role"):
        import_archive(target, archive)
    assert target.list_sessions() == []


def test_jsonl_export_is_ready_for_training_and_imports_back(filled, tmp_path):
    out = tmp_path / "train.jsonl"
    export_sessions(filled, "jsonl", out, everything())
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert lines[0]["messages"] == [
        {"role": "system", "content": "You are BiMediX."},
        {"role": "user", "content": ARABIC_QUESTION},
        {"role": "assistant", "content": ARABIC_REPLY},
    ]
    target = ChatStore(tmp_path / "t.db")
    assert import_archive(target, out).imported == 2
    (arabic, *_) = [s for s in target.list_sessions() if s.language == "ar"]
    assert [m.content for m in target.messages(arabic.id)] == [ARABIC_QUESTION, ARABIC_REPLY]


def test_sharegpt_flavour(filled, tmp_path):
    out = tmp_path / "share.jsonl"
    export_sessions(filled, "sharegpt", out, everything())
    first = json.loads(out.read_text(encoding="utf-8").splitlines()[0])
    assert [t["from"] for t in first["conversations"]] == ["system", "human", "gpt"]


def test_csv_opens_in_spreadsheets_and_cannot_inject_formulas(filled, tmp_path):
    out = tmp_path / "all.csv"
    export_sessions(filled, "csv", out, everything())
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM for spreadsheet programs
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 5
    contents = [r["content"] for r in rows]
    assert ARABIC_QUESTION in contents
    assert '\'=HYPERLINK("http://x","y")' in contents
    assert "'-5 mg is not a dose" in contents
    assert rows[1]["model_sha256"] == "a" * 64 and rows[1]["tokens_per_s"] == "30.5"
    assert rows[0]["direction"] == "rtl" and rows[2]["direction"] == "ltr"


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_neutralise_cell(value):
    assert neutralise_cell(value) == "'" + value
    assert neutralise_cell("safe") == "safe" and neutralise_cell(5) == 5


def test_markdown_wraps_right_to_left_paragraphs(filled):
    text = render_to_string("md", (filled.get_session(1), filled.messages(1)))
    assert f'<div dir="rtl">\n\n{ARABIC_QUESTION}\n\n</div>' in text
    assert "BiMediX-Bi.Q4_K_M.gguf · Q4_K_M · 12 tokens · 30.5 tokens/s · seed 3" in text


def test_html_sets_direction_per_message_and_declares_fonts(filled):
    text = render_to_string("html", (filled.get_session(2), filled.messages(2)))
    assert '<html lang="en" dir="ltr">' in text and "Noto Sans Arabic" in text
    assert '<div class="msg user" dir="rtl">' in text  # the flipped "120/80"
    assert "&lt;" not in text or "=HYPERLINK" in text
    assert "=HYPERLINK(&quot;http://x&quot;,&quot;y&quot;)" in text


def test_visual_text_is_reshaped_for_viewers_without_bidi(filled):
    text = render_to_string("txt", (filled.get_session(1), filled.messages(1)))
    assert ARABIC_QUESTION not in text  # logical order is not what they display
    assert "\u064f" in text  # harakat (damma) kept


def test_bulk_export_writes_a_manifest_with_hashes(filled, tmp_path):
    out = tmp_path / "bulk"
    result = export_sessions(filled, "md", out, everything())
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert (manifest["sessions"], manifest["messages"]) == (2, 5)
    assert sorted(manifest["files"]) == sorted(p.name for p in result.files[:-1])
    for name, digest in manifest["files"].items():
        assert hashlib.sha256((out / name).read_bytes()).hexdigest() == digest
    assert manifest["date_range"]["from"] <= manifest["date_range"]["to"]


def test_bulk_export_to_zip(filled, tmp_path):
    out = tmp_path / "bulk.zip"
    export_sessions(filled, "html", out, everything())
    with zipfile.ZipFile(out) as archive:
        names = archive.namelist()
    assert "manifest.json" in names and len(names) == 3
    assert not list(tmp_path.glob(".*"))  # no staging or partial files left


def test_filters_select_sessions(filled, tmp_path):
    out = tmp_path / "f.json"
    export_sessions(filled, "json", out, ExportFilter(mode="mcq"))
    assert [s["title"] for s in sessions_of(out)] == ["Formula =1+1"]
    export_sessions(filled, "json", out, ExportFilter(model_file="other.gguf"))
    assert sessions_of(out) == []
    export_sessions(filled, "json", out, ExportFilter(since="2999-01-01"))
    assert sessions_of(out) == []
    export_sessions(filled, "json", out, ExportFilter(session_ids=[2]))
    assert [s["id"] for s in sessions_of(out)] == [2]


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("a/b\\c:d", "00007-a_b_c_d.md"),
        ("CON", "00007-_CON.md"),
        ("../../etc/passwd", "00007-etc_passwd.md"),
        ("", "00007-session.md"),
    ],
)
def test_safe_filename(title, expected):
    assert safe_filename(title, 7, "md") == expected


def test_safe_filename_bounds_long_arabic_titles():
    name = safe_filename("صداع " * 100, 1, "pdf")
    assert len(name.encode("utf-8")) <= 120 and name.endswith(".pdf")


@pytest.mark.parametrize("fmt", ["md", "html", "txt"])
def test_several_sessions_to_one_file_name_give_one_document(filled, tmp_path, fmt):
    out = tmp_path / f"all.{fmt}"
    result = export_sessions(filled, fmt, out, everything())
    assert out.is_file() and result.files == [out]
    assert (result.sessions, result.messages) == (2, 5)
    text = out.read_text(encoding="utf-8")
    contents = text.index("Contents")
    if fmt == "txt":  # visual order there; each session after a form feed
        assert text.count("\f") == 2
        assert text.index("Formula =1+1") < text.index("\f")
    else:
        first, second = text.index(ARABIC_QUESTION), text.index("-5 mg is not a dose")
        assert contents < first < second
        # The contents list links to each session's anchor.
        assert text.count('#session-1"' if fmt == "html" else "(#session-1)") == 1
        assert 'id="session-1"' in text and 'id="session-2"' in text
    if fmt == "html":
        assert text.count("page-break-before: always") >= 2
        assert text.count("<html") == 1 and 'dir="rtl"' in text
    assert not list(tmp_path.glob(".*"))


def test_a_folder_or_zip_still_gets_one_file_per_session(filled, tmp_path):
    folder = export_sessions(filled, "md", tmp_path / "chats", everything())
    assert len(folder.files) == 3 and folder.files[-1].name == "manifest.json"
    zipped = tmp_path / "chats.zip"
    export_sessions(filled, "txt", zipped, everything())
    with zipfile.ZipFile(zipped) as archive:
        assert len(archive.namelist()) == 3
