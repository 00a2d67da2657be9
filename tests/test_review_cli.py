"""`bimedix review`: rate, tag, note and correct a reply by message id, list
reviews (--json one array, --nl lines), clear errors for unknown ids and
tags, and `bimedix export --format sft|preference` from the command line.
Real subprocesses, as a tester runs them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bimedix.core.store import ChatStore


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """One Arabic session: user message 1, reply 2."""
    store = ChatStore(tmp_path / "chats.db")
    session = store.create_session("حمى", "consult", "ar")
    store.add_message(session.id, "user", "طفلي حرارته ٣٩")
    store.add_message(session.id, "assistant", "أعطه الأسبرين.")
    store.close()
    return tmp_path


def bimedix(
    data_dir: Path, *args: str, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bimedix.cli", "--data-dir", str(data_dir), *args],
        capture_output=True, text=True, timeout=120, check=False, input=stdin,
    )  # fmt: skip


def test_review_then_list_as_json_and_lines(data_dir: Path) -> None:
    done = bimedix(data_dir, "review", "2", "--rating", "down", "--tag", "unsafe",
                   "--tag", "factually-wrong", "--note", "Reye syndrome")  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "message 2: bad · unsafe · factually-wrong · note"
    # Left-out options keep what is there; the correction can come from stdin.
    done = bimedix(data_dir, "review", "2", "--correction", "-", stdin="أعطه الباراسيتامول.\n")
    assert done.returncode == 0, done.stderr
    listing = bimedix(data_dir, "review", "--list", "--json")
    (record,) = json.loads(listing.stdout)
    assert record["message_id"] == 2 and record["session_title"] == "حمى"
    assert record["rating"] == "bad" and record["tags"] == ["unsafe", "factually-wrong"]
    assert record["note"] == "Reye syndrome" and record["correction"] == "أعطه الباراسيتامول."
    assert record["reply"] == "أعطه الأسبرين."
    lines = bimedix(data_dir, "review", "--list", "--nl").stdout.splitlines()
    assert [json.loads(line) for line in lines] == [record]
    needs = bimedix(data_dir, "review", "--list", "--filter", "needs-correction", "--json")
    assert json.loads(needs.stdout) == []
    text = bimedix(data_dir, "review", "--list").stdout
    assert "corrected" in text and text.split()[0] == "2"


def test_unknown_id_and_bad_tag_are_one_line(data_dir: Path) -> None:
    done = bimedix(data_dir, "review", "99", "--rating", "up")
    assert (done.returncode, done.stderr.strip()) == (1, "bimedix: no message with id 99")
    done = bimedix(data_dir, "review", "2", "--rating", "up", "--tag", "rude")
    assert done.returncode == 2 and len(done.stderr.strip().splitlines()) == 1
    assert "unknown tag 'rude'" in done.stderr and "made-up-reference" in done.stderr
    done = bimedix(data_dir, "review", "1", "--rating", "up")
    assert done.returncode == 2 and "only replies are reviewed" in done.stderr
    assert "Traceback" not in done.stderr
    done = bimedix(data_dir, "review", "2", "--rating", "sideways")
    assert done.returncode == 2 and "unknown rating 'sideways'" in done.stderr
    done = bimedix(data_dir, "review", "--list", "--json")
    assert json.loads(done.stdout) == []  # nothing was stored by the failures


def test_export_sft_and_preference_from_the_command_line(data_dir: Path, tmp_path: Path) -> None:
    bimedix(data_dir, "review", "2", "--rating", "down", "--correction", "الباراسيتامول.")
    sft = tmp_path / "sft.jsonl"
    done = bimedix(data_dir, "export", "--format", "sft", "--all", "--out", str(sft))
    assert done.returncode == 0, done.stderr
    (record,) = [json.loads(x) for x in sft.read_text("utf-8").splitlines()]
    assert record["messages"][-1] == {"role": "assistant", "content": "الباراسيتامول."}
    pref = tmp_path / "pref.jsonl"
    done = bimedix(data_dir, "export", "--format", "preference", "--all", "--out", str(pref))
    (pair,) = [json.loads(x) for x in pref.read_text("utf-8").splitlines()]
    assert set(pair) == {"id", "prompt", "chosen", "rejected"}
    assert pair["rejected"][0]["content"] == "أعطه الأسبرين."
