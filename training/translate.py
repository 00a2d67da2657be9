"""`data translate` and `data review-import`: English → Arabic with a human
in the loop, as BiMediX's semi-automated translation did.

A chat backend the app supports (a local GGUF through `LlamaCppBackend`, or
an OpenAI-compatible server) drafts an Arabic translation of every message
of the English records. Each draft is checked mechanically — every number
and unit of the source must survive, and so must Latin-script medical terms
(drug names, HbA1c, ECG) — and written to a review file (CSV or JSONL) with
one row per message: id, turn, role, english, arabic, checks, status. A
reviewer corrects the `arabic` column and sets `status` to `accepted` (or
`rejected`); `review-import` keeps only records whose every row was
accepted, as Arabic chat records `data build` reads.
"""

from __future__ import annotations

import csv
import json
import re
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bimedix.engine.backend import Backend, ChatMessage, GenerationParams, TextDelta
from bimedix.errors import UserFacingError
from bimedix.training.config import TrainingConfig
from bimedix.training.data import BuildStats, DataError, iter_source_records

REVIEW_COLUMNS = ("id", "source", "kind", "turn", "role", "english", "arabic", "checks", "status")
ACCEPTED = ("accepted", "accept", "ok", "edited")
TRANSLATION_PROMPT = (
    "You translate medical text from English to Modern Standard Arabic for a bilingual "
    "medical assistant. Translate the user's text faithfully and completely. Keep every "
    "number, unit and dose exactly as written. Keep drug names, laboratory tests and "
    "abbreviations (for example HbA1c, ECG, mmHg) in Latin letters. Keep answer letters "
    "(A, B, C, D) unchanged. Reply with the translation only."
)
# Numbers standing alone, not digits inside a term like HbA1c or B12.
_NUMBER = re.compile(r"(?<![A-Za-z0-9])\d+(?:[.,/]\d+)*(?![A-Za-z])")
# Latin-script words a translation must keep: abbreviations with a capital
# or digit after the first letter (HbA1c, ECG, B12) and units.
_TERM = re.compile(r"\b(?:[A-Za-z]*[A-Z0-9][A-Za-z0-9]*[A-Z0-9][A-Za-z0-9]*|mmHg|mg|ml|kg)\b")
_ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩٫", "0123456789.")


class TranslationError(UserFacingError):
    """The backend for translation cannot be created or used."""


def draft_checks(english: str, arabic: str) -> list[str]:
    """What a draft lost: numbers and Latin-script medical terms of the
    source that it does not contain (Arabic-Indic digits count as digits)."""
    folded = arabic.translate(_ARABIC_DIGITS)
    problems = []
    missing_numbers = [n for n in _NUMBER.findall(english) if n not in folded]
    if missing_numbers:
        problems.append("numbers missing: " + ", ".join(dict.fromkeys(missing_numbers)))
    terms = [t for t in _TERM.findall(english) if not t.isdigit() and len(t) > 1]
    missing_terms = [t for t in dict.fromkeys(terms) if t.lower() not in folded.lower()]
    if missing_terms:
        problems.append("terms missing: " + ", ".join(missing_terms))
    if not re.search("[\u0600-\u06ff]", arabic):
        problems.append("no Arabic text")
    return problems


def translate_text(backend: Backend, text: str, max_tokens: int = 1024) -> str:
    """One translation from the backend, greedy (reproducible).

    The reply is capped near the source's length (one token per character
    of English is several times what a translation needs), so a model that
    starts looping cannot run on for the whole budget.
    """
    messages = [ChatMessage("system", TRANSLATION_PROMPT), ChatMessage("user", text)]
    params = GenerationParams(
        max_tokens=min(max_tokens, 16 + len(text)), temperature=0.0, top_k=1, seed=0
    )
    parts = [e.text for e in backend.stream_chat(messages, params) if isinstance(e, TextDelta)]
    return "".join(parts).strip()


def review_rows(
    config: TrainingConfig, backend: Backend, limit: int = 0, max_tokens: int = 1024
) -> Iterator[dict[str, Any]]:
    """One review row per message of each English record of the sources."""
    done = 0
    for record in iter_source_records(config, BuildStats()):
        if record.language != "en":
            continue
        if limit and done >= limit:
            return
        done += 1
        for turn, message in enumerate(record.messages):
            draft = translate_text(backend, message["content"], max_tokens)
            yield {
                "id": record.id,
                "source": record.source,
                "kind": record.kind,
                "turn": turn,
                "role": message["role"],
                "english": message["content"],
                "arabic": draft,
                "checks": "; ".join(draft_checks(message["content"], draft)),
                "status": "pending",
            }


def write_review_file(rows: Iterator[dict[str, Any]], out: Path) -> int:
    """Write rows as CSV (Excel/LibreOffice-friendly, UTF-8 with BOM) or
    JSONL, by the file's suffix; rows are flushed as they are translated."""
    out.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    if out.suffix.lower() == ".jsonl":
        with out.open("w", encoding="utf-8") as handle:
            for row in rows:
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
                handle.flush()
                count += 1
        return count
    with out.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, REVIEW_COLUMNS)
        writer.writeheader()
        for row in rows:
            writer.writerow(row)
            handle.flush()
            count += 1
    return count


def translate_config(config: TrainingConfig, backend: Backend, out: Path, *, limit: int = 0) -> int:
    return write_review_file(review_rows(config, backend, limit), out)


def make_backend(model: str | None, base_url: str | None, name: str, api_key: str) -> Backend:
    """A local GGUF backend, or an OpenAI-compatible server (llama.cpp's, vLLM, `bimedix serve`)."""
    from bimedix.core.settings import resolve_data_dir
    from bimedix.models.opening import RemoteServer, open_backend

    spec = model or RemoteServer(base_url or "", name or None, api_key or None)
    return open_backend(spec, resolve_data_dir(None), n_ctx=4096)


def _read_review(path: Path) -> list[dict[str, Any]]:
    try:
        if path.suffix.lower() == ".jsonl":
            with path.open(encoding="utf-8") as handle:
                return [json.loads(line) for line in handle if line.strip()]
        with path.open(encoding="utf-8-sig", newline="") as handle:
            return list(csv.DictReader(handle))
    except (OSError, json.JSONDecodeError, csv.Error) as exc:
        raise DataError(f"Cannot read the review file {path}: {exc}") from exc


def import_review(path: Path, out: Path) -> tuple[int, int]:
    """Accepted records → Arabic chat records (JSONL) for `data build`.

    A record enters only when every one of its rows is accepted and has
    Arabic text. Returns (records written, records not accepted).
    """
    rows = _read_review(path)
    missing = [c for c in ("id", "turn", "role", "arabic", "status") if rows and c not in rows[0]]
    if missing:
        raise DataError(f"{path.name} lacks the column(s) {', '.join(missing)}")
    by_record: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        by_record[str(row["id"])].append(row)
    accepted = rejected = 0
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as handle:
        for record_id, record_rows in by_record.items():
            record_rows.sort(key=lambda r: int(r["turn"]))
            ok = all(
                str(r["status"]).strip().lower() in ACCEPTED and str(r["arabic"]).strip()
                for r in record_rows
            )
            if not ok:
                rejected += 1
                continue
            messages = [
                {"role": r["role"], "content": str(r["arabic"]).strip()} for r in record_rows
            ]
            line = {
                "id": f"{record_id}-ar",
                "kind": record_rows[0].get("kind") or "chat",
                "language": "ar",
                "messages": messages,
            }
            handle.write(json.dumps(line, ensure_ascii=False) + "\n")
            accepted += 1
    return accepted, rejected
