"""Speed of the default model (Qwen2.5-Coder-1.5B Q4_K_M) on this machine.

Three rows for `make bench`: load time, time to first token and decode
tokens/s of a short consultation reply, each the median of a few runs
(the model is joined from its parts first, outside the timings).
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from bench.common import Measurement, median

PROMPT_TEXT = "I have had a headache and a mild fever since yesterday. What should I do?"


def run(runs: int = 3, max_tokens: int = 64) -> list[Measurement]:
    from bimedix.core.settings import resolve_data_dir
    from bimedix.engine.backend import ChatMessage, Finished, GenerationParams, TextDelta
    from bimedix.engine.llama_backend import LlamaCppBackend
    from bimedix.models.default_model import QWEN_CODER, choose_default
    from bimedix.models.library import models_dir

    choice = choose_default(models_dir(resolve_data_dir(None)), honour_env=False)
    if choice.key != QWEN_CODER.key:
        note = choice.notice or "the default model is not installed"
        return [Measurement("default_model", "default model available", None, "", passed=False,
                            details={"note": note})]  # fmt: skip
    path: Path = choice.path
    threads = min(os.cpu_count() or 1, 4)
    params = GenerationParams(max_tokens=max_tokens, temperature=0.0, top_k=1, seed=1)
    messages = [ChatMessage("user", PROMPT_TEXT)]
    loads, firsts, speeds = [], [], []
    for _ in range(runs):
        started = time.perf_counter()
        backend = LlamaCppBackend(path, n_ctx=2048, n_threads=threads)
        loads.append(time.perf_counter() - started)
        try:
            started = time.perf_counter()
            first = None
            for event in backend.stream_chat(messages, params):
                if isinstance(event, TextDelta) and first is None:
                    first = time.perf_counter() - started
                elif isinstance(event, Finished):
                    speeds.append(event.stats.tokens_per_s or 0.0)
            firsts.append(first if first is not None else float("nan"))
        finally:
            backend.close()
    details = {"model": QWEN_CODER.display_name, "runs": runs, "threads": threads,
               "file_bytes": path.stat().st_size}  # fmt: skip
    return [
        Measurement("default_model", "load time", round(median(loads), 2), "s",
                    display=f"{median(loads):.2f} s", details=details),
        Measurement("default_model", "time to first token", round(median(firsts), 2), "s",
                    display=f"{median(firsts):.2f} s", details=details),
        Measurement("default_model", "decode speed", round(median(speeds), 1), "tok/s",
                    display=f"{median(speeds):.1f} tok/s", details=details),
    ]  # fmt: skip
