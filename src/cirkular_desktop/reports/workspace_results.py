"""The project report's outcomes per year: the route the tonnes were diverted from, revenue beside cost
saved, and the CO₂e factors used with their sources.

The period's totals and the competence activities are in ``reports.project_results``;
this adds the year-by-year view a funder asks for. Plain data in, flowables
out; no files or database.

Imports: reportlab, i18n, core.records, reports (layout, tables, formatting).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from decimal import Decimal
from typing import Any, Mapping, Sequence

from reportlab.platypus import KeepTogether

from cirkular_desktop import i18n
from cirkular_desktop.core import records
from cirkular_desktop.i18n import gettext as _
from cirkular_desktop.reports import formatting as fmt
from cirkular_desktop.reports import layout, tables
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


def sections(outcomes: Sequence[Record], period: Any = None) -> list[Any]:
    """Outcomes per year of the reporting period, with routes and the CO₂e factors used.

    ``period`` is the report's ``figures.Period`` (None: every year). The
    competence activities are counted by ``reports.project_results``.
    """
    st = layout.styles()
    if period is not None:
        outcomes = [o for o in outcomes if (period.holds(o["period_end"]) if o.get("period_end") and not o.get("year")
                                            else period.holds_year(o.get("year")))]
    years = outcome_years(outcomes)
    if not years:
        return []
    route = records.table("outcome").field("diverted_from")
    rows = []
    for y in years:
        routes = ", ".join(f"{route.choice_label(k).lower()} {fmt.tonnes_text(v)}"
                           for k, v in y["routes"].most_common())
        rows.append([str(y["year"]), fmt.tonnes_text(y["tonnes"]), routes or "–", fmt.tonnes_text(y["co2e"]),
                     _money(y["saved"]), _money(y["revenue"]),
                     f"{_n(y['jobs_created'])} / {_n(y['jobs_kept'])}"])
    table = tables.data_table([_("Year"), _("Tonnes diverted"), _("Diverted from"), _("CO₂e avoided"),
                               _("Cost saved"), _("Revenue"), _("Jobs created / kept")], rows, CONTENT_WIDTH,
                              numeric=(0, 1, 3, 4, 5, 6))
    parts = [para(_("Outcomes per year"), st.h1), table]
    sources = factor_sources(outcomes)
    if sources:
        parts.append(para(_("CO₂e factors used: {factors}.").format(factors="; ".join(sources)), st.body))
    return [KeepTogether(parts)]
