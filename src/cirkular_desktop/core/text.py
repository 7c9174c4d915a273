"""Text and date helpers every part of core shares: the one place that folds text for
comparison, normalises Unicode and reads ISO dates, and the picker for multilingual
resource texts.

Searching, looking names up and matching words all compare text the same way
(``fold``); stored text is NFC (``nfc``); a date arrives as a ``date``, a
``datetime`` or "YYYY-MM-DD" text (``to_date``). No other module of core calls
``unicodedata.normalize`` or ``str.casefold`` itself (a test holds it to that),
so a change to how text compares is made here once.

Imports: i18n, standard library.
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from typing import Mapping

from cirkular_desktop import i18n

# Hyphen, non-breaking hyphen, figure dash, en dash, em dash, minus: people (and word
# processors) type any of them for "-", as in "Aurskog–Høland" or "17–02–01".
# (A regular expression: str.translate looks every character up and costs twice as much.)
_DASH_RE = re.compile("[\u2010\u2011\u2012\u2013\u2014\u2015\u2212]")
_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")


def nfc(text: str) -> str:
    """``text`` in Unicode normal form C: "a" + combining ring becomes "å", as stored text is."""
    # ASCII is always NFC; the check is far cheaper than normalising.
    return text if text.isascii() else unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """The form two texts are compared in: equal when a reader would call them the same.

    ``fold_case``, then typographic dashes as "-" and every run of white space
    (tabs, line breaks, no-break spaces) as one space, no blanks at the ends.
    Letters keep their marks: å, ä, ö, æ and ø are letters of their own in
    Swedish and Norwegian ("får" is not "far"), so only ``plain`` removes them.
    """
    if text.isascii():
        return " ".join(text.lower().split())
    return " ".join(_DASH_RE.sub("-", unicodedata.normalize("NFC", text).casefold()).split())


def fold_case(text: str) -> str:
    """The letters' part of ``fold``: NFC and case folded, dashes and white space left as they are.

    For a caller that takes words out of the text with a pattern of letters, where
    dashes and spaces never reach the comparison (matching's shared words): the
    same words as ``fold`` gives, for less work on its hot path.
    """
    # ASCII casefolds exactly as it lowercases, and needs no NFC work.
    return text.lower() if text.isascii() else unicodedata.normalize("NFC", text).casefold()


def plain(text: str) -> str:
    """``text`` without combining marks ("Kárášjohka" → "Karasjohka", "å" → "a"): for sort keys
    and ASCII slugs, never for deciding that two words are the same."""
    if text.isascii():
        return text
    return unicodedata.normalize("NFC", "".join(
        ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch)))


def compatible(text: str) -> str:
    """``text`` in normal form KC: ligatures, full-width and superscript forms as plain letters
    ("ﬁ" → "fi", "²" → "2"); for ASCII slugs and names of files, not for stored text."""
    return text if text.isascii() else unicodedata.normalize("NFKC", text)


def is_nfc(text: str) -> bool:
    return text.isascii() or unicodedata.is_normalized("NFC", text)


def to_date(value: object) -> _dt.date | None:
    """The day ``value`` names: a ``date``, a ``datetime`` (its day) or "YYYY-MM-DD" text with
    blanks around it allowed. None for anything else, including impossible days ("2025-02-30")
    and other ISO forms ("20250102", "2025-W01"), which the app never writes."""
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        if _DATE_RE.fullmatch(text):
            try:
                return _dt.date.fromisoformat(text)
            except ValueError:
                return None
    return None


def iso_date(value: object) -> str | None:
    """``to_date`` as "YYYY-MM-DD" text, the stored form of a date; None when it is no date."""
    day = to_date(value)
    return day.isoformat() if day is not None else None


def pick(texts: Mapping[str, str] | str | None, lang: str | None = None) -> str:
    """Return the text for ``lang`` (default: active language), falling back to English."""
    if texts is None:
        return ""
    if isinstance(texts, str):
        return texts
    lang = lang or i18n.get_language()
    return texts.get(lang) or texts.get("en") or next(iter(texts.values()), "")
