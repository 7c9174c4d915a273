"""The project's figures, counted from plain records: what the project report prints.

Definitions (also printed in the report and in docs/reports.md):

- *reporting period*: from ``period_from`` to ``period_to`` (inclusive; either
  may be open). A visit counts by its date.
- *finished visit*: a visit with status ``completed`` dated in the period;
  an unfinished visit (``draft``) in the period is counted apart, never in
  the figures.
- *mapped organization*: one with a finished visit in the period.
- *participating SME*: a mapped organization of kind "company" that
  ``core.sme.is_sme`` says is a micro, small or medium enterprise. Companies
  whose size is not known, large companies, municipal operations, schools
  and associations are mapped but not SMEs. The project's target is 24
  participating SMEs, split into target groups (by the year of the first
  finished visit, or by region = municipalities) named in the settings.
- *residual streams, needs*: those recorded at a finished visit in the
  period, and those of a mapped organization tied to no visit; those of
  unfinished visits are counted apart.
- *tonnes per year*: ``core.units.tonnes_per_year``; energy (MWh, kWh) is
  summed as MWh per year, never as tonnes; other quantities that cannot be
  converted are counted as streams only.
- *matches*: each match at the stage it had at the end of the period (from
  its stage history; a match without history at its current stage), left
  out when it was proposed after the period. *Across the border*: the
  stream's and the need's organizations are in different countries.
- *test environments*: those running at some time in the period (started by
  its end, not ended before its start); *outcomes*: those whose period ends
  in the reporting period, or without such a date whose year is in it
  (without a period: all); CO₂e is the recorded figure, else tonnes
  diverted × the recorded factor.
- *competence activities*: those dated in the period, with their
  participants per country.
- *by industry*: mapped organizations by the NACE division (first two
  digits) of their industry code (SNI 2007 / SN2007); without a code apart.

Imports: standard library, core (units, wastecodes, ns9431, materials, municipalities, sme, records, industry),
reports.data.
"""

from __future__ import annotations

import datetime as _dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Iterable, Mapping

from cirkular_desktop.core import industry, materials, municipalities, ns9431, records, sme, units, wastecodes
from cirkular_desktop.reports.data import DEFAULT_TARGET, ProjectData, Targets

UNCATEGORISED = ""
OUTSIDE = "\x00outside"       # the key of SMEs that fall in no target group


@dataclass(frozen=True)
class OrganizationRow:
    name: str
    country: str
    municipality: str      # municipality key ("SE-1785") or ""
    size_class: str        # from core.sme.size_class, "" when unknown
    kind: str
    sme: bool
    visits: int            # visits in the period
    completed_visits: int
    streams: int
    tonnes: Decimal


@dataclass(frozen=True)
class GroupRow:
    name: str
    target: int
    achieved: int


@dataclass
class Figures:
    target: int = DEFAULT_TARGET
    period_from: _dt.date | None = None
    period_to: _dt.date | None = None
    organizations: int = 0
    visited: int = 0
    mapped: int = 0
    smes: int = 0
    companies_unknown_size: int = 0
    large_companies: int = 0
    other_organizations: int = 0          # mapped, not companies (municipal, school, association, public)
    visits: int = 0
    visits_completed: int = 0
    visits_unfinished: int = 0
    unfinished_organizations: int = 0     # with an unfinished visit in the period and no finished one
    unfinished_streams: int = 0
    group_basis: str = "year"
    groups: list[GroupRow] = field(default_factory=list)
    smes_by_country: dict[str, int] = field(default_factory=dict)
    mapped_by_country: dict[str, int] = field(default_factory=dict)
    smes_by_municipality: dict[str, int] = field(default_factory=dict)
    mapped_by_municipality: dict[str, int] = field(default_factory=dict)   # key → count ("" unknown)
    enterprises_by_size: dict[str, int] = field(default_factory=dict)     # mapped companies ("" unknown)
    mapped_by_industry: dict[str, int] = field(default_factory=dict)      # NACE division → count ("" no code)
    smes_by_industry: dict[str, int] = field(default_factory=dict)
    streams: int = 0
    tonnes: Decimal = Decimal(0)
    mwh: Decimal = Decimal(0)
    energy_streams: int = 0
    streams_without_tonnes: int = 0
    hazardous_streams: int = 0
    streams_by_material: dict[str, tuple[int, Decimal, Decimal]] = field(default_factory=dict)  # (n, t, MWh)
    streams_by_ns9431: dict[str, tuple[int, Decimal]] = field(default_factory=dict)  # NS 9431 group → (n, t)
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
    revenue: dict[str, Decimal] = field(default_factory=dict)
    activities: int = 0
    activities_by_kind: dict[str, int] = field(default_factory=dict)
    participants_by_country: dict[str, int] = field(default_factory=dict)
    co2e_saved: Decimal = Decimal(0)
    jobs_created: int = 0
    jobs_kept: int = 0
    organization_rows: list[OrganizationRow] = field(default_factory=list)
    test_environment_rows: list[dict[str, Any]] = field(default_factory=list)
    indicators: Any = None        # reports.indicators.Indicators, filled by ``compute``


def _dec(value: Any) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))


def _date(value: Any) -> _dt.date | None:
    if not value:
        return None
    try:
        return _dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


class Period:
    """An inclusive date range; either end may be open."""

    def __init__(self, start: _dt.date | None, end: _dt.date | None) -> None:
        self.start, self.end = start, end

    @property
    def open(self) -> bool:
        return self.start is None and self.end is None

    def holds(self, value: Any) -> bool:
        day = _date(value)
        if day is None:
            return self.open
        return (self.start is None or day >= self.start) and (self.end is None or day <= self.end)

    def holds_year(self, year: Any) -> bool:
        try:
            value = int(year)
        except (TypeError, ValueError):
            return self.open
        return ((self.start is None or value >= self.start.year) and (self.end is None or value <= self.end.year))

    def overlaps(self, first: Any, last: Any) -> bool:
        begin, finish = _date(first), _date(last)
        if self.end is not None and begin is not None and begin > self.end:
            return False
        if self.start is not None and finish is not None and finish < self.start:
            return False
        return True


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


def energy_mwh(record: Mapping[str, Any]) -> Decimal | None:
    """MWh per year of a stream given in an energy unit, else None."""
    unit = units.get(record.get("unit"))
    amount = _dec(record.get("quantity"))
    if unit is None or unit.kind != units.ENERGY or amount is None:
        return None
    basis = record.get("basis") or "per_year"
    factor = _dec(record.get("batches_per_year")) if basis == "per_batch" else units.PER_YEAR.get(basis)
    return None if factor is None else amount * unit.factor * factor


def is_company(org: Mapping[str, Any]) -> bool:
    return (org.get("kind") or "company") == "company"


def is_participating_sme(org: Mapping[str, Any]) -> bool:
    """A company that core.sme says is micro, small or medium (unknown size does not count)."""
    return is_company(org) and sme.is_sme(org) is True


def shares(counts: Iterable[int]) -> list[int]:
    """Whole percentages that add up to exactly 100 (largest remainder), or all 0 when the total is 0."""
    values = list(counts)
    total = sum(values)
    if total <= 0:
        return [0] * len(values)
    exact = [Decimal(100 * v) / total for v in values]
    floors = [int(e) for e in exact]
    left = 100 - sum(floors)
    # The largest remainders get the points left; ties go to the larger count, then to the earlier row.
    order = sorted(range(len(values)), key=lambda i: (-(exact[i] - floors[i]), -values[i], i))
    for index in order[:left]:
        floors[index] += 1
    return floors


def _group_of(targets: Targets, org: Mapping[str, Any], year: int | None) -> str:
    for group in targets.groups:
        if targets.basis == "year" and year is not None and year in group.years:
            return group.name
        if targets.basis == "region" and (org.get("municipality") or "") in group.municipalities:
            return group.name
    return OUTSIDE


def _stage_at(match: Mapping[str, Any], events: list[Mapping[str, Any]], period: Period) -> str | None:
    """The match's stage at the end of the period, or None when it was proposed after it."""
    if not events:
        return match.get("stage") or "proposed"
    dated = sorted(((_date(e.get("date")), e) for e in events), key=lambda pair: (pair[0] or _dt.date.min,))
    if period.end is None:
        return match.get("stage") or dated[-1][1].get("stage") or "proposed"
    before = [e for day, e in dated if day is None or day <= period.end]
    if not before:
        return None
    return before[-1].get("stage") or "proposed"


def _municipality_key(key: str) -> tuple[bool, bool, bool, str]:
    found = municipalities.get(key) if key else None
    return (found is None, found.country != "SE" if found else True, not found.project if found else True,
            found.name if found else key)


def compute(data: ProjectData) -> Figures:
    """Count the figures of the period from the records in ``data``."""
    period = Period(data.period_from, data.period_to)
    f = Figures(target=data.targets.total, period_from=data.period_from, period_to=data.period_to,
                group_basis=data.targets.basis)
    orgs = {o["id"]: o for o in data.organizations}
    f.organizations = len(orgs)

    visits = [v for v in data.visits if period.holds(v.get("date"))]
    finished = [v for v in visits if v.get("status") == "completed"]
    unfinished = [v for v in visits if v.get("status") != "completed"]
    f.visits, f.visits_completed, f.visits_unfinished = len(visits), len(finished), len(unfinished)
    # Keyed by organization id (None for a record without one, which no organization's lookup meets).
    visits_by_org: Counter[str | None] = Counter(v.get("organization_id") for v in visits)
    completed_by_org: Counter[str | None] = Counter(v.get("organization_id") for v in finished)
    first_year: dict[str | None, int] = {}
    for visit in sorted(finished, key=lambda v: v.get("date") or ""):
        day = _date(visit.get("date"))
        if day is not None:
            first_year.setdefault(visit.get("organization_id"), day.year)
    mapped_ids = [oid for oid in orgs if completed_by_org[oid]]
    f.visited = sum(1 for oid in orgs if visits_by_org[oid])
    f.mapped = len(mapped_ids)
    f.unfinished_organizations = sum(1 for oid in orgs if visits_by_org[oid] and not completed_by_org[oid])

    country_all: Counter[str] = Counter()
    country_sme: Counter[str] = Counter()
    municipality_all: Counter[str] = Counter()
    municipality_sme: Counter[str] = Counter()
    size_counts: Counter[str] = Counter()
    group_counts: Counter[str] = Counter()
    industry_all: Counter[str] = Counter()
    industry_sme: Counter[str] = Counter()
    for oid in mapped_ids:
        org = orgs[oid]
        country, municipality = org.get("country") or "", org.get("municipality") or ""
        country_all[country] += 1
        municipality_all[municipality] += 1
        division = industry.division(org.get("industry_code"))
        industry_all[division.code if division else ""] += 1
        if is_participating_sme(org):
            industry_sme[division.code if division else ""] += 1
        if not is_company(org):
            f.other_organizations += 1
            continue
        size_counts[sme.size_class(org) or ""] += 1
        verdict = sme.is_sme(org)
        if verdict is None:
            f.companies_unknown_size += 1
        elif verdict is False:
            f.large_companies += 1
        else:
            f.smes += 1
            country_sme[country] += 1
            municipality_sme[municipality] += 1
            group_counts[_group_of(data.targets, org, first_year.get(oid))] += 1
    f.groups = [GroupRow(g.name, g.target, group_counts.get(g.name, 0)) for g in data.targets.groups]
    if data.targets.groups and group_counts.get(OUTSIDE):
        f.groups.append(GroupRow(OUTSIDE, 0, group_counts[OUTSIDE]))
    for counter, target in ((country_all, "mapped_by_country"), (country_sme, "smes_by_country")):
        ordered = {c: counter.get(c, 0) for c in ("SE", "NO")}
        ordered.update({c: n for c, n in counter.items() if c not in ordered})
        setattr(f, target, ordered)
    keys = sorted(municipality_all, key=_municipality_key)
    f.mapped_by_municipality = {k: municipality_all[k] for k in keys}
    f.smes_by_municipality = {k: municipality_sme.get(k, 0) for k in keys}
    by_code = sorted(industry_all, key=lambda k: (k == "", k))     # divisions by code, no code last
    f.mapped_by_industry = {k: industry_all[k] for k in by_code}
    f.smes_by_industry = {k: industry_sme.get(k, 0) for k in by_code}
    sizes = _in_choice_order(size_counts, "organization", "size_class")
    f.enterprises_by_size = {k: v for k, v in sizes.items() if v or k}

    # Streams and needs: of finished visits, or of mapped organizations and tied to no visit.
    finished_ids = {v["id"] for v in finished}
    unfinished_ids = {v["id"] for v in unfinished}
    mapped_set = set(mapped_ids)

    def counted(record: Mapping[str, Any]) -> bool:
        visit_id = record.get("visit_id")
        return visit_id in finished_ids if visit_id else record.get("organization_id") in mapped_set

    streams = [s for s in data.streams if counted(s)]
    f.unfinished_streams = sum(1 for s in data.streams if s.get("visit_id") in unfinished_ids)
    streams_by_org: Counter[str | None] = Counter()
    tonnes_by_org: dict[str | None, Decimal] = defaultdict(Decimal)
    material_counts: Counter[str] = Counter()
    material_tonnes: dict[str, Decimal] = defaultdict(Decimal)
    material_mwh: dict[str, Decimal] = defaultdict(Decimal)
    ns_counts: Counter[str] = Counter()
    ns_tonnes: dict[str, Decimal] = defaultdict(Decimal)
    for stream in streams:
        f.streams += 1
        streams_by_org[stream.get("organization_id")] += 1
        found = materials.get(stream.get("material_category")) if stream.get("material_category") else None
        top = found.top if found else UNCATEGORISED
        material_counts[top] += 1
        tonnes = units.tonnes_per_year(stream)
        mwh = energy_mwh(stream) if tonnes is None else None
        if tonnes is not None:
            f.tonnes += tonnes
            material_tonnes[top] += tonnes
            tonnes_by_org[stream.get("organization_id")] += tonnes
        elif mwh is not None:
            f.mwh += mwh
            f.energy_streams += 1
            material_mwh[top] += mwh
        elif stream.get("quantity") not in (None, ""):
            f.streams_without_tonnes += 1   # stated, but in a unit that needs a density or mass per item
        if _is_hazardous(stream):
            f.hazardous_streams += 1
        if stream.get("ns9431_code"):
            # Norwegian waste statistics count by the NS 9431 group; a number of no known group by its digits.
            group = ns9431.group(stream["ns9431_code"])
            key = group.code if group is not None else str(stream["ns9431_code"])[:2]
            ns_counts[key] += 1
            ns_tonnes[key] += tonnes or Decimal(0)
    by_weight = sorted(material_counts, key=lambda k: (k == UNCATEGORISED, -material_tonnes[k], -material_mwh[k],
                                                       -material_counts[k], k))
    f.streams_by_material = {k: (material_counts[k], material_tonnes[k], material_mwh[k]) for k in by_weight}
    f.streams_by_ns9431 = {k: (ns_counts[k], ns_tonnes[k]) for k in sorted(ns_counts)}

    needs = [n for n in data.needs if counted(n)]
    f.needs = len(needs)
    f.need_tonnes = sum((units.tonnes_per_year(n) or Decimal(0) for n in needs), Decimal(0))

    stream_ids = {s["id"] for s in streams}
    ideas = [i for i in data.ideas if (i.get("stream_id") in stream_ids) or
             (not i.get("stream_id") and i.get("organization_id") in mapped_set)]
    f.ideas = len(ideas)
    f.ideas_by_status = _in_choice_order(Counter(i.get("status") or "new" for i in ideas), "idea", "status")
    f.ideas_by_hierarchy = {k: v for k, v in _in_choice_order(
        Counter(i.get("hierarchy") or "" for i in ideas), "idea", "hierarchy").items() if v or k}

    events: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for event in data.match_events:
        events[event.get("match_id") or ""].append(event)
    stream_org = {s["id"]: s.get("organization_id") for s in data.streams}
    need_org = {n["id"]: n.get("organization_id") for n in data.needs}
    stages: Counter[str] = Counter()
    for match in data.matches:
        stage = _stage_at(match, events.get(match["id"], []), period)
        if stage is None:
            continue
        f.matches += 1
        stages[stage] += 1
        a = orgs.get(stream_org.get(match.get("stream_id")) or "")
        b = orgs.get(need_org.get(match.get("need_id")) or "")
        across = bool(a and b and a.get("country") and b.get("country") and a["country"] != b["country"])
        if across or match.get("cross_border"):
            f.cross_border_matches += 1
    f.matches_by_stage = _in_choice_order(stages, "match", "stage")

    tests = [t for t in data.test_environments if period.overlaps(t.get("start_date"), t.get("end_date"))]
    f.test_environments = len(tests)
    f.test_environments_by_status = _in_choice_order(
        Counter(t.get("status") or "planned" for t in tests), "test_environment", "status")
    f.test_environment_rows = sorted(
        ({"title": t.get("title") or "",
          "place": (orgs.get(t.get("place_organization_id") or "") or {}).get("name") or t.get("place") or "",
          "partners": len(t.get("partners") or ()), "start_date": t.get("start_date"),
          "status": t.get("status") or "planned"} for t in tests),
        key=lambda t: (t["start_date"] or "9999", t["title"].casefold()))

    for outcome in data.outcomes:
        dated = outcome.get("period_end")
        if not (period.holds(dated) if dated else period.holds_year(outcome.get("year"))):
            continue
        diverted = _dec(outcome.get("tonnes_diverted")) or Decimal(0)
        f.tonnes_diverted += diverted
        co2e = _dec(outcome.get("co2e_saved"))
        factor = _dec(outcome.get("co2e_factor"))
        f.co2e_saved += co2e if co2e is not None else (diverted * factor if factor is not None else Decimal(0))
        for amount_key, currency_key, totals in (("cost_saved", "cost_saved_currency", f.cost_saved),
                                                 ("revenue", "revenue_currency", f.revenue)):
            amount = _dec(outcome.get(amount_key))
            if amount is not None:
                currency = outcome.get(currency_key) or ""
                totals[currency] = totals.get(currency, Decimal(0)) + amount
        f.jobs_created += int(outcome.get("jobs_created") or 0)
        f.jobs_kept += int(outcome.get("jobs_kept") or 0)

    from cirkular_desktop.reports.indicators import activity_countries

    kinds: Counter[str] = Counter()
    participants: Counter[str] = Counter()
    for activity in data.activities:
        if not period.holds(activity.get("date")):
            continue
        f.activities += 1
        kinds[activity.get("kind") or "other"] += 1
        participants.update(activity_countries(activity, orgs))
    if "activity" in records.TABLES:
        f.activities_by_kind = {k: v for k, v in _in_choice_order(kinds, "activity", "kind").items() if v}
    f.participants_by_country = {c: participants[c] for c in sorted(participants, key=lambda c: (c not in ("SE", "NO"),
                                                                                                  c != "SE", c))}

    rows = []
    for oid, org in orgs.items():
        if not visits_by_org[oid]:
            continue
        rows.append(OrganizationRow(
            name=org.get("name") or "", country=org.get("country") or "",
            municipality=org.get("municipality") or "", size_class=sme.size_class(org) or "",
            kind=org.get("kind") or "company", sme=is_participating_sme(org) and bool(completed_by_org[oid]),
            visits=visits_by_org[oid], completed_visits=completed_by_org[oid],
            streams=streams_by_org[oid], tonnes=tonnes_by_org[oid]))
    rows.sort(key=lambda r: (r.country != "SE", r.country, r.name.casefold()))
    f.organization_rows = rows

    from cirkular_desktop.reports import indicators

    f.indicators = indicators.compute(data, period, mapped_ids, orgs)
    return f
