"""KV-cache prefix reuse over a 10-turn conversation through `ChatRunner`.

Every turn re-renders the whole history; llama.cpp should keep the common
prefix in its KV cache and evaluate only what is new. For each turn this
records `prompt_tokens` and `prompt_tokens_evaluated` from the backend's
`Finished` stats, and, as an independent check, the number of prompt tokens
llama.cpp was actually asked to evaluate (counted by wrapping the backend's
`Llama.eval`).

"New" tokens of turn k are `prompt_tokens[k] - prompt_tokens[k-1] -
tokens(reply[k-1])`: the new user message plus the template's scaffolding.
Target on turn 10: evaluated <= new + 8 (slack for the previous reply's last
token, which was sampled but never evaluated, and for retokenisation), while
the full prompt is at least 4x larger than what was evaluated.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from bench.common import Measurement
from bimedix.core.chat import ChatRunner, ReplyFinished, new_session
from bimedix.core.store import ChatStore
from bimedix.engine.backend import GenerationParams
from bimedix.engine.llama_backend import LlamaCppBackend

N_CTX = 4096
MAX_TOKENS = 48
SEED = 4321
SLACK = 8
MIN_PROMPT_TO_EVALUATED = 4.0
MESSAGES = (
    "I have had a headache for three days.",
    "It is on both sides of my head.",
    "About six out of ten.",
    "No fever, but I feel tired.",
    "I take ibuprofen sometimes.",
    "No allergies that I know of.",
    "I sleep about five hours a night.",
    "I drink four cups of coffee a day.",
    "My blood pressure was normal last month.",
    "What should I do now?",
)


def run(model_path: Path) -> list[Measurement]:
    """Measure; returns turn 1 and turn 10 figures (all turns in details)."""
    with tempfile.TemporaryDirectory(prefix="bimedix-bench-") as tmp:
        store = ChatStore(Path(tmp) / "chats.db")
        # A fresh model: turn 1 starts from an empty KV cache.
        backend = LlamaCppBackend(model_path, n_ctx=N_CTX)
        llama = backend._llama  # noqa: SLF001 - bench-only instrumentation
        eval_calls: list[int] = []
        original_eval = llama.eval

        def counting_eval(tokens: Any) -> None:
            eval_calls.append(len(tokens))
            original_eval(tokens)

        llama.eval = counting_eval
        runner = ChatRunner(store, backend)
        session = new_session(store, "consult", "en")
        turns: list[dict[str, Any]] = []
        try:
            for number, text in enumerate(MESSAGES, start=1):
                eval_calls.clear()
                params = GenerationParams(
                    max_tokens=MAX_TOKENS, temperature=0.7, seed=SEED + number
                )
                finished = None
                for event in runner.send(session.id, text, params):
                    if isinstance(event, ReplyFinished):
                        finished = event
                if finished is None:
                    raise RuntimeError("the turn produced no reply")
                stats = finished.stats
                turns.append(
                    {
                        "turn": number,
                        "user_tokens": len(backend.tokenizer.tokenize_plain(text)),
                        "prompt_tokens": stats.prompt_tokens,
                        "prompt_tokens_evaluated": stats.prompt_tokens_evaluated,
                        "llama_evaluated": eval_calls[0] if eval_calls else 0,
                        "completion_tokens": stats.completion_tokens,
                        "stop_reason": stats.stop_reason,
                        "reply_tokens_retokenised": len(
                            backend.tokenizer.tokenize_plain(finished.message.content)
                        ),
                    }
                )
        finally:
            llama.eval = original_eval
            backend.close()
            store.close()

    for previous, turn in zip(turns, turns[1:], strict=False):
        turn["new_tokens"] = (
            turn["prompt_tokens"] - previous["prompt_tokens"] - previous["reply_tokens_retokenised"]
        )
    turns[0]["new_tokens"] = turns[0]["prompt_tokens"]

    first, last = turns[0], turns[-1]
    bound = last["new_tokens"] + SLACK
    evaluated = last["prompt_tokens_evaluated"]
    stat_matches = all(t["prompt_tokens_evaluated"] == t["llama_evaluated"] for t in turns)
    later = turns[1:]
    evaluated_later = sum(t["prompt_tokens_evaluated"] for t in later)
    share = evaluated_later / sum(t["prompt_tokens"] for t in later)
    ratio = last["prompt_tokens"] / max(1, evaluated)
    return [
        Measurement(
            "kv_reuse",
            "turn 1 prompt tokens (evaluated)",
            first["prompt_tokens"],
            "tokens",
            display=f"{first['prompt_tokens']} ({first['prompt_tokens_evaluated']} evaluated)",
            details={"evaluated": first["prompt_tokens_evaluated"]},
        ),
        Measurement(
            "kv_reuse",
            "turn 10 prompt tokens evaluated",
            evaluated,
            "tokens",
            target=f"<= {bound} (new turn {last['new_tokens']} + {SLACK})",
            passed=evaluated <= bound,
            details={
                "new_tokens": last["new_tokens"],
                "llama_evaluated": last["llama_evaluated"],
                "stat_matches_llama_eval_every_turn": stat_matches,
            },
        ),
        Measurement(
            "kv_reuse",
            "turn 10 prompt tokens (whole history)",
            last["prompt_tokens"],
            "tokens",
            display=f"{last['prompt_tokens']} ({ratio:.1f}x evaluated)",
            target=f">= {MIN_PROMPT_TO_EVALUATED:g}x evaluated",
            passed=ratio >= MIN_PROMPT_TO_EVALUATED,
            details={"prompt_to_evaluated": round(ratio, 1)},
        ),
        Measurement(
            "kv_reuse",
            "share of prompt evaluated, turns 2-10",
            round(share * 100, 1),
            "%",
            details={"turns": turns, "max_tokens": MAX_TOKENS, "n_ctx": N_CTX},
        ),
    ]
