"""Semi-automated translation: drafts from a real chat backend (the embedded
SmolLM2 through the app's LlamaCppBackend), mechanical checks, and only the
reviewer's accepted rows entering the Arabic set."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from bimedix.engine.llama_backend import LlamaCppBackend
from bimedix.models.catalog import embedded_model_path
from bimedix.training.config import load_config
from bimedix.training.data import build_dataset
from bimedix.training.translate import (
    REVIEW_COLUMNS,
    draft_checks,
    import_review,
    make_backend,
    translate_config,
)
from tests.openai_stub import OpenAIStub


def write_qa_config(folder: Path, *records: dict[str, str]) -> Path:
    """A training config whose one source is `records` as open questions."""
    (folder / "qa.jsonl").write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8"
    )
    config_path = folder / "config.json"
    source = {"kind": "qa", "path": "qa.jsonl"}
    config = {"name": "t", "base_model": {"name_or_path": "x"}, "data": {"sources": [source]}}
    config_path.write_text(json.dumps(config), "utf-8")
    return config_path


def test_checks_flag_lost_numbers_and_terms_but_accept_arabic_digits() -> None:
    english = "Keep blood pressure below 140/90 mmHg and HbA1c under 7%."
    good = "حافظ على ضغط الدم أقل من ١٤٠/٩٠ mmHg و HbA1c أقل من 7%."
    assert draft_checks(english, good) == []
    bad = "حافظ على ضغط الدم منخفضاً والسكر التراكمي أقل من 7%."
    problems = draft_checks(english, bad)
    assert "numbers missing: 140/90" in problems
    assert "terms missing: mmHg, HbA1c" in problems
    assert draft_checks("Take 5 mg.", "Take 5 mg.") == ["no Arabic text"]


def test_translate_writes_a_review_file_and_only_accepted_records_return(tmp_path: Path) -> None:
    config_path = write_qa_config(
        tmp_path,
        {"id": "a1", "question": "ما الحمى؟", "answer": "ارتفاع الحرارة."},
        {"id": "q1", "question": "Normal heart rate?", "answer": "60-100 a minute."},
        {"id": "q2", "question": "Is 39 C a fever?", "answer": "Yes."},
    )
    config = load_config(config_path)
    backend = LlamaCppBackend(embedded_model_path(), n_ctx=1024)
    try:
        review = tmp_path / "review.csv"
        written = translate_config(config, backend, review, limit=1)
    finally:
        backend.close()
    assert written == 2  # the first English record (Arabic ones are skipped), two turns
    with review.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert tuple(rows[0]) == REVIEW_COLUMNS
    assert [(r["id"], r["turn"], r["role"]) for r in rows] == [
        ("q1", "0", "user"),
        ("q1", "1", "assistant"),
    ]
    assert all(r["status"] == "pending" and r["english"] and r["arabic"] for r in rows)
    assert "numbers missing: 60-100" not in rows[1]["checks"] or "60" not in rows[1]["arabic"]
    # A second record, drafted earlier, whose answer the reviewer has not accepted.
    rows += [
        {**rows[0], "id": "q2", "english": "Is 39 C a fever?"},
        {**rows[1], "id": "q2", "english": "Yes."},
    ]

    # The reviewer fixes q1 and accepts it; q2's answer stays pending.
    rows[0].update(arabic="ما معدل ضربات القلب الطبيعي؟", status="accepted")
    rows[1].update(arabic="من 60 إلى 100 نبضة في الدقيقة.", status="edited")
    rows[2].update(arabic="هل 39 درجة حمى؟", status="accepted")
    with review.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, REVIEW_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    arabic = tmp_path / "arabic.jsonl"
    assert import_review(review, arabic) == (1, 1)
    (line,) = [json.loads(x) for x in arabic.read_text("utf-8").splitlines()]
    assert line["id"] == "q1-ar" and line["language"] == "ar" and line["kind"] == "qa"

    config_path.write_text(
        json.dumps(
            {
                "name": "t",
                "base_model": {"name_or_path": "x"},
                "data": {
                    "sources": [{"kind": "chat", "path": "arabic.jsonl"}],
                    "enforce_ratio": False,
                    "validation_fraction": 0,
                },
            }
        ),
        "utf-8",
    )
    built = build_dataset(load_config(config_path), lambda m: 10)
    (record,) = built.train
    assert record.language == "ar" and record.kind == "qa"
    assert record.messages[1]["content"] == "من 60 إلى 100 نبضة في الدقيقة."


def test_drafts_can_come_from_an_openai_compatible_server(tmp_path: Path) -> None:
    config_path = write_qa_config(
        tmp_path, {"id": "q1", "question": "Normal heart rate?", "answer": "60-100 a minute."}
    )
    with OpenAIStub("معدل ضربات القلب الطبيعي؟") as server:
        backend = make_backend(None, server.url, "bimedix", "secret")
        try:
            written = translate_config(load_config(config_path), backend, tmp_path / "r.jsonl")
        finally:
            backend.close()
    assert written == 2
    rows = [json.loads(line) for line in (tmp_path / "r.jsonl").read_text("utf-8").splitlines()]
    assert [r["arabic"] for r in rows] == [server.reply, server.reply]
    assert server.keys == ["Bearer secret", "Bearer secret"]
    assert "Normal heart rate?" in server.requests[0]["messages"][-1]["content"]
