"""What a screen shows for a red-flag outcome: the notice text, its language,
whether it is a crisis-support notice, and the number to emphasise.

Built either from a live `TriageResult` (the turn that just ran) or from the
`triage` record stored on a user message (a session opened again), so the
main window and demo mode draw both the same way. Pure: no Qt.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bimedix.core.triage import (
    LANGUAGES,
    RuleHit,
    RuleSet,
    TriageResult,
    countries,
    load_rules,
    notice_text,
)


@dataclass(frozen=True)
class NoticeDisplay:
    """One notice card's content."""

    text: str  # title line, what to do now, footer (one per line)
    language: str  # "en" or "ar": the message's language
    crisis: bool  # only crisis-support categories fired (suicidal thoughts)
    number: str  # the emergency number in the text, "" when none is known

    @property
    def title(self) -> str:
        return self.text.split("\n", 1)[0]

    @property
    def body_lines(self) -> list[str]:
        return self.text.split("\n")[1:]


def _number(country: str) -> str:
    entry = countries().get(country)
    return entry.ambulance if entry and entry.ambulance else ""


def _only_crisis(categories: list[str], rules: RuleSet) -> bool:
    return bool(categories) and all(rules.is_crisis(c) for c in categories)


def display_for_result(result: TriageResult, rules: RuleSet | None = None) -> NoticeDisplay | None:
    """The card for a turn's outcome (None when nothing fired)."""
    if not result.triggered:
        return None
    rules = rules or load_rules()
    categories = list(dict.fromkeys(h.category for h in result.hits))
    return NoticeDisplay(
        result.notice, result.language, _only_crisis(categories, rules), _number(result.country)
    )


def display_for_record(
    record: dict[str, Any] | None, rules: RuleSet | None = None
) -> NoticeDisplay | None:
    """The card for a stored outcome, or None when no notice was shown.

    The text is written again from the current rules in the stored language,
    with the stored country's number (what the user saw then). A rule id the
    rules no longer have falls back to the stored categories; categories the
    rules no longer describe are left out (with none left: title and footer).
    """
    if not isinstance(record, dict) or not record.get("shown"):
        return None
    rules = rules or load_rules()
    language = record.get("language") if record.get("language") in LANGUAGES else "en"
    country = str(record.get("country") or "")
    by_id = {rule.id: rule.category for rule in rules.rules}
    categories = [by_id[r] for r in record.get("rules", []) if r in by_id]
    categories += [c for c in record.get("categories", []) if isinstance(c, str)]
    categories = [c for c in dict.fromkeys(categories) if c in rules.actions]
    if not categories:
        # Edited rules no longer know what fired: the notice still stood.
        notice = rules.notice
        text = f"{notice['title'][language]}\n{notice['footer'][language]}"
    else:
        hits = [RuleHit("", category) for category in categories]
        text = notice_text(hits, str(language), country, rules)
    return NoticeDisplay(text, str(language), _only_crisis(categories, rules), _number(country))
