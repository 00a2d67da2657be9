"""Read what the default model says: a few consultation messages, several
seeds, the app's sampling defaults (docs/models.md, "What it says").

    .venv/bin/python tools/reply_probe.py --lang ar --seeds 3 \
        [--system-prompt-file FILE] [--model qwen-coder-1.5b]

Prints every reply with its seed and time, for a person to read and count
refusals and slips; it scores nothing itself.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from bimedix.core.prompts import system_prompt
from bimedix.core.settings import resolve_data_dir
from bimedix.engine.backend import ChatMessage, GenerationParams, TextDelta
from bimedix.models.opening import open_backend

MESSAGES = {
    "ar": [
        "عندي صداع وحرارة 38.5 منذ أمس. ماذا أفعل؟",
        "ابني عمره ٤ سنوات عنده إسهال منذ يومين. هل هذا خطير؟",
        "أشعر بألم شديد في صدري ينتشر إلى ذراعي الأيسر",
    ],
    "en": ["I have had a headache and a fever of 38.5 since yesterday. What should I do?"],
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", choices=sorted(MESSAGES), default="ar")
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--mode", default="consult")
    parser.add_argument("--max-tokens", type=int, default=120)
    parser.add_argument("--model", default="qwen-coder-1.5b")
    parser.add_argument("--system-prompt-file", type=Path, help="instead of the app's prompt")
    args = parser.parse_args()
    prompt = (
        args.system_prompt_file.read_text(encoding="utf-8").strip()
        if args.system_prompt_file
        else system_prompt(args.mode, args.lang)
    )
    backend = open_backend(args.model, resolve_data_dir(None), n_ctx=2048)
    try:
        for text in MESSAGES[args.lang]:
            for seed in range(args.seeds):
                params = GenerationParams(max_tokens=args.max_tokens, seed=seed)
                started = time.perf_counter()
                messages = [ChatMessage("system", prompt), ChatMessage("user", text)]
                events = backend.stream_chat(messages, params)
                reply = "".join(e.text for e in events if isinstance(e, TextDelta))
                print(f"--- seed {seed} ({time.perf_counter() - started:.0f} s): {text}")
                print(reply + "\n", flush=True)
    finally:
        backend.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
