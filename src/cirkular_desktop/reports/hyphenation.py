"""Hyphenation for the documents: pyphen's dictionaries, read in a twelfth of the time pyphen takes.

Paragraphs hyphenate at line ends in the document's language (ReportLab
asks a style's ``hyphenationLang`` for the break points of a word that does
not fit its line), and a table cell breaks a word too wide for its column
(``reports.tables``). pyphen parses every pattern of a dictionary when it
opens it — about half a second for Norwegian, which was a quarter of a
whole ``cirkular report visit`` process. ``QuickDict`` reads the same file
into a table of the raw patterns keyed by their letters (a few C-level
passes over the text) and parses a pattern only when a word looks it up.
It is handed to pyphen through pyphen's own dictionary cache, so the break
points are pyphen's (``tests/reports/test_hyphenation.py`` holds the two to
the same patterns and positions). A dictionary that uses the rarer syntax
(``^^hh`` escapes, non-standard hyphenation ``/``) is left to pyphen.

Imports: pyphen (optional: without it words break plainly), standard library.
"""

from __future__ import annotations

import re
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator

if TYPE_CHECKING:  # pyphen itself is imported when a dictionary is first needed
    from pyphen import HyphDict, Pyphen

# The language codes of the documents → pyphen's dictionaries.
HYPHENATION = {"sv": "sv", "nb": "nb_NO", "en": "en_GB"}

_DIGITS = re.compile(r"\d+")
_DIGIT = re.compile(r"\d")
_lock = threading.Lock()


class _Patterns(dict[str, Any]):
    """Letters of a pattern → its raw line, parsed into pyphen's ``(offset, values)`` on first lookup."""

    def get(self, key: str, default: Any = None) -> Any:
        value = dict.get(self, key, default)
        if isinstance(value, str):
            value = self[key] = _parse(value)
        return value


def _parse(line: str) -> tuple[int, tuple[int, ...]] | None:
    """``"ab4ba"`` → ``(2, (4,))``: the first non-zero value's place and the values to the last one."""
    values = [0] * (len(_DIGITS.sub("", line)) + 1)
    for before, digit in enumerate(_DIGIT.finditer(line)):
        values[digit.start() - before] = int(digit.group())
    if not any(values):
        return None   # pyphen drops a pattern of zeros
    start, end = 0, len(values)
    while not values[start]:
        start += 1
    while not values[end - 1]:
        end -= 1
    return start, tuple(values[start:end])


def _quick_dict(path: Path, pyphen: Any) -> HyphDict | None:
    """A ``pyphen.HyphDict`` of ``path`` with lazily parsed patterns, or None when pyphen must read it."""
    data = path.read_bytes()
    encoding, _, body = data.partition(b"\n")
    name = encoding.decode("ascii", "replace").strip()
    name = "cp1251" if name.lower() == "microsoft-cp1251" else name
    try:
        text = body.decode(name)
    except (LookupError, UnicodeDecodeError):
        return None
    if "^^" in text or "/" in text:
        return None
    ignored = re.compile("^(?:" + "|".join(map(re.escape, pyphen.ignored)) + ").*$", re.MULTILINE)
    lines = ignored.sub("", text).split()
    if not lines:
        return None
    letters = _DIGITS.sub("", "\n".join(lines)).split("\n")
    hd: HyphDict = pyphen.HyphDict.__new__(pyphen.HyphDict)
    # Later lines win, as in pyphen; a line of zeros would hide an earlier one, which pyphen keeps.
    hd.patterns = _Patterns(zip(letters, lines))
    hd.cache = {}
    hd.maxlen = max(map(len, letters))
    return hd


class Hyphenator:
    """A language's break points; its dictionary is read on the first word that needs one.

    Given as a style's ``hyphenationLang`` (a callable instead of a language
    code), ReportLab asks it only for a word that does not fit its line,
    instead of opening the dictionary for every paragraph it lays out.
    """

    _dictionaries: dict[str, Pyphen | None] = {}

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def dictionary(self) -> Pyphen | None:
        """The ``pyphen.Pyphen`` of the language, or None without pyphen (words then break plainly)."""
        if self.lang not in self._dictionaries:
            with _lock:
                if self.lang not in self._dictionaries:
                    self._dictionaries[self.lang] = open_dictionary(HYPHENATION.get(self.lang, "en_GB"))
        return self._dictionaries[self.lang]

    def __call__(self, word: str) -> Iterator[tuple[str, str]]:
        dictionary = self.dictionary()
        return dictionary.iterate(word) if dictionary is not None else iter(())


def open_dictionary(code: str) -> Pyphen | None:
    """``pyphen.Pyphen(lang=code)`` with the quick reading of its file; None without pyphen."""
    try:
        import pyphen
    except ImportError:   # pragma: no cover - pyphen is a dependency
        return None
    try:
        path = pyphen.LANGUAGES[pyphen.language_fallback(code)]
    except (KeyError, TypeError):
        return None
    # pyphen's cache of the dictionaries it has read (by path); its stubs leave this module attribute out.
    cache: dict[Any, Any] = pyphen.hdcache  # type: ignore[attr-defined]
    if path not in cache:
        quick = _quick_dict(Path(path), pyphen)
        if quick is not None:
            cache[path] = quick
    return pyphen.Pyphen(lang=code)


_hyphenators: dict[str, Hyphenator] = {}


def hyphenator(lang: str) -> Hyphenator:
    """The (shared) ``Hyphenator`` of ``lang``."""
    if lang not in _hyphenators:
        _hyphenators[lang] = Hyphenator(lang)
    return _hyphenators[lang]
