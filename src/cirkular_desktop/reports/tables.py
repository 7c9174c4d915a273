"""Tables in the documents: column widths from their content, numbers that never wrap, text that wraps well.

Column widths are computed from what the cells hold, numeric columns first:
a quantity, a sum of money or a total ("169 148,2 t", "12 345 678 kr") is
one unbreakable line and its column gets the room for the widest one. Text
columns share what is left: each gets at least its longest word (so a word
is broken only when the page has no room for it, and then with a hyphen in
the document's language), and the rest goes to the columns whose text would
otherwise wrap. E-mail addresses and web addresses (``NoWrap``) are never
broken: a too-long one is set smaller.

Cells are strings (plain text), ``Rich`` (Paragraph markup with the plain
text it shows, for measuring), ``NoWrap`` or any flowable.

Imports: reportlab, standard library, i18n, reports (fonts, hyphenation, layout).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Collection, Sequence

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Table, TableStyle

from cirkular_desktop import i18n
from cirkular_desktop.reports import fonts
from cirkular_desktop.reports.fonts import FONT, FONT_BOLD
from cirkular_desktop.reports.hyphenation import hyphenator
from cirkular_desktop.reports.layout import CONTENT_WIDTH, GREEN, LIGHT_GREEN, LIGHT_GREY, RULE, styles

if TYPE_CHECKING:
    from pyphen import Pyphen

PAD = 4
CELL_LINES = 20
MIN_SIZE = 5.5         # the smallest a never-broken value is set before it would leave its column
_SPACES = re.compile("[ \t\n]+")   # only these break a line; no-break spaces hold "2 407,7 t" together


@dataclass(frozen=True)
class Rich:
    """A cell with Paragraph markup (already escaped) and the plain text it shows."""

    markup: str
    plain: str


@dataclass(frozen=True)
class NoWrap:
    """A value that must stay on one line: an e-mail or web address, an id."""

    text: str


def plain_text(value: Any) -> str:
    if isinstance(value, Rich):
        return value.plain
    if isinstance(value, NoWrap):
        return value.text
    if isinstance(value, (str, int, float)):
        return fonts.nfc(value)
    return ""


def width_of(text: str, font: str, size: float) -> float:
    return fonts.string_width(text, font, size)


def longest_word(text: str, font: str, size: float) -> float:
    return max((width_of(word, font, size) for word in _SPACES.split(text) if word), default=0.0)


def longest_line(text: str, font: str, size: float) -> float:
    return max((width_of(line, font, size) for line in text.split("\n")), default=0.0)


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


def _smaller(style: ParagraphStyle, size: float, *, whole: bool = False) -> ParagraphStyle:
    """``style`` set smaller; ``whole`` also forbids breaking inside a word (an e-mail address)."""
    extra: dict[str, Any] = {"splitLongWords": 0, "hyphenationLang": ""} if whole else {}
    return ParagraphStyle(f"{style.name}_{size:.2f}_{int(whole)}", parent=style, fontSize=size,
                          leading=size * 1.25, **extra)


def _dictionary() -> Pyphen | None:
    """The pyphen hyphenation dictionary of the document's language, or None without pyphen."""
    return hyphenator(i18n.get_language()).dictionary()


def hyphenate_long_words(text: str, font: str, size: float, width: float) -> str:
    """``text`` with soft hyphens in the words wider than ``width``, at the language's hyphenation points.

    Only a word that cannot fit its column is given break points, so a
    column wide enough for its words wraps between words and never
    hyphenates; "Återvinningscentralen" in a narrow column breaks as
    "Återvinnings-centralen", not "Återvinning-scentralen".
    """
    # Reading a language's hyphenation dictionary costs about half a second, and most cells have
    # no word too wide: it is loaded only for a word that needs it.
    if all(width_of(word, font, size) <= width for word in _SPACES.split(text) if word):
        return text
    dictionary = _dictionary()
    if dictionary is None:
        return text

    def soften(match: re.Match[str]) -> str:
        word = match.group(0)
        if width_of(word, font, size) <= width:
            return word
        return dictionary.inserted(word, hyphen="\u00ad")

    return re.sub(r"[^ \t\n]+", soften, text)


def fit_cell(value: Any, style: ParagraphStyle, width: float, *, nowrap: bool = False) -> Any:
    """A table cell in ``width``: plain text when it fits (drawn by the table, cheap), else a Paragraph.

    A ``NoWrap`` value (or any value with ``nowrap``) is never broken: when
    too wide it is set smaller, down to ``MIN_SIZE``.
    """
    if value is None:
        return ""
    if isinstance(value, Rich):
        return Paragraph(value.markup, style)
    if isinstance(value, NoWrap):
        value, nowrap = value.text, True
    if not isinstance(value, (str, int, float)):
        return value
    text = fonts.nfc(value)
    if nowrap:
        wide = longest_line(text, style.fontName, style.fontSize)
        if wide > width and wide > 0:
            # A little under the exact fit: the paragraph's own rounding must not push the last letter over.
            size = max(MIN_SIZE, style.fontSize * width / wide * 0.97)
            return Paragraph(fonts.markup(text), _smaller(style, size, whole=True))
        return text if not fonts.needs_fallback(text) else Paragraph(fonts.markup(text), _smaller(
            style, style.fontSize, whole=True))
    text = clip_to_lines(text, style, width)
    if not fonts.needs_fallback(text) and longest_line(text, style.fontName, style.fontSize) <= width:
        return text
    return Paragraph(fonts.markup(hyphenate_long_words(text, style.fontName, style.fontSize, width)), style)


def column_widths(header: Sequence[str], rows: Sequence[Sequence[Any]], total: float, *,
                  numeric: Collection[int] = (), weights: Sequence[float] | None = None,
                  max_word_share: float = 0.45) -> list[float]:
    """Widths summing to ``total``: numeric columns get their widest value, text columns share the rest.

    Each text column gets at least its longest word (capped at
    ``max_word_share`` of the room, so one pasted URL cannot take the
    table); what is left goes to the text columns that would wrap, in
    proportion to how much more they need, then by ``weights``.
    """
    st = styles()
    count = len(header)
    numeric_set = set(numeric)
    low = [0.0] * count    # the narrowest a column may be without breaking a word or a number
    full = [0.0] * count   # the width at which nothing in it wraps
    size = st.cell.fontSize
    head_full = [longest_line(head, st.head.fontName, st.head.fontSize) for head in header]
    for index, head in enumerate(header):
        low[index] = longest_word(head, st.head.fontName, st.head.fontSize)
        full[index] = head_full[index]
    for row in rows:
        for index, value in enumerate(row[:count]):
            text = plain_text(value)
            if not text:
                continue
            if index in numeric_set or isinstance(value, NoWrap):
                # Bold totals are the widest way a value is drawn.
                wide = longest_line(text, FONT_BOLD, size)
                low[index] = max(low[index], wide)
                full[index] = max(full[index], wide)
            else:
                low[index] = max(low[index], longest_word(text, FONT_BOLD, size))
                full[index] = max(full[index], longest_line(text, FONT, size))
    pad = 2 * PAD + 1
    low = [w + pad for w in low]
    full = [max(f + pad, lo) for f, lo in zip(full, low)]
    widths = [0.0] * count
    for index in numeric_set:
        widths[index] = low[index]
    room = total - sum(widths)
    text_cols = [i for i in range(count) if i not in numeric_set]
    if not text_cols:
        scale = total / sum(widths) if sum(widths) else 1
        return [w * scale for w in widths]
    if room <= pad * len(text_cols):
        # Numbers alone overflow the page (never in practice): share everything by need.
        need = [max(low[i], full[i]) if i in text_cols else widths[i] for i in range(count)]
        return [n * total / sum(need) for n in need]
    for index in text_cols:
        low[index] = min(low[index], room * max_word_share)
    lows = sum(low[i] for i in text_cols)
    if lows >= room:
        # Not every longest word fits: short columns ("SME", "Sverige") keep theirs, and only the
        # columns with the longest words are narrowed, all to one cap, so only those words break.
        cap = _water_level([low[i] for i in text_cols], room)
        for index in text_cols:
            widths[index] = min(low[index], cap)
        return widths
    for index in text_cols:
        widths[index] = low[index]
    extra = room - lows
    want = {i: full[i] - low[i] for i in text_cols}
    wanted = sum(want.values())
    if wanted >= extra:
        for index in text_cols:
            widths[index] += extra * want[index] / wanted if wanted else 0
        return widths
    for index in text_cols:
        widths[index] = full[index]
    extra -= wanted
    # Room to spare: a number column's title on one line ("Andel av målet", not three lines of it).
    head_want = {i: max(0.0, head_full[i] + pad - widths[i]) for i in numeric_set}
    if sum(head_want.values()) > 0:
        give = min(1.0, extra / sum(head_want.values()))
        for index, amount in head_want.items():
            widths[index] += amount * give
        extra -= sum(head_want.values()) * give
    shares = [max(weights[i], 0.0) if weights is not None else full[i] for i in text_cols]
    for index, share in zip(text_cols, shares):
        widths[index] += extra * share / (sum(shares) or 1)
    return widths


def _water_level(needs: Sequence[float], room: float) -> float:
    """The cap c with sum(min(need, c)) == room (every need above c is cut to c)."""
    ordered = sorted(needs)
    left, count = room, len(ordered)
    for index, need in enumerate(ordered):
        share = left / (count - index)
        if need >= share:
            return share
        left -= need
    return ordered[-1] if ordered else room


def _head_cell(text: str, style: ParagraphStyle, width: float) -> Any:
    """A header cell; a word still wider than its column is set smaller rather than broken inside."""
    word = longest_word(text, style.fontName, style.fontSize)
    if word > width:
        return Paragraph(fonts.markup(text), _smaller(style, max(6.0, style.fontSize * width / word)))
    return fit_cell(text, style, width)


def text_commands(cells: tuple[tuple[int, int], tuple[int, int]], style: ParagraphStyle) -> list[tuple[Any, ...]]:
    """TableStyle commands that make plain-text cells look like ``style``."""
    start, stop = cells
    align = "RIGHT" if style.alignment == TA_RIGHT else "LEFT"
    return [("FONT", start, stop, style.fontName, style.fontSize, style.leading),
            ("TEXTCOLOR", start, stop, style.textColor), ("ALIGN", start, stop, align)]


def data_table(header: Sequence[str], rows: Sequence[Sequence[Any]], widths: float | Sequence[float] = CONTENT_WIDTH,
               *, numeric: Sequence[int] = (), total: Sequence[Any] | None = None) -> Table:
    """A table with a coloured header row that repeats on every page it spans.

    ``widths`` is the table's width, or a list whose sum is the width and
    whose values weigh how spare room is shared; the columns themselves are
    sized from their content (``column_widths``). ``numeric`` columns are
    right-aligned and never wrap; ``total`` adds a bold last row.
    """
    st = styles()
    numeric_set = set(numeric)
    all_rows = [*rows, *([total] if total is not None else [])]
    if isinstance(widths, (int, float)):
        width, weights = float(widths), None
    else:
        width, weights = float(sum(widths)), list(widths)
    col = column_widths(header, all_rows, width, numeric=numeric_set, weights=weights)
    inner = [w - 2 * PAD for w in col]
    bold_right = ParagraphStyle("total_right", parent=st.cell_right, fontName=FONT_BOLD)

    def style_of(index: int, bold: bool = False) -> ParagraphStyle:
        if index in numeric_set:
            return bold_right if bold else st.cell_right
        return st.cell_bold if bold else st.cell

    def cell(value: Any, index: int, bold: bool = False) -> Any:
        return fit_cell(value, style_of(index, bold), inner[index], nowrap=index in numeric_set)

    body = [[_head_cell(h, st.head_right if i in numeric_set else st.head, inner[i]) for i, h in enumerate(header)]]
    body += [[cell(v, i) for i, v in enumerate(row)] for row in rows]
    if total is not None:
        body.append([cell(v, i, True) for i, v in enumerate(total)])
    table = Table(body, colWidths=col, repeatRows=1, hAlign="LEFT")
    commands: list[tuple[Any, ...]] = text_commands(((0, 1), (-1, -1)), st.cell)
    for index in numeric_set:
        commands.append(("ALIGN", (index, 0), (index, -1), "RIGHT"))
    commands += [("FONT", (0, 0), (-1, 0), FONT_BOLD, st.head.fontSize, st.head.leading),
                 ("TEXTCOLOR", (0, 0), (-1, 0), colors.white),
                 ("BACKGROUND", (0, 0), (-1, 0), GREEN),
                 ("VALIGN", (0, 0), (-1, -1), "TOP"),
                 ("LINEBELOW", (0, 1), (-1, -1), 0.4, RULE),
                 ("TOPPADDING", (0, 0), (-1, -1), 3),
                 ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                 ("LEFTPADDING", (0, 0), (-1, -1), PAD),
                 ("RIGHTPADDING", (0, 0), (-1, -1), PAD)]
    # One command for the stripes: a command per row made long tables noticeably slower to build.
    commands.append(("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, LIGHT_GREY]))
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
            for label, value in pairs if value not in (None, "") and not (isinstance(value, NoWrap) and not value.text)]
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
