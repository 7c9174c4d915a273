"""Use cases of matchmaking: suggest pairs for the whole region, turn one into a match.

Imports: errors, i18n, core (explain, matching, border), services (app, records).
"""

from __future__ import annotations

from typing import Any

from cirkular_desktop.core import border, explain, matching
from cirkular_desktop.errors import ConflictError
from cirkular_desktop.i18n import gettext as _
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


def accept(app: App, stream_id: str, need_id: str) -> Result[str]:
    """Make a proposed match from a suggestion, keeping its score, reasons and border flags."""
    from cirkular_desktop.services import records

    for existing in records.list_records(app, "match", where={"stream_id": stream_id, "need_id": need_id}):
        raise ConflictError(_("match: this stream and need are already matched (stage: {stage})").format(
            stage=existing["stage"]), field="need_id")
    found = next((s for s in suggest(app, need_id=need_id, per_need=10_000, min_score=0.0)
                  if s.stream_id == stream_id), None)
    values: dict[str, Any] = {"stream_id": stream_id, "need_id": need_id, "stage": "proposed"}
    if found is not None:
        # Stored as text until the match record keeps codes (issue #11); rendered in the accepting user's language.
        lines = explain.describe_all(found.reasons) + explain.describe_all(found.flags)
        if found.cross_border:
            lines.append(_("Rules checked: {rules}").format(rules=border.RULE_SET))
        values.update(score=f"{found.score:.3f}", reasons="\n".join(lines), cross_border=found.cross_border)
    return records.add_record(app, "match", values, allow_internal=True)
