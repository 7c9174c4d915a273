"""The project report: the target of participating SMEs, the programme's indicators, results, appendices.

``build_project_report(data, lang)`` counts the figures of the reporting
period (``reports.figures``, ``reports.indicators``) and lays them out:
participating SMEs against the target of 24, per target group, country and
municipality, each figure saying what it counts; mapped organizations by
industry (NACE division); the programme's common indicators; residual streams by material (tonnes and MWh apart); matches
by stage; ideas; test environments and outcomes; an appendix of the
visited organizations and one with the definitions. Only finished visits
count; unfinished ones are shown apart. No files or database are read here.

Imports: reportlab, i18n, core, reports.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Sequence

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, KeepTogether, PageBreak, Spacer, Table, TableStyle

from cirkular_desktop import i18n
from cirkular_desktop.core import records
from cirkular_desktop.i18n import gettext as _, ngettext
from cirkular_desktop.reports import charts, layout, tables
from cirkular_desktop.reports import formatting as fmt
from cirkular_desktop.reports.data import ProjectData
from cirkular_desktop.reports.figures import OUTSIDE, Figures, compute, shares
from cirkular_desktop.reports.layout import CONTENT_WIDTH, FONT, para
from cirkular_desktop.reports.project_results import results_sections


def build_project_report(data: ProjectData, lang: str | None = None, *, invariant: bool = False,
                         figures: Figures | None = None) -> bytes:
    """The project report as PDF bytes in ``lang`` (default: the active language)."""
    figures = figures or compute(data)
    with i18n.using_language(lang) as chosen:
        printed = fmt.date_long(data.printed_on)
        story = _story(figures, printed)
        from cirkular_desktop.reports import workspace_results   # outcomes per year, with routes and factors
        from cirkular_desktop.reports.figures import Period

        at = max((i for i, item in enumerate(story) if isinstance(item, PageBreak)), default=len(story))
        story[at:at] = workspace_results.sections(data.outcomes, Period(figures.period_from, figures.period_to))
        meta = layout.Metadata(
            title=_("Project report {date}").format(date=printed), author=layout.project_name(chosen),
            subject=_("Indicators of the Interreg project {project}").format(project=layout.project_name(chosen)),
            keywords=(_("project report"), _("indicators"), _("circular economy")))
        info = layout.PageInfo(footer_left=_("Project report · {period} · printed {date}").format(
            period=period_text(figures), date=printed), logos=tuple(data.logos),
            programme_logo=data.programme_logo, lang=chosen)
        return layout.build_pdf(story, meta, info, lang=chosen, invariant=invariant)


def period_text(f: Figures) -> str:
    start, end = f.period_from, f.period_to
    if start and end:
        return _("{start} – {end}").format(start=fmt.date_long(start), end=fmt.date_long(end))
    if start:
        return _("from {start}").format(start=fmt.date_long(start))
    if end:
        return _("up to {end}").format(end=fmt.date_long(end))
    return _("all records")


def n(value: int | Decimal) -> str:
    return i18n.format_decimal(value, max_fraction=0)


def t(value: Decimal) -> str:
    return fmt.tonnes_text(value or Decimal(0))


def percent(value: int) -> str:
    return i18n.format_decimal(value, max_fraction=0) + "\u00a0%"


def _share(part: int, whole: int) -> str:
    """``part`` of ``whole`` in whole percent, rounded half up (1 of 8 is 13 %); may pass 100."""
    if whole <= 0:
        return ""
    value = (Decimal(100 * part) / whole).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return percent(int(value))


def label(table: str, field_name: str, value: str) -> str:
    if not value:
        return _("Not recorded")
    return records.table(table).field(field_name).choice_label(value)


def side_by_side(left: Any, right: Any, split: float = 0.42) -> Table:
    widths = [CONTENT_WIDTH * split, CONTENT_WIDTH * (1 - split)]
    table = Table([[left, right]], colWidths=widths, hAlign="LEFT")
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("RIGHTPADDING", (0, 0), (0, -1), 6 * mm), ("FONTNAME", (0, 0), (-1, -1), FONT)]))
    return table


def counts_table(header: Sequence[str], items: Sequence[tuple[str, int]], width: float) -> Table:
    """Counts with shares that add up to exactly 100 %."""
    total = sum(count for _label_, count in items)
    parts = shares(count for _label_, count in items)
    rows = [[name, n(count), percent(part) if total else ""] for (name, count), part in zip(items, parts)]
    return tables.data_table(list(header) + ["%"], rows, width, numeric=(1, 2),
                             total=[_("Total"), n(total), percent(100) if total else ""])


def _story(f: Figures, printed: str) -> list[Any]:
    st = layout.styles()
    story: list[Any] = [
        para(_("Project report"), st.title),
        para(_("Reporting period: {period}. Printed {date}.").format(period=period_text(f), date=printed),
             st.subtitle),
        para(_("Only finished visits count: a visit still in progress is shown apart until it is finished. "
               "Each figure says what it counts; the definitions are in the last appendix."), st.body),
    ]
    story += _key_figures(f)
    story += _smes(f)
    story += _places(f)
    story += _industries(f)
    story += _indicators(f)
    story += results_sections(f)
    story += _appendix(f)
    story += _definitions(f)
    return story


def _key_figures(f: Figures) -> list[Any]:
    st = layout.styles()
    items = [
        (_("{done} of {target}").format(done=n(f.smes), target=n(f.target)), _("Participating SMEs")),
        (n(f.visits_completed), _("Visits finished")),
        (n(f.streams), _("Residual streams")),
        (t(f.tonnes), _("Tonnes per year")),
        (n(f.matches), _("Matches")),
        (n(f.test_environments), _("Test environments")),
    ]
    if f.mwh:
        items.insert(4, (fmt.mwh_text(f.mwh), _("Energy per year")))
    value = layout.ParagraphStyle("kv", parent=st.h1, spaceBefore=0, spaceAfter=0, keepWithNext=0)
    cells: list[Any] = [[para(v, value), para(name, st.small)] for v, name in items]
    while len(cells) % 3:
        cells.append("")
    table = Table([cells[i:i + 3] for i in range(0, len(cells), 3)], colWidths=[CONTENT_WIDTH / 3] * 3,
                  hAlign="LEFT")
    table.setStyle(TableStyle([("BACKGROUND", (0, 0), (-1, -1), layout.LIGHT_GREEN),
                               ("LINEAFTER", (0, 0), (1, -1), 2, "white"), ("LINEBELOW", (0, 0), (-1, -2), 2, "white"),
                               ("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("FONTNAME", (0, 0), (-1, -1), FONT), ("TOPPADDING", (0, 0), (-1, -1), 5),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 6), ("LEFTPADDING", (0, 0), (-1, -1), 7)]))
    return [Spacer(1, 2 * mm), table]


def _smes(f: Figures) -> list[Any]:
    st = layout.styles()
    caption = _("{done} of {target} participating SMEs ({share})").format(
        done=n(f.smes), target=n(f.target), share=_share(f.smes, f.target) or percent(0))
    out: list[Any] = [
        para(_("Participating SMEs"), st.h1),
        para(_("The project's target is {target} participating small and medium-sized enterprises (SMEs). "
               "An SME counts once a visit to it is finished; municipal operations, schools, associations, "
               "large companies and companies whose size is not known are mapped but not counted.").format(
            target=n(f.target)), st.body),
        charts.progress(f.smes, f.target, caption),
    ]
    if f.groups:
        rows = []
        for group in f.groups:
            name = group.name if group.name != OUTSIDE else _("Outside the target groups")
            rows.append([name, n(group.target) if group.name != OUTSIDE else "–", n(group.achieved),
                         _share(group.achieved, group.target) if group.target else "–"])
        basis = (_("Target groups by the year of the first finished visit.") if f.group_basis == "year"
                 else _("Target groups by region (the organization's municipality)."))
        out += [para(_("By target group"), st.h2), para(basis, st.muted),
                tables.data_table([_("Target group"), _("Target"), _("Achieved"), _("Share of target")], rows,
                                  CONTENT_WIDTH * 0.75, numeric=(1, 2, 3),
                                  total=[_("Total"), n(f.target), n(f.smes), _share(f.smes, f.target)])]
    else:
        out.append(para(_("The target is not split into groups yet (Preferences ▸ Documents and reports)."), st.muted))
    others = [(_("Companies of unknown size"), f.companies_unknown_size), (_("Large companies"), f.large_companies),
              (_("Other organizations (municipal operations, schools, associations)"), f.other_organizations)]
    lines = [_("Mapped organizations: {mapped}, of which {smes} participating SMEs.").format(
        mapped=n(f.mapped), smes=n(f.smes))]
    lines += [_("Not counted as SMEs: {what}: {count}.").format(what=what, count=n(count))
              for what, count in others if count]
    if f.visits_unfinished:
        lines.append(ngettext(
            "Not counted yet: {visits} unfinished visit ({organizations} organizations without a finished "
            "visit, {streams} residual streams recorded).",
            "Not counted yet: {visits} unfinished visits ({organizations} organizations without a finished "
            "visit, {streams} residual streams recorded).", f.visits_unfinished).format(
            visits=n(f.visits_unfinished), organizations=n(f.unfinished_organizations),
            streams=n(f.unfinished_streams)))
    out += [Spacer(1, 2 * mm)] + [para(line, st.small) for line in lines]
    return out


def _places(f: Figures) -> list[Any]:
    st = layout.styles()
    countries = [[label("organization", "country", c), n(f.smes_by_country.get(c, 0)), n(count)]
                 for c, count in f.mapped_by_country.items()]
    municipality_rows = [[fmt.municipality_text(k) or _("Not recorded"), n(f.smes_by_municipality.get(k, 0)), n(count)]
                         for k, count in f.mapped_by_municipality.items()]
    header = [_("SMEs"), _("All mapped")]
    out: list[Any] = [CondPageBreak(90 * mm), para(_("By country and municipality"), st.h1),
                      para(_("“SMEs” counts the participating SMEs, “All mapped” every organization with a finished "
                             "visit, SMEs included."), st.muted)]
    country_table = tables.data_table([_("Country")] + header, countries, CONTENT_WIDTH * 0.42 - 6 * mm,
                                      numeric=(1, 2), total=[_("Total"), n(f.smes), n(f.mapped)])
    municipality_table = tables.data_table([_("Municipality")] + header, municipality_rows, CONTENT_WIDTH * 0.58,
                                           numeric=(1, 2), total=[_("Total"), n(f.smes), n(f.mapped)])
    out.append(side_by_side(country_table, municipality_table))
    if municipality_rows and f.smes:
        # A caption, kept with the chart: on the next page the chart still says what it shows.
        out.append(KeepTogether([para(_("Participating SMEs per municipality"), st.h2),
                                 charts.vertical_bars([r[0] for r in municipality_rows],
                                                      [f.smes_by_municipality.get(k, 0)
                                                       for k in f.mapped_by_municipality])]))
    return out


def _industries(f: Figures) -> list[Any]:
    """Mapped organizations and participating SMEs by the division of their industry code."""
    st = layout.styles()
    if not f.mapped_by_industry:
        return []
    from cirkular_desktop.core import industry

    names = {d.code: d.name() for d in industry.divisions()}
    rows = [[f"{k} {names.get(k, '')}".strip() if k else _("No industry code recorded"),
             n(f.smes_by_industry.get(k, 0)), n(count)] for k, count in f.mapped_by_industry.items()]
    return [CondPageBreak(60 * mm), para(_("By industry"), st.h1),
            para(_("Organizations with a finished visit by the division (first two digits) of their industry code: "
                   "SNI 2007 in Sweden, SN2007 in Norway, both NACE Rev. 2."), st.muted),
            tables.data_table([_("Industry"), _("SMEs"), _("All mapped")], rows, CONTENT_WIDTH, numeric=(1, 2),
                              total=[_("Total"), n(f.smes), n(f.mapped)])]


def _indicators(f: Figures) -> list[Any]:
    st = layout.styles()
    found = f.indicators
    if found is None:
        return []
    rows = [[item.code, _(item.title), n(item.value)] for item in found.items]
    out: list[Any] = [CondPageBreak(70 * mm), para(_("The programme's indicators"), st.h1),
                      para(_("The Interreg programme's common indicators, counted from the records of the period. "
                             "What each counts is in the appendix."), st.muted),
                      tables.data_table([_("Code"), _("Indicator"), _("Value")], rows, CONTENT_WIDTH, numeric=(2,))]
    sizes = found.get("RCO01").breakdown
    items = [(label("organization", "size_class", k) if k else _("Size not known"), v) for k, v in sizes.items()]
    if any(v for _k, v in items):
        table = counts_table([_("Size class"), _("Enterprises")], items, CONTENT_WIDTH * 0.5 - 6 * mm)
        chart = charts.vertical_bars([name.split(" (")[0] for name, _v in items], [v for _name, v in items],
                                     width=CONTENT_WIDTH * 0.5, height=45 * mm)
        out.append(KeepTogether([para(_("RCO01: enterprises supported by size class"), st.h2),
                                 side_by_side(table, chart, split=0.5)]))
    return out


def _appendix(f: Figures) -> list[Any]:
    st = layout.styles()
    out: list[Any] = [PageBreak(), para(_("Appendix: visited organizations"), st.h1)]
    if not f.organization_rows:
        out.append(para(_("No organizations visited in the period."), st.muted))
        return out
    out.append(para(_("Every organization visited in the period. “SME” marks the participating SMEs; "
                      "an organization without a finished visit is not counted yet."), st.muted))
    rows = []
    for r in f.organization_rows:
        rows.append([r.name, label("organization", "country", r.country), fmt.municipality_text(r.municipality),
                     label("organization", "size_class", r.size_class).split(" (")[0] if r.size_class else "",
                     _("SME") if r.sme else "",
                     _("{finished} of {visits}").format(finished=n(r.completed_visits), visits=n(r.visits)),
                     n(r.streams), t(r.tonnes) if r.tonnes else ""])
    out.append(tables.data_table([_("Organization"), _("Country"), _("Municipality"), _("Size class"), _("SME"),
                                  _("Visits finished"), _("Streams"), _("Tonnes per year")], rows, CONTENT_WIDTH,
                                 numeric=(5, 6, 7)))
    return out


def _definitions(f: Figures) -> list[Any]:
    st = layout.styles()
    out: list[Any] = [CondPageBreak(80 * mm), para(_("Appendix: what the figures count"), st.h1)]
    if f.indicators is not None:
        for item in f.indicators.items:
            out.append(para(f"{item.code} · {_(item.title)}", st.h2))
            out.append(para(_(item.definition), st.body))
    out.append(para(_("The project's own figures"), st.h2))
    for text in (
        _("Participating SME: a company with a finished visit in the period that is a micro, small or medium "
          "enterprise by the EU definition (Commission Recommendation 2003/361/EC)."),
        _("Residual streams and tonnes per year: the streams recorded at finished visits of the period (and "
          "those of mapped organizations tied to no visit); energy is summed in MWh, never as tonnes."),
        _("Matches by stage: each match at the stage it had at the end of the period."),
        _("Outcomes: those whose own period ends in the reporting period."),
    ):
        out.append(para(text, st.body))
    return out
