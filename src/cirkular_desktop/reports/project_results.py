"""The project report's results: residual streams by material and by NS 9431 group, matches, ideas,
test environments, outcomes.

Split from ``reports.project_report`` to keep each module readable; the
figures are counted by ``reports.figures``.

Imports: reportlab, i18n, core (ns9431), reports.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, KeepTogether, Spacer

from cirkular_desktop import i18n
from cirkular_desktop.i18n import gettext as _, ngettext
from cirkular_desktop.reports import charts, layout, tables
from cirkular_desktop.reports import formatting as fmt
from cirkular_desktop.reports.figures import Figures
from cirkular_desktop.reports.layout import CONTENT_WIDTH, para


def _n(value: int | Decimal) -> str:
    return i18n.format_decimal(value, max_fraction=0)


def _t(value: Decimal) -> str:
    return fmt.tonnes_text(value or Decimal(0))


def _whole(value: float) -> str:
    return i18n.format_decimal(Decimal(round(value)), max_fraction=0)


def results_sections(f: Figures) -> list[Any]:
    return _materials(f) + _matches(f) + _ideas_and_tests(f) + _activities(f)


def _materials(f: Figures) -> list[Any]:
    st = layout.styles()
    rows, labels, values = [], [], []
    for top, (count, tonnes, mwh) in f.streams_by_material.items():
        name = fmt.material_top_text(top) if top else _("Not categorised")
        # A stream in MWh (heat) never shows as "0 t": each quantity in its own column, "–" when none.
        rows.append([name, _n(count), _t(tonnes) if tonnes else "–", fmt.mwh_text(mwh) if mwh else "–"])
        labels.append(name)
        values.append(float(tonnes))
    summary = _("{streams} residual streams, {tonnes} per year in total; {hazardous} with hazardous waste codes. "
                "Needs recorded: {needs} ({need_tonnes} per year).").format(
        streams=_n(f.streams), tonnes=_t(f.tonnes), hazardous=_n(f.hazardous_streams), needs=_n(f.needs),
        need_tonnes=_t(f.need_tonnes))
    out: list[Any] = [CondPageBreak(60 * mm), para(_("Residual streams by material"), st.h1), para(summary, st.body)]
    if not rows:
        out.append(para(_("No residual streams recorded yet."), st.muted))
        return out
    header = [_("Material category"), _("Streams"), _("Tonnes per year"), _("Energy per year")]
    out.append(tables.data_table(header, rows, CONTENT_WIDTH, numeric=(1, 2, 3),
                                 total=[_("Total"), _n(f.streams), _t(f.tonnes),
                                        fmt.mwh_text(f.mwh) if f.mwh else "–"]))
    notes = []
    if f.energy_streams:
        notes.append(ngettext("{count} stream is energy (heat, electricity), given in MWh per year and not in the "
                              "tonnes.", "{count} streams are energy (heat, electricity), given in MWh per year and "
                              "not in the tonnes.", f.energy_streams).format(count=_n(f.energy_streams)))
    if f.streams_without_tonnes:
        notes.append(_("{count} streams have a quantity that cannot be converted to tonnes (volume without "
                       "density, items without mass) and count as streams only.").format(
                           count=_n(f.streams_without_tonnes)))
    out += [para(note, st.small) for note in notes]
    out += _ns9431_groups(f)
    # Only materials with tonnes: an energy stream is not "0 t" in the chart either.
    weighed = [(name, value) for name, value in zip(labels, values) if value > 0]
    if weighed:
        out += [Spacer(1, 3 * mm), KeepTogether([para(_("Tonnes per year by material category"), st.h2),
                                                  charts.horizontal_bars([w[0] for w in weighed],
                                                                         [w[1] for w in weighed],
                                                                         value_format=_whole)])]
    return out


def _ns9431_groups(f: Figures) -> list[Any]:
    """The streams that carry a Norwegian NS 9431 number, by its group, as Norwegian waste statistics count."""
    if not f.streams_by_ns9431:
        return []
    from cirkular_desktop.core import ns9431

    st = layout.styles()
    rows = []
    for key, (count, tonnes) in f.streams_by_ns9431.items():
        group = ns9431.group(key + "00")
        rows.append([f"{key} {group.name()}" if group is not None and group.code == key else key,
                     _n(count), _t(tonnes) if tonnes else "–"])
    counted = sum(count for count, _tonnes in f.streams_by_ns9431.values())
    weighed = sum((tonnes for _count, tonnes in f.streams_by_ns9431.values()), Decimal(0))
    return [Spacer(1, 3 * mm), KeepTogether([
        para(_("By NS 9431 group"), st.h2),
        para(_("Streams that carry a Norwegian waste number (avfallsstoffnummer, NS 9431), by its group, as "
               "Norwegian waste statistics count them."), st.muted),
        tables.data_table([_("NS 9431 group"), _("Streams"), _("Tonnes per year")], rows, CONTENT_WIDTH,
                          numeric=(1, 2), total=[_("Total"), _n(counted), _t(weighed)])])]


def _matches(f: Figures) -> list[Any]:
    from cirkular_desktop.reports.project_report import counts_table, label, side_by_side

    st = layout.styles()
    items = [(label("match", "stage", k), count) for k, count in f.matches_by_stage.items()]
    table = counts_table([_("Stage"), _("Number")], items, CONTENT_WIDTH * 0.42 - 6 * mm)
    chart = charts.vertical_bars([name for name, _c in items], [count for _name, count in items],
                                 width=CONTENT_WIDTH * 0.58, height=50 * mm)
    return [KeepTogether([
        para(_("Matches by stage"), st.h1),
        para(ngettext("{count} match between a residual stream and a need, at its stage at the end of the period; "
                      "{cross} of them across the border.",
                      "{count} matches between a residual stream and a need, each at its stage at the end of the "
                      "period; {cross} of them across the border.", f.matches).format(
            count=_n(f.matches), cross=_n(f.cross_border_matches)), st.body),
        side_by_side(table, chart)])]


def _ideas_and_tests(f: Figures) -> list[Any]:
    from cirkular_desktop.reports.project_report import counts_table, label, side_by_side

    st = layout.styles()
    half = CONTENT_WIDTH / 2 - 3 * mm
    by_status = counts_table([_("Idea status"), _("Number")],
                             [(label("idea", "status", k), c) for k, c in f.ideas_by_status.items()], half)
    by_level = counts_table([_("Waste hierarchy level"), _("Number")],
                            [(label("idea", "hierarchy", k), c) for k, c in f.ideas_by_hierarchy.items()], half)
    tests = counts_table([_("Test environment status"), _("Number")],
                         [(label("test_environment", "status", k), c)
                          for k, c in f.test_environments_by_status.items()], half)
    # No amount recorded is "–", not "0,00" without a currency.
    saved = "\n".join(fmt.money(v, c or None) for c, v in sorted(f.cost_saved.items())) or "–"
    revenue = "\n".join(fmt.money(v, c or None) for c, v in sorted(f.revenue.items())) or "–"
    outcomes = tables.data_table([_("Outcome"), _("In the period")], [
        [_("Tonnes diverted"), _t(f.tonnes_diverted)],
        [_("Cost saved"), saved],
        [_("Revenue"), revenue],
        [_("CO₂e saved"), _t(f.co2e_saved)],
        [_("Jobs created"), _n(f.jobs_created)],
        [_("Jobs kept"), _n(f.jobs_kept)],
    ], half, numeric=(1,))
    out: list[Any] = [
        KeepTogether([para(_("Ideas"), st.h1),
                      para(ngettext("{count} reuse idea for the counted streams.",
                                    "{count} reuse ideas for the counted streams.", f.ideas).format(
                          count=_n(f.ideas)), st.body),
                      side_by_side(by_status, by_level, split=0.5)]),
        KeepTogether([para(_("Test environments and outcomes"), st.h1),
                      para(ngettext("{count} test environment where matched partners try the reuse in practice.",
                                    "{count} test environments where matched partners try the reuse in practice.",
                                    f.test_environments).format(count=_n(f.test_environments)), st.body),
                      side_by_side(tests, outcomes, split=0.5)]),
    ]
    if f.test_environment_rows:
        rows = [[row["title"], row["place"], _n(row.get("partners") or 0), fmt.date_long(row["start_date"]),
                 label("test_environment", "status", row["status"])] for row in f.test_environment_rows]
        out += [Spacer(1, 4 * mm), tables.data_table([_("Test environment"), _("Place"), _("Partners"), _("Starts"),
                                                      _("Status")], rows, CONTENT_WIDTH, numeric=(2,))]
    return out


def _activities(f: Figures) -> list[Any]:
    """Competence activities of the period: how many of each kind, and who took part from each country."""
    from cirkular_desktop.reports.project_report import counts_table, label, side_by_side

    st = layout.styles()
    out: list[Any] = [CondPageBreak(50 * mm), para(_("Competence activities"), st.h1)]
    if not f.activities:
        out.append(para(_("No competence activities (lectures, study visits, workshops) in the period."), st.muted))
        return out
    participants = sum(f.participants_by_country.values())
    out.append(para(ngettext("{count} activity in the period with {participants} participants.",
                             "{count} activities in the period with {participants} participants.",
                             f.activities).format(count=_n(f.activities), participants=_n(participants)), st.body))
    kinds = counts_table([_("Kind"), _("Number")], [(label("activity", "kind", k), c)
                                                    for k, c in f.activities_by_kind.items()],
                         CONTENT_WIDTH / 2 - 3 * mm)
    countries = counts_table([_("Country"), _("Participants")],
                             [(label("organization", "country", c) if c in ("SE", "NO") else (c or _("Not recorded")),
                               n) for c, n in f.participants_by_country.items()], CONTENT_WIDTH / 2 - 3 * mm)
    out.append(side_by_side(kinds, countries, split=0.5))
    return out
