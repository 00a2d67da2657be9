"""Holding back streamed text that might be the start of a stop string.

Models that use plain-text turn markers (Mixtral's `[INST]`) can start the
next turn themselves; the reply must end before the marker, and no part of
the marker may have been shown already.
"""

from __future__ import annotations

from collections.abc import Sequence


class StopStringFilter:
    """Feed generated text in; get back the text that is safe to show."""

    def __init__(self, stop_strings: Sequence[str]) -> None:
        self._stops = [s for s in stop_strings if s]
        self._pending = ""

    def feed(self, text: str) -> tuple[str, bool]:
        """Returns (text safe to emit now, whether a stop string was hit)."""
        self._pending += text
        hits = [i for i in (self._pending.find(s) for s in self._stops) if i >= 0]
        if hits:
            emitted = self._pending[: min(hits)]
            self._pending = ""
            return emitted.rstrip(), True
        hold = self._partial_stop_length(self._pending)
        emitted = self._pending[: len(self._pending) - hold]
        self._pending = self._pending[len(self._pending) - hold :]
        return emitted, False

    def flush(self) -> str:
        """Whatever was held back, once the stream has ended for other reasons."""
        pending, self._pending = self._pending, ""
        return pending

    def _partial_stop_length(self, text: str) -> int:
        """Length of the longest suffix of `text` that begins a stop string."""
        longest = 0
        for stop in self._stops:
            for size in range(min(len(stop) - 1, len(text)), longest, -1):
                if text.endswith(stop[:size]):
                    longest = size
                    break
        return longest
