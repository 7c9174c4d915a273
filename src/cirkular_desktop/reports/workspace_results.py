"""The project report's sections on what the matchmaking workspace records: outcomes per year, and the
competence activities (kompetenshöjande insatser) with their participants by country.

Added beside ``reports.project_report`` (one hook there) so the report's own
sections stay as they are: outcomes per year with the route the tonnes were
diverted from, revenue beside cost saved, the CO₂e factors used and their
sources; activities counted by kind, participants by country. Plain data in,
flowables out; no files or database.

Imports: reportlab, i18n, core.records, reports (layout, formatting).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from decimal import Decimal
from typing import Any, Mapping, Sequence

from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether

from cirkular_desktop import i18n
from cirkular_desktop.core import records
from cirkular_desktop.i18n import gettext as _, ngettext
from cirkular_desktop.reports import formatting as fmt
from cirkular_desktop.reports import layout
from cirkular_desktop.reports.layout import CONTENT_WIDTH, para

Record = Mapping[str, Any]


def _n(value: int | Decimal) -> str:
    return i18n.format_decimal(value, max_fraction=0)


def _dec(value: Any) -> Decimal:
    found = fmt.dec(value)
    return found if found is not None else Decimal(0)


def _money(by_currency: Mapping[str, Decimal]) -> str:
    return ", ".join(fmt.money(v, c or None) for c, v in sorted(by_currency.items()) if v) or "–"


def outcome_years(outcomes: Sequence[Record]) -> list[dict[str, Any]]:
    """Outcomes summed per year (the year, or the period's end when a record has no year)."""
    years: dict[int, dict[str, Any]] = {}
    for o in outcomes:
        year = o.get("year") or (int(str(o["period_end"])[:4]) if o.get("period_end") else None)
        if year is None:
            continue
        row = years.setdefault(int(year), {"year": int(year), "tonnes": Decimal(0), "co2e": Decimal(0),
                                           "saved": defaultdict(Decimal), "revenue": defaultdict(Decimal),
                                           "jobs_created": 0, "jobs_kept": 0, "routes": Counter()})
        tonnes = _dec(o.get("tonnes_diverted"))
        row["tonnes"] += tonnes
        row["co2e"] += _dec(o.get("co2e_saved"))
        if o.get("cost_saved"):
            row["saved"][o.get("cost_saved_currency") or ""] += _dec(o["cost_saved"])
        if o.get("revenue"):
            row["revenue"][o.get("revenue_currency") or ""] += _dec(o["revenue"])
        row["jobs_created"] += int(o.get("jobs_created") or 0)
        row["jobs_kept"] += int(o.get("jobs_kept") or 0)
        if o.get("diverted_from") and tonnes:
            row["routes"][o["diverted_from"]] += tonnes
    return [years[y] for y in sorted(years)]


def factor_sources(outcomes: Sequence[Record]) -> list[str]:
    """"0.4 t CO₂e/t (IVL 2019)": each factor used with its source, once."""
    seen = []
    for o in outcomes:
        if o.get("co2e_factor"):
            text = _("{factor} t CO₂e per tonne ({source})").format(
                factor=i18n.format_decimal(_dec(o["co2e_factor"])),
                source=o.get("co2e_factor_source") or _("source not given"))
            if text not in seen:
                seen.append(text)
    return seen


def activity_counts(activities: Sequence[Record]) -> tuple[Counter, Counter, Counter]:
    """(activities by kind, participants by kind, participants by country)."""
    by_kind, people_by_kind, by_country = Counter(), Counter(), Counter()
    for a in activities:
        kind = a.get("kind") or "other"
        by_kind[kind] += 1
        for group in a.get("participants") or ():
            count = int(group.get("count") or 0)
            people_by_kind[kind] += count
            by_country[group.get("country") or "?"] += count
    return by_kind, people_by_kind, by_country


def sections(activities: Sequence[Record], outcomes: Sequence[Record]) -> list[Any]:
    st = layout.styles()
    story: list[Any] = []
    years = outcome_years(outcomes)
    if years:
        route = records.table("outcome").field("diverted_from")
        rows = []
        for y in years:
            routes = ", ".join(f"{route.choice_label(k).lower()} {fmt.tonnes_text(v)}"
                               for k, v in y["routes"].most_common())
            rows.append([str(y["year"]), fmt.tonnes_text(y["tonnes"]), routes or "–", fmt.tonnes_text(y["co2e"]),
                         _money(y["saved"]), _money(y["revenue"]),
                         f"{_n(y['jobs_created'])} / {_n(y['jobs_kept'])}"])
        widths = [14 * mm, 22 * mm, CONTENT_WIDTH - 150 * mm, 22 * mm, 30 * mm, 30 * mm, 18 * mm]
        table = layout.data_table([_("Year"), _("Tonnes diverted"), _("Diverted from"), _("CO₂e avoided"),
                                   _("Cost saved"), _("Revenue"), _("Jobs created / kept")], rows, widths,
                                  numeric=(1, 3))
        parts = [para(_("Outcomes per year"), st.h1), table]
        sources = factor_sources(outcomes)
        if sources:
            parts.append(para(_("CO₂e factors used: {factors}.").format(factors="; ".join(sources)), st.body))
        story.append(KeepTogether(parts))
    by_kind, people_by_kind, by_country = activity_counts(activities)
    if by_kind:
        kind = records.table("activity").field("kind")
        rows = [[kind.choice_label(k), _n(n), _n(people_by_kind[k])] for k, n in by_kind.most_common()]
        table = layout.data_table([_("Kind"), _("Number"), _("Participants")], rows,
                                  [CONTENT_WIDTH / 2 - 50 * mm, 22 * mm, 28 * mm], numeric=(1, 2))
        countries = ", ".join(f"{c} {_n(n)}" for c, n in sorted(by_country.items()))
        total = sum(by_kind.values())
        story.append(KeepTogether([
            para(_("Competence activities"), st.h1),
            para(ngettext("{count} competence activity (lectures, study visits, workshops…) with {people} "
                          "participants.",
                          "{count} competence activities (lectures, study visits, workshops…) with {people} "
                          "participants.", total).format(count=_n(total), people=_n(sum(people_by_kind.values()))),
                 st.body),
            table,
            para(_("Participants by country: {countries}.").format(countries=countries or "–"), st.body)]))
    return story
