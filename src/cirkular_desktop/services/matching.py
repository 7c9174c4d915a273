"""Use cases of matchmaking: suggest pairs for the whole region, one need or one stream; turn one into a match.

Suggestions read only the columns matching needs, with plain SQL on the read
path (``App.snapshot``): a region of 30,000 streams is read in a fraction of
a second, and one need's or one stream's suggestions read only the records
whose material category can serve it. Titles come with the records, so
showing suggestions costs no further query. The flags are computed for today
under the Norwegian rule set the coordinator confirmed in Preferences
(``settings.shipment_rules``).

Imports: errors, i18n, settings, core (border, matching, materials, records), services (app, pipeline).
"""

from __future__ import annotations

import datetime as _dt
import json
from typing import Any, Sequence

from cirkular_desktop import settings
from cirkular_desktop.core import border, materials, matching, records
from cirkular_desktop.errors import NotFoundError
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
NEAR_KM = 15.0   # one need's streams are read from this far first; farther only if they could still rank


def border_context(app: App, on: _dt.date | str | None = None) -> border.Context:
    """Today's rules, with the Norwegian rule set as the coordinator set it."""
    chosen = settings.shipment_rules(app.paths)
    return border.context(on, chosen["norway"], norway_confirmed=bool(chosen["confirmed_by"]))


def _rows(conn: Any, table: str, fields: Sequence[str], where: str = "", params: Sequence[Any] = (), *,
          by_category: bool = False) -> list[dict[str, Any]]:
    spec = records.table(table)
    columns = [f for f in fields if spec.has_field(f)]
    decode = [f for f in columns if spec.field(f).kind in (records.WASTECODES, records.MULTI, records.TAGS)]
    # Reads by category name the index: without fresh statistics (a new database) SQLite would rather walk
    # the list index on "deleted", which is every row.
    source = f"{table} INDEXED BY ix_{table}_material_category" if by_category else table
    sql = f"SELECT id, {', '.join(columns)} FROM {source} WHERE deleted = 0{where}"
    out = []
    lists: dict[str, Any] = {}   # the same few code lists recur on thousands of rows: parse each once
    names = ("id", *columns)
    for row in conn.execute(sql, params):
        found = dict(zip(names, row))
        for name in decode:
            text = found[name]
            if text:
                parsed = lists.get(text)
                if parsed is None:
                    parsed = lists[text] = json.loads(text)
                found[name] = list(parsed)
        out.append(found)
    return out


def _fits(category: str, *, as_need: bool) -> list[str]:
    """The categories that can pair with a record of ``category`` on the other side."""
    return [found.code for found in materials.all_materials()
            if (matching.category_fit(found.code, category) if as_need else matching.category_fit(category, found.code))[1]]


def _needs_for(conn: Any, stream: dict[str, Any]) -> list[dict[str, Any]]:
    """The needs that can pair with one stream: by category through the index, by a shared waste code apart."""
    category = stream.get("material_category")
    if not category:
        return _rows(conn, "need", NEED_FIELDS)
    fits = [*_fits(category, as_need=False), ""]
    found = _rows(conn, "need", NEED_FIELDS, f" AND material_category IN ({', '.join('?' for _f in fits)})", fits,
                  by_category=True)
    found += _rows(conn, "need", NEED_FIELDS, " AND material_category IS NULL", by_category=True)
    codes = stream.get("waste_codes") or []
    if codes:
        # Needs rarely carry codes: the scan looks at the code column only and returns the few that share one.
        seen = {n["id"] for n in found}
        likes = " OR ".join("waste_codes LIKE ?" for _c in codes)
        found += [n for n in _rows(conn, "need", NEED_FIELDS, f" AND waste_codes IS NOT NULL AND ({likes})",
                                   [f'%"{c}"%' for c in codes]) if n["id"] not in seen]
    return found


def _streams_of(conn: Any, need: dict[str, Any], org_ids: Sequence[str]) -> list[dict[str, Any]]:
    """The streams of these organizations that can pair with ``need``: one index seek per category and organization."""
    marks = ", ".join("?" for _o in org_ids)
    category = need.get("material_category")
    if not category:
        return _rows(conn, "stream", STREAM_FIELDS, f" AND organization_id IN ({marks})", list(org_ids))
    fits = [*_fits(category, as_need=True), ""]
    found = _rows(conn, "stream", STREAM_FIELDS, f" AND material_category IN ({', '.join('?' for _f in fits)})"
                  f" AND organization_id IN ({marks})", [*fits, *org_ids], by_category=True)
    found += _rows(conn, "stream", STREAM_FIELDS, f" AND material_category IS NULL AND organization_id IN ({marks})",
                   list(org_ids), by_category=True)
    codes = need.get("waste_codes") or []
    if codes:
        seen = {s["id"] for s in found}
        likes = " OR ".join("waste_codes LIKE ?" for _c in codes)
        found += [s for s in _rows(conn, "stream", STREAM_FIELDS, f" AND ({likes}) AND organization_id IN ({marks})",
                                   [*(f'%"{c}"%' for c in codes), *org_ids]) if s["id"] not in seen]
    return found


def suggest(app: App, *, per_need: int = 5, need_id: str | None = None, stream_id: str | None = None,
            min_score: float = matching.MIN_SCORE, on: _dt.date | str | None = None) -> list[matching.Suggestion]:
    """Ranked suggestions: the best ``per_need`` for every need, or for one need, or the best needs of one stream."""
    ctx = border_context(app, on)
    with app.snapshot() as conn:
        if stream_id:
            stream = _one(conn, "stream", STREAM_FIELDS, stream_id)
            needs = _needs_for(conn, stream)
            # Only the organizations of the records read: the supplier and the needs' owners.
            wanted = sorted({stream.get("organization_id") or "", *(n.get("organization_id") or "" for n in needs)})
            organizations = {o["id"]: o for o in _rows(
                conn, "organization", ORG_FIELDS, f" AND id IN ({', '.join('?' for _w in wanted)})", wanted)}
            matches = _matches(conn, "stream_id", stream_id)
        else:
            organizations = {o["id"]: o for o in _rows(conn, "organization", ORG_FIELDS)}
            if need_id:
                need = _one(conn, "need", NEED_FIELDS, need_id)
                # This need's own matches, and the agreed ones everywhere (they teach the learned bonus).
                matches = _matches(conn, "need_id", need_id)
                return _suggest_for_need(conn, need, organizations, matches, per_need, min_score, ctx)
            needs = _rows(conn, "need", NEED_FIELDS)
            matches = _matches(conn)
            streams = _rows(conn, "stream", STREAM_FIELDS)
    if stream_id:
        return matching.suggest_for_stream(stream, needs, organizations, matches=matches, limit=per_need,
                                           min_score=min_score, ctx=ctx)
    return matching.suggest(streams, needs, organizations, matches=matches, per_need=per_need,
                            min_score=min_score, ctx=ctx)


def _suggest_for_need(conn: Any, need: dict[str, Any], organizations: dict[str, dict[str, Any]],
                      matches: list[dict[str, Any]], per_need: int, min_score: float,
                      ctx: border.Context) -> list[matching.Suggestion]:
    """One need's suggestions, reading streams near the receiver first and farther ones only if they could rank.

    A dense category has thousands of streams across the region, and the best few are nearly always close
    by: once the ``per_need``-th pair within ``NEAR_KM`` is known, no stream beyond the distance at which even
    full marks elsewhere could not beat it needs reading. The result is the same as reading them all.
    """
    here = matching.location(organizations.get(need.get("organization_id") or "", {}))
    km = {org_id: (None if here is None or place is None else matching.km_between(place, here))
          for org_id, place in ((o, matching.location(org)) for o, org in organizations.items())}
    # Without a place on either side distance is judged by municipality: such streams are always read first.
    near = [org_id for org_id, d in km.items() if d is None or d <= NEAR_KM]
    streams = _streams_of(conn, need, near)
    found = matching.suggest(streams, [need], organizations, matches=matches, per_need=per_need,
                             min_score=min_score, ctx=ctx)
    reach = float("inf")
    learned = any(m.get("need_category") == (need.get("material_category") or "")
                  and m.get("stage") in matching.AGREED_STAGES for m in matches)
    nothing_beyond = matching.best_possible(matching.MAX_KM, learned=learned)
    if len(found) >= per_need and found[per_need - 1].score > nothing_beyond:
        # Beyond this distance even full marks for everything else stay below the pair to beat (1 km to spare).
        reach = 1.0 + matching.MAX_KM * (1 - (found[per_need - 1].score - nothing_beyond) / matching.WEIGHTS["distance"])
    ring = [org_id for org_id, d in km.items() if d is not None and NEAR_KM < d <= reach]
    if not ring:
        return found
    return matching.suggest(streams + _streams_of(conn, need, ring), [need], organizations, matches=matches,
                            per_need=per_need, min_score=min_score, ctx=ctx)


def _one(conn: Any, table: str, fields: Sequence[str], record_id: str) -> dict[str, Any]:
    found = _rows(conn, table, fields, " AND id = ?", [record_id])
    if not found:
        raise NotFoundError(_("{table}: no record with id “{id}”").format(table=table, id=record_id), field="id")
    return found[0]


def _matches(conn: Any, column: str | None = None, record_id: str | None = None) -> list[dict[str, Any]]:
    """Live matches (all, or one record's plus the agreed ones everywhere), with the material categories of
    their live records: the learned bonus goes by category."""
    base = ("SELECT m.stream_id, m.need_id, m.stage, s.material_category, n.material_category FROM match m "
            "LEFT JOIN stream s ON s.id = m.stream_id AND s.deleted = 0 "
            "LEFT JOIN need n ON n.id = m.need_id AND n.deleted = 0 WHERE m.deleted = 0")
    if column is None:
        rows = list(conn.execute(base))
    else:
        # Two indexed reads (by the record, by stage) rather than one scan of every match.
        rows = list(conn.execute(f"{base} AND m.{column} = ?", [record_id]))
        rows += [r for r in conn.execute(f"{base} AND m.stage IN ('agreed', 'implemented')")
                 if r[0 if column == "stream_id" else 1] != record_id]
    out = []
    for stream_id, need_id, stage, stream_cat, need_cat in rows:
        match = {"stream_id": stream_id, "need_id": need_id, "stage": stage}
        if stream_cat is not None and need_cat is not None:
            match.update(stream_category=stream_cat or "", need_category=need_cat or "")
        out.append(match)
    return out


def accept(app: App, stream_id: str, need_id: str, **options: Any) -> Result[str]:
    """Make a proposed match from a suggestion (``services.pipeline.accept``, which keeps reasons as data)."""
    from cirkular_desktop.services import pipeline

    return pipeline.accept(app, stream_id, need_id, **options)
