"""The project's indicators, counted from plain records: what the project report prints.

Definitions (also in docs/reports.md):

- *mapped organization*: an organization with at least one finished
  (``completed``) visit; *visited*: with any visit. The project's target is
  24 mapped organizations (8 × 3).
- *enterprises by size class* (Interreg output indicator RCO01): mapped
  organizations of kind "company", by size class ("" when not recorded).
- *tonnes per year*: ``core.units.tonnes_per_year`` of each stream; streams
  whose quantity cannot be converted are counted apart, never guessed.
- *cross-border match*: the stream's and the need's organizations are in
  different countries (or the match is marked so).

Imports: standard library, core (units, wastecodes, materials, municipalities).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Mapping

from cirkular_desktop.core import materials, municipalities, records, units, wastecodes
from cirkular_desktop.reports.data import ProjectData

TARGET_ORGANIZATIONS = 24
UNCATEGORISED = ""


@dataclass(frozen=True)
class OrganizationRow:
    name: str
    country: str
    municipality: str      # municipality key ("SE-1785") or ""
    size_class: str
    kind: str
    visits: int
    completed_visits: int
    streams: int
    tonnes: Decimal


@dataclass
class Figures:
    target: int = TARGET_ORGANIZATIONS
    organizations: int = 0
    visited: int = 0
    mapped: int = 0
    visits: int = 0
    visits_completed: int = 0
    mapped_by_country: dict[str, int] = field(default_factory=dict)
    mapped_by_municipality: dict[str, int] = field(default_factory=dict)   # key → count ("" unknown)
    enterprises_by_size: dict[str, int] = field(default_factory=dict)
    streams: int = 0
    tonnes: Decimal = Decimal(0)
    streams_without_tonnes: int = 0
    hazardous_streams: int = 0
    streams_by_material: dict[str, tuple[int, Decimal]] = field(default_factory=dict)  # top code → (n, t)
    needs: int = 0
    need_tonnes: Decimal = Decimal(0)
    ideas: int = 0
    ideas_by_status: dict[str, int] = field(default_factory=dict)
    ideas_by_hierarchy: dict[str, int] = field(default_factory=dict)
    matches: int = 0
    matches_by_stage: dict[str, int] = field(default_factory=dict)
    cross_border_matches: int = 0
    test_environments: int = 0
    test_environments_by_status: dict[str, int] = field(default_factory=dict)
    tonnes_diverted: Decimal = Decimal(0)
    cost_saved: dict[str, Decimal] = field(default_factory=dict)
    co2e_saved: Decimal = Decimal(0)
    jobs_created: int = 0
    jobs_kept: int = 0
    organization_rows: list[OrganizationRow] = field(default_factory=list)
    test_environment_rows: list[dict[str, Any]] = field(default_factory=list)


def _dec(value: Any) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))


def _in_choice_order(counter: Mapping[str, int], table: str, field_name: str) -> dict[str, int]:
    """Counts in the order the choices are declared, so charts read like the workflow."""
    order = records.table(table).field(field_name).choice_values()
    out = {value: counter.get(value, 0) for value in order}
    for value, count in counter.items():
        if value not in out:
            out[value] = count
    return out


def _is_hazardous(stream: Mapping[str, Any]) -> bool:
    """A stream with a starred (hazardous) code, or assessed hazardous under a mirror entry."""
    if stream.get("hazard_assessment") == "hazardous":
        return True
    return any((entry := wastecodes.get(code)) is not None and entry.hazardous
               for code in stream.get("waste_codes") or ())


def compute(data: ProjectData) -> Figures:
    """Count the indicators from the records in ``data``."""
    f = Figures()
    orgs = {o["id"]: o for o in data.organizations}
    f.organizations = len(orgs)

    visits_by_org: Counter[str] = Counter()
    completed_by_org: Counter[str] = Counter()
    for visit in data.visits:
        f.visits += 1
        visits_by_org[visit.get("organization_id")] += 1
        if visit.get("status") == "completed":
            f.visits_completed += 1
            completed_by_org[visit.get("organization_id")] += 1
    mapped_ids = [oid for oid in orgs if completed_by_org[oid]]
    f.visited = sum(1 for oid in orgs if visits_by_org[oid])
    f.mapped = len(mapped_ids)
    country_counts: Counter[str] = Counter()
    municipality_counts: Counter[str] = Counter()
    size_counts: Counter[str] = Counter()
    for oid in mapped_ids:
        org = orgs[oid]
        country_counts[org.get("country") or ""] += 1
        municipality_counts[org.get("municipality") or ""] += 1
        if (org.get("kind") or "company") == "company":
            size_counts[org.get("size_class") or ""] += 1
    f.mapped_by_country = {c: country_counts.get(c, 0) for c in ("SE", "NO")}
    f.mapped_by_country.update({c: n for c, n in country_counts.items() if c not in f.mapped_by_country})

    def municipality_key(key: str) -> tuple:
        found = municipalities.get(key) if key else None
        return (found is None, found.country != "SE" if found else True, not found.project if found else True,
                found.name if found else key)

    f.mapped_by_municipality = {k: municipality_counts[k] for k in sorted(municipality_counts, key=municipality_key)}
    sizes = _in_choice_order(size_counts, "organization", "size_class")
    f.enterprises_by_size = {k: v for k, v in sizes.items() if v or k}

    streams_by_org: Counter[str] = Counter()
    tonnes_by_org: dict[str, Decimal] = defaultdict(Decimal)
    material_counts: Counter[str] = Counter()
    material_tonnes: dict[str, Decimal] = defaultdict(Decimal)
    for stream in data.streams:
        f.streams += 1
        streams_by_org[stream.get("organization_id")] += 1
        found = materials.get(stream.get("material_category")) if stream.get("material_category") else None
        top = found.top if found else UNCATEGORISED
        material_counts[top] += 1
        tonnes = units.tonnes_per_year(stream)
        if tonnes is None:
            if stream.get("quantity") not in (None, ""):
                f.streams_without_tonnes += 1   # stated, but in a unit that needs a density or mass per item
        else:
            f.tonnes += tonnes
            material_tonnes[top] += tonnes
            tonnes_by_org[stream.get("organization_id")] += tonnes
        if _is_hazardous(stream):
            f.hazardous_streams += 1
    ordered = sorted(material_counts, key=lambda k: (k == UNCATEGORISED, -material_tonnes[k], -material_counts[k], k))
    f.streams_by_material = {k: (material_counts[k], material_tonnes[k]) for k in ordered}

    f.needs = len(data.needs)
    f.need_tonnes = sum((units.tonnes_per_year(n) or Decimal(0) for n in data.needs), Decimal(0))

    f.ideas = len(data.ideas)
    f.ideas_by_status = _in_choice_order(Counter(i.get("status") or "new" for i in data.ideas), "idea", "status")
    f.ideas_by_hierarchy = {k: v for k, v in _in_choice_order(
        Counter(i.get("hierarchy") or "" for i in data.ideas), "idea", "hierarchy").items() if v or k}

    stream_org = {s["id"]: s.get("organization_id") for s in data.streams}
    need_org = {n["id"]: n.get("organization_id") for n in data.needs}
    f.matches = len(data.matches)
    f.matches_by_stage = _in_choice_order(Counter(m.get("stage") or "proposed" for m in data.matches),
                                          "match", "stage")
    for match in data.matches:
        a = orgs.get(stream_org.get(match.get("stream_id")) or "")
        b = orgs.get(need_org.get(match.get("need_id")) or "")
        across = bool(a and b and a.get("country") and b.get("country") and a["country"] != b["country"])
        if across or match.get("cross_border"):
            f.cross_border_matches += 1

    f.test_environments = len(data.test_environments)
    f.test_environments_by_status = _in_choice_order(
        Counter(t.get("status") or "planned" for t in data.test_environments), "test_environment", "status")

    f.test_environment_rows = sorted(
        ({"title": t.get("title") or "", "place": t.get("place") or "", "start_date": t.get("start_date"),
          "status": t.get("status") or "planned"} for t in data.test_environments),
        key=lambda t: (t["start_date"] or "9999", t["title"].casefold()))

    for outcome in data.outcomes:
        f.tonnes_diverted += _dec(outcome.get("tonnes_diverted")) or Decimal(0)
        f.co2e_saved += _dec(outcome.get("co2e_saved")) or Decimal(0)
        saved = _dec(outcome.get("cost_saved"))
        if saved is not None:
            currency = outcome.get("cost_saved_currency") or ""
            f.cost_saved[currency] = f.cost_saved.get(currency, Decimal(0)) + saved
        f.jobs_created += int(outcome.get("jobs_created") or 0)
        f.jobs_kept += int(outcome.get("jobs_kept") or 0)

    rows = []
    for oid, org in orgs.items():
        if not visits_by_org[oid]:
            continue
        rows.append(OrganizationRow(
            name=org.get("name") or "", country=org.get("country") or "",
            municipality=org.get("municipality") or "", size_class=org.get("size_class") or "",
            kind=org.get("kind") or "company", visits=visits_by_org[oid], completed_visits=completed_by_org[oid],
            streams=streams_by_org[oid], tonnes=tonnes_by_org[oid]))
    rows.sort(key=lambda r: (r.country != "SE", r.country, r.name.casefold()))
    f.organization_rows = rows
    return f
