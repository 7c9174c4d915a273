"""What every Cirkulär PDF shares: the embedded font, styles, page frame, numbering, metadata.

The built-in PDF fonts (Helvetica and friends) are never embedded and cannot
draw Sámi letters (Č Đ Ŋ Ŧ Ž), so every style, table and chart label uses
DejaVu Sans, registered once from ``resources/fonts`` and embedded (subset)
in each document. Page numbers ("Sida 1 av 2") need the page count, which is
only known at the end: ``_NumberedCanvas`` keeps each page's state and draws
the footers when the document is saved, so a document is laid out once.

Imports: reportlab, standard library, i18n, resources.
"""

from __future__ import annotations

import datetime as _dt
import io
import re
import threading
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Callable, Sequence
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph, Table, TableStyle

from cirkular_desktop import i18n, resources
from cirkular_desktop.i18n import gettext as _

FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
FONT_ITALIC = "DejaVuSans-Oblique"
_FONT_FILES = {FONT: "DejaVuSans.ttf", FONT_BOLD: "DejaVuSans-Bold.ttf", FONT_ITALIC: "DejaVuSans-Oblique.ttf"}

# The project's name is printed in both languages whatever the document's language.
PROJECT_NAME_SV = "Cirkulärt samarbete över gränsen"
PROJECT_NAME_NB = "Sirkulært samarbeid over grensen"
PDF_LANGUAGE = {"sv": "sv-SE", "nb": "nb-NO", "en": "en-GB"}

# Colours: a calm green for the project, greys for structure; enough contrast on paper.
GREEN = colors.HexColor("#2E6B4F")
LIGHT_GREEN = colors.HexColor("#E6F0EA")
GREY = colors.HexColor("#5F6368")
LIGHT_GREY = colors.HexColor("#F2F3F4")
RULE = colors.HexColor("#C9CED3")
HAZARD = colors.HexColor("#A33A1F")

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_X = 18 * mm
HEADER_HEIGHT = 20 * mm
FOOTER_HEIGHT = 12 * mm
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN_X
LOGO_BOX = (60 * mm, 14 * mm)   # room reserved at the header's right for partner logos

_fonts_lock = threading.Lock()
_fonts_ready = False


def register_fonts() -> None:
    """Register DejaVu Sans (regular, bold, oblique) with ReportLab once per process."""
    global _fonts_ready
    if _fonts_ready:
        return
    with _fonts_lock:
        if _fonts_ready:
            return
        for name, filename in _FONT_FILES.items():
            pdfmetrics.registerFont(TTFont(name, str(resources.resource_path("fonts", filename))))
        pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC,
                                      boldItalic=FONT_BOLD)
        _fonts_ready = True


def nfc(text: Any) -> str:
    """Text as NFC: a decomposed "å" from a Mac or a web form prints as one letter."""
    return unicodedata.normalize("NFC", "" if text is None else str(text))


def markup(text: Any) -> str:
    """Plain text made safe for a Paragraph: NFC, XML-escaped, line breaks kept."""
    return escape(nfc(text)).replace("\r\n", "\n").replace("\n", "<br/>")


@dataclass(frozen=True)
class Styles:
    title: ParagraphStyle
    subtitle: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    body: ParagraphStyle
    small: ParagraphStyle
    muted: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle
    cell_right: ParagraphStyle
    head: ParagraphStyle
    head_right: ParagraphStyle
    label: ParagraphStyle


def _styles() -> Styles:
    def style(name: str, size: float, *, font: str = FONT, leading: float | None = None,
              color: Any = colors.black, before: float = 0, after: float = 0,
              align: int = TA_LEFT, keep: bool = False) -> ParagraphStyle:
        return ParagraphStyle(name, fontName=font, fontSize=size, leading=leading or size * 1.3,
                              textColor=color, spaceBefore=before, spaceAfter=after, alignment=align,
                              keepWithNext=1 if keep else 0)

    return Styles(
        title=style("title", 18, font=FONT_BOLD, leading=22, color=GREEN, after=2),
        subtitle=style("subtitle", 10.5, color=GREY, after=8),
        h1=style("h1", 13, font=FONT_BOLD, leading=16, color=GREEN, before=10, after=4, keep=True),
        h2=style("h2", 10.5, font=FONT_BOLD, leading=13, before=6, after=3, keep=True),
        body=style("body", 9.5, leading=13, after=4),
        small=style("small", 8, leading=10.5, color=GREY),
        muted=style("muted", 9, leading=12, color=GREY, after=4),
        cell=style("cell", 8.5, leading=10.5),
        cell_bold=style("cell_bold", 8.5, font=FONT_BOLD, leading=10.5),
        cell_right=style("cell_right", 8.5, leading=10.5, align=TA_RIGHT),
        head=style("head", 8, font=FONT_BOLD, leading=10, color=colors.white),
        head_right=style("head_right", 8, font=FONT_BOLD, leading=10, color=colors.white, align=TA_RIGHT),
        label=style("label", 8.5, leading=10.5, color=GREY),
    )


_styles_cache: Styles | None = None


def styles() -> Styles:
    global _styles_cache
    if _styles_cache is None:
        register_fonts()
        _styles_cache = _styles()
    return _styles_cache


def para(text: Any, style: ParagraphStyle) -> Paragraph:
    return Paragraph(markup(text), style)


def fit_cell(value: Any, style: ParagraphStyle, width: float) -> Any:
    """A table cell: plain text when every line fits ``width``, else a wrapping Paragraph.

    Plain cells cost a fraction of a Paragraph (no line breaking, drawn once),
    and most cells — numbers, codes, short names — fit. The table's style must
    give plain cells the same font, size, colour and alignment as ``style``.
    """
    if value is None:
        return ""
    if not isinstance(value, (str, int, float)):
        return value
    text = clip_to_lines(nfc(value), style, width)
    lines = text.split("\n")
    if all(pdfmetrics.stringWidth(line, style.fontName, style.fontSize) <= width for line in lines):
        return text
    return Paragraph(markup(text), style)


CELL_LINES = 20


def clip_to_lines(text: str, style: ParagraphStyle, width: float, lines: int = CELL_LINES) -> str:
    """``text`` cut (with "…") to about ``lines`` lines of ``width``.

    A table row cannot continue on the next page: a cell taller than a page
    (a pasted essay, a 10,000-character name) would stop the whole document.
    """
    per_line = max(8, int(width / (style.fontSize * 0.5)))   # generous: narrow letters fit more per line
    limit = per_line * lines
    if len(text) <= limit and text.count("\n") < lines:
        return text
    kept = "\n".join(text[:limit].split("\n")[:lines])
    return kept.rstrip() + "…"


def text_commands(cells: tuple[tuple[int, int], tuple[int, int]], style: ParagraphStyle) -> list[tuple]:
    """TableStyle commands that make plain-text cells look like ``style``."""
    start, stop = cells
    align = {TA_RIGHT: "RIGHT"}.get(style.alignment, "LEFT")
    return [("FONT", start, stop, style.fontName, style.fontSize, style.leading),
            ("TEXTCOLOR", start, stop, style.textColor), ("ALIGN", start, stop, align)]


PAD = 4


def _longest_word(value: Any, font: str, size: float, whole: bool = False) -> float:
    if not isinstance(value, (str, int, float)):
        return 0.0  # flowables wrap themselves
    # Only plain spaces and line breaks break a line; no-break spaces hold "2 407,7" together.
    words = nfc(value).split("\n") if whole else re.split("[ \t\n]+", nfc(value))
    return max((pdfmetrics.stringWidth(word, font, size) for word in words), default=0.0)


def fit_widths(header: Sequence[str], rows: Sequence[Sequence[Any]], widths: Sequence[float],
               numeric: Sequence[int] = ()) -> list[float]:
    """Column widths in which no word of a plain cell is broken inside (e.g. "Reststrø-mmer").

    A column too narrow for its longest word (translations differ in length),
    or for a whole number with its unit, takes the room it lacks from columns
    with more than they need; the total stays the same. When no column has
    room to give, the widths stay as given.
    """
    st = styles()
    need = [_longest_word(h, st.head.fontName, st.head.fontSize) for h in header]
    for row in rows:
        for index, value in enumerate(row):
            # Bold totals are the widest way a body cell is drawn.
            need[index] = max(need[index], _longest_word(value, FONT_BOLD, st.cell.fontSize, index in numeric))
    need = [n + 2 * PAD + 1 for n in need]
    out = list(widths)
    lacking = sum(max(0.0, n - w) for n, w in zip(need, out))
    spare = [max(0.0, w - n) for n, w in zip(need, out)]
    if lacking <= 0 or sum(spare) <= 0:
        return out
    give = min(1.0, lacking / sum(spare))
    share = min(1.0, sum(spare) / lacking)  # of what each narrow column lacks, it gets this part
    for index, (n, w) in enumerate(zip(need, widths)):
        out[index] = w - spare[index] * give + max(0.0, n - w) * share
    return out


def _head_cell(text: str, style: ParagraphStyle, width: float) -> Any:
    """A header cell; a word still wider than its column is set smaller rather than broken inside."""
    word = _longest_word(text, style.fontName, style.fontSize)
    if word > width:
        size = max(6.0, style.fontSize * width / word)
        style = ParagraphStyle(f"{style.name}_small", parent=style, fontSize=size, leading=size * 1.25)
        return Paragraph(markup(text), style)
    return fit_cell(text, style, width)


def data_table(header: Sequence[str], rows: Sequence[Sequence[Any]], widths: Sequence[float], *,
               numeric: Sequence[int] = (), total: Sequence[Any] | None = None) -> Table:
    """A table with a coloured header row that repeats on every page it spans.

    Cells may be strings (wrapped when too long) or flowables; ``numeric``
    columns are right-aligned; ``total`` adds a bold last row.
    """
    st = styles()
    numeric_set = set(numeric)
    widths = fit_widths(header, [*rows, *([total] if total is not None else [])], widths, numeric_set)
    inner = [w - 2 * PAD for w in widths]
    bold_right = ParagraphStyle("total_right", parent=st.cell_right, fontName=FONT_BOLD)

    def style_of(col: int, bold: bool = False) -> ParagraphStyle:
        if col in numeric_set:
            return bold_right if bold else st.cell_right
        return st.cell_bold if bold else st.cell

    body = [[_head_cell(h, st.head_right if i in numeric_set else st.head, inner[i]) for i, h in enumerate(header)]]
    body += [[fit_cell(v, style_of(i), inner[i]) for i, v in enumerate(row)] for row in rows]
    if total is not None:
        body.append([fit_cell(v, style_of(i, True), inner[i]) for i, v in enumerate(total)])
    table = Table(body, colWidths=list(widths), repeatRows=1, hAlign="LEFT")
    commands: list[tuple] = text_commands(((0, 1), (-1, -1)), st.cell)
    for col in numeric_set:
        commands.append(("ALIGN", (col, 0), (col, -1), "RIGHT"))
    commands += [("FONT", (0, 0), (-1, 0), FONT_BOLD, st.head.fontSize, st.head.leading),
                 ("TEXTCOLOR", (0, 0), (-1, 0), colors.white)]
    commands += [
        ("BACKGROUND", (0, 0), (-1, 0), GREEN),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 1), (-1, -1), 0.4, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), PAD),
        ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
    ]
    for index in range(2, len(body), 2):
        commands.append(("BACKGROUND", (0, index), (-1, index), LIGHT_GREY))
    if total is not None:
        commands += [("BACKGROUND", (0, -1), (-1, -1), LIGHT_GREEN), ("LINEABOVE", (0, -1), (-1, -1), 0.8, GREEN),
                     ("FONT", (0, -1), (-1, -1), FONT_BOLD, st.cell.fontSize, st.cell.leading)]
    table.setStyle(TableStyle(commands))
    return table


def facts_table(pairs: Sequence[tuple[str, Any]], widths: tuple[float, float] = (42 * mm, CONTENT_WIDTH - 42 * mm)
                ) -> Table:
    """Label/value pairs, e.g. organization and contact details; empty values are left out."""
    st = styles()
    label_w, value_w = widths[0] - 3, widths[1] - 3
    rows = [[fit_cell(label, st.label, label_w), fit_cell(value, st.cell, value_w)]
            for label, value in pairs if value not in (None, "")]
    if not rows:
        rows = [["", ""]]
    table = Table(rows, colWidths=list(widths), hAlign="LEFT")
    table.setStyle(TableStyle(text_commands(((0, 0), (0, -1)), st.label) + text_commands(((1, 0), (1, -1)), st.cell) + [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]))
    return table


# --- Pages ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class PageInfo:
    """What the header and footer print on every page."""

    footer_left: str
    page_label: str = ""              # translated "Page {page} of {pages}"
    logos: tuple[bytes, ...] = ()     # partner logos (PNG/JPEG), drawn in the header's right box


def _draw_header(canvas: Canvas, info: PageInfo) -> None:
    canvas.saveState()
    top = PAGE_HEIGHT - 10 * mm
    canvas.setFillColor(GREEN)
    canvas.setFont(FONT_BOLD, 10)
    canvas.drawString(MARGIN_X, top - 4 * mm, PROJECT_NAME_SV)
    canvas.setFillColor(GREY)
    canvas.setFont(FONT, 9)
    canvas.drawString(MARGIN_X, top - 8.5 * mm, PROJECT_NAME_NB)
    box_w, box_h = LOGO_BOX
    x = PAGE_WIDTH - MARGIN_X
    for logo in reversed(info.logos):
        try:
            reader = ImageReader(io.BytesIO(logo))
            iw, ih = reader.getSize()
        except Exception:  # a broken logo must not stop the document
            continue
        height = box_h - 2 * mm
        width = min(box_w / max(len(info.logos), 1), height * iw / ih)
        height = width * ih / iw
        x -= width
        canvas.drawImage(reader, x, top - height, width, height, mask="auto")
        x -= 3 * mm
    canvas.setStrokeColor(GREEN)
    canvas.setLineWidth(1.2)
    canvas.line(MARGIN_X, PAGE_HEIGHT - HEADER_HEIGHT - 2 * mm, PAGE_WIDTH - MARGIN_X,
                PAGE_HEIGHT - HEADER_HEIGHT - 2 * mm)
    canvas.restoreState()


def fit_line(text: str, font: str, size: float, room: float) -> str:
    """``text`` as one line no wider than ``room``, cut with "…" when needed."""
    if pdfmetrics.stringWidth(text, font, size) <= room:
        return text
    low, high = 0, len(text)   # the longest prefix that fits with the ellipsis
    while low < high:
        middle = (low + high + 1) // 2
        if pdfmetrics.stringWidth(text[:middle].rstrip() + "…", font, size) <= room:
            low = middle
        else:
            high = middle - 1
    return text[:low].rstrip() + "…"


def _draw_footer(canvas: Canvas, info: PageInfo, page: int, pages: int) -> None:
    canvas.saveState()
    y = 10 * mm
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.5)
    canvas.line(MARGIN_X, y + 4 * mm, PAGE_WIDTH - MARGIN_X, y + 4 * mm)
    canvas.setFont(FONT, 7.5)
    canvas.setFillColor(GREY)
    label = info.page_label.format(page=page, pages=pages)
    room = CONTENT_WIDTH - pdfmetrics.stringWidth(label, FONT, 7.5) - 6 * mm
    # A long organization name must not run into the page number.
    canvas.drawString(MARGIN_X, y, fit_line(nfc(info.footer_left), FONT, 7.5, room))
    canvas.drawRightString(PAGE_WIDTH - MARGIN_X, y, label)
    canvas.restoreState()


def _numbered_canvas(info: PageInfo) -> Callable[..., Canvas]:
    class _NumberedCanvas(Canvas):
        """Keeps every page until the end, then stamps "Page n of N" on each."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            kwargs.setdefault("initialFontName", FONT)
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 - ReportLab API
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                _draw_footer(self, info, number, total)
                Canvas.showPage(self)
            Canvas.save(self)

    return _NumberedCanvas


@dataclass
class Metadata:
    title: str
    author: str
    subject: str = ""
    keywords: Sequence[str] = field(default_factory=tuple)


def build_pdf(story: list[Any], meta: Metadata, info: PageInfo, *, lang: str,
              invariant: bool = False) -> bytes:
    """Lay out ``story`` on A4 pages with the shared header and footer and return the PDF bytes.

    ``invariant`` fixes the creation date and document id, so the same input
    gives the same bytes (for tests that compare output).
    """
    register_fonts()
    buffer = io.BytesIO()
    if not info.page_label:
        info = PageInfo(info.footer_left, _("Page {page} of {pages}"), info.logos)
    doc = BaseDocTemplate(
        buffer, pagesize=A4, leftMargin=MARGIN_X, rightMargin=MARGIN_X,
        topMargin=HEADER_HEIGHT + 8 * mm, bottomMargin=FOOTER_HEIGHT + 8 * mm,
        title=nfc(meta.title), author=nfc(meta.author), subject=nfc(meta.subject),
        keywords=[nfc(k) for k in meta.keywords], creator="Cirkulär", producer="Cirkulär (ReportLab)",
        invariant=1 if invariant else 0, lang=PDF_LANGUAGE.get(lang, lang), initialFontName=FONT,
        displayDocTitle=1)
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame],
                                       onPage=lambda canvas, _doc: _draw_header(canvas, info))])
    doc.build(story, canvasmaker=_numbered_canvas(info))
    return buffer.getvalue()


def today_label(value: _dt.date) -> str:
    return i18n.format_date(value, fmt="long")
