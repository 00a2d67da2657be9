"""Model manager and remote backend figures.

* GGUF validation: `inspect_gguf` (the app's streaming header check) against
  `gguf.GGUFReader` on the same files, best of 3. Target: under 0.5 s for
  the embedded model, so checking before every load costs little.
* Remote chat: the same prompt and seed through `LlamaCppBackend` in this
  process and through `bimedix serve` + `OpenAIBackend` (HTTP, server-sent
  events, loopback). Decode tokens/s and time to first token, median of 5 interleaved runs
  after a warm-up of each.
  Target: the remote path keeps at least 85 % of the local decode speed.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from bench.common import Measurement, median
from bimedix.engine.backend import ChatMessage, Finished, GenerationParams, TextDelta

RUNS = 5
MAX_TOKENS = 96
PROMPT = [ChatMessage("user", "Explain what anaemia is and list its common causes.")]


def _best_time(func, runs: int = 3) -> float:  # type: ignore[no-untyped-def]
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        func()
        best = min(best, time.perf_counter() - started)
    return best


def _validation(model_path: Path) -> list[Measurement]:
    import gguf

    from bimedix.engine.gguf_file import inspect_gguf

    results = []
    files = [("embedded SmolLM2", model_path)]
    gemma = Path(tempfile.gettempdir()) / "bimedix-bench-models"
    try:
        from bimedix.models.catalog import gemma3_model_path

        files.append(("Gemma 3 270M", gemma3_model_path(gemma)))
    except Exception:  # noqa: BLE001 - the [gemma] extra is optional
        pass
    for label, path in files:
        ours = _best_time(lambda p=path: inspect_gguf(p))
        reference = _best_time(lambda p=path: gguf.GGUFReader(p), runs=1)
        first = label == "embedded SmolLM2"
        results.append(
            Measurement(
                "models",
                f"validate + describe {label} ({path.stat().st_size / 1e6:.0f} MB)",
                round(ours, 3),
                "s",
                target="< 0.5 s" if first else "",
                passed=(ours < 0.5) if first else None,
                display=f"{ours:.3f} s (gguf.GGUFReader {reference:.2f} s)",
            )
        )
    return results


def _stream(backend, params: GenerationParams) -> tuple[float, float, int]:  # type: ignore[no-untyped-def]
    """(time to first text, decode tokens/s, tokens) of one reply."""
    started = time.perf_counter()
    first = None
    stats = None
    for event in backend.stream_chat(PROMPT, params):
        if isinstance(event, TextDelta) and first is None:
            first = time.perf_counter() - started
        elif isinstance(event, Finished):
            stats = event.stats
    assert stats is not None and first is not None
    return first, stats.tokens_per_s or 0.0, stats.completion_tokens


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _remote(model_path: Path) -> list[Measurement]:
    from bimedix.engine.llama_backend import LlamaCppBackend
    from bimedix.engine.openai_backend import OpenAIBackend

    params = GenerationParams(max_tokens=MAX_TOKENS, seed=11, temperature=0.7)
    local = LlamaCppBackend(model_path, n_ctx=2048, n_threads=2)
    local_runs, remote_runs = [], []
    port = _free_port()
    with tempfile.TemporaryDirectory(prefix="bimedix-bench-serve-") as data_dir:
        server = subprocess.Popen(
            [sys.executable, "-m", "bimedix.cli", "--data-dir", data_dir, "serve",
             "--model", str(model_path), "--port", str(port), "--ctx", "2048", "--threads", "2"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        try:
            url = f"http://127.0.0.1:{port}/v1"
            deadline = time.monotonic() + 60
            while True:
                try:
                    with urllib.request.urlopen(f"{url}/models", timeout=2):
                        break
                except OSError:
                    if time.monotonic() > deadline:
                        raise RuntimeError("bimedix serve did not start") from None
                    time.sleep(0.2)
            remote = OpenAIBackend(url)
            _stream(local, params), _stream(remote, params)  # warm both up
            # Interleaved, so both paths see the same background load.
            for _ in range(RUNS):
                local_runs.append(_stream(local, params))
                remote_runs.append(_stream(remote, params))
        finally:
            server.terminate()
            server.wait(timeout=10)
            local.close()

    local_rate = median([r[1] for r in local_runs])
    remote_rate = median([r[1] for r in remote_runs])
    ratio = remote_rate / local_rate if local_rate else 0.0
    return [
        Measurement(
            "models", "remote: local decode tokens/s (median)", round(local_rate, 1), "tok/s",
            display=f"{local_rate:.1f} tok/s, first text after "
            f"{1000 * median([r[0] for r in local_runs]):.0f} ms",
        ),
        Measurement(
            "models", "remote: bimedix serve + OpenAIBackend tokens/s (median)",
            round(remote_rate, 1), "tok/s",
            display=f"{remote_rate:.1f} tok/s, first text after "
            f"{1000 * median([r[0] for r in remote_runs]):.0f} ms",
        ),
        Measurement(
            "models", "remote / local decode speed", round(ratio, 3), "",
            target=">= 0.85", passed=ratio >= 0.85,
        ),
    ]  # fmt: skip


def run(model_path: Path) -> list[Measurement]:
    return _validation(model_path) + _remote(model_path)
