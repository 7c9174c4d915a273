"""Use cases of matchmaking: suggest pairs for the whole region, turn one into a match.

Imports: errors, i18n, core (explain, matching, border), services (app, records).
"""

from __future__ import annotations

from typing import Any

from cirkular_desktop.core import matching
from cirkular_desktop.services.app import App, Result


def suggest(app: App, *, per_need: int = 5, need_id: str | None = None,
            min_score: float = matching.MIN_SCORE) -> list[matching.Suggestion]:
    """Ranked suggestions over every live stream and need (or one need)."""
    with app.uow(write=False) as uow:
        organizations = {o["id"]: o for o in uow.select("organization")}
        streams = uow.select("stream")
        needs = [uow.require("need", need_id)] if need_id else uow.select("need")
        matches = uow.select("match", include_deleted=False)
    return matching.suggest(streams, needs, organizations, matches=matches, per_need=per_need,
                            min_score=min_score)


def accept(app: App, stream_id: str, need_id: str, **options: Any) -> Result[str]:
    """Make a proposed match from a suggestion (``services.pipeline.accept``, which keeps reasons as data)."""
    from cirkular_desktop.services import pipeline

    return pipeline.accept(app, stream_id, need_id, **options)
