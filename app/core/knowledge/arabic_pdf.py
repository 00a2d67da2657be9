"""Arabic as PDFs hand it out, back to logical base letters.

Many PDF writers map shaped glyphs to the Unicode *presentation forms*
(U+FB50-U+FDFF, U+FE70-U+FEFF: "ﻓﻘﺮ" for "فقر"), and some store right-to-left
runs in the order they are drawn (visual order), so a text extractor reads
each word backwards. `logical_arabic` folds the presentation forms with NFKC
(only those characters: NFKC elsewhere would change e.g. superscripts), and
reverses the right-to-left runs of a line when the shapes show it is in
visual order.

Visual order is decided per page, from evidence in the words themselves:
in logical order a shaped word begins with an initial or isolated form and
ends with a final one; with base letters, taa marbuta and alef maqsura only
end words, the article "ال" starts them, and "؟" or "،" follow them. Stored
visually, all of these show up mirrored. (Qt's PDFs, the app's own export
included, read this way through pypdf: each word's letters backwards, the
words themselves in order.) A page with no evidence either way is kept.
"""

from __future__ import annotations

import re
import unicodedata

_PRESENTATION = re.compile("[\ufb50-\ufdff\ufe70-\ufeff]")
_ARABIC_WORD = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]+")
# A run that reads right to left: Arabic letters with the spaces and
# punctuation between them (digits and Latin stay left-to-right islands).
_RTL_RUN = re.compile(
    # Stored visually, a full stop after a word comes before it: take it along.
    "[.,:;!?]*"
    "[\u0600-\u065f\u066a-\u06ef\u06fa-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]"
    "(?:[\u0600-\u065f\u066a-\u06ef\u06fa-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff"
    " .,:;!?()\u060c\u061b\u061f-]*"
    "[\u0600-\u065f\u066a-\u06ef\u06fa-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff])?"
)
_MIRRORED = str.maketrans("()[]{}<>", ")(][}{><")


def _form(char: str) -> str:
    """'initial', 'medial', 'final', 'isolated' or '' for a presentation form."""
    name = unicodedata.name(char, "")
    for form in ("INITIAL", "MEDIAL", "FINAL", "ISOLATED"):
        if name.endswith(f"{form} FORM"):
            return form.lower()
    return ""


_WORD_ENDS = "\u0629\u0649\ufe93\ufe94\ufeef\ufef0"  # taa marbuta, alef maqsura
_AFTER_WORD = "\u061f\u060c"  # ؟ ،
_TOKEN = re.compile("[^\\s]+")


def is_visual_order(text: str) -> bool:
    """True when the text's Arabic words read backwards (see module doc)."""
    forward = backward = 0
    for token in _TOKEN.findall(text):
        words = _ARABIC_WORD.findall(token)
        if not words:
            continue
        if token[-1] in _AFTER_WORD:
            forward += 1
        if token[0] in _AFTER_WORD:
            backward += 1
        for word in words:
            letters = word.strip(_AFTER_WORD)
            if len(letters) < 2:
                continue
            first, last = _form(letters[0]), _form(letters[-1])
            if first == "initial" or last == "final":
                forward += 1
            if first == "final" or last == "initial":
                backward += 1
            base = fold_presentation_forms(letters)
            if base[-1] in _WORD_ENDS or (len(base) > 3 and base.startswith("ال")):
                forward += 1
            if base[0] in _WORD_ENDS or (len(base) > 3 and base.endswith("لا")):
                backward += 1
    return backward > forward


def _reverse_rtl_runs(line: str) -> str:
    return _RTL_RUN.sub(lambda m: m.group(0)[::-1].translate(_MIRRORED), line)


def fold_presentation_forms(text: str) -> str:
    """NFKC on the presentation-form characters only (lam-alef -> two letters)."""
    return _PRESENTATION.sub(lambda m: unicodedata.normalize("NFKC", m.group(0)), text)


def logical_arabic(text: str) -> str:
    """A page's text in logical order with base letters."""
    if not _ARABIC_WORD.search(text):
        return text
    if is_visual_order(text):
        # Reverse while still shaped (a ligature is one character here, so
        # its letters come out in the right order after folding).
        text = "\n".join(_reverse_rtl_runs(line) for line in text.split("\n"))
    return fold_presentation_forms(text)
