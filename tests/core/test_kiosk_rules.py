"""Demo mode's pure rules: PIN, settings, safety line, starter prompts,
statistics, and anonymised storage."""

from __future__ import annotations

import json
import os
import stat
from datetime import date
from pathlib import Path

import pytest

from bimedix.core.anonymise import AnonymisedCopy, anonymise_text
from bimedix.core.chat import ChatRunner, build_history
from bimedix.core.direction import base_direction
from bimedix.core.kiosk import (
    DEMO_SAFETY_LINE,
    STARTER_PROMPTS,
    KioskSettings,
    KioskStats,
    PinFormatError,
    PinGate,
    demo_system_prompt,
    hash_pin,
    normalise_pin,
    verify_pin,
)
from bimedix.core.prompts import MODES, system_prompt
from bimedix.core.store import ChatStore
from bimedix.engine.backend import GenerationParams
from tests.gui.fake_backend import ScriptedBackend


# --- PIN ------------------------------------------------------------------------
def test_pin_is_stored_salted_and_hashed_never_in_clear():
    first, second = hash_pin("4821"), hash_pin("4821")
    assert "4821" not in first
    assert first != second  # a fresh salt each time
    assert first.startswith("scrypt$16384$8$1$")
    assert verify_pin("4821", first) and verify_pin("4821", second)
    assert not verify_pin("4822", first)
    assert not verify_pin("48210", first)


def test_pin_typed_on_an_arabic_keyboard_is_the_same_pin():
    assert normalise_pin(" ٤٨٢١ ") == "4821"
    assert verify_pin("٤٨٢١", hash_pin("4821"))


@pytest.mark.parametrize("bad", ["", "123", "12a4", "1234567890123", "12 34"])
def test_pins_that_are_not_4_to_12_digits_are_refused(bad):
    with pytest.raises(PinFormatError):
        hash_pin(bad)
    assert not verify_pin(bad, hash_pin("1234"))


def test_a_damaged_pin_record_never_verifies():
    assert not verify_pin("1234", "")
    assert not verify_pin("1234", "scrypt$x$8$1$00$00")
    assert not verify_pin("1234", hash_pin("1234").replace("scrypt", "md5"))


def test_pin_gate_locks_out_guessing_and_the_lockout_grows():
    now = [1000.0]
    gate = PinGate(hash_pin("2468"), max_failures=3, lockout_s=30, clock=lambda: now[0])
    for _ in range(3):
        assert not gate.check("0000")
    assert gate.seconds_locked() == 30
    assert not gate.check("2468")  # even the right PIN waits out the lockout
    now[0] += 30
    assert not gate.check("1111")
    assert gate.seconds_locked() == 60
    now[0] += 60
    assert gate.check("2468")
    assert gate.seconds_locked() == 0


# --- settings -------------------------------------------------------------------
def test_kiosk_settings_round_trip_privately(tmp_path: Path):
    settings = KioskSettings(privacy="anonymised", idle_timeout_s=90, api_key="secret")
    settings.set_pin("1357")
    path = tmp_path / "kiosk.json"
    settings.save(path)
    loaded = KioskSettings.load(path)
    assert loaded == settings
    assert verify_pin("1357", loaded.pin_hash)
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_kiosk_settings_ignore_bad_values(tmp_path: Path):
    path = tmp_path / "kiosk.json"
    path.write_text(
        json.dumps(
            {"privacy": "everything", "idle_timeout_s": 1, "backend": 3, "countdown_s": True,
             "auto_export": "yes", "export_format": "exe", "max_tokens": 100}
        ),
        encoding="utf-8",
    )  # fmt: skip
    loaded, warnings = KioskSettings.load_checked(path)
    assert loaded.privacy == "none" and loaded.backend == "local"
    # Out of range means ignored, default used (not clamped), with a warning.
    assert loaded.idle_timeout_s == 120 and loaded.countdown_s == 20
    assert any("idle_timeout_s = 1 " in w and "kiosk.json" in w for w in warnings)
    assert len(warnings) == 6
    assert loaded.auto_export is False and loaded.export_format == "json"
    assert loaded.max_tokens == 100
    path.write_text("[not json", encoding="utf-8")
    assert KioskSettings.load(path) == KioskSettings()
    assert KioskSettings.load(tmp_path / "missing.json") == KioskSettings()


def test_remote_backend_needs_an_http_address():
    assert KioskSettings(backend="openai", base_url="10.0.0.2:8080").problems()
    assert not KioskSettings(backend="openai", base_url="http://10.0.0.2:8080/v1").problems()


# --- prompts --------------------------------------------------------------------
@pytest.mark.parametrize("mode", list(MODES))
@pytest.mark.parametrize("language", ["en", "ar"])
def test_demo_prompt_adds_the_safety_line_in_both_languages(mode, language):
    prompt = demo_system_prompt(mode, language)
    assert prompt.startswith(system_prompt(mode, language))
    assert DEMO_SAFETY_LINE["en"] in prompt and DEMO_SAFETY_LINE["ar"] in prompt
    assert "emergency services" in prompt and "خدمات الطوارئ" in prompt


def test_every_mode_has_starter_prompts_in_both_languages():
    assert set(STARTER_PROMPTS) == set(MODES)
    for by_language in STARTER_PROMPTS.values():
        assert len(by_language["en"]) >= 2 and len(by_language["ar"]) >= 2
        assert all(base_direction(p, "ltr") == "ltr" for p in by_language["en"])
        assert all(base_direction(p, "ltr") == "rtl" for p in by_language["ar"])


def test_chat_runner_sends_the_demo_prompt_and_records_it(tmp_path: Path):
    store = ChatStore(tmp_path / "chats.db")
    backend = ScriptedBackend()
    session = store.create_session("Demo session", "qa", "ar")
    runner = ChatRunner(store, backend, prompt=demo_system_prompt)
    list(runner.send(session.id, "ما أسباب فقر الدم؟", GenerationParams()))
    assert backend.seen[0][0].content == demo_system_prompt("qa", "ar")
    assert store.messages(session.id)[-1].system_prompt == demo_system_prompt("qa", "ar")
    # The normal app keeps its own prompt.
    assert build_history(store.get_session(session.id), [])[0].content == system_prompt("qa", "ar")


# --- statistics -----------------------------------------------------------------
def test_stats_average_the_day_and_survive_a_restart(tmp_path: Path):
    path = tmp_path / "kiosk-stats.json"
    day = [date(2026, 11, 25)]
    stats = KioskStats(path, today=lambda: day[0])
    stats.record_reply(20.0, 0.5)
    stats.record_reply(10.0, 1.5)
    stats.record_reply(None, None)  # a failed reply counts, without speed
    stats.record_session(7)
    stats.record_session(None)
    again = KioskStats(path, today=lambda: day[0]).today()
    assert (again.sessions, again.replies, again.stored_session_ids) == (2, 3, [7])
    assert again.average_tokens_per_s == 15.0 and again.average_first_token_s == 1.0
    day[0] = date(2026, 11, 26)
    fresh = KioskStats(path, today=lambda: day[0]).today()
    assert fresh.sessions == 0 and fresh.average_tokens_per_s is None
    assert "ما" not in path.read_text(encoding="utf-8")  # counts only, no content


def test_damaged_stats_file_starts_afresh(tmp_path: Path):
    path = tmp_path / "kiosk-stats.json"
    path.write_text('{"days": {"2026-11-25": {"sessions": "many"', encoding="utf-8")
    assert KioskStats(path).today().sessions == 0


# --- anonymisation --------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "My name is John Smith, call +971 50 123 4567 or john.smith@example.com",
            "My name is [name], call [number] or [email]",
        ),
        (
            "Born 12/05/1985, passport A1234567, see https://x.org/p?id=9",
            "Born [number], passport [number], see [link]",
        ),
        (
            "أنا اسمي محمد أحمد، رقمي ٠٥٠١٢٣٤٥٦٧ وعندي صداع",
            "أنا اسمي [name]، رقمي [number] وعندي صداع",
        ),
        ("رآني الدكتور خالد أمس", "رآني الدكتور [name] أمس"),
        ("I saw Dr. House about it", "I saw Dr. [name] about it"),
        # Medical figures stay.
        (
            "BP 120/80, 38.5 C, 500 mg for 3 days since 2019",
            "BP 120/80, 38.5 C, 500 mg for 3 days since 2019",
        ),
        ("ضغطي ١٢٠/٨٠ منذ ٣ أيام", "ضغطي ١٢٠/٨٠ منذ ٣ أيام"),
    ],
)
def test_anonymise_text(text, expected):
    assert anonymise_text(text) == expected


def test_anonymised_copy_appends_finished_messages_with_a_fixed_title(tmp_path: Path):
    memory = ChatStore(":memory:")
    target = ChatStore(tmp_path / "chats.db")
    session = memory.create_session("New chat", "consult", "en")
    runner = ChatRunner(memory, ScriptedBackend(reply="Hello Sam, call 0501234567 if worse"))
    copy = AnonymisedCopy(target)
    list(runner.send(session.id, "My name is Sam Jones, I have a cough", GenerationParams()))
    target_id = copy.sync(memory, session.id)
    assert target_id is not None
    list(runner.send(session.id, "my email is sam@jones.org", GenerationParams()))
    assert copy.sync(memory, session.id) == target_id
    (stored,) = target.list_sessions()
    assert stored.title == "Demo session" and stored.mode == "consult"
    contents = [m.content for m in target.messages(target_id)]
    assert contents == [
        "My name is [name], I have a cough",
        "Hello Sam, call [number] if worse",
        "my email is [email]",
        "Hello Sam, call [number] if worse",
    ]
    everything = json.dumps([m.content for m in target.messages(target_id)])
    assert "Jones" not in everything and "0501234567" not in everything
    assert target.messages(target_id)[1].model_file == "fake.gguf"
