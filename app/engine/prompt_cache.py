"""Resuming prompts from disk snapshots, for the llama.cpp backend.

`PromptCache` sits between the backend and its `Llama`: before a prompt is
evaluated it restores the snapshot sharing the longest token prefix with the
prompt (when that beats what the live KV cache already holds), and makes sure
the system-prompt prefix of each mode and language has a snapshot of its
own; after each reply it captures the state and writes it in the background.
Every failure falls back to evaluating the prompt, with a log line.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any

from bimedix.engine.backend import ChatMessage
from bimedix.engine.kv_cache import SnapshotKey, SnapshotStore, capture, common_prefix, restore

log = logging.getLogger("bimedix.engine.kv_cache")

# Two user messages that share no first character: the prompts for them
# agree exactly on the part that comes before any user's text.
_PROBES = ("a", "Z?")


class PromptCache:
    """Disk-backed prompt prefixes for one loaded model (owner thread only)."""

    def __init__(
        self,
        store: SnapshotStore,
        key: SnapshotKey,
        encode: Callable[[Sequence[ChatMessage]], list[int]],
        *,
        save_replies: bool = True,
    ) -> None:
        self.store = store
        # False: only system-prompt prefixes are written (demo mode).
        self.save_replies = save_replies
        self.key = key
        self._encode = encode
        self._system_lengths: dict[tuple[str, ...], int] = {}

    def system_prefix_length(self, messages: Sequence[ChatMessage]) -> int:
        """How many prompt tokens come before the first user's text: the
        system prompt with its template tokens (BOS alone when none)."""
        system = tuple(m.content for m in messages if m.role == "system")
        if system not in self._system_lengths:
            head = [ChatMessage("system", text) for text in system]
            first, second = (self._encode([*head, ChatMessage("user", p)]) for p in _PROBES)
            self._system_lengths[system] = common_prefix(first, second)
        return self._system_lengths[system]

    def prepare(self, llama: Any, ids: Sequence[int], messages: Sequence[ChatMessage]) -> int:
        """Make the live KV cache hold as long a prefix of `ids` as disk
        snapshots allow; generation then evaluates only the rest.

        Returns:
            How many prompt tokens it evaluated itself (the system prefix,
            when that had no snapshot yet): they count as evaluated.
        """
        live = common_prefix(llama.input_ids[: llama.n_tokens], ids)
        match = self.store.best_match(self.key, ids)
        if match is not None and match[1] > live:
            path, length = match
            snapshot = self.store.load(self.key, path)
            # The header was read before; check the whole file's ids again.
            if snapshot is not None and common_prefix(snapshot.ids, ids) == length:
                try:
                    restore(llama, snapshot)
                    live = length
                    log.info("restored a KV snapshot: %d of %d prompt tokens", length, len(ids))
                except RuntimeError as exc:
                    log.warning("KV snapshot %s not usable (%s); evaluating", path.name, exc)
                    live = 0
            elif snapshot is not None:
                log.warning("KV snapshot %s changed while read; evaluating", path.name)
        system = self.system_prefix_length(messages)
        if live < system < len(ids) and not self.store.has(self.key, ids[:system]):
            # Evaluate the system prefix first (it must be evaluated anyway)
            # so its state can be saved alone for the next new chat.
            llama.n_tokens = live
            llama.eval(list(ids[live:system]))
            self.store.save_in_background(self.key, capture(llama))
            return system - live
        return 0

    def after_reply(self, llama: Any) -> None:
        """Snapshot the state after a reply; the file is written off-thread."""
        if not self.save_replies:
            return
        try:
            snapshot = capture(llama)
        except (RuntimeError, MemoryError) as exc:
            log.warning("could not capture the KV cache: %s", exc)
            return
        if snapshot.ids:
            self.store.save_in_background(self.key, snapshot)

    def close(self) -> None:
        self.store.wait()
