"""`bimedix eval` as a real subprocess on the embedded model."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from bimedix.eval.benchmarks import mini_benchmark_path

CLI = [sys.executable, "-m", "bimedix.cli"]


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *args], capture_output=True, text=True, timeout=300, check=False)


def test_eval_a_local_file_prints_json_and_stores_the_runs(tmp_path: Path) -> None:
    result = run_cli("--data-dir", str(tmp_path), "eval", "--model", "smollm2",
                     "--file", str(mini_benchmark_path()), "--lang", "both", "--limit", "3",
                     "--json")  # fmt: skip

    assert result.returncode == 0, result.stderr
    english, arabic = json.loads(result.stdout)  # --json: one array of runs
    assert (english["language"], arabic["language"]) == ("en", "ar")
    assert english["n"] == arabic["n"] == 3 and english["status"] == "complete"
    assert english["benchmark"] == "file:mini.jsonl" and english["quantization"] == "Q4_1"
    assert len(english["model_sha256"]) == 64
    assert 0 <= english["acc"] <= 1 and english["acc_stderr"] is not None

    # --nl: the same runs as newline-delimited JSON, one line per run.
    lines = run_cli("--data-dir", str(tmp_path / "nl"), "eval", "--model", "smollm2",
                    "--file", str(mini_benchmark_path()), "--lang", "both", "--limit", "1",
                    "--nl").stdout.splitlines()  # fmt: skip
    assert [json.loads(line)["language"] for line in lines] == ["en", "ar"]

    table = run_cli("--data-dir", str(tmp_path), "eval", "--table", "ar")
    assert table.returncode == 0 and "| BiMediX (Arabic) | 60.0 |" in table.stdout
    out = tmp_path / "table.csv"
    exported = run_cli("--data-dir", str(tmp_path), "eval", "--table", "en", "--export", str(out))
    assert exported.returncode == 0 and out.read_text(encoding="utf-8").startswith("Model,CKG")


def test_bad_input_is_one_clear_line_and_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"question": "Q?", "options": ["a", "b"], "answer": "Z", "language": "en"}\n')

    for args, message in (
        (("--file", str(bad)), "bad.jsonl, line 1: 'answer' 'Z' does not name one of the"),
        (("--bench", "nosuch"), "Unknown benchmark 'nosuch'"),
        (("--bench", "medqa"), "medqa"),  # no `datasets` / not cached: a clear message
        ((), "Name a benchmark with --bench"),
    ):
        result = run_cli("--data-dir", str(tmp_path), "eval", "--model", "smollm2", *args)
        assert result.returncode == 2, (args, result.stderr)
        assert result.stderr.startswith("bimedix: ") and message in result.stderr
        assert "Traceback" not in result.stderr


def test_eval_through_an_openai_compatible_server_reads_the_letter_from_replies(
    tmp_path: Path,
) -> None:
    from bimedix.eval.items import load_jsonl
    from tests.openai_stub import OpenAIStub

    english = [i for i in load_jsonl(mini_benchmark_path()) if i.language == "en"][:6]
    with OpenAIStub("The answer is (C).", model="org/bimedix-remote") as server:
        result = run_cli(
            "--data-dir", str(tmp_path), "eval", "--backend", "openai", "--base-url", server.url,
            "--api-key", "sekret", "--file", str(mini_benchmark_path()), "--limit", "6", "--json",
            "--lang", "en",
        )  # fmt: skip

    assert result.returncode == 0, result.stderr
    (run,) = json.loads(result.stdout)
    assert run["method"] == "generation" and run["n"] == 6 and run["status"] == "complete"
    assert run["model"] == "org/bimedix-remote @ 127.0.0.1:" + server.url.split(":")[2][:-3]
    assert run["settings"]["backend"] == "openai" and run["model_sha256"] is None  # no file to hash
    # Every reply says C: exactly the questions whose answer is C are right.
    assert run["acc"] == sum(i.answer_letter == "C" for i in english) / 6
    assert len(server.requests) == 6 and set(server.keys) == {"Bearer sekret"}
    asked = json.dumps(server.requests[0]["messages"], ensure_ascii=False)
    assert english[0].question in asked and english[0].options[0] in asked


def test_openai_backend_refuses_loglikelihood_scoring_clearly(tmp_path: Path) -> None:
    for args, message in (
        (("--base-url", "http://127.0.0.1:9/v1", "--method", "loglikelihood"),
         "no option log-likelihoods"),
        ((), "--backend openai needs --base-url URL."),
        (("--base-url", "http://127.0.0.1:9/v1"), "127.0.0.1:9"),  # nothing listens there
    ):  # fmt: skip
        result = run_cli("--data-dir", str(tmp_path), "eval", "--backend", "openai",
                         "--file", str(mini_benchmark_path()), *args)  # fmt: skip
        assert result.returncode == 2, (args, result.stderr)
        assert result.stderr.startswith("bimedix: ") and message in result.stderr, result.stderr
        assert "Traceback" not in result.stderr


QUIZ = [
    {"question": "Which organ pumps blood?", "options": ["Heart", "Liver", "Lung"],
     "answer": "A", "language": "en"},
    {"question": "Which vitamin deficiency causes scurvy?",
     "options": ["Vitamin A", "Vitamin C", "Vitamin D"], "answer": "B", "language": "en"},
    {"question": "ما العضو الذي يضخ الدم؟", "options": ["القلب", "الكبد", "الرئة"],
     "answer": "A", "language": "ar"},
]  # fmt: skip


def _runs(stdout: str) -> list[dict]:
    """Runs printed by --json: one JSON array, or (older) one object a line."""
    text = stdout.strip()
    return json.loads(text) if text.startswith("[") else [json.loads(x) for x in text.splitlines()]


def test_a_bilingual_file_is_scored_in_every_language_it_holds(tmp_path: Path) -> None:
    quiz = tmp_path / "quiz.jsonl"
    quiz.write_text("".join(json.dumps(q, ensure_ascii=False) + "\n" for q in QUIZ), "utf-8")
    data = ("--data-dir", str(tmp_path / "data"))

    both = run_cli(*data, "eval", "--model", "smollm2", "--file", str(quiz), "--json")
    assert both.returncode == 0, both.stderr
    runs = _runs(both.stdout)
    assert [(r["language"], r["n"]) for r in runs] == [("en", 2), ("ar", 1)]
    assert "quiz.jsonl: scoring English (2 questions) and Arabic (1 question)" in both.stderr

    arabic = run_cli(*data, "eval", "--model", "smollm2", "--file", str(quiz), "--lang", "ar")
    assert arabic.returncode == 0, arabic.stderr
    assert "[ar]" in arabic.stdout and "[en]" not in arabic.stdout
    assert "scoring Arabic (1 question); not scoring English (2 questions) (--lang ar)" in (
        arabic.stderr
    )
