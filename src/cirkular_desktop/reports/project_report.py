"""The project report: indicators against the targets, with charts and a table appendix.

``build_project_report(data, lang)`` counts the indicators from the records
in a ``ProjectData`` (``reports.figures``) and lays them out: organizations
mapped against the target of 24 by country and municipality; enterprises by
size class; streams and tonnes per year by material category; matches by
stage; ideas; test environments and outcomes; an appendix listing every
visited organization. No files or database are read here.

Imports: reportlab, i18n, core, reports.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Sequence

from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, PageBreak, Spacer, Table, TableStyle

from cirkular_desktop import i18n
from cirkular_desktop.core import records
from cirkular_desktop.i18n import gettext as _, ngettext
from cirkular_desktop.reports import charts, layout
from cirkular_desktop.reports import formatting as fmt
from cirkular_desktop.reports.data import ProjectData
from cirkular_desktop.reports.figures import Figures, compute
from cirkular_desktop.reports.layout import CONTENT_WIDTH, FONT, para


def build_project_report(data: ProjectData, lang: str | None = None, *, invariant: bool = False,
                         figures: Figures | None = None) -> bytes:
    """The project report as PDF bytes in ``lang`` (default: the active language)."""
    figures = figures or compute(data)
    with i18n.using_language(lang) as chosen:
        printed = fmt.date_long(data.printed_on)
        story = _story(figures, printed)
        from cirkular_desktop.reports import workspace_results   # outcomes per year, competence activities

        at = max((i for i, item in enumerate(story) if isinstance(item, PageBreak)), default=len(story))
        story[at:at] = workspace_results.sections(data.activities, data.outcomes)   # before the appendix
        meta = layout.Metadata(
            title=_("Project report {date}").format(date=printed),
            author=layout.PROJECT_NAME_SV if chosen == "sv" else (
                layout.PROJECT_NAME_NB if chosen == "nb" else layout.PROJECT_NAME_SV),
            subject=_("Indicators of the Interreg project {project}").format(
                project=layout.PROJECT_NAME_NB if chosen == "nb" else layout.PROJECT_NAME_SV),
            keywords=(_("project report"), _("indicators"), _("circular economy")))
        info = layout.PageInfo(footer_left=_("Project report · status on {date}").format(date=printed),
                               logos=tuple(data.logos))
        return layout.build_pdf(story, meta, info, lang=chosen, invariant=invariant)


def _whole(value: float) -> str:
    return i18n.format_decimal(Decimal(round(value)), max_fraction=0)


def _n(value: int | Decimal) -> str:
    return i18n.format_decimal(value, max_fraction=0)


def _t(value: Decimal) -> str:
    return fmt.tonnes_text(value) if value else fmt.tonnes_text(Decimal(0))


def _share(part: int, whole: int) -> str:
    if whole <= 0:
        return ""
    # Half up, as people round shares (1 of 8 is 13 %, not the banker's 12 %).
    percent = (Decimal(100 * part) / whole).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return i18n.format_decimal(percent, max_fraction=0) + " %"


def _label(table: str, field_name: str, value: str) -> str:
    if not value:
        return _("Not recorded")
    return records.table(table).field(field_name).choice_label(value)


def _side_by_side(left: Any, right: Any, split: float = 0.42) -> Table:
    widths = [CONTENT_WIDTH * split, CONTENT_WIDTH * (1 - split)]
    table = Table([[left, right]], colWidths=widths, hAlign="LEFT")
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("RIGHTPADDING", (0, 0), (0, -1), 6 * mm), ("FONTNAME", (0, 0), (-1, -1), FONT)]))
    return table


def _counts_table(header: Sequence[str], items: Sequence[tuple[str, int]], width: float) -> Table:
    total = sum(n for _label_, n in items)
    rows = [[label, _n(n), _share(n, total)] for label, n in items]
    return layout.data_table(list(header) + ["%"], rows, [width - 38 * mm, 22 * mm, 16 * mm], numeric=(1, 2),
                             total=[_("Total"), _n(total), ""])


def _story(f: Figures, printed: str) -> list[Any]:
    st = layout.styles()
    story: list[Any] = [
        para(_("Project report"), st.title),
        para(_("Status on {date}").format(date=printed), st.subtitle),
        para(_("Indicators of the mapping, matching and test activities, counted from the records in "
               "Cirkulär on the day of printing."), st.body),
    ]
    story += _key_figures(f)
    story += _mapping(f)
    story += _sizes(f)
    story += _materials(f)
    story += _matches(f)
    story += _ideas_and_tests(f)
    story += _appendix(f)
    return story


def _key_figures(f: Figures) -> list[Any]:
    st = layout.styles()
    items = [
        (_("Organizations mapped"), _("{done} of {target}").format(done=_n(f.mapped), target=_n(f.target))),
        (_("Visits finished"), _n(f.visits_completed)),
        (_("Residual streams"), _n(f.streams)),
        (_("Tonnes per year"), _t(f.tonnes)),
        (_("Matches"), _n(f.matches)),
        (_("Test environments"), _n(f.test_environments)),
    ]
    cells = [[para(value, layout.ParagraphStyle("kv", parent=st.h1, spaceBefore=0, spaceAfter=0, keepWithNext=0)),
              para(label, st.small)] for label, value in items]
    table = Table([cells[:3], cells[3:]], colWidths=[CONTENT_WIDTH / 3] * 3, hAlign="LEFT")
    table.setStyle(TableStyle([("BACKGROUND", (0, 0), (-1, -1), layout.LIGHT_GREEN),
                               ("LINEAFTER", (0, 0), (1, -1), 2, "white"), ("LINEBELOW", (0, 0), (-1, 0), 2, "white"),
                               ("FONTNAME", (0, 0), (-1, -1), FONT), ("TOPPADDING", (0, 0), (-1, -1), 5),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 6), ("LEFTPADDING", (0, 0), (-1, -1), 7)]))
    return [Spacer(1, 2 * mm), table]


def _mapping(f: Figures) -> list[Any]:
    st = layout.styles()
    label = _("{done} of {target} organizations mapped ({share})").format(
        done=_n(f.mapped), target=_n(f.target), share=_share(f.mapped, f.target) or "0 %")
    out: list[Any] = [para(_("Organizations mapped"), st.h1),
                      para(_("Target: {target} organizations (8 × 3). An organization counts as mapped once "
                             "a visit to it is finished. Visited so far: {visited} organizations, "
                             "{visits} visits of which {completed} finished.").format(
                          target=_n(f.target), visited=_n(f.visited), visits=_n(f.visits),
                          completed=_n(f.visits_completed)), st.body),
                      charts.progress(f.mapped, f.target, label)]
    countries = [(_label("organization", "country", c), n) for c, n in f.mapped_by_country.items()]
    country_table = _counts_table([_("Country"), _("Number")], countries, CONTENT_WIDTH * 0.42 - 6 * mm)
    municipality_rows = [(fmt.municipality_text(k) or _("Not recorded"), n) for k, n in f.mapped_by_municipality.items()]
    municipality_table = _counts_table([_("Municipality"), _("Number")], municipality_rows, CONTENT_WIDTH * 0.58)
    out.append(para(_("By country and municipality"), st.h2))
    out.append(_side_by_side(country_table, municipality_table))
    if municipality_rows:
        # A caption, kept with the chart: on the next page the chart still says what it shows.
        out.append(para(_("Mapped organizations per municipality"), st.h2))
        out.append(charts.vertical_bars([r[0] for r in municipality_rows], [r[1] for r in municipality_rows]))
    return out


def _sizes(f: Figures) -> list[Any]:
    st = layout.styles()
    items = [(_label("organization", "size_class", k), n) for k, n in f.enterprises_by_size.items()]
    table = _counts_table([_("Size class"), _("Number")], items, CONTENT_WIDTH * 0.5 - 6 * mm)
    chart = charts.vertical_bars([label.split(" (")[0] for label, _n_ in items], [n for _l, n in items],
                                 width=CONTENT_WIDTH * 0.5, height=45 * mm)
    return [KeepTogether([
        para(_("Enterprises by size class"), st.h1),
        para(_("Mapped companies by size (Interreg output indicator RCO01, enterprises supported)."), st.muted),
        _side_by_side(table, chart, split=0.5)])]


def _materials(f: Figures) -> list[Any]:
    st = layout.styles()
    rows = []
    labels, values = [], []
    for top, (count, tonnes) in f.streams_by_material.items():
        name = fmt.material_top_text(top) if top else _("Not categorised")
        rows.append([name, _n(count), _t(tonnes)])
        labels.append(name)
        values.append(float(tonnes))
    out: list[Any] = [para(_("Residual streams by material"), st.h1),
                      para(_("{streams} residual streams, {tonnes} per year in total; {hazardous} with hazardous "
                             "waste codes. Needs recorded: {needs} ({need_tonnes} per year).").format(
                          streams=_n(f.streams), tonnes=_t(f.tonnes), hazardous=_n(f.hazardous_streams),
                          needs=_n(f.needs), need_tonnes=_t(f.need_tonnes)), st.body)]
    if not rows:
        out.append(para(_("No residual streams recorded yet."), st.muted))
        return out
    widths = [CONTENT_WIDTH - 70 * mm, 30 * mm, 40 * mm]
    out.append(layout.data_table([_("Material category"), _("Streams"), _("Tonnes per year")], rows, widths,
                                 numeric=(1, 2), total=[_("Total"), _n(f.streams), _t(f.tonnes)]))
    if f.streams_without_tonnes:
        out.append(para(_("{count} streams have a quantity that cannot be converted to tonnes (volume without "
                          "density, items without mass) and count as streams only.").format(
                              count=_n(f.streams_without_tonnes)), st.small))
    if any(values):
        out += [Spacer(1, 3 * mm), para(_("Tonnes per year by material category"), st.h2),
                charts.horizontal_bars(labels, values, value_format=_whole)]
    return out


def _matches(f: Figures) -> list[Any]:
    st = layout.styles()
    items = [(_label("match", "stage", k), n) for k, n in f.matches_by_stage.items()]
    table = _counts_table([_("Stage"), _("Number")], items, CONTENT_WIDTH * 0.42 - 6 * mm)
    chart = charts.vertical_bars([label for label, _n_ in items], [n for _l, n in items],
                                 width=CONTENT_WIDTH * 0.58, height=50 * mm)
    return [KeepTogether([
        para(_("Matches by stage"), st.h1),
        para(ngettext("{count} match between a residual stream and a need; {cross} of them across the border.",
                      "{count} matches between a residual stream and a need; {cross} of them across the border.",
                      f.matches).format(count=_n(f.matches), cross=_n(f.cross_border_matches)), st.body),
        _side_by_side(table, chart)])]


def _ideas_and_tests(f: Figures) -> list[Any]:
    st = layout.styles()
    half = CONTENT_WIDTH / 2 - 3 * mm
    by_status = _counts_table([_("Idea status"), _("Number")],
                              [(_label("idea", "status", k), n) for k, n in f.ideas_by_status.items()], half)
    by_level = _counts_table([_("Waste hierarchy level"), _("Number")],
                             [(_label("idea", "hierarchy", k), n) for k, n in f.ideas_by_hierarchy.items()], half)
    tests = _counts_table([_("Test environment status"), _("Number")],
                          [(_label("test_environment", "status", k), n)
                           for k, n in f.test_environments_by_status.items()], half)
    saved = ", ".join(fmt.money(v, c or None) for c, v in sorted(f.cost_saved.items())) or fmt.money(Decimal(0), None)
    outcomes = layout.data_table([_("Outcome"), _("So far")], [
        [_("Tonnes diverted"), _t(f.tonnes_diverted)],
        [_("Cost saved"), saved],
        [_("CO₂e saved"), _t(f.co2e_saved)],
        [_("Jobs created"), _n(f.jobs_created)],
        [_("Jobs kept"), _n(f.jobs_kept)],
    ], [half - 40 * mm, 40 * mm], numeric=(1,))
    return [
        KeepTogether([para(_("Ideas"), st.h1),
                      para(ngettext("{count} reuse idea recorded.", "{count} reuse ideas recorded.", f.ideas).format(
                          count=_n(f.ideas)), st.body),
                      _side_by_side(by_status, by_level, split=0.5)]),
        KeepTogether([para(_("Test environments and outcomes"), st.h1),
                      para(ngettext("{count} test environment where matched partners try the reuse in practice.",
                                    "{count} test environments where matched partners try the reuse in practice.",
                                    f.test_environments).format(count=_n(f.test_environments)), st.body),
                      _side_by_side(tests, outcomes, split=0.5)]),
    ] + _test_environment_list(f)


def _test_environment_list(f: Figures) -> list[Any]:
    if not f.test_environment_rows:
        return []
    rows = [[t["title"], t["place"], fmt.date_long(t["start_date"]), _label("test_environment", "status", t["status"])]
            for t in f.test_environment_rows]
    widths = [CONTENT_WIDTH - 110 * mm, 40 * mm, 40 * mm, 30 * mm]
    return [Spacer(1, 4 * mm), layout.data_table([_("Test environment"), _("Place"), _("Starts"), _("Status")],
                                                 rows, widths)]


def _appendix(f: Figures) -> list[Any]:
    st = layout.styles()
    out: list[Any] = [PageBreak(), para(_("Appendix: visited organizations"), st.h1)]
    if not f.organization_rows:
        out.append(para(_("No organizations visited yet."), st.muted))
        return out
    rows = []
    for r in f.organization_rows:
        rows.append([r.name, _label("organization", "country", r.country),
                     fmt.municipality_text(r.municipality),
                     _label("organization", "size_class", r.size_class).split(" (")[0] if r.size_class else "",
                     _("{finished} of {visits}").format(finished=_n(r.completed_visits), visits=_n(r.visits)),
                     _n(r.streams), _t(r.tonnes) if r.tonnes else ""])
    widths = [CONTENT_WIDTH - 131 * mm, 19 * mm, 30 * mm, 19 * mm, 20 * mm, 19 * mm, 24 * mm]
    out.append(layout.data_table([_("Organization"), _("Country"), _("Municipality"), _("Size class"),
                                  _("Visits finished"), _("Streams"), _("Tonnes per year")], rows, widths,
                                 numeric=(4, 5, 6)))
    return out
