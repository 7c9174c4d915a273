"""What every Cirkulär PDF shares: styles, the page frame with the EU funding sign, numbering, metadata.

Fonts live in ``reports.fonts`` (DejaVu Sans embedded, fallback fonts for
emoji and CJK), tables in ``reports.tables``. Every page carries the
project's name (the document's language first), the EU emblem with the
funding statement (``reports.emblem``) and the programme's logo when one
is set; partner logos sit at the foot of the first page. Page numbers
("Sida 1 av 2") need the page count, which is only known at the end:
``_NumberedCanvas`` keeps each page's state and draws the footers when the
document is saved, so a document is laid out once. A draft is marked on
every page.

Imports: reportlab, standard library, i18n, reports (fonts, emblem, hyphenation).
"""

from __future__ import annotations

import datetime as _dt
import io
from dataclasses import dataclass, field
from typing import Any, Callable, Literal, Sequence

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle as ParagraphStyle  # re-exported for the report modules
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, NextPageTemplate, PageTemplate, Paragraph

from cirkular_desktop import i18n
from cirkular_desktop.i18n import gettext as _
from cirkular_desktop.reports import emblem, fonts
# Re-exported (the "X as X" form says so to the type checker): the report modules take fonts from here.
from cirkular_desktop.reports.hyphenation import HYPHENATION as HYPHENATION, hyphenator
from cirkular_desktop.reports.fonts import (  # noqa: F401
    FONT as FONT, FONT_BOLD as FONT_BOLD, FONT_ITALIC as FONT_ITALIC, nfc as nfc, register_fonts,
)

# The project's name in both languages; the document's language comes first (English documents: Swedish first).
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
EMBLEM_HEIGHT = 10 * mm           # the EU emblem's height in the header; no other logo is taller
PROGRAMME_LOGO_BOX = (40 * mm, EMBLEM_HEIGHT)
PARTNER_STRIP = 16 * mm           # room at the foot of the first page for partner logos
PARTNER_LOGO_BOX = (34 * mm, 10 * mm)


def project_names(lang: str) -> tuple[str, str]:
    """The project's name in the document's language first, then in the other."""
    return (PROJECT_NAME_NB, PROJECT_NAME_SV) if lang == "nb" else (PROJECT_NAME_SV, PROJECT_NAME_NB)


def project_name(lang: str) -> str:
    return project_names(lang)[0]


def markup(text: Any) -> str:
    """Plain text made safe for a Paragraph: NFC, XML-escaped, line breaks kept, fallback fonts marked."""
    return fonts.markup(text)


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


# A paragraph's alignment as ReportLab numbers it: TA_LEFT, TA_CENTER, TA_RIGHT, TA_JUSTIFY.
Alignment = Literal[0, 1, 2, 4]


def _styles(lang: str) -> Styles:
    hyphenation: Any = hyphenator(lang) if lang in HYPHENATION else ""

    def style(name: str, size: float, *, font: str = FONT, leading: float | None = None,
              color: Any = colors.black, before: float = 0, after: float = 0,
              align: Alignment = TA_LEFT, keep: bool = False, hyphenate: bool = True) -> ParagraphStyle:
        return ParagraphStyle(name, fontName=font, fontSize=size, leading=leading or size * 1.3,
                              textColor=color, spaceBefore=before, spaceAfter=after, alignment=align,
                              keepWithNext=1 if keep else 0, hyphenationLang=hyphenation if hyphenate else "",
                              embeddedHyphenation=1, uriWasteReduce=0.3)

    return Styles(
        title=style("title", 18, font=FONT_BOLD, leading=22, color=GREEN, after=2),
        subtitle=style("subtitle", 10.5, color=GREY, after=8),
        h1=style("h1", 13, font=FONT_BOLD, leading=16, color=GREEN, before=10, after=4, keep=True),
        h2=style("h2", 10.5, font=FONT_BOLD, leading=13, before=6, after=3, keep=True),
        body=style("body", 9.5, leading=13, after=4),
        small=style("small", 8, leading=10.5, color=GREY),
        muted=style("muted", 9, leading=12, color=GREY, after=4),
        # Table cells wrap between words; ``tables.fit_cell`` hyphenates only a word wider than its column.
        cell=style("cell", 8.5, leading=10.5, hyphenate=False),
        cell_bold=style("cell_bold", 8.5, font=FONT_BOLD, leading=10.5, hyphenate=False),
        cell_right=style("cell_right", 8.5, leading=10.5, align=TA_RIGHT, hyphenate=False),
        # Column titles wrap between words only; a word too long for its column is set smaller instead.
        head=style("head", 8, font=FONT_BOLD, leading=10, color=colors.white, hyphenate=False),
        head_right=style("head_right", 8, font=FONT_BOLD, leading=10, color=colors.white, align=TA_RIGHT,
                         hyphenate=False),
        label=style("label", 8.5, leading=10.5, color=GREY, hyphenate=False),
    )


_styles_cache: dict[str, Styles] = {}


def styles() -> Styles:
    """The styles of the active language (hyphenation follows the document's language)."""
    lang = i18n.get_language()
    found = _styles_cache.get(lang)
    if found is None:
        register_fonts()
        found = _styles_cache[lang] = _styles(lang)
    return found


def para(text: Any, style: ParagraphStyle) -> Paragraph:
    return Paragraph(markup(text), style)


# --- Pages ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class PageInfo:
    """What the header and footer print on every page."""

    footer_left: str
    page_label: str = ""                      # translated "Page {page} of {pages}"
    logos: tuple[bytes, ...] = ()             # partner logos (PNG/JPEG), at the foot of the first page
    programme_logo: bytes | None = None       # the programme's logo, beside the EU emblem on every page
    marking: str = ""                         # e.g. "Preliminary", printed on every page
    lang: str = "sv"


def _image(data: bytes | None) -> tuple[ImageReader, int, int] | None:
    if not data:
        return None
    try:
        reader = ImageReader(io.BytesIO(data))
        width, height = reader.getSize()
    except Exception:  # a broken logo must not stop the document
        return None
    if width <= 0 or height <= 0:
        return None
    return reader, width, height


def _fit(width: int, height: int, box: tuple[float, float]) -> tuple[float, float]:
    scale = min(box[0] / width, box[1] / height)
    return width * scale, height * scale


def _draw_header(canvas: Canvas, info: PageInfo) -> None:
    canvas.saveState()
    top = PAGE_HEIGHT - 9 * mm
    first, second = project_names(info.lang)
    # The funding sign (emblem and statement) at the right, the programme's logo before it.
    right = PAGE_WIDTH - MARGIN_X
    block = emblem.draw_funding_block(canvas, right, top, EMBLEM_HEIGHT, FONT, 30 * mm)
    right -= block + 5 * mm
    logo = _image(info.programme_logo)
    if logo is not None:
        reader, iw, ih = logo
        width, height = _fit(iw, ih, PROGRAMME_LOGO_BOX)
        canvas.drawImage(reader, right - width, top - EMBLEM_HEIGHT / 2 - height / 2, width, height, mask="auto")
        right -= width + 5 * mm
    room = right - MARGIN_X
    canvas.setFillColor(GREEN)
    fonts.draw_string(canvas, MARGIN_X, top - 4 * mm, fit_line(first, FONT_BOLD, 10, room), FONT_BOLD, 10)
    canvas.setFillColor(GREY)
    fonts.draw_string(canvas, MARGIN_X, top - 8.5 * mm, fit_line(second, FONT, 9, room), FONT, 9)
    canvas.setStrokeColor(GREEN)
    canvas.setLineWidth(1.2)
    rule = PAGE_HEIGHT - HEADER_HEIGHT - 2 * mm
    canvas.line(MARGIN_X, rule, PAGE_WIDTH - MARGIN_X, rule)
    if info.marking:
        canvas.setFillColor(HAZARD)
        fonts.draw_string(canvas, PAGE_WIDTH - MARGIN_X, rule - 4 * mm, fit_line(info.marking, FONT_BOLD, 8.5,
                          CONTENT_WIDTH), FONT_BOLD, 8.5, align="right")
    canvas.restoreState()


def _draw_partner_logos(canvas: Canvas, info: PageInfo) -> None:
    """The partners' logos in one row at the foot of the first page, centred, none taller than the emblem."""
    images = [found for found in (_image(logo) for logo in info.logos) if found is not None]
    if not images:
        return
    gap = 6 * mm
    box_w = min(PARTNER_LOGO_BOX[0], (CONTENT_WIDTH - gap * (len(images) - 1)) / len(images))
    sizes = [_fit(iw, ih, (box_w, PARTNER_LOGO_BOX[1])) for _reader, iw, ih in images]
    total = sum(w for w, _h in sizes) + gap * (len(images) - 1)
    x = MARGIN_X + (CONTENT_WIDTH - total) / 2
    base = FOOTER_HEIGHT + 6 * mm
    canvas.saveState()
    for (reader, _iw, _ih), (width, height) in zip(images, sizes):
        canvas.drawImage(reader, x, base + (PARTNER_LOGO_BOX[1] - height) / 2, width, height, mask="auto")
        x += width + gap
    canvas.restoreState()


def fit_line(text: str, font: str, size: float, room: float) -> str:
    """``text`` as one line no wider than ``room``, cut with "…" when needed."""
    text = nfc(text)
    if fonts.string_width(text, font, size) <= room:
        return text
    low, high = 0, len(text)   # the longest prefix that fits with the ellipsis
    while low < high:
        middle = (low + high + 1) // 2
        if fonts.string_width(text[:middle].rstrip() + "…", font, size) <= room:
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
    canvas.setFillColor(GREY)
    label = info.page_label.format(page=page, pages=pages)
    room = CONTENT_WIDTH - fonts.string_width(label, FONT, 7.5) - 6 * mm
    # A long organization name must not run into the page number.
    fonts.draw_string(canvas, MARGIN_X, y, fit_line(info.footer_left, FONT, 7.5, room), FONT, 7.5)
    fonts.draw_string(canvas, PAGE_WIDTH - MARGIN_X, y, label, FONT, 7.5, align="right")
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
            self._startPage()  # type: ignore[attr-defined]  # ReportLab's own fresh-page reset; not in its stubs

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
        info = PageInfo(info.footer_left, _("Page {page} of {pages}"), info.logos, info.programme_logo,
                        info.marking, lang)
    elif info.lang != lang:
        info = PageInfo(info.footer_left, info.page_label, info.logos, info.programme_logo, info.marking, lang)
    bottom = FOOTER_HEIGHT + 8 * mm
    doc = BaseDocTemplate(
        buffer, pagesize=A4, leftMargin=MARGIN_X, rightMargin=MARGIN_X,
        topMargin=HEADER_HEIGHT + 10 * mm, bottomMargin=bottom,
        title=nfc(meta.title), author=nfc(meta.author), subject=nfc(meta.subject),
        keywords=[nfc(k) for k in meta.keywords], creator="Cirkulär", producer="Cirkulär (ReportLab)",
        invariant=1 if invariant else 0, lang=PDF_LANGUAGE.get(lang, lang), initialFontName=FONT,
        displayDocTitle=1)
    partners = any(_image(logo) for logo in info.logos)
    first_bottom = bottom + (PARTNER_STRIP if partners else 0)

    def frame(bottom_margin: float, name: str) -> Frame:
        return Frame(doc.leftMargin, bottom_margin, doc.width, PAGE_HEIGHT - doc.topMargin - bottom_margin, id=name,
                     leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)

    def first_page(canvas: Canvas, _doc: Any) -> None:
        _draw_header(canvas, info)
        _draw_partner_logos(canvas, info)

    doc.addPageTemplates([
        PageTemplate(id="first", frames=[frame(first_bottom, "first")], onPage=first_page),
        PageTemplate(id="page", frames=[frame(bottom, "body")],
                     onPage=lambda canvas, _doc: _draw_header(canvas, info)),
    ])
    doc.build([NextPageTemplate("page"), *story], canvasmaker=_numbered_canvas(info))
    return buffer.getvalue()


def today_label(value: _dt.date) -> str:
    return i18n.format_date(value, fmt="long")
