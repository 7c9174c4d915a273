"""Language: gettext catalogs for every user-visible string, Babel for formatting.

One catalog system serves GUI, CLI and PDFs (design §7). English is the source
language; Swedish (``sv``) and Norwegian Bokmål (``nb``) catalogs live in the
top-level ``translations/`` folder and are compiled into the package when a
wheel is built. In a source checkout the ``.po`` files are read directly, so
no build step is needed to see translations.

The active language is process-wide (``set_language``) and can be overridden
for one piece of work with ``using_language`` — a visit summary prints in the
participant's language whatever the UI shows. The override is a context
variable, so a report rendered on a worker thread never changes the UI.

A pseudo-locale for layout checks: with ``CIRKULAR_PSEUDO=1`` in the
environment (or ``set_pseudo(True)``) every translated string comes back as
accented text about 30 % longer, e.g. "[Ŕéšíðúåļ šţŕéåmš ~~~~]", with its
``{placeholders}``, ``%(name)s`` and ``&`` mnemonics intact. Clipped labels
show in screenshots, and text that never went through gettext stands out.

Imports: standard library, babel (in the formatting functions), and ``resources``.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as _dt
import gettext as _gettext
import locale as _locale
import os
import re
import sys
import threading
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Iterator

from cirkular_desktop import resources

if TYPE_CHECKING:  # pragma: no cover
    from babel import Locale

DOMAIN = "cirkular"
LANGUAGES = ("sv", "nb", "en")
SOURCE_LANGUAGE = "en"
# Babel locales used for formatting. British English gives day-month-year dates.
BABEL_LOCALES = {"sv": "sv_SE", "nb": "nb_NO", "en": "en_GB"}

_default_language = SOURCE_LANGUAGE
_override: contextvars.ContextVar[str | None] = contextvars.ContextVar("cirkular_language", default=None)
_catalogs: dict[str, _gettext.NullTranslations] = {}
_catalog_lock = threading.Lock()


# Language names as Windows and some desktops give them ("Swedish_Sweden.1252", "Norwegian Bokmål").
_LANGUAGE_NAMES = {"swedish": "sv", "svenska": "sv", "norwegian": "nb", "norsk": "nb", "bokmål": "nb",
                   "bokmal": "nb", "nynorsk": "nb", "english": "en"}


def normalise_language(code: str | None) -> str | None:
    """Map a locale name to a supported language: sv → sv; nb, no, nn → nb; en → en."""
    if not code:
        return None
    base = re.split(r"[_.@\s-]", code.strip().lower(), maxsplit=1)[0]
    if base == "sv":
        return "sv"
    if base in ("nb", "no", "nn"):
        return "nb"
    if base == "en":
        return "en"
    return _LANGUAGE_NAMES.get(base)


def _platform_locales() -> list[str]:
    """The user's locale as the operating system reports it when no environment variable says."""
    found: list[str] = []
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        with contextlib.suppress(Exception):
            import ctypes

            buffer = ctypes.create_unicode_buffer(85)
            if ctypes.windll.kernel32.GetUserDefaultLocaleName(buffer, 85):  # type: ignore[attr-defined]
                found.append(buffer.value)  # e.g. "nb-NO"
    with contextlib.suppress(ValueError, TypeError):
        found.append(_locale.getlocale()[0] or "")
    return found


def system_language(environ: dict[str, str] | None = None, preferred: list[str] | None = None) -> str:
    """The language the system locale asks for, falling back to English.

    ``environ`` replaces ``os.environ`` (tests); ``preferred`` are languages a
    caller knows better, e.g. the GUI's ``QLocale.system().uiLanguages()`` on
    macOS, where apps started from the Finder get no ``LANG``.
    """
    env = os.environ if environ is None else environ
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        for part in env.get(variable, "").split(":"):
            found = normalise_language(part)
            if found:
                return found
    candidates = list(preferred or [])
    if environ is None:
        candidates += _platform_locales()
    for candidate in candidates:
        found = normalise_language(candidate)
        if found:
            return found
    return SOURCE_LANGUAGE


def _load_catalog(lang: str) -> _gettext.NullTranslations:
    folder = resources.translations_dir()
    if lang == SOURCE_LANGUAGE or folder is None:
        return _gettext.NullTranslations()
    compiled = folder / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"
    if compiled.is_file():
        with compiled.open("rb") as handle:
            return _gettext.GNUTranslations(handle)
    source = folder / f"{lang}.po"
    if source.is_file():
        # Source checkout: read the .po itself, so it stays the only truth and no build step is needed.
        return _translations_from_po(source)
    return _gettext.NullTranslations()


_PO_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b", "f": "\f",
               "v": "\v"}
_PO_ESCAPE = re.compile(r"\\(.)")
_PO_LINE = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+"(.*)"\s*$')


def _po_unescape(text: str) -> str:
    return _PO_ESCAPE.sub(lambda m: _PO_ESCAPES.get(m.group(1), m.group(1)), text)


def read_po(path: os.PathLike[str] | str) -> tuple[dict[object, str], str]:
    """The translated, non-fuzzy entries of a .po file as a gettext catalog, and its Plural-Forms.

    Keys are as ``gettext.GNUTranslations`` keeps them: the msgid, "context\\x04msgid",
    or (msgid, form) for plurals. A small reader instead of Babel's: it takes a
    few milliseconds where Babel's full parse takes a tenth of a second at start-up.
    """
    entries: dict[object, str] = {}
    plural_forms = "nplurals=2; plural=(n != 1);"
    # The entry being read: its msgctxt/msgid/msgid_plural, its msgstr forms, and whether it is fuzzy.
    texts: dict[str, str] = {}
    forms: dict[int, str] = {}
    fuzzy = False
    last: tuple[str, int | None] | None = None

    def finish() -> None:
        nonlocal plural_forms
        if (not texts and not forms) or fuzzy:
            return
        msgid = texts.get("msgid", "")
        if msgid == "":
            header = forms.get(0, "")
            found = re.search(r"^Plural-Forms:\s*(.+)$", header, re.M)
            if found:
                plural_forms = found.group(1).strip()
            return
        if not forms or any(not text for text in forms.values()):
            return
        key = f"{texts['msgctxt']}\x04{msgid}" if "msgctxt" in texts else msgid
        if "msgid_plural" in texts:
            for index, text in forms.items():
                entries[(key, index)] = text
        else:
            entries[key] = forms.get(0, "")

    with open(path, encoding="utf-8") as handle:
        for raw in handle:
            line = raw.strip()
            if not line:
                continue
            if line.startswith("#"):
                if line.startswith("#,") and "fuzzy" in line:
                    if last is not None and last[0] != "flags":
                        finish()
                        texts.clear()
                        forms.clear()
                    fuzzy = True
                    last = ("flags", None)
                elif line.startswith("#~"):
                    continue
                continue
            if line.startswith('"'):
                if last is None or last[0] == "flags":
                    continue
                text = _po_unescape(line[1:-1])
                name, index = last
                if name == "msgstr" and index is not None:
                    forms[index] += text
                else:
                    texts[name] += text
                continue
            match = _PO_LINE.match(line)
            if match is None:
                continue
            keyword, form, value = match.group(1), match.group(2), _po_unescape(match.group(3))
            if keyword in ("msgctxt", "msgid") and last is not None and last[0] == "msgstr":
                finish()
                texts.clear()
                forms.clear()
                fuzzy = False
            if keyword.startswith("msgstr"):
                index = int(form) if form is not None else 0
                forms[index] = value
                last = ("msgstr", index)
            else:
                texts[keyword] = value
                last = (keyword, None)
    finish()
    return entries, plural_forms


def _translations_from_po(path: os.PathLike[str] | str) -> _gettext.GNUTranslations:
    entries, plural_forms = read_po(path)
    translations = _gettext.GNUTranslations()  # no file: an empty catalog that we fill
    translations._catalog = entries  # type: ignore[attr-defined]
    expression = re.search(r"plural\s*=\s*(.+?);?\s*$", plural_forms)
    translations.plural = _gettext.c2py(expression.group(1) if expression else "n != 1")  # type: ignore[attr-defined]
    return translations


def catalog(lang: str | None = None) -> _gettext.NullTranslations:
    lang = lang or get_language()
    found = _catalogs.get(lang)
    if found is None:
        with _catalog_lock:
            found = _catalogs.get(lang)
            if found is None:
                found = _catalogs[lang] = _load_catalog(lang)
    return found


def set_language(lang: str) -> str:
    """Set the process-wide language; unknown codes fall back to English."""
    global _default_language
    _default_language = normalise_language(lang) or SOURCE_LANGUAGE
    return _default_language


def get_language() -> str:
    return _override.get() or _default_language


@contextlib.contextmanager
def using_language(lang: str | None) -> Iterator[str]:
    """Temporarily use another language in this thread/context only."""
    chosen = normalise_language(lang) or get_language()
    token = _override.set(chosen)
    try:
        yield chosen
    finally:
        _override.reset(token)


def gettext(message: str) -> str:
    if _pseudo_on():
        return pseudo(message)
    return catalog().gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    if _pseudo_on():
        return pseudo(singular if n == 1 else plural)
    return catalog().ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    if _pseudo_on():
        return pseudo(message)
    return catalog().pgettext(context, message)


def lookup(message: str, context: str | None = None, lang: str | None = None) -> str | None:
    """The translation of one entry in ``lang``, or None when the catalog lacks it.

    Unlike ``gettext`` this does not fall back to the source, so callers that
    chain translators (Qt's own dialogs, see ``gui/qt_i18n.py``) can tell a
    missing entry from one translated to the same words.
    """
    found = catalog(lang)
    table = getattr(found, "_catalog", None)
    if not table:
        return None
    value = table.get(f"{context}\x04{message}" if context else message)
    return value if isinstance(value, str) and value else None


# --- Pseudo-locale ---------------------------------------------------------------------------

_pseudo_flag: bool | None = None
# Each Latin letter gets an accented look-alike so the text stays readable.
_PSEUDO_MAP = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "åƀçðéƒĝĥíĵķļɱñöþǫŕšţúṽŵẋýžÅƁÇÐÉƑĜĤÎĴĶĻṀÑÖÞǪŔŠŢÛṼŴẊÝŽ")
# Placeholders, format specifiers, mnemonics and markup stay as they are.
_PSEUDO_KEEP = re.compile(r"\{[^{}]*\}|%\([A-Za-z_]\w*\)[-#0 +]*\d*(?:\.\d+)?[a-zA-Z]|%[-#0 +]*\d*[a-zA-Z%]"
                          r"|<[^<>]*>|&\w+;")


def set_pseudo(enabled: bool | None) -> None:
    """Turn the pseudo-locale on or off; None goes back to reading ``CIRKULAR_PSEUDO``."""
    global _pseudo_flag
    _pseudo_flag = enabled


def pseudo_enabled() -> bool:
    """Whether the pseudo-locale is on (``CIRKULAR_PSEUDO=1`` or ``set_pseudo(True)``)."""
    global _pseudo_flag
    if _pseudo_flag is None:
        _pseudo_flag = os.environ.get("CIRKULAR_PSEUDO", "") not in ("", "0")
    return _pseudo_flag


_pseudo_on = pseudo_enabled


def pseudo(message: str) -> str:
    """The pseudo-locale form of a source text: accented, bracketed, about 30 % longer."""
    if not message or message.isspace():
        return message
    parts: list[str] = []
    position = 0
    for match in _PSEUDO_KEEP.finditer(message):
        parts.append(message[position:match.start()].translate(_PSEUDO_MAP))
        parts.append(match.group(0))
        position = match.end()
    parts.append(message[position:].translate(_PSEUDO_MAP))
    body = "".join(parts)
    # Keep surrounding whitespace and a trailing newline outside the brackets.
    stripped = body.strip()
    lead = body[:len(body) - len(body.lstrip())]
    trail = body[len(body.rstrip()):]
    padding = "~" * max(1, round(len(stripped) * 0.3) - 3)
    return f"{lead}[{stripped} {padding}]{trail}"


def N_(message: str) -> str:
    """Mark a string for extraction; translate it later where it is shown."""
    return message


_ = gettext


# --- Formatting -----------------------------------------------------------------------------

# Babel is imported by the formatting functions, not at the top: the desktop app's first window
# formats its numbers without it (``gui.models.number``) and starts about 10 ms sooner.

def babel_locale(lang: str | None = None) -> Locale:
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(BABEL_LOCALES.get(lang or get_language(), "en_GB"))
    except UnknownLocaleError:  # pragma: no cover - Babel always ships these
        return Locale.parse("en_GB")


def format_date(value: _dt.date | None, lang: str | None = None, fmt: str = "long") -> str:
    """Dates as the locale writes them: nb "26. november 2026", sv "26 november 2026"."""
    if value is None:
        return ""
    from babel import dates as _bdates

    return _bdates.format_date(value, format=fmt, locale=babel_locale(lang))


def format_datetime(value: _dt.datetime | None, lang: str | None = None, fmt: str = "medium") -> str:
    if value is None:
        return ""
    from babel import dates as _bdates

    return _bdates.format_datetime(value, format=fmt, locale=babel_locale(lang))


def format_decimal(value: Decimal | float | int | None, lang: str | None = None,
                   max_fraction: int = 3) -> str:
    """A number with the locale's separators, e.g. sv "1 234,5"."""
    if value is None:
        return ""
    from babel import numbers as _bnumbers

    pattern = "#,##0." + "#" * max_fraction if max_fraction else "#,##0"
    return _bnumbers.format_decimal(value, format=pattern, locale=babel_locale(lang))


def format_money(value: Decimal | float | int | None, currency: str | None,
                 lang: str | None = None) -> str:
    """Money with its currency in the locale's style, e.g. sv "12 500,00 kr"."""
    if value is None:
        return ""
    if not currency:
        return format_decimal(value, lang, max_fraction=2)
    from babel import numbers as _bnumbers

    return _bnumbers.format_currency(value, currency, locale=babel_locale(lang))


def parse_decimal(text: str, lang: str | None = None) -> Decimal:
    """Read a number typed by a person: spaces group, comma or point as the decimal mark.

    In sv and nb the comma is the decimal mark and a point is accepted too
    (people type both); in English a comma groups thousands only in the full
    pattern "1,234,567.8", otherwise it is a decimal mark. Raises ValueError.
    """
    lang = lang or get_language()
    cleaned = re.sub(r"[\s\u00a0\u202f']", "", text.strip())
    if not cleaned:
        raise ValueError("empty")
    if lang == "en" and re.fullmatch(r"[+-]?[1-9]\d{0,2}(,\d{3})+(\.\d*)?", cleaned):
        cleaned = cleaned.replace(",", "")  # English thousands grouping: 1,234.5
    else:
        # A lone comma is a decimal mark in every language we serve (1,5 never means 15).
        if cleaned.count(",") > 1 or ("," in cleaned and "." in cleaned):
            raise ValueError(text)
        cleaned = cleaned.replace(",", ".")
    cleaned = cleaned.replace("\u2212", "-")
    if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?", cleaned):
        raise ValueError(text)
    try:
        value = Decimal(cleaned)
    except InvalidOperation as exc:  # pragma: no cover - the regex already guards this
        raise ValueError(text) from exc
    if not value.is_finite():
        raise ValueError(text)
    return value
