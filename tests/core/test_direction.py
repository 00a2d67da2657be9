"""Text direction, language guessing, search normalisation and terminal
visual order for Arabic and mixed Arabic/English medical text."""

from __future__ import annotations

import unicodedata

import pytest

from bimedix.core.direction import (
    base_direction,
    language_of,
    normalize_for_search,
    to_visual_order,
)

HARAKAT = set("\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652")


def _without_marks(text: str) -> str:
    return "".join(c for c in text if unicodedata.category(c) != "Mn")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("What is the dose of paracetamol?", "ltr"),
        ("ما هي جرعة الباراسيتامول؟", "rtl"),
        ("Take 500 mg باراسيتامول", "ltr"),
        ("تناول 500 mg", "rtl"),
        ("500 mg", "ltr"),  # digits are weak; the m is the first strong character
        ("«مرحبا» said the patient", "rtl"),
        ("   \n- HbA1c 7%", "ltr"),
        ("עברית", "rtl"),  # Hebrew (bidi class R) is right-to-left too
    ],
)
def test_base_direction_is_first_strong_character(text: str, expected: str) -> None:
    assert base_direction(text) == expected
    # A strong character decides regardless of the fallback.
    assert base_direction(text, fallback="rtl") == expected
    assert base_direction(text, fallback="ltr") == expected


@pytest.mark.parametrize("text", ["120/80", "", "  ", "37.5 - 38", "٣٧٫٥", "+/-"])
def test_base_direction_without_strong_characters_uses_fallback(text: str) -> None:
    assert base_direction(text) == "ltr"
    assert base_direction(text, fallback="rtl") == "rtl"
    assert base_direction(text, fallback="ltr") == "ltr"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I have a headache", "en"),
        ("عندي صداع", "ar"),
        ("Take 500 mg باراسيتامول", "ar"),  # more Arabic letters than Latin
        ("Paracetamol is also called acetaminophen, باراسيتامول", "en"),
        ("ضغط الدم 120/80 mmHg", "ar"),
    ],
)
def test_language_of_counts_letters(text: str, expected: str) -> None:
    assert language_of(text) == expected


def test_language_of_without_letters_uses_fallback() -> None:
    assert language_of("120/80") == "en"
    assert language_of("120/80", fallback="ar") == "ar"
    assert language_of("", fallback="ar") == "ar"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Iron-Deficiency ANAEMIA", "iron-deficiency anaemia"),
        ("Straße", "strasse"),  # full case folding, not just lower()
        ("فَقْرُ الدَّمِ", "فقر الدم"),  # harakat removed
        ("الـــدواء", "الدواء"),  # tatweel removed
        ("الإسعاف", "الاسعاف"),
        ("أنيميا", "انيميا"),
        ("آلام", "الام"),
        ("ٱلطب", "الطب"),  # alef wasla
        ("مستشفى", "مستشفي"),
        ("جرعة", "جرعه"),
        ("ﻓﻘﺮ", "فقر"),  # presentation forms (reshaped text) fold back to letters
        ("ﻻ", "لا"),  # lam-alef ligature
    ],
)
def test_normalize_for_search(text: str, expected: str) -> None:
    assert normalize_for_search(text) == expected


def test_normalize_for_search_makes_variants_equal() -> None:
    variants = ["مُسْتَشْفَى الإسعاف", "مستشفي الاسعاف", "مستشفـــى الأسعاف", "مستشفى الآسعاف"]

    assert len({normalize_for_search(v) for v in variants}) == 1


def test_normalize_for_search_is_idempotent() -> None:
    text = "فَقْرُ الدَّمِ in Straße ﻻ"
    once = normalize_for_search(text)

    assert normalize_for_search(once) == once


def test_to_visual_order_leaves_text_without_arabic_alone() -> None:
    text = "Take 500 mg twice a day.\nSecond line"

    assert to_visual_order(text) == text


def test_to_visual_order_keeps_harakat() -> None:
    text = "فَقْرُ الدَّمِ"

    visual = to_visual_order(text)

    marks_in = sorted(c for c in text if c in HARAKAT)
    marks_out = sorted(c for c in visual if c in HARAKAT)
    assert marks_in == marks_out
    assert len(marks_out) == 6


def test_to_visual_order_shapes_and_reverses_arabic() -> None:
    text = "فَقْرُ الدَّمِ"

    visual = to_visual_order(text)

    assert visual != text
    # Shaped: letters became contextual presentation forms.
    assert any("\ufb50" <= c <= "\ufeff" for c in visual)
    # Reordered: read right to left, the letters are the original ones.
    letters = _without_marks(unicodedata.normalize("NFKC", visual))
    assert letters[::-1] == _without_marks(text)


def test_to_visual_order_handles_each_line_and_keeps_latin_order() -> None:
    text = "Take 500 mg باراسيتامول\nسطر ثانٍ"

    visual = to_visual_order(text)

    lines = visual.split("\n")
    assert len(lines) == 2
    assert lines[0].startswith("Take 500 mg ")
    assert "\u064d" in lines[1]  # the tanween kasra of ثانٍ survives
