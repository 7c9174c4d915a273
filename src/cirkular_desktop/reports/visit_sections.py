"""The sections of a visit summary that list what was recorded: details, streams, needs, photos, answers.

``reports.visit_summary`` puts them in the order a visited company's
manager reads: key figures, opportunities and next steps first, then these
lists, and the questionnaire answers last as an appendix.

Imports: reportlab, i18n, core, reports.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Mapping

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Paragraph, Spacer, Table, TableStyle

from cirkular_desktop.core import orgnumber, questionnaire
from cirkular_desktop.i18n import gettext as _, ngettext
from cirkular_desktop.reports import formatting as fmt
from cirkular_desktop.reports import layout, tables
from cirkular_desktop.reports.data import VisitSummaryData
from cirkular_desktop.reports.images import photo_flowable
from cirkular_desktop.reports.layout import CONTENT_WIDTH, FONT, RULE, markup, para
from cirkular_desktop.reports.tables import NoWrap, Rich

# Room for a section heading, its introduction, a table header and two rows.
TABLE_START = 42 * mm


def stream_totals(data: VisitSummaryData) -> tuple[Decimal, Decimal, dict[str, Decimal], int]:
    """Tonnes per year, MWh per year, handling cost per year by currency, streams not convertible."""
    tonnes, mwh = Decimal(0), Decimal(0)
    costs: dict[str, Decimal] = {}
    unknown = 0
    for record in data.streams:
        found = fmt.yearly_tonnes(record)
        energy = fmt.energy_per_year(record)
        if found is not None:
            tonnes += found
        elif energy is not None:
            mwh += energy
        elif fmt.dec(record.get("quantity")) is not None:
            unknown += 1
        cost = fmt.yearly_cost(record)
        if cost is not None:
            currency = record.get("handling_cost_currency") or ""
            costs[currency] = costs.get(currency, Decimal(0)) + cost
    return tonnes, mwh, costs, unknown


def costs_text(costs: dict[str, Decimal]) -> str:
    return "\n".join(fmt.money(value, currency or None) for currency, value in sorted(costs.items()))


def details(data: VisitSummaryData) -> list[Any]:
    st = layout.styles()
    org, visit, contact = data.organization, data.visit, data.contact or {}
    number = org.get("org_number")
    town = " ".join(p for p in (org.get("postcode"), org.get("city")) if p)
    org_pairs = [
        (_("Organization"), org.get("name")),
        (_("Organisation number"), NoWrap(orgnumber.format_number(org["country"], number)
                                          if number and org.get("country") else number or "")),
        (_("Municipality"), fmt.municipality_text(org.get("municipality"))),
        (_("Country"), fmt.field_text("organization", "country", org)),
        (_("Street address"), org.get("address")),
        (_("Town"), town),
        (_("Sector"), org.get("sector")),
    ]
    contact_pairs = [
        (_("Contact person"), contact.get("name")),
        (_("Role"), contact.get("role")),
        (_("Phone"), NoWrap(contact.get("phone") or "")),
        (_("E-mail"), NoWrap(contact.get("email") or "")),
    ]
    visit_pairs = [
        (_("Date of the visit"), fmt.date_long(visit.get("date"))),
        (_("Visitors"), ", ".join(visit.get("visitors") or [])),
    ]
    if data.template is not None:
        visit_pairs.append((_("Questionnaire"), _("{title}, version {version}").format(
            title=data.template.title(), version=data.template.version)))
    half = CONTENT_WIDTH / 2 - 3 * mm
    left = tables.facts_table(org_pairs, widths=(35 * mm, half - 35 * mm))
    right = tables.facts_table(contact_pairs + visit_pairs, widths=(30 * mm, half - 30 * mm))
    grid = Table([[para(_("The organization"), st.h2), para(_("Contact and visit"), st.h2)], [left, right]],
                 colWidths=[half + 3 * mm, half + 3 * mm], hAlign="LEFT")
    grid.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                              ("FONTNAME", (0, 0), (-1, -1), FONT)]))
    return [CondPageBreak(50 * mm), para(_("About the visit"), st.h1), grid, Spacer(1, 2 * mm)]


def _code_cell(record: Mapping[str, Any]) -> Any:
    """The EU waste codes, primary first, and under them the Norwegian NS 9431 number where one is recorded."""
    lines = fmt.waste_code_lines(record)
    national = fmt.ns9431_text(record)
    if not lines and not national:
        return ""
    if not national and not any(hazardous for _shown, hazardous in lines):
        return "\n".join(shown for shown, _h in lines)
    parts, plain = [], []
    for shown, hazardous in lines:
        text = markup(shown)
        plain.append(shown)
        if hazardous:
            text += ' <font color="#A33A1F" size="7">' + markup(_("hazardous")) + "</font>"
        parts.append(text)
    if national:
        # Smaller, as the description under a title: the national number supplements the EU code.
        parts.append('<font size="7.5" color="#5F6368">' + markup(national) + "</font>")
        plain.append(national)
    return Rich("<br/>".join(parts), "\n".join(plain))


def _quantity(record: Mapping[str, Any]) -> str:
    tonnes = fmt.yearly_tonnes(record)
    if tonnes is not None:
        return fmt.tonnes_text(tonnes)
    energy = fmt.energy_per_year(record)
    if energy is not None:
        return fmt.mwh_text(energy)
    return fmt.yearly_quantity_text(record)


def streams(data: VisitSummaryData) -> list[Any]:
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
    for record in data.streams:
        title = tables.clip_to_lines(record.get("title") or "", st.cell, 42 * mm, lines=8)
        description = record.get("description") or ""
        cell: Any = title
        if description:
            short = description if len(description) <= 160 else description[:157].rstrip() + "…"
            cell = Rich(markup(title) + '<br/><font size="7.5" color="#5F6368">' + markup(short) + "</font>",
                        title + "\n" + short)
        rows.append([cell, fmt.material_leaf_text(record.get("material_category")), _code_cell(record),
                     _quantity(record), fmt.field_text("stream", "current_handling", record), fmt.cost_text(record)])
    tonnes, mwh, costs, unknown = stream_totals(data)
    quantity_total = "\n".join(part for part in (fmt.tonnes_text(tonnes) if tonnes or not mwh else "",
                                                 fmt.mwh_text(mwh) if mwh else "") if part)
    total = [_("Total"), "", "", quantity_total, "", costs_text(costs)]
    weights = [42, 28, 21, 21, 36, 26]
    scale = CONTENT_WIDTH / sum(weights)
    out.append(tables.data_table(header, rows, [w * scale for w in weights], numeric=(3, 5), total=total))
    notes = [_("Waste codes from the EU List of Waste; codes marked * are hazardous waste.")]
    if any(record.get("ns9431_code") for record in data.streams):
        notes.append(_("NS: the Norwegian waste number (avfallsstoffnummer, NS 9431) that hauliers report by."))
    if mwh:
        notes.append(_("Energy (heat, electricity) is given in MWh per year and is not part of the tonnes."))
    if unknown:
        notes.append(ngettext("{count} stream cannot be converted to tonnes (unit without density or "
                              "mass per item) and is shown as stated.",
                              "{count} streams cannot be converted to tonnes (unit without density or "
                              "mass per item) and are shown as stated.", unknown).format(count=unknown))
    out.append(Spacer(1, 1.5 * mm))
    out += [para(note, st.small) for note in notes]
    return out


def needs(data: VisitSummaryData) -> list[Any]:
    st = layout.styles()
    if not data.needs:
        return []
    rows = [[record.get("title") or "", fmt.material_leaf_text(record.get("material_category")),
             _quantity(record), fmt.date_long(record.get("available_from"))] for record in data.needs]
    return [CondPageBreak(TABLE_START), para(_("Needs"), st.h1),
            para(_("Materials and resources the organization could take from others."), st.muted),
            tables.data_table([_("Need"), _("Material"), _("Quantity per year"), _("Needed from")], rows,
                              [62 * mm, 46 * mm, 34 * mm, CONTENT_WIDTH - 142 * mm], numeric=(2,))]


def photos(data: VisitSummaryData) -> list[Any]:
    """The photos, two to a row, each captioned with the residual stream it shows."""
    st = layout.styles()
    cells = []
    box_w, box_h = CONTENT_WIDTH / 2 - 4 * mm, 62 * mm
    for photo in data.photos:
        image = photo_flowable(photo.data, box_w, box_h)
        if image is None:
            continue
        caption = photo.caption or photo.filename
        if caption == photo.stream_title:
            caption = ""   # the stream's name is printed above it already
        caption = tables.clip_to_lines(caption, st.small, box_w, lines=6) if caption else ""
        text = ""
        if photo.stream_title:
            text = "<b>" + markup(tables.clip_to_lines(photo.stream_title, st.small, box_w, lines=2)) + "</b>"
            if caption:
                text += "<br/>" + markup(caption)
        elif caption:
            text = markup(caption)
        cells.append([image, Paragraph(text, st.small)] if text else [image])
    if not cells:
        return []
    rows: list[list[Any]] = [list(cells[i:i + 2]) for i in range(0, len(cells), 2)]
    if len(rows[-1]) == 1:
        rows[-1].append("")
    table = Table(rows, colWidths=[CONTENT_WIDTH / 2] * 2, hAlign="LEFT")
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 6), ("FONTNAME", (0, 0), (-1, -1), FONT)]))
    return [CondPageBreak(80 * mm), para(_("Photos"), st.h1), table]


def answers_appendix(data: VisitSummaryData) -> list[Any]:
    """The questionnaire as answered on the day, after everything else."""
    st = layout.styles()
    template = data.template
    answers = data.visit.get("answers") or {}
    if template is None or not answers:
        return []
    visible = {q.id for q in template.visible_questions(answers)}
    out: list[Any] = [CondPageBreak(60 * mm), para(_("Appendix: the answers given during the visit"), st.h1),
                      para(_("The questionnaire as it was answered on the day of the visit. The tables above are "
                             "kept up to date after the visit; where they differ, the tables apply."), st.muted)]
    qwidth = 72 * mm
    for section in template.sections:
        rows = []
        for q in section.questions:
            value = answers.get(q.id)
            if q.id not in visible or not questionnaire.is_answered(value):
                continue
            rows.append([tables.fit_cell(q.text(), st.label, qwidth - 4),
                         tables.fit_cell(fmt.answer_text(q, value), st.cell, CONTENT_WIDTH - qwidth - 4)])
        if not rows:
            continue
        table = Table(rows, colWidths=[qwidth, CONTENT_WIDTH - qwidth], hAlign="LEFT")
        table.setStyle(TableStyle(
            tables.text_commands(((0, 0), (0, -1)), st.label) + tables.text_commands(((1, 0), (1, -1)), st.cell) + [
                ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LINEBELOW", (0, 0), (-1, -2), 0.3, RULE),
                ("TOPPADDING", (0, 0), (-1, -1), 2.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
                ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 4)]))
        # The heading keeps with the table (keepWithNext), so no KeepTogether: it would lay out twice.
        out += [para(section.title(), st.h2), table]
    return out if len(out) > 2 else []
