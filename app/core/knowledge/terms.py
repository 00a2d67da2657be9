"""Search terms for documents: the app's normalisation plus light Arabic
prefix stripping, the same for passages and questions.

`normalize_for_search` folds harakat, tatweel, letter variants and case.
Arabic also glues the article and some particles to the word ("والسكري",
"بالأنسولين"), so a question's "السكري" must meet "والسكري": every Arabic word
loses one such prefix when at least three letters remain. Stop words are
left out of questions only (BM25 weighs them low anyway, but they must not
count as evidence that a passage is relevant).
"""

from __future__ import annotations

import re
import unicodedata

from bimedix.core.direction import normalize_for_search

# Longest first: "وال" before "و".
_PREFIXES = ("وبال", "وال", "بال", "كال", "فال", "لل", "ال", "و", "ب", "ف", "ل")
_WORD = re.compile(r"\w+")
_ARABIC = re.compile("[\u0600-\u06ff]")

STOP_WORDS = frozenset(
    """
    a an the and or of to in on at for with by from is are was were be been being it its
    this that these those what which who whom whose when where why how do does did can could
    should would will may might must i you he she we they me my your our their his her them
    not no yes if then than as about into over under after before during there here any all
    some more most other such only own same so too very just also per vs
    ما ماذا من متى اين كيف لماذا هل في على الى عن مع او ثم ان لا نعم هو هي هم هذا هذه ذلك
    تلك التي الذي الذين كان كانت يكون تكون عند بعد قبل كل اي لكل ما هو ما هي
    """.split()
)


def _strip_prefix(word: str) -> str:
    for prefix in _PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 3:
            return word[len(prefix) :]
    return word


def terms(text: str) -> list[str]:
    """The normalised words of `text`, Arabic prefixes stripped."""
    # Control characters (NUL among them) end an FTS5 string early.
    text = "".join(" " if unicodedata.category(c) in ("Cc", "Cs") else c for c in text)
    words = _WORD.findall(normalize_for_search(text))
    return [_strip_prefix(w) if _ARABIC.match(w) else w for w in words]


def search_text(text: str) -> str:
    """What the FTS index holds for a passage."""
    return " ".join(terms(text))


_STOP_TERMS = frozenset(t for w in STOP_WORDS for t in terms(w))


def query_terms(text: str) -> list[str]:
    """A question's distinct content words, in order."""
    seen: dict[str, None] = {}
    for word in terms(text):
        if word not in _STOP_TERMS and (len(word) > 1 or word.isdigit()):
            seen.setdefault(word, None)
    return list(seen)
