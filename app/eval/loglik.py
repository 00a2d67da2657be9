"""Log-likelihood of answer continuations from llama.cpp logits.

`LlamaLoglikelihood` owns one `Llama` and drives llama.cpp's batch API
directly: logits are requested only for the positions whose next token is
scored, and the KV cache of sequence 0 is treated as a prefix cache. For each
option the context (question, options, cue) is reused from the cache and only
`[last context token] + continuation` is evaluated, so a 4-option question
costs one pass over its prompt plus a few tokens per option, instead of four
full passes. `reuse_prefix=False` evaluates every option from scratch (for the
benchmark that measures the difference).

Token split follows lm-evaluation-harness: `context_ids = encode(context)`,
`continuation_ids = encode(context + continuation)[len(context_ids):]`, and the
model reads `context_ids + continuation_ids`. Text is tokenised with special
tokens OFF (see engine/prompt_format.py), with BOS when the vocabulary asks for
it. Contexts too long for the window lose their oldest tokens, as in lm-eval.

Use an instance on one thread only.
"""

from __future__ import annotations

import ctypes
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bimedix.engine.llama_backend import (
    _LlamaTokenizer,
    check_gguf_header,
    load_llama,
    quantization_name,
)


@dataclass(frozen=True)
class ContinuationScore:
    """Sum of log-probabilities of a continuation's tokens given the context."""

    logprob: float
    n_tokens: int
    is_greedy: bool  # every token was the model's most likely choice


def _common_prefix(a: Sequence[int], b: Sequence[int]) -> int:
    n = 0
    for x, y in zip(a, b):  # noqa: B905 (lengths differ by design)
        if x != y:
            break
        n += 1
    return n


class LlamaLoglikelihood:
    """Scores continuations of a context with a local GGUF model."""

    def __init__(
        self,
        model_path: str | os.PathLike[str],
        *,
        n_ctx: int = 2048,
        n_threads: int | None = None,
        n_batch: int = 512,
        reuse_prefix: bool = True,
    ) -> None:
        path = Path(model_path)
        check_gguf_header(path)
        import llama_cpp

        self._llama = load_llama(
            path,
            n_ctx=n_ctx,
            n_batch=n_batch,
            n_ubatch=n_batch,
            n_threads=n_threads or os.cpu_count() or 1,
            logits_all=False,
        )
        self._lib = llama_cpp
        self._ctx = self._llama._ctx.ctx  # noqa: SLF001 - the raw context for the batch API
        self._memory = llama_cpp.llama_get_memory(self._ctx)
        self._tokenizer = _LlamaTokenizer(self._llama)
        self._n_vocab = self._llama.n_vocab()
        self.n_ctx = self._llama.n_ctx()
        # llama.cpp may shrink the batch (never above the context) and pad
        # the context: ask it rather than trusting what was requested, or a
        # decode larger than its batch aborts the process.
        self._n_batch = min(int(llama_cpp.llama_n_batch(self._ctx)),
                            int(llama_cpp.llama_n_ubatch(self._ctx)))  # fmt: skip
        self._batch = llama_cpp.llama_batch_init(self._n_batch, 0, 1)
        self._cached: list[int] = []  # tokens whose K/V sit in sequence 0
        self.reuse_prefix = reuse_prefix
        self.tokens_evaluated = 0  # for benchmarks: tokens sent to llama_decode
        metadata = dict(self._llama.metadata)
        self.path = path
        self.architecture = metadata.get("general.architecture", "unknown")
        self.quantization = quantization_name(metadata.get("general.file_type"))
        self.engine = f"llama-cpp-python {llama_cpp.__version__}"

    # --- tokens -------------------------------------------------------------
    def encode(self, text: str) -> list[int]:
        """Token ids of `text` (special tokens off), with BOS if the model wants it."""
        ids = self._tokenizer.tokenize_plain(text)
        if self._tokenizer.add_bos:
            ids.insert(0, self._tokenizer.bos_id)
        return ids

    def split(self, context: str, continuation: str) -> tuple[list[int], list[int]]:
        """lm-eval's split of (context, continuation) into token ids."""
        # Trailing spaces of the context belong to the continuation (lm-eval).
        stripped = context.rstrip(" ")
        continuation = context[len(stripped) :] + continuation
        context_ids = self.encode(stripped)
        whole = self.encode(stripped + continuation)
        return context_ids, whole[len(context_ids) :]

    # --- llama.cpp ------------------------------------------------------------
    def _forget_after(self, n_keep: int) -> None:
        """Drop cached K/V from position `n_keep` on."""
        if n_keep < len(self._cached):
            if not self._lib.llama_memory_seq_rm(self._memory, 0, n_keep, -1):
                self._lib.llama_memory_clear(self._memory, True)
                n_keep = 0
            del self._cached[n_keep:]

    def _decode(self, tokens: Sequence[int], with_logits: range) -> list[np.ndarray]:
        """Append `tokens` to the cache; return the logits rows of the tokens whose
        index is in `with_logits` (row k predicts the token after tokens[k])."""
        rows: list[np.ndarray] = []
        start = 0
        while start < len(tokens):
            chunk = tokens[start : start + self._n_batch]
            batch = self._batch
            batch.n_tokens = len(chunk)
            base = len(self._cached)
            wanted = []
            for i, token in enumerate(chunk):
                batch.token[i] = token
                batch.pos[i] = base + i
                batch.n_seq_id[i] = 1
                batch.seq_id[i][0] = 0
                want = start + i in with_logits
                batch.logits[i] = want
                if want:
                    wanted.append(i)
            code = self._lib.llama_decode(self._ctx, batch)
            if code != 0:
                raise RuntimeError(f"llama_decode returned {code}")
            self.tokens_evaluated += len(chunk)
            self._cached.extend(chunk)
            for i in wanted:
                pointer = self._lib.llama_get_logits_ith(self._ctx, i)
                row = np.ctypeslib.as_array(
                    ctypes.cast(pointer, ctypes.POINTER(ctypes.c_float)), shape=(self._n_vocab,)
                )
                rows.append(row.astype(np.float64))
            start += len(chunk)
        return rows

    def score(self, context: str, continuations: Sequence[str]) -> list[ContinuationScore]:
        """Log-likelihood of each continuation after `context`."""
        results = []
        for continuation in continuations:
            context_ids, continuation_ids = self.split(context, continuation)
            if not continuation_ids:
                raise ValueError(f"continuation {continuation!r} adds no tokens")
            if len(continuation_ids) >= self.n_ctx:
                raise ValueError("continuation longer than the context window")
            overflow = len(context_ids) + len(continuation_ids) - self.n_ctx
            if overflow > 0:
                context_ids = context_ids[overflow:]
            if not context_ids:
                # Nothing to condition on (no BOS, empty context): lm-eval
                # uses the end-of-text token; so do we.
                context_ids = [self._tokenizer.eos_id]
            results.append(self._score_ids(context_ids, continuation_ids))
        return results

    def _score_ids(self, context_ids: list[int], continuation_ids: list[int]) -> ContinuationScore:
        keep = context_ids[:-1]
        if self.reuse_prefix:
            reused = _common_prefix(self._cached, keep)
        else:
            reused = 0
        self._forget_after(reused)
        if reused < len(keep):
            self._decode(keep[reused:], with_logits=range(0))
        feed = [context_ids[-1], *continuation_ids]
        rows = self._decode(feed, with_logits=range(len(continuation_ids)))
        logprob = 0.0
        greedy = True
        for row, token in zip(rows, continuation_ids, strict=True):
            peak = float(row.max())
            log_z = peak + float(np.log(np.exp(row - peak).sum()))
            logprob += float(row[token]) - log_z
            greedy = greedy and int(row.argmax()) == token
        return ContinuationScore(logprob, len(continuation_ids), greedy)

    def close(self) -> None:
        if self._batch is not None:
            self._lib.llama_batch_free(self._batch)
            self._batch = None
        self._llama.close()
