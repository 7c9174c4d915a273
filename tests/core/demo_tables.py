"""The demo data's records by table, each with its id, as the matching code reads them (for tests of core)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from cirkular_desktop.core import demodata


def by_table(seed: int, scale: int) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in demodata.generate(seed=seed, scale=scale):
        out[r.table].append(dict(r.values, id=r.id))
    return out
