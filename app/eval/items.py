"""The multiple-choice item format and its JSONL loader.

One JSON object per line:

    {"question": "...", "options": ["...", "..."], "answer": "B",
     "language": "en", "subject": "anatomy", "context": "optional", "id": "optional"}

`answer` is the letter of the correct option (A for the first). Blank lines
and lines starting with `#` are skipped. Any other bad line stops loading with
a message naming the file, the line and what is wrong.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bimedix.errors import UserFacingError
from bimedix.safe_json import JsonFileError, iter_jsonl, loads

LETTERS = "ABCDEFGHIJ"
LANGUAGES = ("en", "ar")
MAX_OPTIONS = len(LETTERS)


class EvalDataError(UserFacingError):
    """A benchmark file or data set row is not in the expected shape."""


@dataclass(frozen=True)
class EvalItem:
    """One multiple-choice question; `answer` is the index of the right option."""

    question: str
    options: tuple[str, ...]
    answer: int
    language: str
    subject: str
    context: str = ""
    item_id: str = ""

    @property
    def answer_letter(self) -> str:
        return LETTERS[self.answer]


def make_item(
    question: object,
    options: object,
    answer: object,
    language: object,
    subject: object = "",
    context: object = "",
    item_id: object = "",
) -> EvalItem:
    """Validate raw values into an `EvalItem`.

    `answer` may be a letter ("B", "b") or a 0-based index.

    Raises:
        ValueError: with a short description of the first problem found.
    """
    if not isinstance(question, str) or not question.strip():
        raise ValueError("'question' must be a non-empty string")
    if not isinstance(options, (list, tuple)) or not 2 <= len(options) <= MAX_OPTIONS:
        raise ValueError(f"'options' must be a list of 2 to {MAX_OPTIONS} strings")
    if not all(isinstance(o, str) and o.strip() for o in options):
        raise ValueError("every option must be a non-empty string")
    if isinstance(answer, bool):
        raise ValueError("'answer' must be a letter such as \"A\"")
    if isinstance(answer, int):
        index = answer
    elif isinstance(answer, str) and len(answer.strip()) == 1:
        index = LETTERS.find(answer.strip().upper())
    else:
        raise ValueError("'answer' must be a letter such as \"A\"")
    if not 0 <= index < len(options):
        raise ValueError(f"'answer' {answer!r} does not name one of the {len(options)} options")
    if language not in LANGUAGES:
        raise ValueError(f"'language' must be one of {', '.join(LANGUAGES)}, not {language!r}")
    for name, value in (("subject", subject), ("context", context)):
        if not isinstance(value, str):
            raise ValueError(f"'{name}' must be a string")
    if not isinstance(item_id, (str, int)):
        raise ValueError("'id' must be a string or a number")
    return EvalItem(
        question=question.strip(),
        options=tuple(o.strip() for o in options),
        answer=index,
        language=str(language),
        subject=str(subject).strip(),
        context=str(context).strip(),
        item_id=str(item_id),
    )


_KNOWN_KEYS = {"question", "options", "answer", "language", "subject", "context", "id"}


def parse_lines(lines: Iterable[str], source: str) -> list[EvalItem]:
    """Items from JSONL text lines; `source` names the file in messages.

    Raises:
        EvalDataError: a line is not JSON, misses a field, or has a bad value.
    """
    return parse_records(_decode_lines(lines, source), source)


def _decode_lines(lines: Iterable[str], source: str) -> Iterator[tuple[int, Any]]:
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if line and not line.startswith("#"):
            yield number, loads(line, source, line=number)


def parse_records(records: Iterable[tuple[int, Any]], source: str) -> list[EvalItem]:
    """Items from (line number, decoded JSON value) pairs.

    Raises:
        EvalDataError: a line is not JSON, misses a field, or has a bad value.
    """
    items: list[EvalItem] = []
    numbered = iter(records)
    while True:
        try:
            number, record = next(numbered)
        except StopIteration:
            break
        except JsonFileError as exc:
            raise EvalDataError(str(exc)) from exc
        try:
            if not isinstance(record, dict):
                raise ValueError("each line must be a JSON object")
            missing = [k for k in ("question", "options", "answer", "language") if k not in record]
            if missing:
                raise ValueError(f"missing {', '.join(repr(k) for k in missing)}")
            unknown = sorted(set(record) - _KNOWN_KEYS)
            if unknown:
                raise ValueError(f"unknown field {', '.join(repr(k) for k in unknown)}")
            items.append(
                make_item(
                    record["question"],
                    record["options"],
                    record["answer"],
                    record["language"],
                    record.get("subject", ""),
                    record.get("context", ""),
                    record.get("id", f"{number}"),
                )
            )
        except ValueError as exc:
            raise EvalDataError(
                template="{source}, line {line}: {reason}.", source=source, line=number, reason=exc
            ) from exc
    if not items:
        raise EvalDataError(template="{source} contains no questions.", source=source)
    return items


def load_jsonl(path: Path) -> list[EvalItem]:
    """Items of a benchmark file in the format above.

    Raises:
        EvalDataError: unreadable file or bad line.
    """
    if not path.is_file():
        raise EvalDataError(template="Benchmark file not found: {path}", path=path)
    return parse_records(iter_jsonl(path, comments=True), path.name)


def select_language(items: Sequence[EvalItem], language: str) -> list[EvalItem]:
    """The items in `language` ('en', 'ar'), or all of them for 'both'."""
    return list(items) if language == "both" else [i for i in items if i.language == language]
