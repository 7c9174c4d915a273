"""Hybrid logical clock stamps for field operations.

A stamp is ``(wall milliseconds, counter, device id)`` written as one string
that sorts in time order: ``"001764201600000-00000-3f9c2a7d1b6e4c50"``. The
clock never goes backwards: a local event takes ``max(now, last)`` and bumps
the counter on ties, and receiving a remote stamp moves the clock past it, so
every new local stamp is higher than everything the device has seen. The
state is persisted by the store in the same transaction as the writes.

Imports: standard library only.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from typing import Callable

WALL_DIGITS = 15
COUNTER_DIGITS = 5
MAX_COUNTER = 10**COUNTER_DIGITS - 1
STAMP_RE = re.compile(r"^(\d{15})-(\d{5})-([0-9a-f]{16})$")
DEVICE_RE = re.compile(r"^[0-9a-f]{16}$")


@dataclass(frozen=True, order=True)
class Stamp:
    wall: int
    counter: int
    device: str

    def __str__(self) -> str:
        return f"{self.wall:0{WALL_DIGITS}d}-{self.counter:0{COUNTER_DIGITS}d}-{self.device}"

    @classmethod
    def parse(cls, text: str) -> "Stamp":
        match = STAMP_RE.match(text) if isinstance(text, str) else None
        if not match:
            raise ValueError(f"not a clock stamp: {text!r}")
        return cls(int(match.group(1)), int(match.group(2)), match.group(3))


def is_stamp(text: object) -> bool:
    return isinstance(text, str) and STAMP_RE.match(text) is not None


def wall_ms(stamp: str) -> int:
    return int(stamp[:WALL_DIGITS])


def device_of(stamp: str) -> str:
    return stamp[WALL_DIGITS + COUNTER_DIGITS + 2:]


class Clock:
    """The device's clock; ``now`` is injectable so tests can control time."""

    def __init__(self, device: str, wall: int = 0, counter: int = 0,
                 now: Callable[[], int] | None = None) -> None:
        if not DEVICE_RE.match(device):
            raise ValueError(f"not a device id: {device!r}")
        self.device = device
        self.wall = wall
        self.counter = counter
        self._now = now or (lambda: time.time_ns() // 1_000_000)

    def tick(self) -> str:
        """A new stamp for a local write, higher than any stamp seen so far."""
        physical = self._now()
        if physical > self.wall:
            self.wall, self.counter = physical, 0
        else:
            self._bump()
        return str(Stamp(self.wall, self.counter, self.device))

    def observe(self, stamp: str) -> None:
        """Move past a received stamp so later local stamps sort after it."""
        remote = Stamp.parse(stamp)
        if (remote.wall, remote.counter) > (self.wall, self.counter):
            self.wall, self.counter = remote.wall, remote.counter

    def _bump(self) -> None:
        if self.counter >= MAX_COUNTER:
            # Extremely many writes in one millisecond: borrow the next millisecond.
            self.wall += 1
            self.counter = 0
        else:
            self.counter += 1
