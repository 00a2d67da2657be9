"""Red-flag (emergency) check run on the user's message before the model
answers: rules and country numbers as data, matching, and the notice text.

The rules live in `data/red_flags.json` (a clinician edits them without
touching code; format in docs/red-flags.md) and the emergency numbers in
`data/emergency_numbers.json`. Messages and Arabic patterns go through the
same folding as the store's search (`normalize_for_search`), so harakat,
tatweel and alef/yaa/taa-marbuta spellings do not matter. Pure Python: no Qt,
no model.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bimedix.core.direction import language_of, normalize_for_search

DATA_DIR = Path(__file__).parent / "data"
RULES_FILE = DATA_DIR / "red_flags.json"
NUMBERS_FILE = DATA_DIR / "emergency_numbers.json"
LANGUAGES = ("en", "ar")
# Only this much of a very long message is checked (its start and its end):
# emergencies are typed in a few lines, and matching a pasted megabyte would
# hold up the reply for seconds.
CHECK_HEAD_CHARS = 16_000
CHECK_TAIL_CHARS = 4_000


class RulesFileError(ValueError):
    """The rules or numbers file is malformed (names the rule and the problem)."""


def fold_pattern(pattern: str) -> str:
    """A pattern folded like the text it is matched against.

    Escapes (`\\b`, `\\s`, `\\S`) are kept as written: case-folding would turn
    `\\S` into `\\s`.
    """
    parts = re.split(r"(\\.)", pattern)
    return "".join(p if p.startswith("\\") else normalize_for_search(p) for p in parts)


def fold_text(text: str) -> str:
    """The message as the rules see it: search-normalised, one space between words."""
    return " ".join(normalize_for_search(text).replace("’", "'").split())


@dataclass(frozen=True)
class RuleHit:
    rule_id: str
    category: str


@dataclass(frozen=True)
class Rule:
    id: str
    category: str
    groups: tuple[re.Pattern[str], ...]  # every group must match
    unless: re.Pattern[str] | None  # any match vetoes the rule
    crisis: bool = False

    def matches(self, folded: str) -> bool:
        if not all(group.search(folded) for group in self.groups):
            return False
        return not (self.unless and self.unless.search(folded))


def _compile(rule_id: str, where: str, group: Any) -> re.Pattern[str] | None:
    if not isinstance(group, dict):
        raise RulesFileError(f"rule {rule_id}: {where} must be an object with en/ar lists")
    patterns = []
    for language in LANGUAGES:
        items = group.get(language, [])
        if not isinstance(items, list) or not all(isinstance(p, str) and p for p in items):
            raise RulesFileError(f"rule {rule_id}: {where}.{language} must be a list of patterns")
        for pattern in items:
            try:
                re.compile(fold_pattern(pattern))
            except re.error as exc:
                raise RulesFileError(f"rule {rule_id}: bad pattern {pattern!r}: {exc}") from exc
            patterns.append(fold_pattern(pattern))
    if not patterns:
        return None
    return re.compile("|".join(f"(?:{p})" for p in patterns))


@dataclass(frozen=True)
class RuleSet:
    """The parsed rules file."""

    version: str
    rules: tuple[Rule, ...]
    actions: dict[str, dict[str, str]]  # category -> language -> text with {number}
    notice: dict[str, dict[str, str]]  # title/crisis_title/footer/local_number
    raw: dict[str, Any] = field(repr=False, compare=False, default_factory=dict)

    def check(self, text: str) -> list[RuleHit]:
        """Rules that fire on `text`, in file order."""
        if len(text) > CHECK_HEAD_CHARS + CHECK_TAIL_CHARS:
            text = text[:CHECK_HEAD_CHARS] + "\n" + text[-CHECK_TAIL_CHARS:]
        folded = fold_text(text)
        return [RuleHit(r.id, r.category) for r in self.rules if r.matches(folded)]

    def is_crisis(self, category: str) -> bool:
        return any(r.crisis for r in self.rules if r.category == category)


def parse_rules(data: Any) -> RuleSet:
    """Validate and compile a rules document.

    Raises:
        RulesFileError: naming the rule and what is wrong with it.
    """
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        raise RulesFileError("the rules file needs a 'rules' list")
    actions = data.get("categories", {})
    notice = data.get("notice", {})
    for key in ("title", "crisis_title", "footer", "local_number"):
        if not all(isinstance(notice.get(key, {}).get(lang), str) for lang in LANGUAGES):
            raise RulesFileError(f"notice.{key} needs en and ar text")
    rules, seen = [], set()
    for item in data["rules"]:
        rule_id = item.get("id") if isinstance(item, dict) else None
        if not isinstance(rule_id, str) or not rule_id:
            raise RulesFileError("every rule needs an 'id'")
        if rule_id in seen:
            raise RulesFileError(f"rule {rule_id}: the id is used twice")
        seen.add(rule_id)
        category = item.get("category")
        action = actions.get(category, {}) if isinstance(category, str) else {}
        if not all("{number}" in str(action.get(lang, "")) for lang in LANGUAGES):
            raise RulesFileError(
                f"rule {rule_id}: category {category!r} needs en and ar text in 'categories', "
                "each with {number}"
            )
        groups = item.get("all")
        if not isinstance(groups, list) or not groups:
            raise RulesFileError(f"rule {rule_id}: 'all' must be a non-empty list of groups")
        compiled = []
        for index, group in enumerate(groups):
            pattern = _compile(rule_id, f"all[{index}]", group)
            if pattern is None:
                raise RulesFileError(f"rule {rule_id}: all[{index}] has no patterns")
            compiled.append(pattern)
        unless = _compile(rule_id, "unless", item.get("unless", {}))
        rules.append(Rule(rule_id, category, tuple(compiled), unless, bool(item.get("crisis"))))
    return RuleSet(str(data.get("version", "")), tuple(rules), actions, notice, data)


def load_rules(path: Path | None = None) -> RuleSet:
    """The rules file (default: the packaged one), parsed and compiled."""
    if path is None:
        return _default_rules()
    return _read_rules(path)


def _read_rules(path: Path) -> RuleSet:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise RulesFileError(f"cannot read the red-flag rules {path}: {exc}") from exc
    return parse_rules(data)


@functools.lru_cache(maxsize=1)
def _default_rules() -> RuleSet:
    return _read_rules(RULES_FILE)


# --- countries -----------------------------------------------------------------
@dataclass(frozen=True)
class Country:
    code: str
    name: str
    ambulance: str | None  # None: "your local emergency number"
    source: str
    crisis: dict[str, str] | None = None  # en/ar line and its source


@functools.lru_cache(maxsize=1)
def countries() -> dict[str, Country]:
    """Country code -> emergency numbers, from the packaged table."""
    data = json.loads(NUMBERS_FILE.read_text(encoding="utf-8"))
    table = {}
    for code, entry in data["countries"].items():
        table[code] = Country(
            code, entry["name"], entry.get("ambulance"), entry["source"], entry.get("crisis")
        )
    return table


def normalise_country(code: str) -> str | None:
    """'ae' -> 'AE'; '' -> ''; a code not in the table -> None."""
    code = code.strip().upper()
    if not code:
        return ""
    return code if code in countries() else None


# --- the outcome and its notice --------------------------------------------------
@dataclass(frozen=True)
class TriageResult:
    """What the check found for one message, and the notice to show."""

    hits: tuple[RuleHit, ...]
    language: str
    country: str
    rules_version: str
    notice: str  # empty when nothing fired

    @property
    def triggered(self) -> bool:
        return bool(self.hits)

    @property
    def rule_ids(self) -> list[str]:
        return [h.rule_id for h in self.hits]

    def record(self, shown: bool, stopped: bool = False) -> dict[str, Any]:
        """The outcome as stored with the message and exported."""
        return {
            "rules": self.rule_ids,
            "categories": sorted({h.category for h in self.hits}),
            "country": self.country,
            "shown": shown,
            "stopped": stopped,
            "language": self.language,
            "rules_version": self.rules_version,
        }


def emergency_number(country: str, language: str, rules: RuleSet) -> str:
    entry = countries().get(country)
    if entry and entry.ambulance:
        return entry.ambulance
    return rules.notice["local_number"][language]


def notice_text(hits: list[RuleHit], language: str, country: str, rules: RuleSet) -> str:
    """What to do now and whom to call, in `language` ('en' or 'ar')."""
    if not hits:
        return ""
    language = language if language in LANGUAGES else "en"
    number = emergency_number(country, language, rules)
    categories = list(dict.fromkeys(h.category for h in hits))
    crisis = any(rules.is_crisis(c) for c in categories)
    title = rules.notice["crisis_title" if crisis else "title"][language]
    lines = [title]
    lines += [rules.actions[c][language].replace("{number}", number) for c in categories]
    entry = countries().get(country)
    if crisis and entry and entry.crisis:
        lines.append(entry.crisis[language])
    lines.append(rules.notice["footer"][language])
    return "\n".join(lines)


def triage(
    text: str, country: str = "", rules: RuleSet | None = None, fallback_language: str = "en"
) -> TriageResult:
    """Check one message; the notice is in the message's language."""
    rules = rules or load_rules()
    hits = rules.check(text)
    language = language_of(text, fallback=fallback_language)
    return TriageResult(
        tuple(hits), language, country, rules.version, notice_text(hits, language, country, rules)
    )


@dataclass(frozen=True)
class TriageConfig:
    """How a chat runs the check: the country for the number, and whether the
    model still answers after a notice (demo mode may stop there)."""

    country: str = ""
    stop_after_notice: bool = False
    rules: RuleSet | None = None  # None: the packaged rules
    enabled: bool = True

    def run(self, text: str, fallback_language: str = "en") -> TriageResult:
        return triage(text, self.country, self.rules, fallback_language)
