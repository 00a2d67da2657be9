"""Replay throughput against plain `bimedix chat --once` (issue 17): the same
model (SmolLM2), prompts, token budget, seed and temperature, each side run
as the user would run it (fresh processes, fresh data folders).

Two figures, replay over chat, target >= 0.95 each:
- end to end: generated tokens per wall-clock second for the whole set
  (replay loads the model once; `chat --once` loads it per prompt);
- decode: the median stored tokens/s of the replies (the engine's speed
  inside each path, what the replay's bookkeeping could slow down).
Rounds alternate the two sides so a load change hits both.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import Measurement, median

PROMPTS = [
    "What are the symptoms of anaemia?",
    "ما هي أعراض فقر الدم؟",
    "How is high blood pressure treated?",
    "When should a fever be checked by a doctor?",
]
MAX_TOKENS = 24
CLI = [sys.executable, "-m", "bimedix.cli"]


def _replies(db: Path) -> tuple[int, list[float]]:
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "SELECT completion_tokens, tokens_per_s FROM messages WHERE role = 'assistant'"
        ).fetchall()
    return sum(r[0] or 0 for r in rows), [r[1] for r in rows if r[1]]


def _chat_once(work: Path) -> tuple[float, int, list[float]]:
    data = work / "chat"
    started = time.perf_counter()
    for prompt in PROMPTS:
        subprocess.run(
            [*CLI, "--data-dir", str(data), "chat", "--model", "smollm2", "--once", prompt,
             "--max-tokens", str(MAX_TOKENS), "--seed", "1"],
            check=True, capture_output=True, timeout=600,
        )  # fmt: skip
    seconds = time.perf_counter() - started
    return (seconds, *_replies(data / "chats.db"))


def _replay(work: Path) -> tuple[float, int, list[float]]:
    data = work / "replay"
    questions = work / "q.jsonl"
    questions.write_text(
        "".join(json.dumps({"prompt": p}, ensure_ascii=False) + "\n" for p in PROMPTS), "utf-8"
    )
    started = time.perf_counter()
    subprocess.run(
        [*CLI, "--data-dir", str(data), "replay", str(questions), "--models", "smollm2",
         "--max-tokens", str(MAX_TOKENS), "--seed", "1", "--temperature", "0.7",
         "--out", str(work / "r.html")],
        check=True, capture_output=True, timeout=600,
    )  # fmt: skip
    seconds = time.perf_counter() - started
    return (seconds, *_replies(data / "chats.db"))


def run(rounds: int = 2) -> list[Measurement]:
    end_to_end: dict[str, list[float]] = {"chat": [], "replay": []}
    decode: dict[str, list[float]] = {"chat": [], "replay": []}
    tokens: dict[str, int] = {}
    for index in range(rounds):
        sides = [("chat", _chat_once), ("replay", _replay)]
        for name, side in sides if index % 2 == 0 else reversed(sides):
            work = Path(tempfile.mkdtemp(prefix=f"bimedix-bench-{name}-"))
            try:
                seconds, count, speeds = side(work)
            finally:
                shutil.rmtree(work, ignore_errors=True)
            end_to_end[name].append(count / seconds)
            decode[name].append(median(speeds))
            tokens[name] = count
    e2e = median(end_to_end["replay"]) / median(end_to_end["chat"])
    dec = median(decode["replay"]) / median(decode["chat"])
    details = {
        "prompts": len(PROMPTS), "max_tokens": MAX_TOKENS, "rounds": rounds,
        "tokens_per_s_end_to_end": end_to_end, "decode_tokens_per_s": decode,
        "tokens": tokens, "model": "smollm2",
    }  # fmt: skip
    return [
        Measurement("replay", "replay / chat --once, end-to-end tokens/s", round(e2e, 3), "×",
                    ">= 0.95", e2e >= 0.95, details=details),
        Measurement("replay", "replay / chat --once, decode tokens/s", round(dec, 3), "×",
                    ">= 0.95", dec >= 0.95, details=details),
    ]  # fmt: skip
