"""Text direction and Arabic text handling: base direction of a message,
search normalisation, and visual-order display for terminals.

Storage and Qt always get logical-order text. Visual-order reshaping is only
for outputs that cannot shape Arabic themselves (plain terminals).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import Literal

Direction = Literal["ltr", "rtl"]

# Harakat (U+064B–U+0652), superscript alef (U+0670), Quranic annotation
# marks, and tatweel (U+0640): none of them change which word is meant.
_ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_ARABIC_LETTER_VARIANTS = str.maketrans(
    {
        "\u0623": "\u0627",  # أ -> ا
        "\u0625": "\u0627",  # إ -> ا
        "\u0622": "\u0627",  # آ -> ا
        "\u0671": "\u0627",  # ٱ -> ا
        "\u0649": "\u064a",  # ى -> ي
        "\u0629": "\u0647",  # ة -> ه
    }
)


def base_direction(text: str, fallback: Direction = "ltr") -> Direction:
    """Direction of the first strong character (Unicode bidi rules P2/P3).

    Text without any strong character ("120/80", "5 mg" has one: m) takes
    `fallback`, normally the session's language direction.
    """
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind == "L":
            return "ltr"
        if kind in ("R", "AL"):
            return "rtl"
    return fallback


def language_direction(language: str) -> Direction:
    """The writing direction of a session language ('ar' is right-to-left)."""
    return "rtl" if language == "ar" else "ltr"


def language_of(text: str, fallback: str = "en") -> str:
    """'ar' when the text is mostly Arabic letters, else 'en' (or fallback)."""
    arabic = sum(1 for c in text if "\u0600" <= c <= "\u06ff" or "\u0750" <= c <= "\u077f")
    latin = sum(1 for c in text if c.isascii() and c.isalpha())
    if arabic == 0 and latin == 0:
        return fallback
    return "ar" if arabic >= latin else "en"


def normalize_for_search(text: str) -> str:
    """Fold text so that spelling variants match in full-text search.

    Applied identically to indexed text and to queries: case-folding for
    English; for Arabic, harakat and tatweel removed and alef/yaa/taa-marbuta
    variants unified (FTS5's remove_diacritics does not touch Arabic).
    """
    text = unicodedata.normalize("NFKC", text)
    text = _ARABIC_MARKS.sub("", text)
    return text.translate(_ARABIC_LETTER_VARIANTS).casefold()


def to_visual_order(text: str) -> str:
    """Shape and reorder Arabic for display in a terminal without bidi.

    Each line is handled separately; harakat are kept (they carry medical
    meaning, e.g. in drug names). Never feed the result to Qt.
    """
    if not any("\u0600" <= c <= "\u06ff" for c in text):
        return text
    from bidi import get_display

    reshaper = _reshaper()
    return "\n".join(get_display(reshaper.reshape(line)) for line in text.split("\n"))


@functools.lru_cache(maxsize=1)
def _reshaper():  # type: ignore[no-untyped-def]
    # Building a reshaper compiles its ligature patterns: do it once.
    import arabic_reshaper

    return arabic_reshaper.ArabicReshaper(
        configuration={"delete_harakat": False, "support_ligatures": True}
    )
