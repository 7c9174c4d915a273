"""Values as stored and synced: their canonical forms, and accepting them at the speed an import needs.

``STORED_CHECKERS`` are the rules ``checks.check_value(stored=True)`` uses
where a stored value is checked differently from a typed one: code lists
(municipalities, material categories, waste codes, units, industry codes,
NS 9431 numbers, waste shipment entries) by their form only, so a newer list on the sender is no
refusal; decimals as canonical text; an organisation number without its
country by its length; lists of items free of fractions.

A coordinator's import checks hundreds of thousands of values. For each
field, ``stored_checker`` makes one small function that accepts the common,
already-canonical values with a few C-level tests (a regular expression,
``str.strip``, ``core.text.is_nfc``) or a cache of values accepted
before; anything it does not accept outright goes to ``checks.check_stored``,
which gives the verdict and the message. So there is one set of rules (in
``core.checks``) and this module only decides when the full check can be
skipped; a property test holds the two to the same verdicts.

Imports: i18n, core (checks, fields, text), standard library.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any, Callable, Mapping

from cirkular_desktop.core import checks
from cirkular_desktop.core.checks import field_error
from cirkular_desktop.core.fields import (
    BOOL, CHOICE, CURRENCY, DATE, DATETIME, DECIMAL, EMAIL, INDUSTRY, INT, ITEMS, LANGUAGE, LONGTEXT, MATERIAL,
    MULTI, MUNICIPALITY, NS9431, ORGNUMBER, PHONE, REF, REFS, SHIPMENT_ENTRY, TAGS, TEXT, UNIT, URL, WASTECODE,
    WASTECODES, Field,
)
from cirkular_desktop.core.text import is_nfc as _is_nfc
from cirkular_desktop.i18n import gettext as _

Checker = Callable[[Any, Mapping[str, Any]], None]
_CACHE_LIMIT = 20_000   # accepted values remembered per field; hostile input cannot grow it further
_NO_CONTEXT: Mapping[str, Any] = {}


# The form of code-list values as stored (membership is checked where people type them, not in bundles).
STORED_FORMS = {
    MUNICIPALITY: re.compile(r"^(SE|NO)-[0-9]{4}$"),
    MATERIAL: re.compile(r"^[a-z0-9_]{1,40}(\.[a-z0-9_]{1,40}){0,5}$"),
    WASTECODE: re.compile(r"^[0-9]{6}$"),
    UNIT: re.compile(r"^[A-Za-z0-9]{1,10}$"),
    INDUSTRY: re.compile(r"^[0-9]{2}\.[0-9]{2}[0-9]?$"),
    NS9431: re.compile(r"^[0-9]{4}$"),
    SHIPMENT_ENTRY: re.compile(r"^[A-Z0-9]{2,10}(-[A-Z0-9]{2,10})?$"),
}


def _check_stored_decimal(tn: str, f: Field, value: Any, from_text: bool, ctx: Mapping[str, Any]) -> str:
    """A decimal from a bundle: a string in canonical form, within the same limits as a typed one."""
    if isinstance(value, str) and checks._CANONICAL_DECIMAL_RE.match(value) and value != "-0":
        checks._in_range(tn, f, Decimal(value))
        return value
    if not isinstance(value, str):
        raise field_error(tn, f, _("expected a number written as text"))
    # Not canonical: say what it would be, when it reads as a number at all.
    return checks._check_decimal(tn, f, value, False, {})


def _check_stored_orgnumber(tn: str, f: Field, value: Any, from_text: bool, ctx: Mapping[str, Any]) -> str:
    """An organisation number from a bundle: the operation may not carry the country; the length tells it."""
    if ctx.get("country") is None and isinstance(value, str):
        ctx = dict(ctx, country="SE" if len(value) == 10 else "NO")
    return checks._check_orgnumber(tn, f, value, from_text, ctx)


def _check_stored_code(tn: str, f: Field, value: Any, from_text: bool, ctx: Mapping[str, Any]) -> Any:
    """A code-list value from a bundle: its stored form only (a newer list on the sender is no refusal)."""
    form = STORED_FORMS[f.kind]
    if not isinstance(value, str) or not form.match(value):
        # Not the stored form: the typed-value check names the reason (or gives the canonical form).
        return checks._CHECKERS[f.kind](tn, f, value, False, ctx)
    if f.kind == MUNICIPALITY and ctx.get("country") not in (None, value[:2]):
        raise field_error(tn, f, _("“{value}” is not a municipality in {country}").format(
            value=value, country=ctx.get("country")))
    return value


def _check_stored_codes(tn: str, f: Field, value: Any, from_text: bool, ctx: Mapping[str, Any]) -> list[str]:
    if not isinstance(value, list):
        raise field_error(tn, f, _("expected a list of waste codes"))
    form = STORED_FORMS[WASTECODE]
    if all(isinstance(v, str) and form.match(v) for v in value):
        return list(dict.fromkeys(value))
    return checks._check_wastecodes(tn, f, value, False, ctx)


def _check_stored_items(tn: str, f: Field, value: Any, from_text: bool, ctx: Mapping[str, Any]) -> Any:
    """Items as typed, and nothing a JSON reader could hold inexactly (a fraction is a decimal string).

    Text is what an items field held before schema 2 (reasons were free text then): it is read as
    long text, and the store makes items of it.
    """
    if isinstance(value, str):
        return checks._check_text(tn, Field(f.name, LONGTEXT, f.label), value, False, ctx)
    problem = checks.json_problem(value)
    if problem:
        raise field_error(tn, f, problem)
    return checks._CHECKERS[ITEMS](tn, f, value, False, ctx)


# Kinds whose values from bundles are checked differently from typed ones.
STORED_CHECKERS: dict[str, Callable[..., Any]] = {
    MUNICIPALITY: _check_stored_code, MATERIAL: _check_stored_code, WASTECODE: _check_stored_code,
    UNIT: _check_stored_code, INDUSTRY: _check_stored_code, NS9431: _check_stored_code,
    SHIPMENT_ENTRY: _check_stored_code,
    WASTECODES: _check_stored_codes, DECIMAL: _check_stored_decimal, ORGNUMBER: _check_stored_orgnumber,
    ITEMS: _check_stored_items,
}


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
    if kind in STORED_FORMS:
        form = STORED_FORMS[kind].match
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
    if kind in (MULTI, TAGS, WASTECODES, REFS):
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
