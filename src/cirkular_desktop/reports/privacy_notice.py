"""The privacy notice printed in a visit summary: the sections of ``core.privacy_notice`` as flowables.

Printed in the document's language (the participant's), in a light box so it
reads as the information the participant is given (GDPR Art. 13). Imports:
reportlab, i18n, core.privacy_notice, reports (data, layout).
"""

from __future__ import annotations

from typing import Any

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from cirkular_desktop import i18n
from cirkular_desktop.core import privacy_notice
from cirkular_desktop.reports import layout
from cirkular_desktop.reports.data import VisitSummaryData
from cirkular_desktop.reports.layout import CONTENT_WIDTH, FONT, RULE, markup, para


def notice_flowables(data: VisitSummaryData) -> list[Any]:
    """The notice for the visit's contact (or the organization, without one) as a boxed block."""
    st = layout.styles()
    config = getattr(data, "privacy", None) or {}
    notice = privacy_notice.build(config, data.organization.get("country"), data.contact,
                                  lang=i18n.get_language())
    text = ParagraphStyle("notice", parent=st.small, fontSize=8.5, leading=11, spaceAfter=3,
                          textColor=colors.HexColor("#333333"))
    body: list[Any] = [para(notice.title, st.h2)]
    for section in notice.sections:
        for index, paragraph in enumerate(section.paragraphs):
            lead = f"<b>{markup(section.heading)}.</b> " if index == 0 else ""
            body.append(Paragraph(lead + markup(layout.nfc(paragraph)), text))
    box = Table([[body]], colWidths=[CONTENT_WIDTH], hAlign="LEFT")
    box.setStyle(TableStyle([("BACKGROUND", (0, 0), (-1, -1), layout.LIGHT_GREY),
                             ("BOX", (0, 0), (-1, -1), 0.5, RULE), ("FONTNAME", (0, 0), (-1, -1), FONT),
                             ("LEFTPADDING", (0, 0), (-1, -1), 8), ("RIGHTPADDING", (0, 0), (-1, -1), 8),
                             ("TOPPADDING", (0, 0), (-1, -1), 4), ("BOTTOMPADDING", (0, 0), (-1, -1), 6)]))
    return [Spacer(1, 6 * mm), box]
