"""Fast acceptance of stored values: the rules of ``core.checks`` at the speed a bundle import needs.

A coordinator's import checks hundreds of thousands of values. For each
field, ``stored_checker`` makes one small function that accepts the common,
already-canonical values with a few C-level tests (a regular expression,
``str.strip``, ``unicodedata.is_normalized``) or a cache of values accepted
before; anything it does not accept outright goes to ``checks.check_stored``,
which gives the verdict and the message. So there is one set of rules (in
``core.checks``) and this module only decides when the full check can be
skipped; a property test holds the two to the same verdicts.

Imports: errors, core.checks, core.fields, standard library.
"""

from __future__ import annotations

import unicodedata
from typing import Any, Callable, Mapping

from cirkular_desktop.core import checks
from cirkular_desktop.core.fields import (
    BOOL, CHOICE, CURRENCY, DATE, DATETIME, DECIMAL, EMAIL, INT, LANGUAGE, LONGTEXT, MATERIAL, MULTI,
    MUNICIPALITY, ORGNUMBER, PHONE, REF, TAGS, TEXT, UNIT, URL, WASTECODE, WASTECODES, Field,
)

Checker = Callable[[Any, Mapping[str, Any]], None]
_CACHE_LIMIT = 20_000   # accepted values remembered per field; hostile input cannot grow it further
_NO_CONTEXT: Mapping[str, Any] = {}


def _is_nfc(text: str) -> bool:
    return text.isascii() or unicodedata.is_normalized("NFC", text)


def stored_checker(table_name: str, f: Field) -> Checker:
    """A function ``check(value, context)`` raising the ValidationError of ``checks.check_stored``."""

    def full(value: Any, ctx: Mapping[str, Any] = _NO_CONTEXT) -> None:
        checks.check_stored(table_name, f, value, ctx)

    kind = f.kind
    if kind == TEXT:
        one_line, limit = checks._ONE_LINE_BAD_RE.search, checks.MAX_TEXT

        def text(value: Any, ctx: Mapping[str, Any] = _NO_CONTEXT) -> None:
            if value is None or (type(value) is str and value and len(value) <= limit and one_line(value) is None
                                 and value.strip() == value and _is_nfc(value)):
                return
            full(value, ctx)
        return text
    if kind == LONGTEXT:
        bad, limit = checks._BAD_CHAR_RE.search, checks.MAX_TEXT

        def longtext(value: Any, ctx: Mapping[str, Any] = _NO_CONTEXT) -> None:
            if value is None or (type(value) is str and len(value) <= limit and bad(value) is None
                                 and value.strip("\n") == value and not value.isspace() and value
                                 and _is_nfc(value)):
                return
            full(value, ctx)
        return longtext
    if kind in (CHOICE, LANGUAGE, CURRENCY):
        allowed = frozenset(f.choice_values() if kind != CURRENCY else checks.CURRENCY_CODES)

        def choice(value: Any, ctx: Mapping[str, Any] = _NO_CONTEXT) -> None:
            if value is None or (type(value) is str and value in allowed):
                return
            full(value, ctx)
        return choice
    if kind == BOOL:
        def boolean(value: Any, ctx: Mapping[str, Any] = _NO_CONTEXT) -> None:
            if value is None or value is True or value is False:
                return
            full(value, ctx)
        return boolean
    if kind == REF:
        uuid_form = checks._UUID_RE.match

        def ref(value: Any, ctx: Mapping[str, Any] = _NO_CONTEXT) -> None:
            if value is None or (type(value) is str and uuid_form(value) is not None):
                return
            full(value, ctx)
        return ref
    if kind in (MUNICIPALITY, MATERIAL, WASTECODE, UNIT):
        form = checks._STORED_FORMS[kind].match
        by_country = kind == MUNICIPALITY

        def code(value: Any, ctx: Mapping[str, Any] = _NO_CONTEXT) -> None:
            if value is None or (type(value) is str and form(value) is not None
                                 and (not by_country or ctx.get("country") in (None, value[:2]))):
                return
            full(value, ctx)
        return code
    if kind in (INT, DECIMAL, DATE, DATETIME, EMAIL, PHONE, URL):
        return _cached(full, int if kind == INT else str)
    if kind == ORGNUMBER:   # depends on the country: remembered with it
        seen: set[tuple[Any, str]] = set()

        def orgnumber(value: Any, ctx: Mapping[str, Any] = _NO_CONTEXT) -> None:
            if value is None:
                return
            key = (ctx.get("country"), value) if type(value) is str else None
            if key is not None and key in seen:
                return
            full(value, ctx)
            if key is not None and len(seen) < _CACHE_LIMIT:
                seen.add(key)
        return orgnumber
    if kind in (MULTI, TAGS, WASTECODES):
        lists: set[tuple[str, ...]] = set()

        def listed(value: Any, ctx: Mapping[str, Any] = _NO_CONTEXT) -> None:
            if value is None:
                return
            key = tuple(value) if type(value) is list and all(type(v) is str for v in value) else None
            if key is not None and key in lists:
                return
            full(value, ctx)
            if key is not None and len(lists) < _CACHE_LIMIT:
                lists.add(key)
        return listed
    return full   # a kind this module has no shortcut for: always the full check


def _cached(full: Checker, kind: type) -> Checker:
    """The full check, remembering values it accepted (dates, numbers and addresses recur)."""
    accepted: set[Any] = set()

    def check(value: Any, ctx: Mapping[str, Any] = _NO_CONTEXT) -> None:
        if value is None or (type(value) is kind and value in accepted):
            return
        full(value, ctx)
        if type(value) is kind and len(accepted) < _CACHE_LIMIT:
            accepted.add(value)
    return check
