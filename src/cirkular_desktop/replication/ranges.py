"""Sets of sequence numbers as sorted, disjoint, inclusive ranges ``[[lo, hi], ...]``.

Each device numbers its operations 1, 2, 3, … without gaps, so what a
replica holds, what a bundle covers and what a peer has acknowledged are all
short lists of ranges per device. Gaps between ranges are changes that are
missing (design §4, gap detection).

Imports: standard library only.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import Iterable, Sequence

Ranges = list[list[int]]


def normalise(ranges: Iterable[Sequence[int]]) -> Ranges:
    """Sort and merge overlapping or adjacent ranges."""
    out: Ranges = []
    for lo, hi in sorted((int(a), int(b)) for a, b in ranges):
        if out and lo <= out[-1][1] + 1:
            out[-1][1] = max(out[-1][1], hi)
        else:
            out.append([lo, hi])
    return out


def from_numbers(numbers: Iterable[int]) -> Ranges:
    out: Ranges = []
    for n in sorted(set(numbers)):
        if out and n == out[-1][1] + 1:
            out[-1][1] = n
        else:
            out.append([n, n])
    return out


def union(a: Iterable[Sequence[int]], b: Iterable[Sequence[int]]) -> Ranges:
    return normalise([*a, *b])


def contains(ranges: Ranges, n: int) -> bool:
    index = bisect_right([lo for lo, _hi in ranges], n) - 1
    return index >= 0 and ranges[index][1] >= n


def size(ranges: Iterable[Sequence[int]]) -> int:
    return sum(hi - lo + 1 for lo, hi in ranges)


def subtract(a: Ranges, b: Ranges) -> Ranges:
    """The numbers in ``a`` that are not in ``b``."""
    out: Ranges = []
    b = normalise(b)
    for lo, hi in normalise(a):
        cursor = lo
        for blo, bhi in b:
            if bhi < cursor or blo > hi:
                continue
            if blo > cursor:
                out.append([cursor, blo - 1])
            cursor = max(cursor, bhi + 1)
            if cursor > hi:
                break
        if cursor <= hi:
            out.append([cursor, hi])
    return out


def gaps(held: Ranges, known_last: int = 0) -> Ranges:
    """Numbers from 1 up to the highest known that are not held."""
    top = max([hi for _lo, hi in held] + [known_last])
    return subtract([[1, top]], held) if top else []


def is_valid(value: object) -> bool:
    """A well-formed range list as it appears in a manifest."""
    if not isinstance(value, list):
        return False
    previous = 0
    for item in value:
        if (not isinstance(item, list) or len(item) != 2
                or not all(isinstance(x, int) and not isinstance(x, bool) for x in item)):
            return False
        lo, hi = item
        if lo < 1 or hi < lo or lo <= previous or hi > 2**53:
            return False
        previous = hi
    return True
