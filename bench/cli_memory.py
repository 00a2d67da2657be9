"""1,000 consecutive turns through the interactive CLI on the embedded model:
resident memory must stay flat (growth < 5 % between turn 100 and the end).

The CLI reads one message per line from stdin; we count finished turns in
the database and sample the process's VmRSS as it goes. A small context
(512 tokens) keeps the run to a few minutes: the history overflows early and
is trimmed in steps, which exercises that path too.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import Measurement

TURNS = 1000
BASELINE_TURN = 100


def _rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def _finished_turns(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
            (count,) = conn.execute(
                "SELECT COUNT(*) FROM messages WHERE role = 'assistant' AND status != 'streaming'"
            ).fetchone()
        return int(count)
    except sqlite3.Error:
        return 0


def run(turns: int = TURNS) -> list[Measurement]:
    work = Path(tempfile.mkdtemp(prefix="bimedix-bench-cli-"))
    lines = "".join(
        f"{'ما أعراض فقر الدم؟' if i % 2 else 'What are the symptoms of anaemia?'} ({i})\n"
        for i in range(turns)
    )
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "bimedix.cli", "--data-dir", str(work), "chat",
         "--max-tokens", "4", "--seed", "1", "--ctx", "512"],
        stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, text=True,
    )  # fmt: skip
    assert process.stdin is not None
    process.stdin.write(lines)
    process.stdin.close()
    samples: dict[int, int] = {}
    try:
        while process.poll() is None:
            done = _finished_turns(work / "chats.db")
            rss = _rss_kib(process.pid)
            if rss:
                samples[done] = rss
            time.sleep(0.2)
    finally:
        process.wait()
        elapsed = time.perf_counter() - started
    finished = _finished_turns(work / "chats.db")
    shutil.rmtree(work, ignore_errors=True)
    base = next((rss for turn, rss in sorted(samples.items()) if turn >= BASELINE_TURN), None)
    final = samples[max(samples)] if samples else None
    if not base or not final:
        return [Measurement("cli_memory", "resident memory", None, "", passed=False,
                            details={"finished_turns": finished})]  # fmt: skip
    growth = (final - base) / base * 100
    return [
        Measurement(
            "cli_memory",
            f"RSS growth, turn {BASELINE_TURN} to turn {finished}",
            round(growth, 2),
            "%",
            target="< 5 %",
            passed=growth < 5 and finished == turns,
            display=f"{growth:+.1f} % ({base / 1024:.0f} → {final / 1024:.0f} MiB, "
            f"{finished} turns in {elapsed:.0f} s)",
            details={"samples": samples},
        )
    ]
