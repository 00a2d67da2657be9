"""The red-flag check (issue 19): every rule in both languages, spelling
variants, the measured sets, the country table and the notice text, the
rules file's validation, and the outcome stored with a message (migration
m005 from a real older database)."""

from __future__ import annotations

import copy
import importlib.util
import json
import sqlite3
from pathlib import Path

import pytest

from bimedix.core.kiosk import KioskSettings
from bimedix.core.settings import Settings
from bimedix.core.store import ChatStore
from bimedix.core.triage import (
    NUMBERS_FILE,
    RulesFileError,
    fold_pattern,
    fold_text,
    load_rules,
    normalise_country,
    parse_rules,
    triage,
)

RULES = load_rules()
RAW = RULES.raw
REQUIRED_CATEGORIES = {
    "chest_pain", "stroke", "severe_bleeding", "anaphylaxis", "breathing",
    "consciousness_seizure", "poisoning_overdose", "suicide_self_harm", "pregnancy_bleeding",
    "infant_fever", "severe_burns",
}  # fmt: skip
REQUIRED_COUNTRIES = {"AE", "SA", "EG", "JO", "QA", "KW", "OM", "BH", "MA", "LB", "IQ", "GB", "US",
                      "EU"}  # fmt: skip
CASES = [
    (rule["id"], language, text)
    for rule in RAW["rules"]
    for language in ("en", "ar")
    for text in rule["examples"][language]
]
COUNTER_CASES = [
    (rule["id"], language, text)
    for rule in RAW["rules"]
    for language in ("en", "ar")
    for text in rule.get("counter_examples", {}).get(language, [])
]


def test_rules_cover_every_category_of_the_issue_in_both_languages() -> None:
    assert {r.category for r in RULES.rules} >= REQUIRED_CATEGORIES
    for rule in RAW["rules"]:
        assert rule["examples"]["en"] and rule["examples"]["ar"], rule["id"]


@pytest.mark.parametrize(("rule_id", "language", "text"), CASES)
def test_each_rule_fires_on_its_examples(rule_id: str, language: str, text: str) -> None:
    assert rule_id in [h.rule_id for h in RULES.check(text)]


@pytest.mark.parametrize(("rule_id", "language", "text"), COUNTER_CASES)
def test_counter_examples_fire_nothing(rule_id: str, language: str, text: str) -> None:
    assert RULES.check(text) == []


def test_gym_chest_soreness_is_not_a_red_flag() -> None:
    assert RULES.check("my chest muscles hurt after the gym") == []
    assert RULES.check("Chest pain after the gym that spreads to my left arm")


@pytest.mark.parametrize(
    "variant",
    [
        "أريد أن أقتل نفسي",  # hamza forms
        "اريد ان اقتل نفسى",  # bare alef, alef maqsura for yaa
        "أُرِيدُ أَنْ أَقْتُلَ نَفْسِي",  # full harakat
        "أريـــد أن أقتـــل نفسي",  # tatweel
        "إريد آن أقتل نفسي",  # alef with hamza below, madda
    ],
)
def test_arabic_spelling_variants_match_alike(variant: str) -> None:
    assert [h.rule_id for h in RULES.check(variant)] == ["suicidal_thoughts_self_harm"]


def test_taa_marbuta_and_haa_match_alike() -> None:
    for text in ("عندي صعوبة شديدة في التنفس", "عندي صعوبه شديده في التنفس"):
        assert [h.category for h in RULES.check(text)] == ["breathing"]


def test_patterns_fold_like_the_text_but_keep_escapes() -> None:
    assert fold_pattern(r"\Sإبرة\b") == r"\Sابره\b"
    assert fold_text("  I’M   Having ") == "i'm having"


def _load_eval_tool():  # type: ignore[no-untyped-def]
    path = Path(__file__).resolve().parents[2] / "tools" / "triage_eval.py"
    spec = importlib.util.spec_from_file_location("triage_eval", path)
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def test_recall_is_complete_and_false_alarms_stay_under_five_percent() -> None:
    result = _load_eval_tool().measure()
    assert result["all"]["red_flags"] >= 80 and result["all"]["benign"] >= 100
    for language in ("en", "ar"):
        assert result[language]["red_flags"] >= 30 and result[language]["benign"] >= 50
    assert result["misses"] == [] and result["all"]["recall"] == 1.0
    assert result["all"]["false_alarm_rate"] < 0.05, result["false_alarms"]
    for language in ("en", "ar"):
        assert result[language]["false_alarm_rate"] < 0.05


def test_every_category_is_in_the_red_flag_set_in_both_languages() -> None:
    tool = _load_eval_tool()
    seen = {(tool.CATEGORY[c], lang) for c, lang, _ in tool.read_tsv(tool.SETS / "red_flags.tsv")}
    assert seen == {(c, lang) for c in REQUIRED_CATEGORIES for lang in ("en", "ar")}


# --- countries and the notice ------------------------------------------------------
def test_country_table_covers_the_issue_and_names_a_source_for_each() -> None:
    table = json.loads(NUMBERS_FILE.read_text(encoding="utf-8"))["countries"]
    assert set(table) >= REQUIRED_COUNTRIES
    for code, entry in table.items():
        assert len(entry["source"]) > 10, code
        assert entry["ambulance"] is None or entry["ambulance"].isdigit(), code
        if "crisis" in entry:
            assert entry["crisis"]["en"] and entry["crisis"]["ar"] and entry["crisis"]["source"]
    assert table["EU"]["ambulance"] == "112"


def test_notice_is_in_the_message_language_with_the_country_number() -> None:
    english = triage("I can't breathe", "AE")
    arabic = triage("مش قادر أتنفس", "AE")
    assert english.language == "en" and "Call 998 now" in english.notice
    assert arabic.language == "ar" and "998" in arabic.notice
    assert "اتصل" in arabic.notice and "Call" not in arabic.notice


def test_without_a_country_the_notice_names_the_local_emergency_number() -> None:
    assert "your local emergency number" in triage("I can't breathe", "").notice
    assert "رقم الطوارئ المحلي" in triage("ما اقدر اتنفس", "").notice


def test_suicidal_thoughts_get_a_crisis_message_with_a_sourced_line_only() -> None:
    british = triage("I want to kill myself", "GB")
    assert british.notice.startswith("It sounds like you are going through")
    assert "116 123" in british.notice and "999" in british.notice
    assert "988" in triage("I want to kill myself", "US").notice
    emirati = triage("بدي انتحر", "AE").notice
    assert "998" in emirati and "116" not in emirati and "988" not in emirati


def test_no_hit_means_no_notice() -> None:
    result = triage("What is anemia?", "GB")
    assert not result.triggered and result.notice == ""
    assert result.record(shown=False)["rules"] == []


def test_country_codes_are_normalised_or_refused() -> None:
    assert normalise_country(" ae ") == "AE"
    assert normalise_country("") == ""
    assert normalise_country("XX") is None


# --- the rules file ------------------------------------------------------------------
def test_a_broken_rule_is_refused_by_name() -> None:
    duplicate = copy.deepcopy(RAW)
    duplicate["rules"].append(duplicate["rules"][0])
    with pytest.raises(RulesFileError, match="chest_pain_spreading: the id is used twice"):
        parse_rules(duplicate)
    bad_regex = copy.deepcopy(RAW)
    bad_regex["rules"][1]["all"][0]["en"].append("(unclosed")
    with pytest.raises(RulesFileError, match="heart_attack_now: bad pattern"):
        parse_rules(bad_regex)
    no_action = copy.deepcopy(RAW)
    no_action["rules"][0]["category"] = "new_category"
    with pytest.raises(RulesFileError, match="new_category"):
        parse_rules(no_action)


def test_an_edited_rules_file_is_used(tmp_path: Path) -> None:
    edited = copy.deepcopy(RAW)
    edited["version"] = "local-1"
    edited["rules"][0]["all"] = [{"en": [r"\bsnakebite\b"], "ar": ["لدغه ثعبان"]}]
    path = tmp_path / "rules.json"
    path.write_text(json.dumps(edited, ensure_ascii=False), encoding="utf-8")
    rules = load_rules(path)
    assert [h.rule_id for h in rules.check("لدغة ثعبان")] == ["chest_pain_spreading"]
    assert triage("snakebite on my leg", rules=rules).rules_version == "local-1"


# --- settings --------------------------------------------------------------------------
def test_country_setting_is_validated_on_load(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"country": "sa"}), encoding="utf-8")
    assert Settings.load(path).country == "SA"
    path.write_text(json.dumps({"country": "Narnia"}), encoding="utf-8")
    assert Settings.load(path).country == ""


def test_kiosk_settings_carry_country_and_stop_choice(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.json"
    path.write_text(json.dumps({"country": "qa", "stop_after_red_flag": True}), encoding="utf-8")
    config = KioskSettings.load(path).triage_config()
    assert (config.country, config.stop_after_notice) == ("QA", True)
    path.write_text(json.dumps({"country": 7, "stop_after_red_flag": "yes"}), encoding="utf-8")
    config = KioskSettings.load(path).triage_config()
    assert (config.country, config.stop_after_notice) == ("", False)


# --- storage -----------------------------------------------------------------------------
def test_outcome_round_trips_through_the_store(store: ChatStore) -> None:
    session = store.create_session("t", "consult", "ar")
    user = store.add_message(session.id, "user", "ما اقدر اتنفس")
    record = triage(user.content, "JO").record(shown=True)
    store.update_message(user.id, triage=record)
    stored = store.get_message(user.id).triage
    assert (
        stored == record and stored["rules"] == ["severe_breathing"] and stored["country"] == "JO"
    )


def test_m005_upgrades_an_older_database_with_a_backup(tmp_path: Path) -> None:
    db = tmp_path / "chats.db"
    ChatStore(db).close()
    # Make it a database from before m005: drop the column and its record.
    conn = sqlite3.connect(db)
    conn.execute("ALTER TABLE messages DROP COLUMN triage")
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm005_triage'")
    conn.execute(
        "INSERT INTO sessions (title, mode, language, created_at, updated_at)"
        " VALUES ('old', 'consult', 'en', '2026-01-01', '2026-01-01')"
    )
    conn.execute(
        "INSERT INTO messages (session_id, position, role, content, created_at, updated_at)"
        " VALUES (1, 0, 'user', 'hello', '2026-01-01', '2026-01-01')"
    )
    conn.commit()
    conn.close()
    store = ChatStore(db)
    (message,) = store.messages(1)
    assert message.content == "hello" and message.triage is None
    assert (tmp_path / "chats.db.before-m005_triage.bak").exists()
    store.close()


def test_a_very_long_message_is_checked_at_its_start_and_its_end() -> None:
    padding = "x " * 500_000
    assert [h.category for h in RULES.check(padding + "I can't breathe")] == ["breathing"]
    assert [h.category for h in RULES.check("I can't breathe " + padding)] == ["breathing"]
    assert RULES.check(padding) == []
