"""The visit summary a participant receives: what was seen, what could be reused, what happens next.

``build_visit_summary(data, lang)`` turns a ``VisitSummaryData`` into PDF
bytes. It reads no files and no database (fonts are registered once per
process), so it can be timed against a bare ReportLab document. Sections:
organization and contact; date and visitors; questionnaire answers grouped
by section; residual streams (material, waste code with the hazardous mark,
tonnes per year, current handling and its yearly cost); needs; ideas and
agreed next steps; photos; privacy notice; signature lines.

Imports: reportlab, i18n, core, reports.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Paragraph, Spacer, Table, TableStyle

from cirkular_desktop import i18n
from cirkular_desktop.core import orgnumber, questionnaire
from cirkular_desktop.i18n import gettext as _, ngettext
from cirkular_desktop.reports import formatting as fmt
from cirkular_desktop.reports import layout, privacy_notice
from cirkular_desktop.reports.data import VisitSummaryData
from cirkular_desktop.reports.images import photo_flowable
from cirkular_desktop.reports.layout import CONTENT_WIDTH, FONT, GREY, RULE, markup, para


def build_visit_summary(data: VisitSummaryData, lang: str | None = None, *, invariant: bool = False) -> bytes:
    """The summary of one visit as PDF bytes, in ``lang`` (default: the active language)."""
    with i18n.using_language(lang) as chosen:
        story = _story(data)
        org_name = layout.nfc(data.organization.get("name") or "")
        visit_date = fmt.date_long(data.visit.get("date"))
        title = _("Visit summary: {organization}, {date}").format(organization=org_name, date=visit_date)
        meta = layout.Metadata(
            title=title, author=", ".join(data.visit.get("visitors") or []) or layout.PROJECT_NAME_SV,
            subject=_("Summary of a mapping visit in the project {project}").format(
                project=layout.PROJECT_NAME_SV if chosen != "nb" else layout.PROJECT_NAME_NB),
            keywords=(_("residual streams"), _("circular economy"), org_name))
        info = layout.PageInfo(
            footer_left=_("{organization} · visit {date} · printed {printed}").format(
                organization=org_name, date=visit_date, printed=fmt.date_long(data.printed_on)),
            logos=tuple(data.logos))
        return layout.build_pdf(story, meta, info, lang=chosen, invariant=invariant)


def _story(data: VisitSummaryData) -> list[Any]:
    st = layout.styles()
    visit, org = data.visit, data.organization
    story: list[Any] = [
        para(_("Visit summary"), st.title),
        para(layout.clip_to_lines(org.get("name") or "", st.h2, CONTENT_WIDTH, lines=3), st.h2),
    ]
    if visit.get("status") == "completed":
        status = _("Finished visit, version {version}").format(version=visit.get("version") or 1)
    else:
        status = _("Preliminary: the visit is not finished yet, so answers may still change.")
    story.append(para(status, st.subtitle))
    story += _details(data)
    story += _answers(data)
    story += _streams(data)
    story += _needs(data)
    story += _ideas_and_next_steps(data)
    story += _photos(data)
    story += privacy_notice.notice_flowables(data)
    story += _signatures()
    return story


def _details(data: VisitSummaryData) -> list[Any]:
    st = layout.styles()
    org, visit, contact = data.organization, data.visit, data.contact or {}
    number = org.get("org_number")
    town = " ".join(p for p in (org.get("postcode"), org.get("city")) if p)
    org_pairs = [
        (_("Organization"), org.get("name")),
        (_("Organisation number"), orgnumber.format_number(org.get("country"), number)
         if number and org.get("country") else number),
        (_("Municipality"), fmt.municipality_text(org.get("municipality"))),
        (_("Country"), fmt.field_text("organization", "country", org)),
        (_("Street address"), org.get("address")),
        (_("Town"), town),
        (_("Sector"), org.get("sector")),
        (_("Size class"), fmt.field_text("organization", "size_class", org)),
    ]
    contact_pairs = [
        (_("Contact person"), contact.get("name")),
        (_("Role"), contact.get("role")),
        (_("Phone"), contact.get("phone")),
        (_("E-mail"), contact.get("email")),
    ]
    visit_pairs = [
        (_("Date of the visit"), fmt.date_long(visit.get("date"))),
        (_("Visitors"), ", ".join(visit.get("visitors") or [])),
    ]
    if data.template is not None:
        visit_pairs.append((_("Questionnaire"), _("{title}, version {version}").format(
            title=data.template.title(), version=data.template.version)))
    half = CONTENT_WIDTH / 2 - 3 * mm
    left = layout.facts_table(org_pairs, widths=(35 * mm, half - 35 * mm))
    right = layout.facts_table(contact_pairs + visit_pairs, widths=(30 * mm, half - 30 * mm))
    grid = Table([[para(_("The organization"), st.h2), para(_("Contact and visit"), st.h2)], [left, right]],
                 colWidths=[half + 3 * mm, half + 3 * mm], hAlign="LEFT")
    grid.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                              ("FONTNAME", (0, 0), (-1, -1), FONT)]))
    return [grid, Spacer(1, 2 * mm)]


def _answers(data: VisitSummaryData) -> list[Any]:
    st = layout.styles()
    template = data.template
    answers = data.visit.get("answers") or {}
    if template is None or not answers:
        return []
    visible = {q.id for q in template.visible_questions(answers)}
    out: list[Any] = [para(_("What we talked about"), st.h1)]
    qwidth = 72 * mm
    for section in template.sections:
        rows = []
        for q in section.questions:
            value = answers.get(q.id)
            if q.id not in visible or not questionnaire.is_answered(value):
                continue
            rows.append([layout.fit_cell(q.text(), st.label, qwidth - 4),
                         layout.fit_cell(fmt.answer_text(q, value), st.cell, CONTENT_WIDTH - qwidth - 4)])
        if not rows:
            continue
        table = Table(rows, colWidths=[qwidth, CONTENT_WIDTH - qwidth], hAlign="LEFT")
        table.setStyle(TableStyle(
            layout.text_commands(((0, 0), (0, -1)), st.label) + layout.text_commands(((1, 0), (1, -1)), st.cell) + [
                ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LINEBELOW", (0, 0), (-1, -2), 0.3, RULE),
                ("TOPPADDING", (0, 0), (-1, -1), 2.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
                ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 4)]))
        # The heading keeps with the table (keepWithNext), so no KeepTogether: it would lay out twice.
        out += [para(section.title(), st.h2), table]
    return out if len(out) > 1 else []


# Room for a section heading, its introduction, a table header and two rows.
TABLE_START = 42 * mm


def _code_cell(record: dict) -> Any:
    st = layout.styles()
    lines = fmt.waste_code_lines(record)
    if not lines:
        return ""
    if not any(hazardous for _shown, hazardous in lines):
        return "\n".join(shown for shown, _h in lines)
    parts = []
    for shown, hazardous in lines:
        text = markup(shown)
        if hazardous:
            text += ' <font color="#A33A1F" size="7">' + markup(_("hazardous")) + "</font>"
        parts.append(text)
    return Paragraph("<br/>".join(parts), st.cell)


def _streams(data: VisitSummaryData) -> list[Any]:
    st = layout.styles()
    count = len(data.streams)
    # Heading, introduction and the table's first rows start on the same page.
    out: list[Any] = [CondPageBreak(TABLE_START), para(_("Residual streams"), st.h1)]
    if not count:
        out.append(para(_("No residual streams were recorded during this visit."), st.muted))
        return out
    out.append(para(ngettext("{count} residual stream that someone else might be able to use.",
                             "{count} residual streams that someone else might be able to use.",
                             count).format(count=count), st.muted))
    header = [_("Residual stream"), _("Material"), _("Waste code"), _("Quantity per year"),
              _("Current handling"), _("Cost per year")]
    rows = []
    total_tonnes = Decimal(0)
    unknown_tonnes = 0
    costs: dict[str, Decimal] = {}
    for record in data.streams:
        tonnes = fmt.yearly_tonnes(record)
        if tonnes is None:
            unknown_tonnes += 1 if fmt.dec(record.get("quantity")) is not None else 0
            quantity = fmt.yearly_quantity_text(record)
        else:
            total_tonnes += tonnes
            quantity = fmt.tonnes_text(tonnes)
        per_year = fmt.yearly_cost(record)
        if per_year is not None:
            currency = record.get("handling_cost_currency") or ""
            costs[currency] = costs.get(currency, Decimal(0)) + per_year
        title: Any = layout.clip_to_lines(record.get("title") or "", st.cell, 42 * mm, lines=8)
        description = record.get("description") or ""
        if description:
            title = markup(title)
            short = description if len(description) <= 160 else description[:157].rstrip() + "…"
            title = Paragraph(title + '<br/><font size="7.5" color="#5F6368">' + markup(short) + "</font>", st.cell)
        rows.append([title, fmt.material_leaf_text(record.get("material_category")),
                     _code_cell(record), quantity, fmt.field_text("stream", "current_handling", record),
                     fmt.cost_text(record)])
    total = [_("Total"), "", "", fmt.tonnes_text(total_tonnes),
             "", "\n".join(fmt.money(v, c or None) for c, v in sorted(costs.items()))]
    widths = [42 * mm, 28 * mm, 21 * mm, 21 * mm, 36 * mm, CONTENT_WIDTH - 148 * mm]
    out.append(layout.data_table(header, rows, widths, numeric=(3, 5), total=total))
    notes = [_("Waste codes from the EU List of Waste; codes marked * are hazardous waste.")]
    if unknown_tonnes:
        notes.append(ngettext("{count} stream cannot be converted to tonnes (unit without density or "
                              "mass per item) and is shown as stated.",
                              "{count} streams cannot be converted to tonnes (unit without density or "
                              "mass per item) and are shown as stated.", unknown_tonnes).format(count=unknown_tonnes))
    out.append(Spacer(1, 1.5 * mm))
    out += [para(note, st.small) for note in notes]
    return out


def _needs(data: VisitSummaryData) -> list[Any]:
    st = layout.styles()
    if not data.needs:
        return []
    rows = [[record.get("title") or "", fmt.material_leaf_text(record.get("material_category")),
             fmt.quantity_text(record), fmt.date_long(record.get("available_from"))] for record in data.needs]
    widths = [62 * mm, 46 * mm, 34 * mm, CONTENT_WIDTH - 142 * mm]
    return [CondPageBreak(TABLE_START), para(_("Needs"), st.h1),
            para(_("Materials and resources the organization could take from others."), st.muted),
            layout.data_table([_("Need"), _("Material"), _("Quantity"), _("Needed from")], rows, widths,
                              numeric=(2,))]


def _ideas_and_next_steps(data: VisitSummaryData) -> list[Any]:
    st = layout.styles()
    out: list[Any] = [para(_("Ideas and next steps"), st.h1)]
    if data.ideas:
        out.append(para(_("Ideas for reuse"), st.h2))
        bullet = ParagraphStyle("bullet", parent=st.body, leftIndent=4 * mm, bulletIndent=0, bulletFontName=FONT)
        for idea in data.ideas:
            text = "<b>" + markup(idea.get("title") or "") + "</b>"
            extra = [fmt.field_text("idea", "hierarchy", idea), fmt.field_text("idea", "status", idea)]
            extra = [e for e in extra if e]
            if extra:
                text += ' <font color="#5F6368">(' + markup(" · ".join(extra)) + ")</font>"
            if idea.get("description"):
                text += "<br/>" + markup(idea["description"])
            out.append(Paragraph(text, bullet, bulletText="•"))
    else:
        out.append(para(_("No ideas were recorded yet."), st.muted))
    out.append(para(_("Agreed next steps"), st.h2))
    steps = data.visit.get("next_steps")
    out.append(para(steps, st.body) if steps else para(_("No next steps were agreed yet."), st.muted))
    follow_up = (data.visit.get("answers") or {}).get("follow_up")
    if follow_up:
        out.append(para(_("We will get in touch again around {date}.").format(date=fmt.date_long(follow_up)),
                        st.body))
    return out


def _photos(data: VisitSummaryData) -> list[Any]:
    st = layout.styles()
    cells = []
    box_w, box_h = CONTENT_WIDTH / 2 - 4 * mm, 62 * mm
    for photo in data.photos:
        image = photo_flowable(photo.data, box_w, box_h)
        if image is None:
            continue
        caption = photo.caption or photo.filename
        caption = layout.clip_to_lines(caption, st.small, box_w, lines=6) if caption else caption
        cells.append([image, para(caption, st.small)] if caption else [image])
    if not cells:
        return []
    rows: list[list[Any]] = [list(cells[i:i + 2]) for i in range(0, len(cells), 2)]
    if len(rows[-1]) == 1:
        rows[-1].append("")
    table = Table(rows, colWidths=[CONTENT_WIDTH / 2] * 2, hAlign="LEFT")
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 6), ("FONTNAME", (0, 0), (-1, -1), FONT)]))
    return [para(_("Photos"), st.h1), table]


def _signatures() -> list[Any]:
    st = layout.styles()
    half = CONTENT_WIDTH / 2
    line = "_" * 38

    def block(title: str) -> list[Any]:
        return [para(title, st.h2), Spacer(1, 10 * mm), para(line, st.muted), para(_("Signature"), st.small),
                Spacer(1, 6 * mm), para(line, st.muted), para(_("Name in block letters"), st.small),
                Spacer(1, 6 * mm), para(line, st.muted), para(_("Place and date"), st.small)]

    table = Table([[block(_("For the organization")), block(_("For the project"))]], colWidths=[half, half],
                  hAlign="LEFT")
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("FONTNAME", (0, 0), (-1, -1), FONT), ("TEXTCOLOR", (0, 0), (-1, -1), GREY)]))
    return [Spacer(1, 6 * mm), table]
