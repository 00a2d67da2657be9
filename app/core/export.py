"""Exports of chat sessions for testers, and the manifest of a bulk export.

Formats: the JSON archive (full fidelity, schema in
`schemas/chat-archive-v1.schema.json`, re-importable), JSONL chat
`messages` or ShareGPT for training, Markdown, standalone HTML, CSV with
provenance columns, and plain text in visual order for viewers without bidi
support. PDF is drawn by Qt from our HTML (`bimedix.gui.pdf_export`), so it
is passed in as a renderer and this module stays free of Qt.

Sessions are read and written one at a time, so memory stays flat however
many are exported.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import IO, Any

from bimedix import __version__
from bimedix.core.chat import is_conversation_turn
from bimedix.core.export_review import write_preference, write_sft
from bimedix.core.export_text import (  # noqa: F401 (re-exported)
    ROLE_LABELS,
    message_direction,
    session_html,
    session_markdown,
    session_visual_text,
    source_lines,
    triage_line,
)
from bimedix.core.store import SESSION_COLUMNS, ChatStore, Session, StoredMessage, utc_now
from bimedix.models.hashes import sha256_of

ARCHIVE_FORMAT = "bimedix-chat-archive"
ARCHIVE_VERSION = 1
FORMATS = ("json", "jsonl", "sharegpt", "md", "html", "csv", "txt", "pdf", "sft", "preference")
EXTENSIONS = {
    "json": "json",
    "jsonl": "jsonl",
    "sharegpt": "jsonl",
    "md": "md",
    "html": "html",
    "csv": "csv",
    "txt": "txt",
    "pdf": "pdf",
    "sft": "jsonl",
    "preference": "jsonl",
}
# Formats that hold many sessions in one file; the others get a file each.
COMBINED_FORMATS = ("json", "jsonl", "sharegpt", "csv", "sft", "preference")

Record = tuple[Session, list[StoredMessage]]
PdfRenderer = Callable[[str, Path], None]  # (HTML document, output path)
Progress = Callable[[int, int], None]  # (sessions done, total)


@dataclass
class ExportFilter:
    """Which sessions to export: explicit ids, or everything matching."""

    session_ids: list[int] | None = None
    since: str | None = None  # ISO date; sessions created on or after
    until: str | None = None  # ISO date; sessions created on or before
    model_file: str | None = None  # sessions with a reply from this model file
    mode: str | None = None


@dataclass
class ExportResult:
    files: list[Path] = field(default_factory=list)
    sessions: int = 0
    messages: int = 0


def matching_session_ids(store: ChatStore, selection: ExportFilter) -> list[int]:
    """Ids of the sessions to export, oldest first."""
    clauses, args = [], []
    if selection.session_ids is not None:
        marks = ", ".join("?" for _ in selection.session_ids) or "NULL"
        clauses.append(f"id IN ({marks})")
        args += selection.session_ids
    if selection.since:
        clauses.append("created_at >= ?")
        args.append(selection.since)
    if selection.until:
        clauses.append("substr(created_at, 1, 10) <= ?")
        args.append(selection.until[:10])
    if selection.mode:
        clauses.append("mode = ?")
        args.append(selection.mode)
    if selection.model_file:
        clauses.append("id IN (SELECT session_id FROM messages WHERE model_file = ?)")
        args.append(selection.model_file)
    where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
    rows = store.db.execute(f"SELECT id FROM sessions {where} ORDER BY id", args).fetchall()
    return [row[0] for row in rows]


def iter_records(store: ChatStore, session_ids: Iterable[int]) -> Iterator[Record]:
    for session_id in session_ids:
        yield store.get_session(session_id), store.messages(session_id)


# --- one record as data -----------------------------------------------------
def session_to_dict(session: Session, messages: list[StoredMessage]) -> dict[str, Any]:
    """The archive form of a session: every stored field, nothing derived."""
    record = {key: getattr(session, key) for key in SESSION_COLUMNS}
    record["messages"] = [
        {k: v for k, v in asdict(m).items() if k != "session_id"}
        | {"review": m.review.to_dict() if m.review else None}
        for m in messages
    ]
    return record


def chat_messages(session: Session, messages: list[StoredMessage]) -> list[dict[str, str]]:
    """role/content pairs for training: the system prompt the model saw, then
    the turns that have text and did not fail."""
    turns = [m for m in messages if is_conversation_turn(m)]
    system = next((m.system_prompt for m in messages if m.system_prompt), None)
    result = [{"role": "system", "content": system}] if system else []
    return result + [{"role": m.role, "content": m.content} for m in turns]


# --- writers for combined formats -------------------------------------------
def write_json_archive(
    records: Iterable[Record], out: IO[str], votes: list[dict[str, Any]] | None = None
) -> tuple[int, int]:
    """The archive, written session by session rather than built in memory;
    `votes`: the side-by-side compare votes about these sessions."""
    header = {
        "format": ARCHIVE_FORMAT,
        "version": ARCHIVE_VERSION,
        "exported_at": utc_now(),
        "app_version": __version__,
    }
    out.write(json.dumps(header, ensure_ascii=False, indent=1)[:-2] + ',\n "sessions": [\n')
    sessions = messages = 0
    for session, session_messages in records:
        if sessions:
            out.write(",\n")
        out.write(json.dumps(session_to_dict(session, session_messages), ensure_ascii=False))
        sessions += 1
        messages += len(session_messages)
    out.write("\n ]")
    if votes:
        out.write(',\n "compare_votes": ' + json.dumps(votes, ensure_ascii=False))
    out.write("\n}\n")
    return sessions, messages


def write_jsonl(records: Iterable[Record], out: IO[str], sharegpt: bool = False) -> tuple[int, int]:
    """One conversation per line: chat `messages`, or ShareGPT `conversations`."""
    sessions = messages = 0
    for session, session_messages in records:
        turns = chat_messages(session, session_messages)
        line: dict[str, Any] = {"id": session.id, "title": session.title, "mode": session.mode,
                                "language": session.language}  # fmt: skip
        if sharegpt:
            names = {"system": "system", "user": "human", "assistant": "gpt"}
            line["conversations"] = [
                {"from": names[t["role"]], "value": t["content"]} for t in turns
            ]
        else:
            line["messages"] = turns
        # Red-flag outcomes ride beside the turns (positions in the session),
        # so training tools that read only messages/conversations ignore them.
        line["triage"] = [
            {"position": m.position, **m.triage} for m in session_messages if m.triage
        ]
        line["reviews"] = [
            {"position": m.position, "message_id": m.id, **m.review.to_dict()}
            for m in session_messages
            if m.review
        ]
        # Document passages the replies were grounded on, when there were any.
        sources = [
            {"position": m.position, "sources": m.sources}
            for m in session_messages
            if m.sources is not None
        ]
        if sources:
            line["sources"] = sources
        out.write(json.dumps(line, ensure_ascii=False) + "\n")
        sessions += 1
        messages += len(session_messages)
    return sessions, messages


CSV_COLUMNS = (
    "session_id", "session_title", "session_mode", "session_language", "message_id",
    "position", "role", "status", "created_at", "direction", "content", "model_file",
    "model_sha256", "model_architecture", "model_quantization", "context_size",
    "prompt_format", "params", "seed", "prompt_tokens", "completion_tokens",
    "time_to_first_token_s", "tokens_per_s", "stop_reason", "app_version", "engine_version",
    "triage", "cached_prompt_tokens", "sources", "rating", "tags", "note", "correction",
)  # fmt: skip
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value: Any) -> Any:
    """Stop spreadsheets from running a cell as a formula (CSV injection)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def write_csv(records: Iterable[Record], out: IO[str]) -> tuple[int, int]:
    """One row per message. The caller opens `out` as utf-8-sig (with BOM)."""
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    sessions = messages = 0
    for session, session_messages in records:
        for m in session_messages:
            row = {k: getattr(m, k) for k in CSV_COLUMNS if hasattr(m, k)}
            row |= {
                "session_id": session.id,
                "session_title": session.title,
                "session_mode": session.mode,
                "session_language": session.language,
                "message_id": m.id,
                "direction": message_direction(m, session),
                "params": json.dumps(m.params, sort_keys=True) if m.params else "",
                "triage": json.dumps(m.triage, ensure_ascii=False, sort_keys=True)
                if m.triage
                else "",
                "sources": json.dumps(m.sources, ensure_ascii=False) if m.sources else "",
            }
            if m.review:
                row |= {"rating": m.review.rating, "tags": ",".join(m.review.tags),
                        "note": m.review.note, "correction": m.review.correction}  # fmt: skip
            writer.writerow([neutralise_cell(row.get(c)) for c in CSV_COLUMNS])
        sessions += 1
        messages += len(session_messages)
    return sessions, messages


# --- writers for one session --------------------------------------------------
_RESERVED_NAMES = {"CON", "PRN", "AUX", "NUL"} | {
    f"{port}{number}" for port in ("COM", "LPT") for number in range(1, 10)
}
_UNSAFE_CHARS = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]+')


def safe_filename(title: str, session_id: int, extension: str, max_bytes: int = 120) -> str:
    """A file name from a session title: no separators or control characters,
    no reserved device names, bounded length (UTF-8 bytes, whole characters)."""
    stem = _UNSAFE_CHARS.sub("_", title).strip(" ._") or "session"
    if stem.split(".")[0].upper() in _RESERVED_NAMES:
        stem = f"_{stem}"
    prefix = f"{session_id:05d}-"
    budget = max_bytes - len(prefix) - len(extension) - 1
    while len(stem.encode("utf-8")) > budget:
        stem = stem[:-1]
    return f"{prefix}{stem.rstrip(' ._') or 'session'}.{extension}"


def _write_combined(
    fmt: str, records: Iterable[Record], path: Path, votes: list[dict[str, Any]] | None = None
) -> tuple[int, int]:
    encoding = "utf-8-sig" if fmt == "csv" else "utf-8"
    with path.open("w", encoding=encoding, newline="" if fmt == "csv" else None) as out:
        if fmt == "json":
            return write_json_archive(records, out, votes)
        if fmt == "csv":
            return write_csv(records, out)
        if fmt in ("sft", "preference"):
            return (write_sft if fmt == "sft" else write_preference)(records, out)
        return write_jsonl(records, out, sharegpt=fmt == "sharegpt")


def _write_single(fmt: str, record: Record, path: Path, pdf: PdfRenderer | None) -> None:
    session, messages = record
    if fmt == "md":
        path.write_text(session_markdown(session, messages), encoding="utf-8")
    elif fmt == "html":
        path.write_text(session_html(session, messages), encoding="utf-8")
    elif fmt == "txt":
        path.write_text(session_visual_text(session, messages), encoding="utf-8")
    elif fmt == "pdf":
        if pdf is None:
            raise ValueError("PDF export needs a renderer (bimedix.gui.pdf_export)")
        pdf(session_html(session, messages), path)
    else:
        raise ValueError(f"unknown format {fmt}")


def _is_document_file(fmt: str, out: Path) -> bool:
    """A file name (not a folder or .zip) for a reading format: the selected
    sessions then go into one document rather than one file each."""
    from bimedix.core.export_document import DOCUMENT_FORMATS

    suffix = out.suffix.lower()
    return fmt in DOCUMENT_FORMATS and bool(suffix) and suffix != ".zip" and not out.is_dir()


def _export_document(
    store: ChatStore,
    fmt: str,
    out: Path,
    ids: list[int],
    pdf: PdfRenderer | None,
    progress: Progress | None,
) -> ExportResult:
    """Every session in `ids` into one document at `out` (see export_document)."""
    from bimedix.core.export_document import write_document

    sessions = [store.get_session(session_id) for session_id in ids]
    result = ExportResult()

    def rendered() -> Iterator[tuple[Session, str]]:
        for session, messages in iter_records(store, ids):
            if fmt == "md":
                text = session_markdown(session, messages)
            elif fmt == "txt":
                text = session_visual_text(session, messages)
            else:
                text = session_html(session, messages, standalone=False)
            yield session, text
            result.sessions += 1
            result.messages += len(messages)
            if progress:
                progress(result.sessions, len(ids))

    tmp = out.with_name(f".{out.name}.part")
    try:
        write_document(fmt, rendered(), sessions, tmp, pdf)
        tmp.replace(out)
    finally:
        tmp.unlink(missing_ok=True)
    result.files = [out]
    return result


def export_sessions(
    store: ChatStore,
    fmt: str,
    out: Path,
    selection: ExportFilter,
    pdf: PdfRenderer | None = None,
    progress: Progress | None = None,
) -> ExportResult:
    """Export the selected sessions to `out`.

    One session, or a combined format, to a file path: that single file.
    Several sessions in pdf, html, md or txt to a file name (`all.pdf`): one
    document with a contents list, each session on a new page.
    Otherwise (several sessions, or `out` is a folder, has no extension or
    ends in .zip): a folder (or zip) with the files and a `manifest.json`
    listing counts, date range, app version and the SHA-256 of every file.
    Writes go to a temporary name first, so a failed export never leaves a
    half file.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    ids = matching_session_ids(store, selection)
    # Per-session formats go to a folder unless exactly one session was named.
    single_named = selection.session_ids is not None and len(ids) == 1
    bulk = (
        out.suffix.lower() == ".zip"
        or out.is_dir()
        or (fmt not in COMBINED_FORMATS and not single_named)
    )
    if bulk and _is_document_file(fmt, out) and not single_named:
        return _export_document(store, fmt, out, ids, pdf, progress)
    done = 0

    def counted(records: Iterable[Record]) -> Iterator[Record]:
        nonlocal done
        for record in records:
            yield record
            done += 1
            if progress:
                progress(done, len(ids))

    result = ExportResult()
    if not bulk:
        tmp = out.with_name(f".{out.name}.part")
        try:
            if fmt in COMBINED_FORMATS:
                from bimedix.core.compare_votes import votes_about

                votes = votes_about(store, ids) if fmt == "json" else None
                result.sessions, result.messages = _write_combined(
                    fmt, counted(iter_records(store, ids)), tmp, votes
                )
            else:
                record = next(counted(iter_records(store, ids)))
                _write_single(fmt, record, tmp, pdf)
                result.sessions, result.messages = 1, len(record[1])
            tmp.replace(out)
        finally:
            tmp.unlink(missing_ok=True)
        result.files = [out]
        return result

    staging = Path(
        tempfile.mkdtemp(prefix=".export-", dir=out.parent if out.parent.exists() else None)
    )
    try:
        files: list[Path] = []
        if fmt in COMBINED_FORMATS:
            path = staging / f"sessions.{EXTENSIONS[fmt]}"
            result.sessions, result.messages = _write_combined(
                fmt, counted(iter_records(store, ids)), path
            )
            files.append(path)
        else:
            for record in counted(iter_records(store, ids)):
                path = staging / safe_filename(record[0].title, record[0].id, EXTENSIONS[fmt])
                _write_single(fmt, record, path, pdf)
                files.append(path)
                result.sessions += 1
                result.messages += len(record[1])
        created = store.db.execute(
            f"SELECT MIN(created_at), MAX(updated_at) FROM sessions WHERE id IN "
            f"({', '.join('?' for _ in ids) or 'NULL'})",
            ids,
        ).fetchone()
        manifest = {
            "format": fmt,
            "exported_at": utc_now(),
            "app_version": __version__,
            "sessions": result.sessions,
            "messages": result.messages,
            "date_range": {"from": created[0], "to": created[1]},
            "files": {p.name: sha256_of(p) for p in files},
        }
        (staging / "manifest.json").write_text(
            json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8"
        )
        if out.suffix.lower() == ".zip":
            tmp = out.with_name(f".{out.name}.part")
            with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as archive:
                for path in sorted(staging.iterdir()):
                    archive.write(path, path.name)
            tmp.replace(out)
            result.files = [out]
        else:
            out.mkdir(parents=True, exist_ok=True)
            for path in sorted(staging.iterdir()):
                shutil.move(str(path), out / path.name)
            result.files = sorted(out / p.name for p in files) + [out / "manifest.json"]
        return result
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def render_to_string(fmt: str, record: Record) -> str:
    """One session in a text format, for previews and tests."""
    buffer = io.StringIO()
    if fmt == "json":
        write_json_archive([record], buffer)
    elif fmt in ("jsonl", "sharegpt"):
        write_jsonl([record], buffer, sharegpt=fmt == "sharegpt")
    elif fmt == "csv":
        write_csv([record], buffer)
    elif fmt in ("sft", "preference"):
        (write_sft if fmt == "sft" else write_preference)([record], buffer)
    elif fmt == "md":
        return session_markdown(*record)
    elif fmt == "html":
        return session_html(*record)
    elif fmt == "txt":
        return session_visual_text(*record)
    return buffer.getvalue()
