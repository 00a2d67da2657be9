"""The llama.cpp backend: one `Llama`, one worker thread, safe prompts.

Owns model loading (after a cheap header check), choosing the prompt format,
fitting the history into the context window, and streaming tokens with stop
strings, cancellation and statistics. Every turn renders the whole history
the same way, so llama.cpp reuses the KV cache for the common prefix and only
evaluates the new turn.
"""

from __future__ import annotations

import codecs
import logging
import os
import random
import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from bimedix.engine.backend import (
    CancelToken,
    ChatMessage,
    ContextTrimmed,
    Finished,
    GenerationParams,
    GenerationStats,
    ModelInfo,
    StopReason,
    StreamEvent,
    TextDelta,
)
from bimedix.engine.gguf_file import FILE_TYPES
from bimedix.engine.kv_cache import DEFAULT_CAP_BYTES, SnapshotKey, SnapshotStore
from bimedix.engine.prompt_cache import PromptCache
from bimedix.engine.prompt_format import (
    ChatMLFormat,
    JinjaTemplateFormat,
    MixtralInstructFormat,
    PlainTranscriptFormat,
    PromptFormat,
    encode_segments,
)
from bimedix.engine.stop_strings import StopStringFilter
from bimedix.errors import ModelLoadError, PromptTooLongError

if TYPE_CHECKING:
    from llama_cpp import Llama

log = logging.getLogger("bimedix.engine")
DROP_QUANTUM = 8  # messages left out at a time when the history overflows
# Most tokens generated past max_tokens to finish a UTF-8 character cut by
# the limit (a character is at most 4 bytes, so 3 continuation tokens).
MAX_CHARACTER_OVERRUN = 3


def ends_inside_character(data: bytes) -> bool:
    """Whether `data` ends with an unfinished UTF-8 character."""
    decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
    decoder.decode(data[-3:])  # an unfinished character is 3 bytes at most
    return bool(decoder.getstate()[0])


def length_limit_reached(generated: int, limit: int, room: int, *, inside_character: bool) -> bool:
    """Whether a reply of `generated` tokens stops for length: at `limit`
    tokens, unless its text ends inside a character.

    Byte-level tokenizers split an Arabic letter or '؟' (2 bytes) over two
    tokens. Stopping between them would lose the character (or show U+FFFD),
    so generation goes on until it is finished, by MAX_CHARACTER_OVERRUN
    tokens at most and never past the context (`room`: tokens left after the
    prompt). The local backend and `bimedix serve` (SafeChatHandler) both
    stop by this rule, so the same request gives the same reply on both.
    """
    if generated >= room or generated >= limit + MAX_CHARACTER_OVERRUN:
        return True
    return generated >= limit and not inside_character


def check_gguf_header(path: Path) -> None:
    """Validate the whole GGUF header before llama.cpp sees the file: magic,
    version, metadata, tensor table, tensor data inside the file.

    Raises:
        ModelLoadError: missing, empty, not GGUF, unsupported, truncated or
            damaged (see `bimedix.engine.gguf_file.inspect_gguf`).
    """
    from bimedix.engine.gguf_file import inspect_gguf

    inspect_gguf(path)


# What llama.cpp accepts for the settings a user can set (n_gpu_layers -1
# means "all layers"). Checked before loading so a bad value is named, not
# blamed on the model file.
_OPTION_RANGES = {
    "n_ctx": (0, 1 << 20, "context size"),
    "n_threads": (1, 1024, "threads"),
    "n_gpu_layers": (-1, 100_000, "GPU layers"),
}


def check_load_options(options: dict[str, object]) -> None:
    """Refuse settings llama.cpp would reject, naming the setting.

    Raises:
        ModelLoadError: a context size, thread count or GPU layer count that
            is not a whole number in range.
    """
    for key, (low, high, label) in _OPTION_RANGES.items():
        if key not in options or options[key] is None:
            continue
        value = options[key]
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise ModelLoadError(
                template="The {label} setting ({key} = {value}) is not valid: it must be a "
                "whole number from {low} to {high}. Fix it in the settings; the model file "
                "was not the problem.",
                label=label,
                key=key,
                value=repr(value),
                low=low,
                high=high,
            )


def load_llama(path: Path, **options: object) -> Llama:
    """llama.cpp's `Llama` for the GGUF at `path` (checked already), or a
    ModelLoadError saying why llama.cpp refused it: a named setting, a
    context it could not create, or the model itself."""
    from llama_cpp import Llama

    started = time.perf_counter()
    check_load_options(options)
    try:
        llama = Llama(model_path=str(path), verbose=False, **options)
    except (ValueError, RuntimeError, OSError) as exc:
        log.warning("llama.cpp could not load %s: %s", path.name, exc)
        if "llama_context" in str(exc):
            # The weights loaded; only the context (KV cache) failed.
            raise ModelLoadError(
                template="llama.cpp loaded {name} but could not create a context of "
                "{n_ctx} tokens (n_ctx setting): probably not enough memory. Try a "
                "smaller context size.",
                name=path.name,
                n_ctx=options.get("n_ctx", "the default"),
            ) from exc
        raise ModelLoadError(
            template="llama.cpp could not load {name} with valid settings ({settings}); "
            "its header checked out, so the model itself is the problem: damaged "
            "tensor data or an architecture this llama.cpp does not support ({detail}).",
            name=path.name,
            settings=", ".join(f"{k}={v}" for k, v in sorted(options.items())) or "defaults",
            detail=exc,
        ) from exc
    log.info(
        "loaded %s (%d bytes) in %.2f s", path.name, path.stat().st_size,
        time.perf_counter() - started,
    )  # fmt: skip
    return llama


def quantization_name(file_type: str | None) -> str:
    """'Q4_K_M' for GGUF file type 15, and so on; 'unknown' if absent."""
    try:
        return FILE_TYPES.get(int(file_type or ""), f"type {file_type}")
    except ValueError:
        return "unknown"


class _LlamaTokenizer:
    """Adapts a `Llama` to the `Tokenizer` protocol of prompt_format."""

    def __init__(self, llama: object) -> None:
        import llama_cpp

        self._llama = llama
        model = llama._model  # type: ignore[attr-defined]
        self.bos_id: int = llama.token_bos()  # type: ignore[attr-defined]
        self.eos_id: int = llama.token_eos()  # type: ignore[attr-defined]
        self.add_bos: bool = bool(llama_cpp.llama_vocab_get_add_bos(model.vocab))
        self.control_tokens: dict[str, int] = {}
        for token in range(model.n_vocab()):
            if model.token_get_attr(token) & llama_cpp.LLAMA_TOKEN_ATTR_CONTROL:
                text = llama_cpp.llama_vocab_get_text(model.vocab, token).decode(
                    "utf-8", errors="replace"
                )
                if text:
                    self.control_tokens.setdefault(text, token)
        self.control_ids = frozenset(self.control_tokens.values()) | {self.bos_id, self.eos_id}
        self._vocab = model.vocab
        self._is_eog = llama_cpp.llama_vocab_is_eog

    def tokenize_plain(self, text: str) -> list[int]:
        if not text:
            return []
        return self._llama.tokenize(  # type: ignore[attr-defined, no-any-return]
            text.encode("utf-8", errors="surrogatepass"), add_bos=False, special=False
        )

    def is_end_of_generation(self, token: int) -> bool:
        return bool(self._is_eog(self._vocab, token))


def choose_prompt_format(
    override: str, metadata: dict[str, str], file_name: str, bos: str, eos: str
) -> PromptFormat:
    """Pick the prompt format: an explicit override, else BiMediX/Mixtral
    files get `[INST]`, else the GGUF's own template, else a plain
    User/Assistant transcript (base models)."""
    template = metadata.get("tokenizer.chat_template", "")
    if override == "mixtral":
        return MixtralInstructFormat()
    if override == "chatml":
        return ChatMLFormat()
    if override == "plain":
        return PlainTranscriptFormat()
    if override == "gguf":
        if not template:
            raise ModelLoadError(f"{file_name} has no chat template; choose another format.")
        return JinjaTemplateFormat(template, bos, eos)
    names = f"{metadata.get('general.name', '')} {file_name}".lower()
    if "bimedix" in names or ("mixtral" in names and not template):
        return MixtralInstructFormat()
    if template:
        return JinjaTemplateFormat(template, bos, eos)
    return PlainTranscriptFormat()


def encode_prompt(
    prompt_format: PromptFormat, tokenizer: _LlamaTokenizer, messages: Sequence[ChatMessage]
) -> list[int]:
    """Token ids of the prompt for `messages`, ready for the reply; message
    content can never become a control token (see prompt_format)."""
    ids = encode_segments(prompt_format.render(messages), tokenizer)
    if tokenizer.add_bos and (not ids or ids[0] != tokenizer.bos_id):
        ids.insert(0, tokenizer.bos_id)
    return ids


def prompt_format_for(llama: object, override: str, file_name: str) -> PromptFormat:
    """The prompt format `choose_prompt_format` picks for a loaded `Llama`."""
    import llama_cpp

    vocab = llama._model.vocab  # type: ignore[attr-defined]

    def text(token: int) -> str:
        raw = llama_cpp.llama_vocab_get_text(vocab, token)
        return raw.decode("utf-8", errors="replace") if raw else ""

    return choose_prompt_format(
        override,
        dict(llama.metadata),  # type: ignore[attr-defined]
        file_name,
        text(llama.token_bos()),  # type: ignore[attr-defined]
        text(llama.token_eos()),  # type: ignore[attr-defined]
    )


class LlamaCppBackend:
    """A local GGUF model through llama-cpp-python.

    Create and use it on one thread only (the GUI's generation worker):
    llama.cpp contexts are not thread-safe.
    """

    def __init__(
        self,
        model_path: str | os.PathLike[str],
        *,
        n_ctx: int = 4096,
        n_threads: int | None = None,
        n_gpu_layers: int = 0,
        prompt_format: str = "auto",
        display_name: str | None = None,
        sha256: str | None = None,
        notice: str = "",
        kv_cache_dir: str | os.PathLike[str] | None = None,
        kv_cache_bytes: int = DEFAULT_CAP_BYTES,
        kv_cache_replies: bool = True,
    ) -> None:
        path = Path(model_path)
        check_gguf_header(path)
        self._llama = load_llama(
            path, n_ctx=n_ctx, n_threads=n_threads or os.cpu_count() or 1, n_gpu_layers=n_gpu_layers
        )
        self._thread = threading.get_ident()
        self._tokenizer = _LlamaTokenizer(self._llama)
        metadata: dict[str, str] = dict(self._llama.metadata)
        self._format = choose_prompt_format(
            prompt_format,
            metadata,
            path.name,
            self._token_text(self._tokenizer.bos_id),
            self._token_text(self._tokenizer.eos_id),
        )
        import llama_cpp

        self._info = ModelInfo(
            path=str(path),
            file_name=path.name,
            architecture=metadata.get("general.architecture", "unknown"),
            n_ctx=self._llama.n_ctx(),
            prompt_format=self._format.name,
            display_name=display_name or path.name,
            quantization=quantization_name(metadata.get("general.file_type")),
            sha256=sha256,
            engine=f"llama-cpp-python {llama_cpp.__version__}",
            notice=notice,
        )
        self._prompt_cache: PromptCache | None = None
        if kv_cache_dir is not None and kv_cache_bytes > 0:
            if sha256:
                key = SnapshotKey(sha256, self._format.name, self._info.n_ctx)
                store = SnapshotStore(Path(kv_cache_dir), kv_cache_bytes)
                self._prompt_cache = PromptCache(
                    store, key, self.encode, save_replies=kv_cache_replies
                )
            else:
                log.info("no SHA-256 for %s: KV snapshots are off", path.name)

    def _token_text(self, token: int) -> str:
        import llama_cpp

        raw = llama_cpp.llama_vocab_get_text(self._llama._model.vocab, token)
        return raw.decode("utf-8", errors="replace") if raw else ""

    @property
    def info(self) -> ModelInfo:
        return self._info

    @property
    def tokenizer(self) -> _LlamaTokenizer:
        return self._tokenizer

    @property
    def prompt_cache(self) -> PromptCache | None:
        """The disk snapshots this backend resumes from; None when off."""
        return self._prompt_cache

    @property
    def prompt_format(self) -> PromptFormat:
        return self._format

    def encode(self, messages: Sequence[ChatMessage]) -> list[int]:
        """Token ids of the prompt for `messages`, ready for the reply."""
        return encode_prompt(self._format, self._tokenizer, messages)

    def fit_to_context(
        self, messages: Sequence[ChatMessage], max_tokens: int
    ) -> tuple[list[int], int]:
        """Encode the prompt, leaving out the oldest turns if it is too long.

        System messages and the latest user message are always kept; turns
        are dropped oldest first, a user message together with its reply.

        Returns:
            The prompt's token ids and how many messages were left out.

        Raises:
            PromptTooLongError: the latest message alone does not fit.
        """
        n_ctx = self._info.n_ctx
        # Keep room for at least a short reply even when max_tokens is large.
        budget = n_ctx - min(max_tokens, n_ctx // 2)
        system = [m for m in messages if m.role == "system"]
        turns = [m for m in messages if m.role != "system"]
        if turns:
            # Tokenise the newest message alone first: a 1 MB paste is
            # rejected without re-tokenising it once per dropped turn.
            alone = len(self._tokenizer.tokenize_plain(turns[-1].content))
            if alone > budget:
                raise PromptTooLongError(
                    template="This message is {tokens} tokens long; the model's context holds "
                    "{n_ctx} tokens including the reply. Shorten it or split it up.",
                    tokens=alone,
                    n_ctx=n_ctx,
                )
        ids = self.encode(system + turns)
        if len(ids) <= budget:
            return ids, 0
        # Where the kept history may start: at a user message, a multiple of
        # DROP_QUANTUM messages in, so the window's start stays put for
        # several turns and the KV cache keeps matching (rather than moving,
        # and forcing a full re-evaluation, on every turn once the context is
        # full); or at the newest message as a last resort.
        starts = [d for d in range(DROP_QUANTUM, len(turns), DROP_QUANTUM)
                  if turns[d].role == "user"]  # fmt: skip
        if not starts or starts[-1] != len(turns) - 1:
            starts.append(len(turns) - 1)
        # The prompt shrinks as the start moves later: binary search for the
        # earliest start that fits, O(log n) encodings for long histories.
        low, high, best = 0, len(starts) - 1, None
        while low <= high:
            middle = (low + high) // 2
            candidate = self.encode(system + turns[starts[middle] :])
            if len(candidate) <= budget:
                best, high = (starts[middle], candidate), middle - 1
            else:
                low = middle + 1
        if best is None:
            raise PromptTooLongError(
                template="The system prompt and this message need more than {budget} tokens; "
                "the model's context holds {n_ctx}.",
                budget=budget,
                n_ctx=n_ctx,
            )
        return best[1], best[0]

    def _reused_prefix(self, ids: Sequence[int]) -> int:
        """How many prompt tokens llama.cpp will take from the KV cache."""
        cached = self._llama.input_ids[: self._llama.n_tokens]
        common = 0
        for a, b in zip(cached, ids):  # noqa: B905 (lengths differ by design)
            if a != b:
                break
            common += 1
        # Llama.generate replays one token when the whole prompt is cached.
        return common - 1 if common == len(ids) and common > 0 else common

    def stream_chat(
        self,
        messages: Sequence[ChatMessage],
        params: GenerationParams,
        cancel: CancelToken | None = None,
    ) -> Iterator[StreamEvent]:
        """Generate a reply to `messages`; see `backend.Backend`."""
        if threading.get_ident() != self._thread:
            raise RuntimeError("LlamaCppBackend used from a thread other than its owner")
        cancel = cancel or CancelToken()
        ids, dropped = self.fit_to_context(messages, params.max_tokens)
        if dropped:
            yield ContextTrimmed(dropped)
        seed = params.seed if params.seed is not None else random.getrandbits(31)
        self._llama.set_seed(seed)
        evaluated = 0  # by the prompt cache, before generation
        if self._prompt_cache is not None:
            evaluated = self._prompt_cache.prepare(self._llama, ids, messages)
        evaluated += len(ids) - self._reused_prefix(ids)
        room = self._info.n_ctx - len(ids)
        max_new = max(1, min(params.max_tokens, room))

        stops = StopStringFilter(self._format.stop_strings)
        decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        started = time.perf_counter()
        first_token_at: float | None = None
        completion_tokens = 0
        at_start = True  # replies start without the tokenizer's leading space
        reason: StopReason = "length"
        hit_stop = False
        tokens = self._llama.generate(
            ids,
            top_k=params.top_k,
            top_p=params.top_p,
            min_p=params.min_p,
            temp=params.temperature,
            repeat_penalty=params.repeat_penalty,
        )
        try:
            for token in tokens:
                if first_token_at is None:
                    first_token_at = time.perf_counter()
                if self._tokenizer.is_end_of_generation(token):
                    reason = "finished"
                    break
                completion_tokens += 1
                piece = decoder.decode(self._llama.detokenize([token]))
                if at_start:
                    piece = piece.lstrip()
                    at_start = not piece
                text, hit_stop = stops.feed(piece)
                if text:
                    yield TextDelta(text)
                if hit_stop:
                    reason = "finished"
                    break
                if cancel.cancelled:
                    reason = "stopped"
                    break
                if length_limit_reached(
                    completion_tokens, max_new, room, inside_character=bool(decoder.getstate()[0])
                ):
                    reason = "length"
                    break
        finally:
            tokens.close()
        if not hit_stop:
            # Text held back as a possible stop-string start is part of the
            # reply after all (the model ended its turn, or we stopped it).
            # An incomplete UTF-8 sequence cut off by a stop or cancellation
            # is dropped rather than shown as U+FFFD (the token limit never
            # cuts one; see length_limit_reached).
            tail = stops.flush()
            if at_start:
                tail = tail.lstrip()
            if tail:
                yield TextDelta(tail)
        ended = time.perf_counter()
        rate = None
        if first_token_at is not None and completion_tokens > 1 and ended > first_token_at:
            rate = (completion_tokens - 1) / (ended - first_token_at)
        log.info(
            "generation finished: %d prompt tokens (%d evaluated), %d tokens, %s tok/s, %s",
            len(ids), evaluated, completion_tokens, f"{rate:.1f}" if rate else "-", reason,
        )  # fmt: skip
        if self._prompt_cache is not None:
            self._prompt_cache.after_reply(self._llama)
        yield Finished(
            GenerationStats(
                stop_reason=reason,
                prompt_tokens=len(ids),
                prompt_tokens_evaluated=evaluated,
                cached_prompt_tokens=len(ids) - evaluated,
                completion_tokens=completion_tokens,
                time_to_first_token_s=(first_token_at - started) if first_token_at else None,
                tokens_per_s=rate,
                seed=seed,
                dropped_messages=dropped,
            )
        )

    def close(self) -> None:
        if self._prompt_cache is not None:
            self._prompt_cache.close()  # let pending snapshot writes finish
        self._llama.close()
