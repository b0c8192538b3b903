"""The one random stream every sample generator draws from, and the small helpers they
share (cumulative weights, CSV quoting as the real files do it)."""

from __future__ import annotations

import random
from collections.abc import Sequence
from itertools import accumulate


def csv_field(value: str) -> str:
    """The field as the real files write it: CSV-quoted only if it holds a `"`."""
    if '"' in value:
        return '"' + value.replace('"', '""') + '"'
    return value


def rare_count(n: int, rate: float) -> int:
    """How many of `n` titles get a rare feature: at least one once `n` reaches 50."""
    if n < 50:
        return 0
    return max(1, round(n * rate))


def cumulative(weights: Sequence[float]) -> list[float]:
    return list(accumulate(weights))


class Draw:
    """Fast draws from one `random.Random` (inlined index arithmetic, no `choices`)."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.rand = rng.random

    def pick(self, seq: Sequence[str]) -> str:
        return seq[int(self.rand() * len(seq))]
