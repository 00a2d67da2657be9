"""The red-flag check in the chat pipeline, on the real embedded model: the
notice comes before the reply, the outcome is stored with the user's message
and appears in every export format; `bimedix chat --country` prints it first;
`bimedix serve --red-flags` puts it in the reply's content."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import jsonschema

from bimedix.core.archive_import import archive_schema
from bimedix.core.chat import (
    NOTICE_STOP_REASON,
    ChatRunner,
    ReplyDelta,
    ReplyFinished,
    ReplyStarted,
    TriageNotice,
    UserMessageSaved,
    new_session,
)
from bimedix.core.export import FORMATS, render_to_string
from bimedix.core.store import ChatStore
from bimedix.core.triage import TriageConfig
from bimedix.engine.backend import GenerationParams
from bimedix.engine.safe_chat_handler import SafeChatHandler

PARAMS = GenerationParams(max_tokens=6, temperature=0.0, seed=3)
RED_FLAG = "My father has chest pain spreading to his left arm and he is sweating"
RED_FLAG_AR = "أبوي صدره يوجعه والألم واصل لذراعه وعرقان"


def test_notice_comes_before_the_reply_and_the_outcome_is_stored(store: ChatStore, backend) -> None:
    runner = ChatRunner(store, backend, triage=TriageConfig(country="AE"))
    session = new_session(store, "consult", "en")
    events = list(runner.send(session.id, RED_FLAG, PARAMS))
    kinds = [type(e) for e in events]
    assert kinds[:3] == [UserMessageSaved, TriageNotice, ReplyStarted]
    assert kinds[-1] is ReplyFinished and ReplyDelta in kinds
    notice = events[1]
    assert notice.result.rule_ids == ["chest_pain_spreading"] and not notice.stopped
    assert "Call 998 now" in notice.result.notice
    user, reply = store.messages(session.id)
    assert user.triage["rules"] == ["chest_pain_spreading"]
    assert user.triage["country"] == "AE" and user.triage["shown"] is True
    assert user.triage["stopped"] is False and user.triage["rules_version"]
    assert reply.role == "assistant" and reply.content  # the model still answered
    assert reply.triage is None


def test_arabic_message_gets_an_arabic_notice(store: ChatStore, backend) -> None:
    runner = ChatRunner(store, backend, triage=TriageConfig(country="SA"))
    session = new_session(store, "consult", "ar")
    notice = next(
        e for e in runner.send(session.id, RED_FLAG_AR, PARAMS) if isinstance(e, TriageNotice)
    )
    assert notice.result.language == "ar" and "997" in notice.result.notice
    assert "Call" not in notice.result.notice


def test_benign_message_gets_no_notice_but_the_check_is_recorded(store: ChatStore, backend) -> None:
    runner = ChatRunner(store, backend)
    session = new_session(store, "consult", "en")
    events = list(runner.send(session.id, "My chest muscles hurt after the gym", PARAMS))
    assert not any(isinstance(e, TriageNotice) for e in events)
    user = store.messages(session.id)[0]
    assert user.triage["rules"] == [] and user.triage["shown"] is False


def test_demo_stop_stores_the_notice_as_the_reply_without_asking_the_model(
    store: ChatStore, backend
) -> None:
    runner = ChatRunner(store, backend, triage=TriageConfig(country="QA", stop_after_notice=True))
    session = new_session(store, "consult", "ar")
    events = list(runner.send(session.id, "ما اقدر اتنفس", PARAMS))
    assert [type(e) for e in events] == [UserMessageSaved, TriageNotice]
    assert events[1].stopped and events[1].reply is not None
    user, reply = store.messages(session.id)
    assert user.triage["stopped"] is True and user.triage["country"] == "QA"
    assert reply.content == events[1].result.notice and "999" in reply.content
    assert reply.stop_reason == NOTICE_STOP_REASON and reply.model_file is None
    # The next, ordinary message is answered by the model as usual.
    later = list(runner.send(session.id, "شكرا", PARAMS))
    assert isinstance(later[-1], ReplyFinished)


def test_disabled_check_records_nothing(store: ChatStore, backend) -> None:
    runner = ChatRunner(store, backend, triage=TriageConfig(enabled=False))
    session = new_session(store, "consult", "en")
    events = list(runner.send(session.id, RED_FLAG, PARAMS))
    assert not any(isinstance(e, TriageNotice) for e in events)
    assert store.messages(session.id)[0].triage is None


def test_every_export_format_carries_the_outcome(store: ChatStore, backend) -> None:
    runner = ChatRunner(store, backend, triage=TriageConfig(country="GB"))
    session = new_session(store, "consult", "en")
    list(runner.send(session.id, RED_FLAG, PARAMS))
    record = (store.get_session(session.id), store.messages(session.id))
    for fmt in FORMATS:
        if fmt in ("pdf", "sft", "preference"):
            continue  # pdf: drawn by Qt from the HTML form, checked below; sft and
            # preference hold reviewed replies only (tests/core/test_review.py)
        text = render_to_string(fmt, record)
        assert "chest_pain_spreading" in text, fmt
    archive = json.loads(render_to_string("json", record))
    jsonschema.validate(archive, archive_schema())
    assert archive["sessions"][0]["messages"][0]["triage"]["country"] == "GB"
    (line,) = render_to_string("jsonl", record).splitlines()
    assert json.loads(line)["triage"][0]["position"] == 0
    rows = list(csv.DictReader(io.StringIO(render_to_string("csv", record))))
    assert json.loads(rows[0]["triage"])["shown"] is True and rows[1]["triage"] == ""
    assert "GB · notice shown" in render_to_string("html", record)


def test_cli_prints_the_notice_before_the_reply(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bimedix.cli", "--data-dir", str(tmp_path), "chat", "--once",
         "I can't breathe and my lips are turning blue", "--country", "eg", "--max-tokens", "6"],
        capture_output=True, text=True, timeout=180, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("This may be an emergency.\nCall 123 now.")
    store = ChatStore(tmp_path / "chats.db")
    user, reply = store.messages(1)
    assert user.triage["country"] == "EG" and reply.content.strip() in result.stdout
    assert result.stdout.index("Call 123") < result.stdout.rindex(reply.content.strip()[:10])


def test_cli_refuses_an_unknown_country(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bimedix.cli", "--data-dir", str(tmp_path), "chat", "--once",
         "hi", "--country", "XX"],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 2 and "unknown country 'XX'" in result.stderr
    assert "Traceback" not in result.stderr


def test_serve_handler_prepends_the_notice_only_when_asked(backend) -> None:
    messages = [{"role": "user", "content": "I want to end my life"}]
    options = {"max_tokens": 4, "seed": 1, "temperature": 0.0}
    plain = SafeChatHandler()(llama=backend._llama, messages=messages, **options)
    assert not plain["choices"][0]["message"]["content"].startswith("It sounds like")
    from bimedix.cli.serve import red_flag_notice

    checked = SafeChatHandler(notice=red_flag_notice(TriageConfig(country="US")))
    reply = checked(llama=backend._llama, messages=messages, **options)
    content = reply["choices"][0]["message"]["content"]
    assert content.startswith("It sounds like you are going through") and "988" in content
    chunks = list(checked(llama=backend._llama, messages=messages, stream=True, **options))
    assert chunks[0]["choices"][0]["delta"] == {"role": "assistant"}
    first = chunks[1]["choices"][0]["delta"]["content"]
    assert first.startswith("It sounds like") and first.endswith("\n\n")
    assert chunks[-1]["usage"]["completion_tokens"] <= 4  # the notice is not counted


def test_serve_checks_red_flags_only_when_asked() -> None:
    from bimedix.cli import build_parser

    assert build_parser().parse_args(["serve"]).red_flags is False
    args = build_parser().parse_args(["serve", "--red-flags", "--country", "ae"])
    assert args.red_flags is True and args.country == "ae"
