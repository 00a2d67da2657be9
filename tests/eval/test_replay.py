"""`bimedix replay` on real models: the side-by-side report, resume, Ctrl+C,
a model that fails to load, a malformed line and an unknown model name; and
the pure parts (question files, the correct/incorrect rule, --models)."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from bimedix.core.settings import resolve_data_dir
from bimedix.core.store import ChatStore
from bimedix.errors import UserFacingError
from bimedix.eval.replay import is_correct, parse_models
from bimedix.eval.replay_source import ReplaySourceError, read_question_set
from bimedix.models.default_model import QWEN_SPLIT
from bimedix.models.library import models_dir

CLI = [sys.executable, "-m", "bimedix.cli"]


def second_model() -> str:
    """Qwen2.5-Coder 1.5B when its file is already assembled (a path, so no
    1.1 GB copy into the test's data folder), else SmolLM2 with another seed."""
    qwen = models_dir(resolve_data_dir(None)) / QWEN_SPLIT.filename
    return str(qwen) if qwen.is_file() else "smollm2@seed=7"


def write_jsonl(path: Path, records: list[object]) -> Path:
    path.write_text(
        "\n".join(r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records)
        + "\n",
        encoding="utf-8",
    )
    return path


def replay(data: Path, *args: str, timeout: float = 900) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*CLI, "--data-dir", str(data), "replay", *args],
        capture_output=True, text=True, timeout=timeout, check=False,
    )  # fmt: skip


QUESTIONS = [
    {"id": "fever", "prompt": "What is a fever? One sentence.", "expected": "temperature"},
    {"id": "ar", "prompt": "ما هو فقر الدم؟", "language": "ar"},
]


def test_two_models_answer_side_by_side_and_a_rerun_resumes(tmp_path: Path) -> None:
    questions = write_jsonl(tmp_path / "q.jsonl", QUESTIONS)
    other = second_model()
    args = [str(questions), "--models", f"smollm2,{other}", "--max-tokens", "6",
            "--out", str(tmp_path / "r.html"), "--json"]  # fmt: skip
    first = replay(tmp_path / "data", *args)
    assert first.returncode == 0, first.stderr
    report = json.loads(first.stdout)
    assert [m["label"] for m in report["models"]] == ["smollm2", other]
    assert [t["complete"] for t in report["totals"]] == [2, 2]
    fever, arabic = report["items"]
    for cell in fever["cells"] + arabic["cells"]:
        assert cell["status"] == "complete" and cell["reply"].strip()
        assert cell["completion_tokens"] and cell["provenance"]["model_file"].endswith(".gguf")
        assert cell["correct"] in (True, False) if cell in fever["cells"] else True
        assert cell["seconds"] > 0 and len(cell["provenance"]["model_sha256"]) == 64
    assert all(cell["correct"] is None for cell in arabic["cells"])  # nothing expected
    assert "ETA" in first.stderr and f"[4/4] {other}" in first.stderr
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert page.count('class="reply" dir="auto"') == 2 + 4  # prompts and replies
    assert "ما هو فقر الدم؟" in page and "sha256" in page
    # Every cell is an ordinary session, tagged with the replay id.
    store = ChatStore(tmp_path / "data" / "chats.db")
    sessions = store.list_sessions()
    assert len(sessions) == 4 and all(report["replay_id"] in s.title for s in sessions)
    store.close()
    # The same command again: nothing is asked twice, the report is the same.
    again = replay(tmp_path / "data", *args)
    assert again.returncode == 0, again.stderr
    assert "loading" not in again.stderr
    assert json.loads(again.stdout)["items"] == report["items"]


def test_ctrl_c_keeps_finished_cells_and_the_rerun_finishes_the_rest(tmp_path: Path) -> None:
    questions = write_jsonl(
        tmp_path / "q.jsonl", [{"prompt": f"Name {n} symptoms of flu."} for n in range(2, 6)]
    )
    data = tmp_path / "data"
    args = [str(questions), "--models", "smollm2", "--max-tokens", "24",
            "--out", str(tmp_path / "r.html")]  # fmt: skip
    process = subprocess.Popen(
        [*CLI, "--data-dir", str(data), "replay", *args],
        stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
    )  # fmt: skip
    assert process.stderr is not None
    for line in process.stderr:  # wait for the first finished cell
        if line.startswith("[1/4]"):
            break
    process.send_signal(signal.SIGINT)
    rest = process.stderr.read()
    assert process.wait(timeout=300) == 130, rest
    assert "run the same command again to resume" in rest
    store = ChatStore(data / "chats.db")
    kept = store.db.execute("SELECT item_index, message_id FROM replay_cells").fetchall()
    assert 1 <= len(kept) < 4  # the reply being written when stopped is not kept
    assert len(store.list_sessions()) == len(kept)  # and leaves no half session
    store.close()
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "not run yet" in page

    resumed = replay(data, *args)
    assert resumed.returncode == 0, resumed.stderr
    store = ChatStore(data / "chats.db")
    cells = dict(store.db.execute("SELECT item_index, message_id FROM replay_cells").fetchall())
    assert len(cells) == 4 and all(cells[i] == m for i, m in kept)  # finished ones untouched
    assert len(store.list_sessions()) == 4
    store.close()


def test_a_model_that_fails_to_load_marks_its_cells_failed(tmp_path: Path) -> None:
    broken = tmp_path / "broken.gguf"
    broken.write_bytes(b"GGUF" + b"\0" * 64)
    questions = write_jsonl(tmp_path / "q.jsonl", [{"prompt": "Hello"}, {"prompt": "Thanks"}])
    result = replay(
        tmp_path / "data", str(questions), "--models", f"{broken},smollm2", "--max-tokens", "4",
        "--json",
    )  # fmt: skip
    assert result.returncode == 1, result.stderr
    assert "2 cells failed" in result.stderr and "Traceback" not in result.stderr
    report = json.loads(result.stdout)
    assert [(t["failed"], t["complete"]) for t in report["totals"]] == [(2, 0), (0, 2)]
    failed = report["items"][0]["cells"][0]
    assert failed["status"] == "failed" and "broken.gguf" in failed["error"]


def test_a_malformed_line_is_reported_with_its_number(tmp_path: Path) -> None:
    questions = write_jsonl(tmp_path / "q.jsonl", [{"prompt": "ok"}, '{"prompt": "cut', "{}"])
    result = replay(tmp_path / "data", str(questions), "--models", "smollm2", "--json")
    assert result.returncode == 2
    assert "q.jsonl, line 2" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "data" / "chats.db").exists() or "replay_cells" not in result.stdout


def test_an_unknown_model_is_listed_with_the_names_that_exist(tmp_path: Path) -> None:
    questions = write_jsonl(tmp_path / "q.jsonl", [{"prompt": "ok"}])
    result = replay(tmp_path / "data", str(questions), "--models", "smollm2,gpt-9", "--json")
    assert result.returncode == 2
    assert "Unknown model gpt-9" in result.stderr and "smollm2" in result.stderr
    assert "qwen-coder-1.5b" in result.stderr and "Traceback" not in result.stderr


# --- the pure parts -------------------------------------------------------------
@pytest.mark.parametrize(
    ("reply", "expected", "correct"),
    [
        ("The answer is B) heart.", "B", True),
        ("(C) lung", "b", False),
        ("الإجابة: ب", "ب", True),
        ("Normal is about 37 °C.", "37 °C", True),
        ("درجة الحرارة الطبيعية", "الحرارة", True),
        ("درجةُ الحَرارةِ الطبيعية", "الحرارة", True),  # harakat folded
        ("It is the liver.", "heart", False),
        ("Anything", None, None),
    ],
)
def test_the_correct_rule(reply: str, expected: str | None, correct: bool | None) -> None:
    assert is_correct(reply, expected) is correct


def test_models_take_a_seed_suffix_and_refuse_duplicates() -> None:
    columns = parse_models("smollm2, smollm2@seed=7", 1234)
    assert [(m.label, m.spec, m.seed) for m in columns] == [
        ("smollm2", "smollm2", 1234), ("smollm2@seed=7", "smollm2", 7),
    ]  # fmt: skip
    with pytest.raises(UserFacingError, match="listed twice"):
        parse_models("a,a", None)


def test_an_archive_replays_user_turns_in_order(tmp_path: Path) -> None:
    store = ChatStore(tmp_path / "chats.db")
    session = store.create_session("x", "consult", "en")
    for role, text in (("user", "I have a cough"), ("assistant", "Since when?"),
                       ("user", "منذ يومين")):  # fmt: skip
        store.add_message(session.id, role, text)
    from bimedix.core.export import ExportFilter, export_sessions

    export_sessions(store, "json", tmp_path / "a.json", ExportFilter(session_ids=[session.id]))
    items = read_question_set(tmp_path / "a.json")
    assert [(i.prompt, i.turn, i.language) for i in items] == [
        ("I have a cough", 0, "en"), ("منذ يومين", 1, "ar"),
    ]  # fmt: skip
    assert items[0].conversation == items[1].conversation
    with pytest.raises(ReplaySourceError, match="holds no prompt"):
        read_question_set(write_jsonl(tmp_path / "empty.jsonl", ["# nothing"]))


def test_an_error_mid_replay_fails_that_cell_and_the_rest_continues(tmp_path: Path) -> None:
    """The scripted backend (no llama.cpp) breaks on its second reply."""
    from bimedix.eval.replay import plan_replay, run_replay
    from bimedix.eval.replay_report import build_report
    from tests.gui.fake_backend import ScriptedBackend

    class BreaksOnce(ScriptedBackend):
        def stream_chat(self, messages, params, cancel=None):  # type: ignore[no-untyped-def]
            if len(self.seen) == 1:
                self.seen.append(list(messages))
                yield from super().stream_chat(messages, params, cancel)
                raise UserFacingError("The server closed the connection.")
            yield from super().stream_chat(messages, params, cancel)

    questions = write_jsonl(tmp_path / "q.jsonl", [{"prompt": f"Q{n}"} for n in range(3)])
    models = parse_models("fake,other", 1)
    plan = plan_replay(questions, models, max_tokens=8, temperature=0.0, mode="consult")
    store = ChatStore(tmp_path / "chats.db")
    opened = [BreaksOnce("Fine."), ScriptedBackend("Also fine.")]
    assert run_replay(store, plan, lambda model: opened.pop(0))
    report = build_report(store, plan)
    statuses = [[c["status"] for c in item["cells"]] for item in report["items"]]
    assert statuses == [["complete", "complete"], ["failed", "complete"], ["complete", "complete"]]
    assert "closed the connection" in report["items"][1]["cells"][0]["error"]
