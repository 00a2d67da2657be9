"""The notice card's content, from a live outcome and from a stored record."""

from __future__ import annotations

from bimedix.core.triage import load_rules, triage
from bimedix.core.triage_view import display_for_record, display_for_result

CHEST_AR = "أُعاني من أَلَم في الصدر ينتشر إلى ذراعي مع تعرّق"


def test_a_stored_record_gives_the_notice_the_user_saw():
    for text, country in [
        ("chest pain spreading to my jaw", "AE"),
        (CHEST_AR, "EG"),
        ("I took an overdose of pills and I want to kill myself", "GB"),
        ("my baby is 3 weeks old and has a fever", ""),
    ]:
        result = triage(text, country)
        assert result.triggered, text
        live = display_for_result(result)
        stored = display_for_record(result.record(shown=True))
        assert live is not None and stored == live


def test_language_number_and_kind():
    display = display_for_result(triage(CHEST_AR, "EG"))
    assert display is not None
    assert (display.language, display.number, display.crisis) == ("ar", "123", False)
    assert display.title == "قد تكون هذه حالة طارئة."
    assert any("123" in line for line in display.body_lines)
    crisis = display_for_result(triage("I want to kill myself", "US"))
    assert crisis is not None and crisis.crisis
    assert "988" in crisis.text
    # Suicidal thoughts with an overdose: an emergency, so red, not amber.
    both = display_for_result(triage("I took an overdose because I want to die", "US"))
    assert both is not None and not both.crisis
    unknown = display_for_result(triage("chest pain spreading to my arm", ""))
    assert unknown is not None and unknown.number == ""


def test_nothing_to_show():
    assert display_for_result(triage("How do I treat a mild sunburn?")) is None
    assert display_for_record(None) is None
    assert display_for_record({"rules": [], "shown": False}) is None
    assert display_for_record({"rules": ["chest_pain_spreading"], "shown": False}) is None


def test_a_record_from_older_rules_still_shows_a_notice():
    rules = load_rules()
    old = {"rules": ["retired_rule"], "categories": ["chest_pain"], "country": "JO",
           "shown": True, "language": "en"}  # fmt: skip
    display = display_for_record(old, rules)
    assert display is not None and "911" in display.text
    gone = {"rules": ["retired_rule"], "categories": ["retired"], "shown": True, "language": "ar"}
    display = display_for_record(gone, rules)
    assert display is not None
    assert display.text.split("\n") == [
        rules.notice["title"]["ar"],
        rules.notice["footer"]["ar"],
    ]
