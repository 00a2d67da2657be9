"""The JSONL item format: valid files load, every kind of bad line is named."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bimedix.eval.benchmarks import mini_benchmark_path
from bimedix.eval.items import EvalDataError, load_jsonl, parse_lines, select_language


def _line(**fields: object) -> str:
    base: dict[str, object] = {
        "question": "Which organ produces insulin?",
        "options": ["Liver", "Pancreas"],
        "answer": "B",
        "language": "en",
        "subject": "physiology",
    }
    base.update(fields)
    return json.dumps({k: v for k, v in base.items() if v is not None}, ensure_ascii=False)


def test_a_valid_line_becomes_an_item_with_the_answer_index() -> None:
    (item,) = parse_lines([_line(context="  A short abstract. ")], "t.jsonl")

    assert item.answer == 1
    assert item.answer_letter == "B"
    assert item.options == ("Liver", "Pancreas")
    assert item.context == "A short abstract."
    assert item.item_id == "1"  # the line number when the file gives no id


def test_blank_and_comment_lines_are_skipped_and_ids_kept() -> None:
    items = parse_lines(["# header", "", _line(id="q7"), _line(answer="a")], "t.jsonl")

    assert [i.item_id for i in items] == ["q7", "4"]
    assert items[1].answer == 0


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "line 2: not valid JSON"),
        ('["a list"]', "line 2: each line must be a JSON object"),
        (_line(answer=None), "line 2: missing 'answer'"),
        (_line(answer="C"), "line 2: 'answer' 'C' does not name one of the 2 options"),
        (_line(answer="AB"), "line 2: 'answer' must be a letter"),
        (_line(answer=True), "line 2: 'answer' must be a letter"),
        (_line(options=["only one"]), "line 2: 'options' must be a list of 2 to 10"),
        (_line(options=["x", ""]), "line 2: every option must be a non-empty string"),
        (_line(language="fr"), "line 2: 'language' must be one of en, ar"),
        (_line(question="  "), "line 2: 'question' must be a non-empty string"),
        (_line(explanation="x"), "line 2: unknown field 'explanation'"),
    ],
)
def test_bad_lines_are_reported_with_file_and_line(line: str, message: str) -> None:
    with pytest.raises(EvalDataError) as caught:
        parse_lines([_line(), line], "bench.jsonl")

    assert str(caught.value).startswith("bench.jsonl, ")
    assert message in str(caught.value)


def test_a_file_without_questions_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "empty.jsonl"
    path.write_text("# nothing here\n\n", encoding="utf-8")

    with pytest.raises(EvalDataError, match="contains no questions"):
        load_jsonl(path)


def test_missing_and_undecodable_files_are_user_errors(tmp_path: Path) -> None:
    with pytest.raises(EvalDataError, match="not found"):
        load_jsonl(tmp_path / "nope.jsonl")
    binary = tmp_path / "binary.jsonl"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(EvalDataError, match="binary.jsonl, line 1: not UTF-8"):
        load_jsonl(binary)


def test_the_shipped_mini_benchmark_is_bilingual_and_well_formed() -> None:
    items = load_jsonl(mini_benchmark_path())
    english, arabic = select_language(items, "en"), select_language(items, "ar")

    assert len(items) >= 20
    assert len(english) == len(arabic) == 12
    assert all(any("\u0600" <= c <= "\u06ff" for c in i.question) for i in arabic)
    # Answers are spread over the letters, so always answering "A" scores 25 %.
    assert sorted({i.answer for i in items}) == [0, 1, 2, 3]
    assert len({i.item_id for i in items}) == len(items)
    # The Arabic questions are the English ones translated: same answer keys.
    assert [i.answer for i in english] == [i.answer for i in arabic]
