"""How a review reads on screen: translated tag names and the badge line
under a reviewed reply (👍/👎, tags, "corrected")."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from bimedix.core.review import Review


def tag_labels() -> dict[str, str]:
    """Each review tag's name in the interface language (spelled out so
    lupdate finds every string)."""
    return {
        "factually-wrong": QCoreApplication.translate("ReviewText", "Factually wrong"),
        "unsafe": QCoreApplication.translate("ReviewText", "Unsafe"),
        "wrong-language": QCoreApplication.translate("ReviewText", "Wrong language"),
        "incomplete": QCoreApplication.translate("ReviewText", "Incomplete"),
        "off-topic": QCoreApplication.translate("ReviewText", "Off topic"),
        "made-up-reference": QCoreApplication.translate("ReviewText", "Made-up reference"),
        "good-example": QCoreApplication.translate("ReviewText", "Good example"),
    }


def badge(review: Review | None) -> str:
    """'👎 · Unsafe · corrected', or '' when there is no review."""
    if review is None or review.is_empty:
        return ""
    labels = tag_labels()
    parts = []
    if review.rating:
        parts.append("👍" if review.rating == "good" else "👎")
    parts += [labels.get(tag, tag) for tag in review.tags]
    if review.note:
        parts.append(QCoreApplication.translate("ReviewText", "note"))
    if review.correction:
        parts.append(QCoreApplication.translate("ReviewText", "corrected"))
    return " · ".join(parts)
