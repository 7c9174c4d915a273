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
import weakref
from typing import Any, Mapping, Sequence

from cirkular_desktop import settings
from cirkular_desktop.core import border, matching, matching_rank, matching_search, records
from cirkular_desktop.core.fields import MULTI, TAGS, WASTECODES
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


def border_context(app: App, on: _dt.date | str | None = None) -> border.Context:
    """Today's rules, with the Norwegian rule set as the coordinator set it."""
    chosen = settings.shipment_rules(app.paths)
    return border.context(on, chosen["norway"], norway_confirmed=bool(chosen["confirmed_by"]))


def _rows(conn: Any, table: str, fields: Sequence[str], where: str = "", params: Sequence[Any] = (), *,
          by_category: bool = False, by_rowid: bool = False) -> list[dict[str, Any]]:
    spec = records.table(table)
    columns = [f for f in fields if spec.has_field(f)]
    decode = [f for f in columns if spec.field(f).kind in (WASTECODES, MULTI, TAGS)]
    # Reads by category name the index: without fresh statistics (a new database) SQLite would rather walk
    # the list index on "deleted", which is every row.
    source = f"{table} INDEXED BY ix_{table}_matching" if by_category else table
    # By row number the rows are looked up directly; "+deleted" keeps the planner off the list index.
    sql = f"SELECT id, {', '.join(columns)} FROM {source} WHERE {'+' if by_rowid else ''}deleted = 0{where}"
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


class _Known:
    """What one record's suggestions share between calls: the live organizations with their places, and how
    many live streams and needs each material category has (which decides only how a category is read)."""

    def __init__(self, version: Any, organizations: dict[str, dict[str, Any]], places: matching_rank.Places,
                 sizes: dict[str, dict[str, int]]) -> None:
        self.version = version
        self.organizations = organizations
        self.places = places
        self.sizes = sizes


def _read_organizations(conn: Any) -> tuple[dict[str, dict[str, Any]], matching_rank.Places]:
    organizations = {o["id"]: o for o in _rows(conn, "organization", ORG_FIELDS)}
    return organizations, matching_rank.Places(organizations)


def _read_sizes(conn: Any) -> dict[str, dict[str, int]]:
    return {table: dict(conn.execute(
        f"SELECT material_category, count(*) FROM {table} INDEXED BY ix_{table}_matching "
        "WHERE material_category IS NOT NULL AND deleted = 0 GROUP BY material_category").fetchall())
        for table in ("stream", "need")}


_KNOWN: "weakref.WeakKeyDictionary[App, _Known]" = weakref.WeakKeyDictionary()


def _known(app: App, conn: Any) -> _Known:
    """``_Known`` of this app, its parts read again when their tables were written since.

    Every write (an edit here, an imported bundle) appends to the operation log in the same transaction, so
    the log's rows after the last one seen name the tables changed. A ``_Known`` is never changed once made:
    another thread may be using it.
    """
    version = conn.execute("SELECT max(rowid) FROM op").fetchone()[0]
    found = _KNOWN.get(app)
    if found is not None and found.version == version and version is not None:
        return found
    if found is None or version is None or found.version is None or version < found.version:
        found = _Known(version, *_read_organizations(conn), _read_sizes(conn))
    else:
        changed = {row[0] for row in conn.execute("SELECT DISTINCT tbl FROM op WHERE rowid > ?", [found.version])}
        organizations, places = (_read_organizations(conn) if "organization" in changed
                                 else (found.organizations, found.places))
        sizes = _read_sizes(conn) if changed & {"stream", "need"} else found.sizes
        found = _Known(version, organizations, places, sizes)
    _KNOWN[app] = found
    return found


def _sharing_codes(conn: Any, table: str, fields: Sequence[str], codes: Sequence[str]) -> list[dict[str, Any]]:
    """Live records of ``table`` that may list one of ``codes`` (a shared List of Waste code pairs across
    categories; the pair's scoring checks the codes themselves). The full-text index knows every record's
    codes as words, so no row without one is read."""
    if not codes:
        return []
    if all(str(c).isalnum() for c in codes):
        terms = " OR ".join(f'"{c}"' for c in codes)
        rowids = [row[0] for row in conn.execute(f"SELECT rowid FROM {table}_fts WHERE {table}_fts MATCH ?",
                                                 [f"waste_codes : ({terms})"])]
        found = []
        for start in range(0, len(rowids), 500):
            chunk = rowids[start:start + 500]
            found += _rows(conn, table, fields, f" AND rowid IN ({', '.join('?' for _r in chunk)})", chunk,
                           by_rowid=True)
        return found
    likes = " OR ".join("waste_codes LIKE ?" for _c in codes)
    return _rows(conn, table, fields, f" AND waste_codes IS NOT NULL AND ({likes})", [f'%"{c}"%' for c in codes])


def _search(conn: Any, search: matching_search.ForNeed | matching_search.ForStream, table: str,
            fields: Sequence[str]) -> list[tuple[Mapping[str, Any], float]]:
    """Drive a ``core.matching_search`` search: light rows of a category from the index alone (of some
    organizations, or all), whole records by row number, until nothing left can make the list."""
    light = (f"SELECT rowid, {', '.join(search.light_columns)} FROM {table} INDEXED BY ix_{table}_matching "
             "WHERE material_category = ? AND deleted = 0")
    if table == "stream":
        light += " AND (visibility IS NULL OR visibility != 'private')"
    while (step := search.next_step()) is not None:
        if step[0] == "light":
            _kind, category, organizations = step
            if organizations is None:
                search.add_light(category, conn.execute(light, [category]))
                continue
            rows: list[Any] = []
            for start in range(0, len(organizations), 500):
                chunk = organizations[start:start + 500]
                rows += conn.execute(f"{light} AND organization_id IN ({', '.join('?' for _o in chunk)})",
                                     [category, *chunk]).fetchall()
            search.add_light(category, rows)
        else:
            rowids = step[1]
            search.add_records(_rows(conn, table, fields, f" AND rowid IN ({', '.join('?' for _r in rowids)})",
                                     rowids, by_rowid=True))
    return search.result()


def _ranked_for_need(conn: Any, need: dict[str, Any], known: _Known, matches: list[dict[str, Any]], per_need: int,
                     min_score: float) -> list[tuple[Any, Any, float]]:
    """(stream, need, learned bonus) of one need's best streams."""
    if not need.get("material_category"):
        # Without a category any stream may share words with the need: every title is read.
        return matching_rank.rank(_rows(conn, "stream", STREAM_FIELDS), [need], known.organizations,
                                  matches=matches, per_need=per_need, min_score=min_score)
    search = matching_search.ForNeed(need, known.organizations, matches=matches, limit=per_need, min_score=min_score,
                                     places=known.places, sizes=known.sizes["stream"])
    search.add_records(_rows(conn, "stream", STREAM_FIELDS, " AND material_category IS NULL", by_category=True))
    search.add_records(_sharing_codes(conn, "stream", STREAM_FIELDS, need.get("waste_codes") or []))
    return [(stream, need, learned) for stream, learned in _search(conn, search, "stream", STREAM_FIELDS)]


def _ranked_for_stream(conn: Any, stream: dict[str, Any], known: _Known, matches: list[dict[str, Any]], limit: int,
                       min_score: float) -> list[tuple[Any, Any, float]]:
    """(stream, need, learned bonus) of the needs one stream serves best."""
    if not stream.get("material_category"):
        found = matching_rank.rank_for_stream(stream, _rows(conn, "need", NEED_FIELDS), known.organizations,
                                              matches=matches, limit=limit, min_score=min_score)
        return [(stream, need, learned) for need, learned in found]
    search = matching_search.ForStream(stream, known.organizations, matches=matches, limit=limit,
                                       min_score=min_score, places=known.places, sizes=known.sizes["need"])
    search.add_records(_rows(conn, "need", NEED_FIELDS, " AND material_category IS NULL", by_category=True))
    search.add_records(_sharing_codes(conn, "need", NEED_FIELDS, stream.get("waste_codes") or []))
    return [(stream, need, learned) for need, learned in _search(conn, search, "need", NEED_FIELDS)]


def suggest(app: App, *, per_need: int = 5, need_id: str | None = None, stream_id: str | None = None,
            min_score: float = matching.MIN_SCORE, on: _dt.date | str | None = None) -> list[matching.Suggestion]:
    """Ranked suggestions: the best ``per_need`` for every need, or for one need, or the best needs of one stream."""
    ctx = border_context(app, on)
    with app.snapshot() as conn:
        known = _known(app, conn)
        organizations = known.organizations
        if stream_id:
            stream = _one(conn, "stream", STREAM_FIELDS, stream_id)
            # This stream's own matches, and the agreed ones everywhere (they teach the learned bonus).
            matches = _matches(conn, "stream_id", stream_id)
            ranked = _ranked_for_stream(conn, stream, known, matches, per_need, min_score)
        elif need_id:
            need = _one(conn, "need", NEED_FIELDS, need_id)
            matches = _matches(conn, "need_id", need_id)
            ranked = _ranked_for_need(conn, need, known, matches, per_need, min_score)
        else:
            needs = _rows(conn, "need", NEED_FIELDS)
            matches = _matches(conn)
            streams = _rows(conn, "stream", STREAM_FIELDS)
            return matching.suggest(streams, needs, organizations, matches=matches, per_need=per_need,
                                    min_score=min_score, ctx=ctx)
    return matching.explain_ranked(ranked, organizations, ctx=ctx)


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
