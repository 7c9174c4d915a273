"""Fonts of the documents: DejaVu Sans embedded, fallback fonts for what it cannot draw, visible replacement.

Every text is set in DejaVu Sans (regular, bold, oblique), embedded as a
subset: the built-in PDF fonts are not embedded and cannot draw Sámi letters.
A character DejaVu Sans lacks — an emoji pasted from a phone, a Chinese or
Japanese name — is set in the first fallback font that has it (Noto Emoji,
Noto Sans Symbols 2, a CJK subset of Droid Sans Fallback; see
``resources/fonts`` and ``tools/build_fallback_fonts.py``). A fallback font
is read from disk only when a document needs it, so an ordinary summary
costs nothing extra. A character no font has is replaced by a visible
"�" and remembered: ``collecting()`` gathers them for one document, so the
preview and the CLI can warn before the file is saved.

Imports: reportlab, standard library, resources.
"""

from __future__ import annotations

import contextlib
import contextvars
import threading
import unicodedata
from typing import Any, Iterator, cast
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from cirkular_desktop import resources

FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
FONT_ITALIC = "DejaVuSans-Oblique"
_FONT_FILES = {FONT: "DejaVuSans.ttf", FONT_BOLD: "DejaVuSans-Bold.ttf", FONT_ITALIC: "DejaVuSans-Oblique.ttf"}
# Tried in this order for a character DejaVu Sans lacks.
FALLBACKS = (("NotoEmoji", "NotoEmoji-Regular.ttf"), ("NotoSansSymbols2", "NotoSansSymbols2-Regular.ttf"),
             ("DroidSansFallbackCJK", "DroidSansFallback-CJK.ttf"))
REPLACEMENT = "\ufffd"
# Invisible joiners and emoji presentation selectors: nothing to draw, and no font is needed for them.
_INVISIBLE = {"\ufe0e", "\ufe0f", "\u200d"}

_lock = threading.Lock()
_ready = False
_main_chars: frozenset[int] = frozenset()
_plain: frozenset[str] = frozenset()        # the characters DejaVu Sans draws, as strings (fast subset test)
_fallback_chars: dict[str, frozenset[int]] = {}   # registered fallback font → the characters it has
_font_for: dict[str, str | None] = {}               # character → fallback font name, None for none
_missing: contextvars.ContextVar[set[str] | None] = contextvars.ContextVar("cirkular_missing_chars",
                                                                          default=None)


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """ReportLab's ToUnicode map, with characters beyond U+FFFF written as UTF-16 surrogate pairs.

    ReportLab writes an emoji such as U+1F44D as ``<1F44D>``, an odd-length
    code that PDF readers reject, so the emoji would print but vanish from
    search and copy. The PDF reference wants UTF-16BE: ``<D83DDC4D>``.
    """
    def utf16(value: int) -> str:
        if value > 0xFFFF:
            value -= 0x10000
            return "%04X%04X" % (0xD800 + (value >> 10), 0xDC00 + (value & 0x3FF))
        return "%04X" % value

    return "\n".join([
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap", "/CIDSystemInfo",
        "<< /Registry (%s)" % fontname, "/Ordering (%s)" % fontname, "/Supplement 0", ">> def",
        "/CMapName /%s def" % fontname, "/CMapType 2 def", "1 begincodespacerange",
        "<00> <%02X>" % (len(subset) - 1), "endcodespacerange", "%d beginbfchar" % len(subset),
        *("<%02X> <%s>" % (index, utf16(value)) for index, value in enumerate(subset)),
        "endbfchar", "endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"])


class _LateFont(TTFont):
    """A TrueType font registered by name and read from its file when ReportLab first uses it.

    Reading a DejaVu face costs 30–60 ms; the summaries never set text in
    the oblique one, which the font family still needs for ``<i>``. Every
    attribute ReportLab asks for (the face, widths, subset state) is missing
    until then, so the first such lookup reads the file; ``fontName`` and
    the class's constants are all it can see before.
    """

    def __init__(self, name: str, filename: str) -> None:  # noqa: D107 - the TTFont's constructor runs later
        self.__dict__["_late"] = filename
        self.fontName = name

    def __getattr__(self, attribute: str) -> Any:
        filename = self.__dict__.get("_late")
        if filename is None:
            raise AttributeError(attribute)
        with _font_lock:
            if "_late" in self.__dict__:
                TTFont.__init__(self, self.fontName, filename)
                del self.__dict__["_late"]
        return getattr(self, attribute)


_font_lock = threading.RLock()
# Read at once: the body text and every heading. The oblique face is read when something is set in it.
_EAGER = (FONT, FONT_BOLD)


def register_fonts() -> None:
    """Register DejaVu Sans (regular, bold, oblique) with ReportLab once per process."""
    global _ready, _main_chars, _plain
    if _ready:
        return
    with _lock:
        if _ready:
            return
        from reportlab.pdfbase import ttfonts

        ttfonts.makeToUnicodeCMap = _to_unicode_cmap   # see _to_unicode_cmap: same map, valid for emoji
        for name, filename in _FONT_FILES.items():
            path = str(resources.resource_path("fonts", filename))
            if name in _EAGER:
                pdfmetrics.registerFont(TTFont(name, path))
            else:
                # registerFont would read the face for its name; a late font goes straight into the table.
                pdfmetrics._fonts[name] = _LateFont(name, path)  # type: ignore[attr-defined]  # ReportLab's registry
        pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC,
                                      boldItalic=FONT_BOLD)
        main = cast(TTFont, pdfmetrics.getFont(FONT))   # registered as a TrueType font just above
        _main_chars = frozenset(main.face.charToGlyph)
        drawn = frozenset(chr(c) for c in _main_chars) - _INVISIBLE - {chr(c) for c in range(32)}
        _plain = drawn | {"\n", "\t"}
        _ready = True


def _load_fallback(name: str, filename: str) -> frozenset[int]:
    with _lock:
        if name not in _fallback_chars:
            try:
                font = TTFont(name, str(resources.resource_path("fonts", filename)))
            except Exception:  # a missing or damaged font file: fall through to the next, then replace
                _fallback_chars[name] = frozenset()
                return _fallback_chars[name]
            pdfmetrics.registerFont(font)
            # Bold and italic text keeps its fallback characters upright and regular: better than a box.
            pdfmetrics.registerFontFamily(name, normal=name, bold=name, italic=name, boldItalic=name)
            _fallback_chars[name] = frozenset(font.face.charToGlyph)
    return _fallback_chars[name]


def has_glyph(char: str) -> bool:
    """True when DejaVu Sans draws ``char``."""
    register_fonts()
    return ord(char) in _main_chars


def fallback_font(char: str) -> str | None:
    """The fallback font that draws ``char`` (registered on first use), or None when none does."""
    if char in _font_for:
        return _font_for[char]
    found = None
    for name, filename in FALLBACKS:
        if ord(char) in _load_fallback(name, filename):
            found = name
            break
    _font_for[char] = found
    return found


def _note_missing(char: str) -> None:
    missing = _missing.get()
    if missing is not None:
        missing.add(char)


@contextlib.contextmanager
def collecting() -> Iterator[set[str]]:
    """Gather the characters replaced while building one document (in this thread or task)."""
    found: set[str] = set()
    token = _missing.set(found)
    try:
        yield found
    finally:
        _missing.reset(token)


def nfc(text: Any) -> str:
    """Text as NFC: a decomposed "å" from a Mac or a web form prints as one letter."""
    return unicodedata.normalize("NFC", "" if text is None else str(text))


def _is_control(char: str) -> bool:
    return unicodedata.category(char) == "Cc" and char not in "\n\t"


def runs(text: Any) -> list[tuple[str | None, str]]:
    """``text`` (NFC) as runs of (fallback font or None for DejaVu Sans, characters).

    Characters no font has become "�" in the main font and are noted for
    ``collecting``; control characters and invisible joiners are dropped.
    """
    register_fonts()
    text = nfc(text)
    if _plain.issuperset(text):
        return [(None, text)] if text else []
    out: list[tuple[str | None, str]] = []
    for char in text:
        if char in _INVISIBLE or _is_control(char):
            continue
        font: str | None = None
        if char not in _plain:
            font = fallback_font(char)
            if font is None:
                _note_missing(char)
                char = REPLACEMENT
        if out and out[-1][0] == font:
            out[-1] = (font, out[-1][1] + char)
        else:
            out.append((font, char))
    return out


def needs_fallback(text: str) -> bool:
    """True when ``text`` has a character DejaVu Sans cannot draw (or one to drop)."""
    register_fonts()
    return not _plain.issuperset(text)


def markup(text: Any) -> str:
    """Plain text made safe for a Paragraph: NFC, XML-escaped, line breaks kept, fallback fonts marked."""
    parts = []
    for font, chunk in runs(text):
        escaped = escape(chunk).replace("\r\n", "\n").replace("\n", "<br/>")
        parts.append(escaped if font is None else f'<font name="{font}">{escaped}</font>')
    return "".join(parts)


def single_font(text: Any) -> str:
    """``text`` for a place that draws one font only (chart labels): what DejaVu lacks shows as "�"."""
    register_fonts()
    out = []
    for char in nfc(text):
        if char in _INVISIBLE or _is_control(char):
            continue
        if char not in _plain:
            _note_missing(char)
            char = REPLACEMENT
        out.append(char)
    return "".join(out)


def string_width(text: str, font: str, size: float) -> float:
    """The width of ``text`` as ``draw_string`` sets it, fallback runs included."""
    register_fonts()
    if _plain.issuperset(text):
        return pdfmetrics.stringWidth(text, font, size)
    return sum(pdfmetrics.stringWidth(chunk, fallback or font, size) for fallback, chunk in runs(text))


def draw_string(canvas: Any, x: float, y: float, text: str, font: str, size: float, *,
                align: str = "left") -> None:
    """Draw one line on a canvas in ``font``, switching to a fallback font where needed."""
    parts = runs(text)
    width = sum(pdfmetrics.stringWidth(chunk, fallback or font, size) for fallback, chunk in parts)
    if align == "right":
        x -= width
    elif align == "center":
        x -= width / 2
    for fallback, chunk in parts:
        canvas.setFont(fallback or font, size)
        canvas.drawString(x, y, chunk)
        x += pdfmetrics.stringWidth(chunk, fallback or font, size)
    canvas.setFont(font, size)
