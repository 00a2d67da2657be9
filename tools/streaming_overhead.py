"""The streaming pipeline's own cost per token, measured directly.

    .venv/bin/python tools/streaming_overhead.py [--runs 6]

The streaming bench compares the pipeline's tokens/s with a bare
llama-cpp-python loop, a ratio that a shared VM's drift moves by up to +-12 %.
This tool measures the pipeline alone, on the same prompt and model: it
times every step of llama.cpp's token generator inside one `ChatRunner`
turn, and reports the rest of the turn's wall time (after the first text:
our UTF-8 decoding, stop filter, events, periodic SQLite saves, the final
save) per token and as a share of the turn. Drift slows both parts alike,
so the share is stable where the ratio is not.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

# Run as a script from tools/: the repository root holds the bench package.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.streaming import MODE, N_CTX, PROMPT, _params  # noqa: E402
from bimedix.core.chat import ChatRunner, ReplyDelta, ReplyFinished, new_session  # noqa: E402
from bimedix.core.store import ChatStore  # noqa: E402
from bimedix.engine.llama_backend import LlamaCppBackend  # noqa: E402
from bimedix.models.catalog import embedded_model_path  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=6)
    args = parser.parse_args()
    in_llama = [0.0]
    with tempfile.TemporaryDirectory() as tmp:
        store = ChatStore(Path(tmp) / "chats.db")
        backend = LlamaCppBackend(embedded_model_path(), n_ctx=N_CTX)
        llama = backend._llama  # tool-only: wrap the generator the backend drives
        generate = llama.generate

        def timed_generate(*a: Any, **k: Any) -> Iterator[int]:
            tokens = generate(*a, **k)
            try:
                while True:
                    began = time.perf_counter()
                    try:
                        token = next(tokens)
                    except StopIteration:
                        return
                    finally:
                        in_llama[0] += time.perf_counter() - began
                    yield token
            finally:
                tokens.close()

        llama.generate = timed_generate
        runner = ChatRunner(store, backend)
        try:
            for run in range(args.runs):
                session = new_session(store, MODE, "en")
                first = None
                llama_at_first = 0.0
                tokens = 0
                for event in runner.send(session.id, PROMPT, _params()):
                    if isinstance(event, ReplyDelta) and first is None:
                        first, llama_at_first = time.perf_counter(), in_llama[0]
                    elif isinstance(event, ReplyFinished):
                        tokens = event.stats.completion_tokens
                wall = time.perf_counter() - (first or time.perf_counter())
                ours = wall - (in_llama[0] - llama_at_first)
                print(
                    f"run {run}: {tokens} tokens in {wall * 1000:.0f} ms after the first text; "
                    f"pipeline {ours * 1000:.1f} ms = {ours / max(tokens, 1) * 1e6:.0f} us/token "
                    f"= {100 * ours / wall:.2f} % of the turn",
                    flush=True,
                )
        finally:
            backend.close()
            store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
