"""Accuracy and its standard error, computed the way lm-evaluation-harness does.

lm-eval reports the mean of per-item 0/1 scores and, as its standard error,
the sample standard deviation (n - 1 in the denominator) over sqrt(n).
`acc` picks the option with the highest log-likelihood; `acc_norm` divides
each log-likelihood by the length of the answer string first (lm-eval's
`completion_len`, the number of characters of the choice), so long options
are not penalised for having more tokens.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass


def argmax(values: Sequence[float]) -> int:
    """Index of the largest value; the first one on ties (as numpy.argmax)."""
    best = 0
    for i, value in enumerate(values):
        if value > values[best]:
            best = i
    return best


def pick(loglikelihoods: Sequence[float], lengths: Sequence[int]) -> tuple[int, int]:
    """(acc choice, acc_norm choice) for one item."""
    normalised = [ll / max(1, n) for ll, n in zip(loglikelihoods, lengths, strict=True)]
    return argmax(loglikelihoods), argmax(normalised)


@dataclass(frozen=True)
class Accuracy:
    """Share of correct items with lm-eval's standard error."""

    value: float
    stderr: float
    n: int


def accuracy(correct: Sequence[bool]) -> Accuracy:
    n = len(correct)
    if n == 0:
        return Accuracy(float("nan"), float("nan"), 0)
    p = sum(correct) / n
    stderr = math.sqrt(p * (1 - p) / (n - 1)) if n > 1 else float("nan")
    return Accuracy(p, stderr, n)
