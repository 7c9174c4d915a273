"""Use cases of matchmaking: suggest pairs for the whole region, one need or one stream; turn one into a match.

Suggestions read only the columns matching needs, with plain SQL on the read
path (``App.snapshot``): a region of 30,000 streams is read in a fraction of
a second, and one need's or one stream's suggestions read only the records
whose material category can serve it. Titles come with the records, so
showing suggestions costs no further query. The flags are computed for today
under the Norwegian rule set the coordinator confirmed in Preferences
(``settings.shipment_rules``).

Imports: errors, i18n, settings, core (border, explain, matching, materials, records), services (app, records).
"""

from __future__ import annotations

import datetime as _dt
import json
from typing import Any, Iterable, Sequence

from cirkular_desktop import settings
from cirkular_desktop.core import border, explain, materials, matching, records
from cirkular_desktop.errors import ConflictError, NotFoundError
from cirkular_desktop.i18n import gettext as _
from cirkular_desktop.services.app import App, Result

STREAM_FIELDS = ("organization_id", "title", "description", "resource_type", "material_category", "waste_codes",
                 "hazard_assessment", "condition", "quantity", "unit", "basis", "batches_per_year", "density",
                 "mass_per_item", "available_from", "available_to", "visibility", "handling_cost", "business_terms",
                 "legal_status", "legal_assessed_by", "legal_assessed_on", "shipment_entry")
NEED_FIELDS = ("organization_id", "title", "description", "resource_type", "material_category", "waste_codes",
               "quantity", "unit", "basis", "batches_per_year", "density", "mass_per_item", "available_from",
               "available_to", "visibility", "min_lot")
ORG_FIELDS = ("name", "country", "municipality", "latitude", "longitude")


def border_context(app: App, on: _dt.date | str | None = None) -> border.Context:
    """Today's rules, with the Norwegian rule set as the coordinator set it."""
    chosen = settings.shipment_rules(app.paths)
    return border.context(on, chosen["norway"], norway_confirmed=bool(chosen["confirmed_by"]))


def _rows(conn: Any, table: str, fields: Sequence[str], where: str = "", params: Sequence[Any] = ()
          ) -> list[dict[str, Any]]:
    spec = records.table(table)
    columns = [f for f in fields if spec.has_field(f)]
    decode = [f for f in columns if spec.field(f).kind in (records.WASTECODES, records.MULTI, records.TAGS)]
    sql = f"SELECT id, {', '.join(columns)} FROM {table} WHERE deleted = 0{where}"
    out = []
    for row in conn.execute(sql, params):
        found = dict(zip(("id", *columns), row))
        for name in decode:
            if found[name]:
                found[name] = json.loads(found[name])
        out.append(found)
    return out


def _serving(category: str | None, codes: Iterable[str], *, as_need: bool) -> tuple[str, list[Any]]:
    """SQL restricting the other side to what can pair with a record of ``category`` and ``codes``.

    Records without a category stay in: they may still share a waste code or title words, and are scored.
    """
    if not category:
        return "", []
    fits = [found.code for found in materials.all_materials()
            if (matching.category_fit(found.code, category) if as_need else matching.category_fit(category, found.code))[1]]
    conditions = ["material_category IS NULL", "material_category = ''"]
    params: list[Any] = []
    if fits:
        conditions.append(f"material_category IN ({', '.join('?' for _f in fits)})")
        params += fits
    for code in codes:
        conditions.append("waste_codes LIKE ?")
        params.append(f'%"{code}"%')
    return " AND (" + " OR ".join(conditions) + ")", params


def suggest(app: App, *, per_need: int = 5, need_id: str | None = None, stream_id: str | None = None,
            min_score: float = matching.MIN_SCORE, on: _dt.date | str | None = None) -> list[matching.Suggestion]:
    """Ranked suggestions: the best ``per_need`` for every need, or for one need, or the best needs of one stream."""
    ctx = border_context(app, on)
    with app.snapshot() as conn:
        organizations = {o["id"]: o for o in _rows(conn, "organization", ORG_FIELDS)}
        if stream_id:
            stream = _one(conn, "stream", STREAM_FIELDS, stream_id)
            where, params = _serving(stream.get("material_category"), stream.get("waste_codes") or (), as_need=False)
            needs = _rows(conn, "need", NEED_FIELDS, where, params)
            matches = _matches(conn, "stream_id = ?", [stream_id])
        else:
            if need_id:
                needs = [_one(conn, "need", NEED_FIELDS, need_id)]
                where, params = _serving(needs[0].get("material_category"), needs[0].get("waste_codes") or (),
                                         as_need=True)
                matches = _matches(conn, "need_id = ?", [need_id])
            else:
                needs, where, params = _rows(conn, "need", NEED_FIELDS), "", []
                matches = _matches(conn)
            streams = _rows(conn, "stream", STREAM_FIELDS, where, params)
    if stream_id:
        return matching.suggest_for_stream(stream, needs, organizations, matches=matches, limit=per_need,
                                           min_score=min_score, ctx=ctx)
    return matching.suggest(streams, needs, organizations, matches=matches, per_need=per_need,
                            min_score=min_score, ctx=ctx)


def _one(conn: Any, table: str, fields: Sequence[str], record_id: str) -> dict[str, Any]:
    found = _rows(conn, table, fields, " AND id = ?", [record_id])
    if not found:
        raise NotFoundError(_("{table}: no record with id “{id}”").format(table=table, id=record_id), field="id")
    return found[0]


def _matches(conn: Any, where: str = "", params: Iterable[Any] = ()) -> list[dict[str, Any]]:
    sql = "SELECT stream_id, need_id, stage FROM match WHERE deleted = 0" + (f" AND {where}" if where else "")
    return [{"stream_id": a, "need_id": b, "stage": c} for a, b, c in conn.execute(sql, list(params))]


def accept(app: App, stream_id: str, need_id: str) -> Result[str]:
    """Make a proposed match from a suggestion, keeping its score, reasons and border flags."""
    from cirkular_desktop.services import records as record_services

    for existing in record_services.list_records(app, "match", where={"stream_id": stream_id, "need_id": need_id}):
        raise ConflictError(_("match: this stream and need are already matched (stage: {stage})").format(
            stage=existing["stage"]), field="need_id")
    found = next((s for s in suggest(app, need_id=need_id, per_need=10_000, min_score=0.0)
                  if s.stream_id == stream_id), None)
    values: dict[str, Any] = {"stream_id": stream_id, "need_id": need_id, "stage": "proposed"}
    if found is not None:
        # Stored as text until the match record keeps codes (issue #11); rendered in the accepting user's language.
        lines = explain.describe_all(found.reasons) + explain.describe_all(found.flags)
        if found.rule_set:
            rules = border.rule_set(found.rule_set)
            lines.append(_("Rules checked: {rules}").format(rules=rules.title() if rules else found.rule_set))
        values.update(score=f"{found.score:.3f}", reasons="\n".join(lines), cross_border=found.cross_border)
    return record_services.add_record(app, "match", values, allow_internal=True)
