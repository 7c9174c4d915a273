"""The demo generator's chance: every draw the sample data makes, from one seeded ``random.Random``.

Only ``random()`` and ``getrandbits()`` are used, whose sequences Python keeps stable across
versions, so one seed gives the same data set everywhere. ``DemoRandom`` is the base of the
generator in ``core.demodata`` and of its mixins (``core.demo_answers``, ``core.demo_workspace``),
so each of them declares the draws it uses by inheriting them.

Imports: standard library.
"""

from __future__ import annotations

import datetime as _dt
import random
import uuid
from typing import Any, Sequence, TypeVar

T = TypeVar("T")


class DemoRandom:
    rng: random.Random

    def seed(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def uniform(self, a: float, b: float) -> float:
        return a + (b - a) * self.rng.random()

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def integer(self, a: int, b: int) -> int:
        return a + min(int(self.rng.random() * (b - a + 1)), b - a)

    def pick(self, seq: Sequence[T]) -> T:
        return seq[self.integer(0, len(seq) - 1)]

    def weighted(self, weights: dict[str, float] | Sequence[tuple[Any, float]]) -> Any:
        pairs = list(weights.items()) if isinstance(weights, dict) else list(weights)
        mark = self.rng.random() * sum(w for _, w in pairs)
        for value, weight in pairs:
            mark -= weight
            if mark < 0:
                return value
        return pairs[-1][0]

    def shuffled(self, seq: Sequence[T]) -> list[T]:
        items = list(seq)
        for i in range(len(items) - 1, 0, -1):
            j = self.integer(0, i)
            items[i], items[j] = items[j], items[i]
        return items

    def digits(self, count: int) -> str:
        return "".join(str(self.integer(0, 9)) for _ in range(count))

    def uuid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def day(self, start: _dt.date, end: _dt.date) -> _dt.date:
        """A working day between start and end (a weekend moves to the Friday before, or the Monday after)."""
        day = start + _dt.timedelta(days=self.integer(0, max(0, (end - start).days)))
        if day.weekday() >= 5:
            friday = day - _dt.timedelta(days=day.weekday() - 4)
            day = friday if friday >= start else day + _dt.timedelta(days=7 - day.weekday())
        return day
