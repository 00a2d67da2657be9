"""The data builder: ratio, deduplication, contamination refusal, length
filter, determinism, and the readers (MCQ/QA/chat files, CSV, the app's own
JSONL export). Pure Python: no torch needed; tokens are counted by a simple
whitespace tokenizer standing in for the model's."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from bimedix.core.export import ExportFilter, export_sessions
from bimedix.core.store import ChatStore
from bimedix.training.config import ConfigError, load_config
from bimedix.training.data import (
    DataError,
    build_dataset,
    normalized_hash,
    write_dataset,
)


def words(messages: list[dict[str, str]]) -> int:
    return sum(len(m["content"].split()) for m in messages)


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    return path


def qa(i: int, language: str = "en") -> dict:
    if language == "ar":
        return {"id": f"ar-{i}", "question": f"ما علاج الحالة رقم {i}؟", "answer": f"العلاج {i}"}
    return {"id": f"en-{i}", "question": f"What treats condition {i}?", "answer": f"Treatment {i}."}


def config_file(tmp_path: Path, sources: list[dict], **data: object) -> Path:
    body = {
        "name": "unit",
        "base_model": {"name_or_path": "unused"},
        "data": {"sources": sources, **data},
    }
    path = tmp_path / "config.json"  # JSON is YAML
    path.write_text(json.dumps(body, ensure_ascii=False), "utf-8")
    return path


def build(tmp_path: Path, sources: list[dict], **data: object):  # type: ignore[no-untyped-def]
    return build_dataset(load_config(config_file(tmp_path, sources, **data)), words)


def test_arabic_to_english_ratio_is_enforced_by_down_sampling(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "en.jsonl", [qa(i) for i in range(30)])
    write_jsonl(tmp_path / "ar.jsonl", [qa(i, "ar") for i in range(30)])
    sources = [{"kind": "qa", "path": "en.jsonl"}, {"kind": "qa", "path": "ar.jsonl"}]
    built = build(tmp_path, sources, validation_fraction=0)
    assert built.stats.kept_by_language == {"en": 30, "ar": 15}  # 1:2 by default
    assert built.stats.rejected["language_ratio"] == 15

    built = build(tmp_path, sources, validation_fraction=0, arabic_to_english="1:1")
    assert built.stats.kept_by_language == {"en": 30, "ar": 30}
    built = build(tmp_path, sources, validation_fraction=0, arabic_to_english="3:1")
    assert built.stats.kept_by_language == {"en": 10, "ar": 30}


def test_language_is_detected_when_the_source_does_not_say(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "mixed.jsonl", [qa(1), qa(2, "ar")])
    built = build(
        tmp_path,
        [{"kind": "qa", "path": "mixed.jsonl"}],
        enforce_ratio=False,
        validation_fraction=0,
    )
    assert sorted(r.language for r in built.train) == ["ar", "en"]


def test_duplicates_are_dropped_after_normalisation(tmp_path: Path) -> None:
    rows = [
        {"question": "What is anaemia?", "answer": "A lack of haemoglobin."},
        {"question": "  what IS anaemia ", "answer": "a lack of haemoglobin"},  # same, folded
        {"question": "ما فقر الدم؟", "answer": "نقص الهيموغلوبين."},
        {"question": "ما فَقْرُ الدَّمِ؟", "answer": "نقص الهيموغلوبين"},  # same, harakat
        {"question": "What is anaemia?", "answer": "Low haemoglobin."},  # a different answer
    ]
    write_jsonl(tmp_path / "qa.jsonl", rows)
    built = build(
        tmp_path, [{"kind": "qa", "path": "qa.jsonl"}], enforce_ratio=False, validation_fraction=0
    )
    assert built.stats.rejected["duplicate"] == 2
    assert len(built.train) == 3
    assert normalized_hash("Anémie, grave!") == normalized_hash("anémie grave")


def test_records_whose_question_is_in_an_eval_set_are_refused(tmp_path: Path) -> None:
    eval_item = {
        "question": "Which nerve is compressed in carpal tunnel syndrome?",
        "options": ["Ulnar", "Radial", "Median", "Axillary"],
        "answer": "C",
    }
    write_jsonl(tmp_path / "eval.jsonl", [eval_item])
    leaked = {
        **eval_item,
        "id": "leak",
        "question": "which NERVE is compressed in carpal tunnel syndrome",
        "options": ["Median", "Ulnar"],
        "answer": "A",
    }
    write_jsonl(
        tmp_path / "train.jsonl",
        [
            leaked,
            {
                **eval_item,
                "id": "ok",
                "question": "Which nerve supplies the deltoid?",
                "answer": "D",
            },
        ],
    )
    built = build(
        tmp_path,
        [{"kind": "mcq", "path": "train.jsonl"}],
        eval_sets=[{"kind": "mcq", "path": "eval.jsonl"}],
        enforce_ratio=False,
        validation_fraction=0,
    )
    assert built.stats.contaminated_ids == ["leak"]
    assert [r.id for r in built.train] == ["ok"]
    assert "contaminated" in built.stats.summary()


def test_length_filter_uses_the_token_counter(tmp_path: Path) -> None:
    rows = [
        qa(1),
        {"question": "Explain " + "very " * 50 + "long", "answer": "No."},
        {"question": "Hi?", "answer": "Hi."},
    ]
    write_jsonl(tmp_path / "qa.jsonl", rows)
    built = build(
        tmp_path,
        [{"kind": "qa", "path": "qa.jsonl"}],
        max_tokens=20,
        min_tokens=3,
        enforce_ratio=False,
        validation_fraction=0,
    )
    assert built.stats.rejected["too_long"] == 1
    assert built.stats.rejected["too_short"] == 1
    assert [r.id for r in built.train] == ["en-1"]


def test_output_is_deterministic_for_a_seed(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "en.jsonl", [qa(i) for i in range(40)])
    write_jsonl(tmp_path / "ar.jsonl", [qa(i, "ar") for i in range(40)])
    sources = [{"kind": "qa", "path": "en.jsonl"}, {"kind": "qa", "path": "ar.jsonl"}]
    first = write_dataset(build(tmp_path, sources, seed=7), tmp_path / "a")
    second = write_dataset(build(tmp_path, sources, seed=7), tmp_path / "b")
    third = write_dataset(build(tmp_path, sources, seed=8), tmp_path / "c")
    for part in ("train", "validation", "stats"):
        assert first[part].read_bytes() == second[part].read_bytes()
    assert first["train"].read_bytes() != third["train"].read_bytes()
    validation = first["validation"].read_text("utf-8").splitlines()
    assert len(validation) == round(60 * 0.1)


def test_mcq_and_chat_records_are_rendered_as_conversations(tmp_path: Path) -> None:
    write_jsonl(
        tmp_path / "mcq.jsonl",
        [
            {
                "question": "Antidote for paracetamol overdose?",
                "options": {"A": "Naloxone", "B": "N-acetylcysteine"},
                "answer": "B",
                "explanation": "It restores glutathione.",
            }
        ],
    )
    with (tmp_path / "medmcqa.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, ["q", "opa", "opb", "opc", "cop"])
        writer.writeheader()
        writer.writerow(
            {
                "q": "Scurvy is caused by lack of?",
                "opa": "Vitamin A",
                "opb": "Vitamin C",
                "opc": "Vitamin D",
                "cop": "2",
            }
        )
    write_jsonl(
        tmp_path / "chat.jsonl",
        [
            {
                "conversations": [
                    {"from": "human", "value": "أشعر بصداع"},
                    {"from": "gpt", "value": "منذ متى؟"},
                    {"from": "human", "value": "منذ يومين"},
                ]
            }
        ],
    )
    sources = [
        {"kind": "mcq", "path": "mcq.jsonl"},
        {
            "kind": "mcq",
            "path": "medmcqa.csv",
            "columns": {
                "question": "q",
                "options": ["opa", "opb", "opc"],
                "answer": "cop",
                "answer_index_base": 1,
            },
        },
        {"kind": "chat", "path": "chat.jsonl"},
    ]
    built = build(tmp_path, sources, enforce_ratio=False, validation_fraction=0)
    by_source = {r.source: r for r in built.train}
    mcq = by_source["mcq"].messages
    assert "A. Naloxone\nB. N-acetylcysteine" in mcq[0]["content"]
    assert mcq[1]["content"] == "Answer: B. N-acetylcysteine\nIt restores glutathione."
    assert by_source["medmcqa"].messages[1]["content"] == "Answer: B. Vitamin C"
    chat = by_source["chat"]
    assert chat.language == "ar" and chat.kind == "chat"
    # The unanswered last question is dropped: it teaches nothing.
    assert [m["role"] for m in chat.messages] == ["user", "assistant"]


def test_the_apps_own_jsonl_export_is_read(tmp_path: Path) -> None:
    store = ChatStore(tmp_path / "chats.db")
    session = store.create_session("Anaemia", "consult", "ar")
    store.add_message(session.id, "user", "أشعر بالتعب", system_prompt="أنت BiMediX")
    store.add_message(session.id, "assistant", "منذ متى تشعر بالتعب؟")
    export_sessions(store, "jsonl", tmp_path / "export.jsonl", ExportFilter())
    store.close()
    built = build(
        tmp_path,
        [{"kind": "app_export", "path": "export.jsonl"}],
        enforce_ratio=False,
        validation_fraction=0,
    )
    (record,) = built.train
    assert record.kind == "chat" and record.language == "ar"
    assert record.messages == [
        {"role": "user", "content": "أشعر بالتعب"},
        {"role": "assistant", "content": "منذ متى تشعر بالتعب؟"},
    ]


def test_app_system_prompts_are_added_in_the_records_language(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "qa.jsonl", [qa(1, "ar")])
    built = build(
        tmp_path,
        [{"kind": "qa", "path": "qa.jsonl"}],
        app_system_prompts=True,
        enforce_ratio=False,
        validation_fraction=0,
    )
    system = built.train[0].messages[0]
    assert system["role"] == "system" and "BiMediX" in system["content"]
    assert "أجب" in system["content"]


def test_bad_inputs_give_clear_errors(tmp_path: Path) -> None:
    (tmp_path / "broken.jsonl").write_text('{"question": "x"\n', "utf-8")
    with pytest.raises(DataError, match="broken.jsonl, line 1: not valid JSON"):
        build(tmp_path, [{"kind": "qa", "path": "broken.jsonl"}])
    write_jsonl(tmp_path / "empty.jsonl", [{"question": "no answer"}])
    with pytest.raises(DataError, match="No training records"):
        build(tmp_path, [{"kind": "qa", "path": "empty.jsonl"}])
    with pytest.raises(ConfigError, match="unknown key"):
        build(tmp_path, [{"kind": "qa", "path": "x.jsonl", "colums": {}}])
    with pytest.raises(ConfigError, match="kind must be"):
        build(tmp_path, [{"kind": "essay", "path": "x.jsonl"}])


def test_the_sft_export_of_reviewed_replies_is_read(tmp_path: Path) -> None:
    from bimedix.core.review import make_review

    store = ChatStore(tmp_path / "chats.db")
    session = store.create_session("Fever", "qa", "en")
    store.add_message(session.id, "user", "What lowers a child's fever?")
    reply = store.add_message(session.id, "assistant", "Aspirin.")
    store.set_review(reply.id, make_review("down", ["unsafe"], correction="Paracetamol by weight."))
    export_sessions(store, "sft", tmp_path / "reviewed.jsonl", ExportFilter())
    store.close()
    for kind in ("sft", "app_export"):
        built = build(
            tmp_path,
            [{"kind": kind, "path": "reviewed.jsonl"}],
            enforce_ratio=False,
            validation_fraction=0,
        )
        (record,) = built.train
        assert record.kind == "qa" and record.language == "en"
        assert record.messages[-1] == {"role": "assistant", "content": "Paracetamol by weight."}
