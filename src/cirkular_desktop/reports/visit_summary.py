"""The visit summary a participant receives: what was found, what could come of it, what happens next.

``build_visit_summary(data, lang)`` turns a ``VisitSummaryData`` into PDF
bytes. It reads no files and no database (fonts are registered once per
process), so it can be timed against a bare ReportLab document.

The order is the one a visited company's manager reads in: key figures
(streams, tonnes per year, what today's handling costs), the opportunities
found (matches and ideas per stream, with the partner and the stage), the
next steps with who and when, and how to reach the visitors; then the
details of the visit, the residual streams and needs, photos captioned with
their stream, the privacy notice and signatures; the questionnaire answers
come last, as an appendix. The privacy notice is ``reports.privacy_notice``. A draft visit is marked preliminary on every page.

Imports: reportlab, i18n, core, reports.
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Any

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Paragraph, Spacer, Table, TableStyle

from cirkular_desktop import i18n
from cirkular_desktop.core import explain
from cirkular_desktop.i18n import gettext as _
from cirkular_desktop.reports import formatting as fmt
from cirkular_desktop.reports import layout, privacy_notice, tables, visit_sections
from cirkular_desktop.reports.data import ContactDetails, Opportunity, VisitSummaryData
from cirkular_desktop.reports.layout import CONTENT_WIDTH, FONT, GREY, RULE, markup, para
from cirkular_desktop.reports.tables import NoWrap


def build_visit_summary(data: VisitSummaryData, lang: str | None = None, *, invariant: bool = False) -> bytes:
    """The summary of one visit as PDF bytes, in ``lang`` (default: the active language)."""
    with i18n.using_language(lang) as chosen:
        story = _story(data)
        org_name = layout.nfc(data.organization.get("name") or "")
        visit_date = fmt.date_long(data.visit.get("date"))
        title = _("Visit summary: {organization}, {date}").format(organization=org_name, date=visit_date)
        meta = layout.Metadata(
            title=title, author=", ".join(data.visit.get("visitors") or []) or layout.project_name(chosen),
            subject=_("Summary of a mapping visit in the project {project}").format(
                project=layout.project_name(chosen)),
            keywords=(_("residual streams"), _("circular economy"), org_name))
        marking = "" if _finished(data) else _("Preliminary: the visit is not finished")
        info = layout.PageInfo(
            footer_left=_("{organization} · visit {date} · printed {printed}").format(
                organization=org_name, date=visit_date, printed=fmt.date_long(data.printed_on)),
            logos=tuple(data.logos), programme_logo=data.programme_logo, marking=marking, lang=chosen)
        return layout.build_pdf(story, meta, info, lang=chosen, invariant=invariant)


def _finished(data: VisitSummaryData) -> bool:
    return data.visit.get("status") == "completed"


def _story(data: VisitSummaryData) -> list[Any]:
    st = layout.styles()
    visit, org = data.visit, data.organization
    story: list[Any] = [
        para(_("Visit summary"), st.title),
        para(tables.clip_to_lines(org.get("name") or "", st.h2, CONTENT_WIDTH, lines=3), st.h2),
    ]
    when = _("Visit on {date} by {visitors}.").format(
        date=fmt.date_long(visit.get("date")), visitors=", ".join(visit.get("visitors") or []) or "–")
    if _finished(data):
        status = _("Finished visit, version {version}").format(version=visit.get("version") or 1)
    else:
        status = _("Preliminary: the visit is not finished yet, so answers may still change.")
    story.append(para(when + " " + status, st.subtitle))
    story += key_figures(data)
    story += opportunities(data)
    story += next_steps(data)
    story += contacts(data)
    story += visit_sections.details(data)
    story += visit_sections.streams(data)
    story += visit_sections.needs(data)
    story += visit_sections.photos(data)
    story += privacy_notice.notice_flowables(data)   # the notice's wording lives in its own module
    story += signatures()
    story += visit_sections.answers_appendix(data)
    return story


def key_figures(data: VisitSummaryData) -> list[Any]:
    """Three to six figures the manager sees first: streams, tonnes, energy, today's cost, opportunities."""
    st = layout.styles()
    tonnes, mwh, costs, _unknown = visit_sections.stream_totals(data)
    matches = sum(1 for o in data.opportunities if o.kind == "match")
    ideas = sum(1 for o in data.opportunities if o.kind == "idea")
    items = [(i18n.format_decimal(len(data.streams), max_fraction=0), _("Residual streams")),
             (fmt.tonnes_text(tonnes), _("Tonnes per year"))]
    if mwh:
        items.append((fmt.mwh_text(mwh), _("Energy per year")))
    items.append((visit_sections.costs_text(costs) or "–", _("Cost of today's handling per year")))
    items.append((i18n.format_decimal(matches, max_fraction=0), _("Possible partners found")))
    items.append((i18n.format_decimal(ideas, max_fraction=0), _("Ideas for reuse")))
    value_style = ParagraphStyle("kv", parent=st.h1, spaceBefore=0, spaceAfter=0, keepWithNext=0)
    cells: list[list[Paragraph] | str] = [[para(value, value_style), para(label, st.small)] for value, label in items]
    while len(cells) % 3:
        cells.append("")
    rows = [cells[i:i + 3] for i in range(0, len(cells), 3)]
    table = Table(rows, colWidths=[CONTENT_WIDTH / 3] * 3, hAlign="LEFT")
    table.setStyle(TableStyle([("BACKGROUND", (0, 0), (-1, -1), layout.LIGHT_GREEN),
                               ("LINEAFTER", (0, 0), (1, -1), 2, colors.white),
                               ("LINEBELOW", (0, 0), (-1, -2), 2, colors.white),
                               ("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("FONTNAME", (0, 0), (-1, -1), FONT), ("TOPPADDING", (0, 0), (-1, -1), 5),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 6), ("LEFTPADDING", (0, 0), (-1, -1), 7)]))
    return [para(_("Key figures"), st.h1), table]


def _stage_text(item: Opportunity) -> str:
    field_text = fmt.field_text
    if item.kind == "idea":
        parts = [field_text("idea", "status", {"status": item.stage}) if item.stage else "",
                 field_text("idea", "hierarchy", {"hierarchy": item.hierarchy}) if item.hierarchy else ""]
        return " · ".join(p for p in parts if p)
    text = field_text("match", "stage", {"stage": item.stage or "proposed"})
    if item.stage == "rejected" and (item.reason or item.note):
        reason = field_text("match", "rejection_reason", {"rejection_reason": item.reason}) if item.reason else ""
        text = _("{stage}: {reason}").format(stage=text, reason=": ".join(p for p in (reason, item.note) if p))
    return text


def _opportunity_cell(item: Opportunity) -> Any:
    """The partner's stream or need (or the idea), with why the match was suggested in small grey words."""
    if item.kind != "match" or not item.reasons:
        return item.title
    why = "; ".join(explain.describe(reason) for reason in item.reasons[:3])
    return tables.Rich(markup(item.title) + '<br/><font size="7" color="#5F6368">' + markup(why) + "</font>",
                       item.title + "\n" + why)


def opportunities(data: VisitSummaryData) -> list[Any]:
    """Matches and ideas per stream or need; a rejected one only with its reason, a discarded idea not at all."""
    st = layout.styles()
    shown = [o for o in data.opportunities
             if not (o.kind == "match" and o.stage == "rejected" and not (o.reason or o.note))
             and not (o.kind == "idea" and o.stage == "discarded")]
    out: list[Any] = [CondPageBreak(40 * mm), para(_("Opportunities found"), st.h1)]
    if not shown:
        out.append(para(_("No partners or ideas have been found yet. The project keeps looking and will get in "
                          "touch when something turns up."), st.muted))
        return out
    out.append(para(_("Partners who could use your residual streams or supply what you need, and ideas for "
                      "reuse, with how far each has come."), st.muted))
    rows = []
    previous = None
    for item in shown:
        own = item.record_title if item.record_title != previous else ""
        previous = item.record_title
        kind = _("Partner") if item.kind == "match" else _("Idea")
        what = _opportunity_cell(item)
        partner = item.partner or (_("a partner (not named)") if item.kind == "match" else "")
        rows.append([own, kind, what, partner, _stage_text(item)])
    header = [_("Your stream or need"), _("Kind"), _("Opportunity"), _("Partner"), _("Stage")]
    out.append(tables.data_table(header, rows, [w * CONTENT_WIDTH / 174 for w in (40, 16, 46, 36, 36)]))
    return out


# "Step — Who, 2027-01-15", "Step (Who, 15.1.2027)", "Step; Who; 2027-01-15": the owner and date of a step.
_DATE = re.compile(r"(\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[./]\d{1,2}[./]\d{4})")
_TRAILER = re.compile(r"^(?P<what>.+?)(?:\s+[—–-]\s+|\s*;\s*)(?P<rest>[^—–;]+(?:[—–;][^—–;]+)?)$")
_PAREN = re.compile(r"^(?P<what>.+?)\s*\((?P<rest>[^()]+)\)\s*\.?$")
_BULLET = re.compile(r"^\s*(?:[-•*–]|\d+[.)])\s+")


def _parse_date(text: str) -> _dt.date | None:
    match = _DATE.search(text)
    if not match:
        return None
    token = match.group(1)
    try:
        if "-" in token:
            return _dt.date.fromisoformat("-".join(part.zfill(2) for part in token.split("-")))
        day, month, year = re.split(r"[./]", token)
        return _dt.date(int(year), int(month), int(day))
    except ValueError:
        return None


def parse_steps(text: str | None) -> list[tuple[str, str, _dt.date | None]]:
    """The agreed next steps, one per line, as (what, who, when); who and when are optional.

    A line may end with who does it and by when, after a dash or a
    semicolon or in brackets: "Send samples — Anna Berg, 2027-01-15".
    """
    steps = []
    for raw in (text or "").splitlines():
        line = _BULLET.sub("", raw).strip()
        if not line:
            continue
        what, who, when = line, "", None
        for pattern in (_PAREN, _TRAILER):
            found = pattern.match(line)
            if not found:
                continue
            rest = found.group("rest")
            date = _parse_date(rest)
            owner = _DATE.sub("", rest).strip(" ,;—–-")
            # Only a trailing part that names a date, or a short name, is taken as who/when.
            if date is not None or (owner and len(owner.split()) <= 4 and pattern is _PAREN):
                what, who, when = found.group("what").strip(), re.sub(r"[\s,;]+", " ", owner).strip(), date
                break
        steps.append((what.rstrip(" ,;"), who, when))
    return steps


def next_steps(data: VisitSummaryData) -> list[Any]:
    st = layout.styles()
    visitors = ", ".join(data.visit.get("visitors") or [])
    follow_up = (data.visit.get("answers") or {}).get("follow_up")
    follow_date = _dt.date.fromisoformat(str(follow_up)[:10]) if follow_up else None
    rows = []
    for what, who, when in parse_steps(data.visit.get("next_steps")):
        rows.append([what, who or visitors or "–", fmt.date_long(when) if when else "–"])
    for step in data.steps:   # the next steps agreed on the matches, each with its owner and date
        rows.append([step.what, step.who or visitors or "–", fmt.date_long(step.when) if step.when else "–"])
    if follow_date is not None:
        rows.append([_("We get in touch again to follow up"), visitors or "–", fmt.date_long(follow_date)])
    out: list[Any] = [CondPageBreak(35 * mm), para(_("Next steps"), st.h1)]
    if not rows:
        out.append(para(_("No next steps were agreed yet."), st.muted))
        return out
    out.append(tables.data_table([_("What"), _("Who"), _("By when")], rows,
                                 [CONTENT_WIDTH * 0.58, CONTENT_WIDTH * 0.22, CONTENT_WIDTH * 0.20]))
    return out


def contacts(data: VisitSummaryData) -> list[Any]:
    """How to reach the project: the visitors, with phone and e-mail where they were given."""
    st = layout.styles()
    people = list(data.contacts)
    named = {p.name for p in people}
    for visitor in data.visit.get("visitors") or []:
        if visitor not in named:
            people.append(ContactDetails(visitor))
    if not people:
        return []
    if not any(p.role or p.phone or p.email for p in people):
        names = ", ".join(p.name for p in people)
        return [CondPageBreak(20 * mm), para(_("Your contacts in the project"), st.h1),
                para(_("{names} visited you and will answer any question about this summary.").format(names=names),
                     st.body)]
    rows = [[p.name, p.role, NoWrap(p.phone), NoWrap(p.email)] for p in people]
    return [CondPageBreak(30 * mm), para(_("Your contacts in the project"), st.h1),
            tables.data_table([_("Name"), _("Role"), _("Phone"), _("E-mail")], rows,
                              [CONTENT_WIDTH * 0.3, CONTENT_WIDTH * 0.22, CONTENT_WIDTH * 0.18,
                               CONTENT_WIDTH * 0.3])]


def signatures() -> list[Any]:
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
    return [CondPageBreak(60 * mm), Spacer(1, 6 * mm), table]

