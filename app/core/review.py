"""A tester's review of an assistant reply: rating, tags, note, correction.

Pure data and validation; `ChatStore` stores reviews (`reviews` table,
migration m006_review) and `bimedix.core.export_review` turns them into
training files (sft, preference).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from bimedix.errors import UserFacingError

RATINGS = ("good", "bad")
# What the command line accepts for each rating.
RATING_WORDS = {"up": "good", "good": "good", "down": "bad", "bad": "bad"}
TAGS = (
    "factually-wrong",
    "unsafe",
    "wrong-language",
    "incomplete",
    "off-topic",
    "made-up-reference",
    "good-example",
)
MAX_NOTE = 10_000
MAX_CORRECTION = 100_000


class ReviewError(UserFacingError):
    """A review that cannot be stored as given (bad tag, rating, target)."""


@dataclass(frozen=True)
class Review:
    """One review of one assistant message."""

    rating: str | None = None  # "good", "bad" or not rated
    tags: tuple[str, ...] = ()
    note: str = ""
    correction: str = ""  # what the model should have said; "" if none
    updated_at: str = ""
    message_id: int | None = None

    @property
    def needs_correction(self) -> bool:
        """Rated bad and no corrected reply yet."""
        return self.rating == "bad" and not self.correction.strip()

    @property
    def is_empty(self) -> bool:
        return not (self.rating or self.tags or self.note.strip() or self.correction.strip())

    def to_dict(self) -> dict[str, Any]:
        """The exported form (JSON archive, JSONL, the CLI's --json)."""
        return {
            "rating": self.rating,
            "tags": list(self.tags),
            "note": self.note,
            "correction": self.correction or None,
            "updated_at": self.updated_at or None,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], message_id: int | None = None) -> Review:
        """From `to_dict`'s shape (archive import); raises ReviewError."""
        return make_review(
            data.get("rating"),
            data.get("tags") or (),
            data.get("note") or "",
            data.get("correction") or "",
            updated_at=str(data.get("updated_at") or ""),
            message_id=message_id,
        )


def parse_rating(word: str | None) -> str | None:
    if word is None or word == "":
        return None
    rating = RATING_WORDS.get(str(word).strip().lower())
    if rating is None:
        raise ReviewError(f"unknown rating {word!r}; use up or down")
    return rating


def check_tags(tags: Iterable[str]) -> tuple[str, ...]:
    """Tags in the order given, without repeats; an unknown one is an error."""
    result: list[str] = []
    for tag in tags:
        if not isinstance(tag, str) or tag.strip().lower() not in TAGS:
            raise ReviewError(f"unknown tag {tag!r}; known tags: {', '.join(TAGS)}")
        tag = tag.strip().lower()
        if tag not in result:
            result.append(tag)
    return tuple(result)


def make_review(
    rating: str | None,
    tags: Iterable[str] = (),
    note: str = "",
    correction: str = "",
    updated_at: str = "",
    message_id: int | None = None,
) -> Review:
    """A checked Review; raises ReviewError naming what is wrong."""
    if not isinstance(note, str) or not isinstance(correction, str):
        raise ReviewError("the note and the correction must be text")
    if len(note) > MAX_NOTE:
        raise ReviewError(f"the note is longer than {MAX_NOTE} characters")
    if len(correction) > MAX_CORRECTION:
        raise ReviewError(f"the correction is longer than {MAX_CORRECTION} characters")
    return Review(
        rating=parse_rating(rating),
        tags=check_tags(tags),
        note=note.strip(),
        correction=correction.strip(),
        updated_at=updated_at,
        message_id=message_id,
    )


def review_line(review: Review) -> str:
    """The review in one line for transcripts (Markdown, HTML, PDF)."""
    parts = [
        "Review: " + {"good": "good 👍", "bad": "bad 👎"}.get(review.rating or "", "not rated")
    ]
    if review.tags:
        parts.append("tags: " + ", ".join(review.tags))
    if review.note:
        parts.append("note: " + review.note)
    if review.correction:
        parts.append("corrected")
    return " · ".join(parts)
