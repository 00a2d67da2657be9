"""Measure llama-cpp-python's prompt-lookup decoding against plain decoding.

    .venv/bin/python tools/prompt_lookup_bench.py [--models smollm2,qwen-coder-1.5b]
        [--max-tokens 128] [--runs 2]

`LlamaPromptLookupDecoding` drafts the next tokens by finding the last few
generated tokens earlier in the prompt: free speculative decoding that helps
when a reply copies from its prompt (summaries), not when it writes new text.
For each model and prompt kind (a consultation question; a summary of a
clinical note) it runs greedy decoding plain and with the draft, both on a
fresh `Llama` with the app's prompt encoding, and prints one JSON object per
row: decode time (best of --runs), speed-up, and whether the greedy outputs
are identical. Issue 18 offers the option only where it is >= 1.2x faster
with identical output.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

from bimedix.engine.backend import ChatMessage
from bimedix.engine.llama_backend import _LlamaTokenizer, encode_prompt, prompt_format_for

SYSTEM = "You are a careful medical assistant."
NOTE = (
    "Clinical note. Patient: 58-year-old man. Presenting complaint: chest tightness on "
    "exertion for three weeks, relieved by rest within five minutes. History: type 2 "
    "diabetes for ten years on metformin 1 g twice daily; hypertension on amlodipine 5 mg "
    "daily; ex-smoker, 20 pack-years, stopped 2019. Examination: blood pressure 148/92, "
    "pulse 78 regular, BMI 31, heart sounds normal, chest clear. ECG: sinus rhythm, no "
    "acute changes. Bloods: HbA1c 62 mmol/mol, total cholesterol 5.9 mmol/L, LDL 3.8 "
    "mmol/L, eGFR 74. Plan: refer to rapid-access chest pain clinic; start atorvastatin "
    "20 mg nightly and aspirin 75 mg daily; GTN spray as needed; advise to call 999 if "
    "pain lasts more than 15 minutes or comes on at rest."
)
PROMPTS = {
    "consultation": "I have had a dry cough for two weeks and feel tired. What could it be?",
    "summary": NOTE + "\n\nRewrite this note as a bulleted summary, keeping every medicine "
    "name, dose and number exactly as written.",
}


def decode(llama: object, ids: list[int], max_tokens: int) -> tuple[list[int], float]:
    """Greedy tokens and the seconds from the first token to the last."""
    llama.reset()  # type: ignore[attr-defined]
    out: list[int] = []
    first = None
    for token in llama.generate(ids, temp=0.0, top_k=1, repeat_penalty=1.0):  # type: ignore[attr-defined]
        if first is None:
            first = time.perf_counter()
        if llama.token_eos() == token or len(out) >= max_tokens:  # type: ignore[attr-defined]
            break
        out.append(token)
    return out, time.perf_counter() - (first or time.perf_counter())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", default="smollm2,qwen-coder-1.5b")
    parser.add_argument("--max-tokens", type=int, default=128)
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--draft-tokens", type=int, default=10)
    args = parser.parse_args()
    from llama_cpp import Llama
    from llama_cpp.llama_speculative import LlamaPromptLookupDecoding

    from bimedix.core.settings import resolve_data_dir
    from bimedix.models.library import models_dir
    from bimedix.models.resolve import resolve_model

    threads = os.cpu_count() or 1
    for spec in args.models.split(","):
        path = Path(resolve_model(spec, models_dir(resolve_data_dir(None)), []))
        results: dict[str, dict[str, object]] = {}
        for kind in ("plain", "lookup"):
            draft = LlamaPromptLookupDecoding(num_pred_tokens=args.draft_tokens)
            llama = Llama(
                model_path=str(path), n_ctx=2048, n_threads=threads, verbose=False,
                draft_model=draft if kind == "lookup" else None,
            )  # fmt: skip
            tokenizer = _LlamaTokenizer(llama)
            prompt_format = prompt_format_for(llama, "auto", path.name)
            for name, text in PROMPTS.items():
                messages = [ChatMessage("system", SYSTEM), ChatMessage("user", text)]
                ids = encode_prompt(prompt_format, tokenizer, messages)
                best = None
                for _ in range(args.runs):
                    tokens, seconds = decode(llama, ids, args.max_tokens)
                    best = seconds if best is None else min(best, seconds)
                results.setdefault(name, {})[kind] = {"tokens": tokens, "s": best}
            llama.close()
        for name, row in results.items():
            plain, lookup = row["plain"], row["lookup"]
            speedup = plain["s"] / max(1e-9, lookup["s"])  # type: ignore[index, operator]
            print(json.dumps({
                "model": path.name, "prompt": name,
                "tokens": len(plain["tokens"]),  # type: ignore[index, arg-type]
                "plain_s": round(plain["s"], 3), "lookup_s": round(lookup["s"], 3),  # type: ignore[index, arg-type]
                "speedup": round(speedup, 2),
                "identical": plain["tokens"] == lookup["tokens"],  # type: ignore[index]
            }), flush=True)  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
