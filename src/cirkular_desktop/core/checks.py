"""Checks of single values and of a record's fields together: one set of rules for people and for bundles.

Every value that passes is canonical and JSON-safe (decimals as plain
strings, dates as ISO strings, lists and maps as JSON), because values travel
in sync operations. Two ways in, one set of rules:

* ``check_value`` reads what a person typed or a service built (``from_text``:
  a decimal comma, "ja"/"nei", comma-separated lists) and returns its
  canonical form;
* ``check_stored`` (and its fast form ``stored_checker``) checks a value as
  it arrives in a bundle: it must pass the same rules *and* already be in
  canonical form ("59.1", never "59,1" or "59.10"; "2026-09-01", never
  "2026-9-1"). The refusal is the same sentence ``add`` gives, or says which
  canonical form was expected. Code lists (municipalities, material
  categories, waste codes, units) are checked for their form only there, so a
  newer code list on the sender does not make a bundle unreadable.

``check_record_rules`` holds the rules between fields of one record (a period
that ends before it starts). Code lists are imported where used so that
loading them costs nothing until needed.
Imports: errors, i18n, core.fields, core.text, core value modules.
"""

from __future__ import annotations

import datetime as _dt
import json
import re
import unicodedata
import uuid
from decimal import Decimal
from typing import Any, Callable, Mapping

from cirkular_desktop.core.fields import (
    BOOL, CHOICE, CURRENCY, DATE, DATETIME, DECIMAL, EMAIL, INDUSTRY, INT, ITEMS, LANGUAGE, LONGTEXT, MAP,
    MATERIAL, MULTI, MUNICIPALITY, NS9431, ORGNUMBER, PHONE, REF, REFS, SHIPMENT_ENTRY, TAGS, TEXT, UNIT, URL,
    WASTECODE, WASTECODES, Field,
)
from cirkular_desktop.core.text import iso_date, nfc
from cirkular_desktop.errors import ValidationError
from cirkular_desktop.i18n import gettext as _


_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE_RE = re.compile(r"^\+?[0-9 ()\-]{5,20}$")
_MAP_KEY_RE = re.compile(r"^[A-Za-z0-9_\-]{1,64}$")
# Refused in any text: C0 and C1 control characters other than tab and line breaks (they garble
# terminals, lists and PDFs, and spreadsheets refuse them), the bidirectional embeddings, overrides and
# isolates (they make text read differently from what it holds), and lone surrogates (what undecodable,
# non-UTF-8 bytes become).
_BAD_CHAR_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
# Refused in one-line text besides: tab and every kind of line break.
_ONE_LINE_BAD_RE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_LINE_BREAKS = "\n\r\u2028\u2029"
MAX_TEXT = 10_000
MAX_DECIMALS = 15                   # digits after the decimal point
MAX_NUMBER = Decimal("1e15")        # decimals and whole numbers stay below this (exact in every JSON reader)
MAX_JSON_INT = 2**53 - 1            # any integer in a bundle (I-JSON, RFC 7493)
_CANONICAL_DECIMAL_RE = re.compile(r"^-?(0|[1-9][0-9]{0,14})(\.[0-9]{0,14}[1-9])?$")
_UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
CURRENCY_CODES = ("SEK", "NOK", "EUR")
# Periods whose end must not come before their start: (table, start field, end field).
DATE_ORDER = (("stream", "available_from", "available_to"), ("need", "available_from", "available_to"),
              ("test_environment", "start_date", "end_date"))


def canonical_decimal(value: Decimal) -> str:
    """Plain decimal notation without exponent or trailing zeros: 12.50 → "12.5"."""
    if value == 0:
        return "0"
    text = format(value.normalize(), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def shown(value: Any, limit: int = 40) -> str:
    """A value as an error message quotes it: one line, shortened, invisible characters made visible."""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    out = []
    for ch in text[:limit]:
        if ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ch == "\r":
            out.append("\\r")
        elif unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Zl", "Zp"):
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return "".join(out) + ("…" if len(text) > limit else "")


def field_error(table_name: str, f: Field, reason: str) -> ValidationError:
    return ValidationError(_("{table}.{field}: {reason}").format(
        table=table_name, field=f.name, reason=reason), field=f.name)


def new_id() -> str:
    return str(uuid.uuid4())


def is_uuid(text: str) -> bool:
    try:
        return str(uuid.UUID(text)) == text.lower()
    except (ValueError, AttributeError, TypeError):
        return False


def is_canonical_id(text: Any) -> bool:
    """A record id as bundles and the database write it: a UUID, lowercase, with hyphens."""
    return isinstance(text, str) and _UUID_RE.match(text) is not None


def check_value(table_name: str, f: Field, value: Any, *, from_text: bool = False,
                context: Mapping[str, Any] | None = None, stored: bool = False) -> Any:
    """Check one value and return its canonical, JSON-safe form.

    ``from_text`` means the value was typed (CLI ``FIELD=VALUE`` or a line edit):
    numbers may use a decimal comma, lists are comma separated, booleans read
    yes/no/true/false/ja/nei. ``context`` holds the record's other values, used
    where a check depends on them (organisation number on country).
    ``stored``: the value comes from an operation (a bundle): no field is
    required there (erasure blanks required fields), and code lists are checked
    for their form only. Use ``check_stored`` to also demand the canonical form.
    Raises ValidationError naming the field and the reason.
    """
    if value is None or (isinstance(value, str) and value.strip() == "" and f.kind not in (MAP,)):
        if f.required and not stored:
            raise field_error(table_name, f, _("a value is required"))
        return None
    if stored:
        from cirkular_desktop.core import canonical   # the stored forms; it imports this module

        checker = canonical.STORED_CHECKERS.get(f.kind) or _CHECKERS.get(f.kind)
    else:
        checker = _CHECKERS.get(f.kind)
    if checker is None:  # pragma: no cover - every kind has a checker
        raise field_error(table_name, f, "unsupported kind")
    return checker(table_name, f, value, from_text, context or {})


def _same(a: Any, b: Any) -> bool:
    """Equal and of the same JSON type (True is not 1, 1.0 is not 1)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, (list, dict)):
        try:
            return json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)
        except (TypeError, ValueError):
            return False
    return bool(a == b)


def check_stored(table_name: str, f: Field, value: Any, context: Mapping[str, Any] | None = None) -> None:
    """Refuse a value from a bundle that ``add`` would refuse, or that is not written in canonical form."""
    canonical = check_value(table_name, f, value, context=context, stored=True)
    if not _same(canonical, value):
        raise field_error(table_name, f, _("“{value}” is not written in canonical form; expected {canonical}").format(
            value=shown(value), canonical="null" if canonical is None else json.dumps(canonical, ensure_ascii=False)))


def text_problem(text: str, multiline: bool) -> str | None:
    """Why ``text`` cannot be stored (in one line or several), or None; length and form aside."""
    bad = (_BAD_CHAR_RE if multiline else _ONE_LINE_BAD_RE).search(text)
    if bad is None:
        return None
    ch = bad.group()
    if ch == "\x00":
        return _("contains a NUL character")
    if "\ud800" <= ch <= "\udfff":
        return _("is not valid UTF-8 text")
    if not multiline and ch in _LINE_BREAKS:
        return _("must be a single line")
    return _("contains the control character U+{code}").format(code=format(ord(ch), "04X"))


def _check_text(tn: str, f: Field, value: Any, from_text: bool, ctx: Mapping[str, Any]) -> str:
    if not isinstance(value, str):
        raise field_error(tn, f, _("expected text"))
    multiline = f.kind == LONGTEXT
    text = value.strip("\n") if multiline else value.strip()
    problem = text_problem(text, multiline)
    if problem is not None:
        raise field_error(tn, f, problem)
    if len(text) > MAX_TEXT:
        raise field_error(tn, f, _("is longer than {limit} characters").format(limit=MAX_TEXT))
    return nfc(text)


def _choice_error(tn: str, f: Field, value: Any) -> ValidationError:
    return field_error(tn, f, _("“{value}” is not one of: {choices}").format(
        value=shown(value), choices=", ".join(f.choice_values())))


def _check_choice(tn: str, f: Field, value: Any, from_text: bool, ctx: Mapping[str, Any]) -> str:
    if not isinstance(value, str) or value.strip() not in f.choice_values():
        raise _choice_error(tn, f, value)
    return value.strip()


def _split_list(value: Any, from_text: bool) -> list[Any] | None:
    if isinstance(value, str) and from_text:
        stripped = value.strip()
        if stripped.startswith("["):
            try:
                parsed = json.loads(stripped)
            except ValueError:
                return None
            return parsed if isinstance(parsed, list) else None
        return [part.strip() for part in stripped.split(",") if part.strip()]
    if isinstance(value, (list, tuple)):
        return list(value)
    return None


def _check_multi(tn: str, f: Field, value: Any, from_text: bool, ctx: Mapping[str, Any]) -> list[str]:
    items = _split_list(value, from_text)
    if items is None:
        raise field_error(tn, f, _("expected a list"))
    result = []
    for item in items:
        if not isinstance(item, str) or item not in f.choice_values():
            raise _choice_error(tn, f, item)
        if item not in result:
            result.append(item)
    return sorted(result, key=f.choice_values().index)


def _check_tags(tn: str, f: Field, value: Any, from_text: bool, ctx: Mapping[str, Any]) -> list[str]:
    items = _split_list(value, from_text)
    if items is None or not all(isinstance(i, str) for i in items):
        raise field_error(tn, f, _("expected a list of texts"))
    out: list[str] = []
    for item in items:
        text = _check_text(tn, Field(f.name, TEXT, f.label), item, from_text, ctx)
        if text and text not in out:
            out.append(text)
    return out


_TRUE = {"1", "true", "yes", "y", "ja", "j", "on"}
_FALSE = {"0", "false", "no", "n", "nej", "nei", "off"}


def _check_bool(tn: str, f: Field, value: Any, from_text: bool, ctx: Mapping[str, Any]) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and from_text:
        lowered = value.strip().lower()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
    raise field_error(tn, f, _("expected yes or no"))


def _in_range(tn: str, f: Field, number: Decimal) -> Decimal:
    """The limits every number obeys, whether typed or received: size, decimals, the field's bounds."""
    # copy_abs, not abs(): abs() rounds to the context and raises decimal.Overflow for "1e999999999".
    if number.copy_abs() >= MAX_NUMBER:
        raise field_error(tn, f, _("is too large"))
    exponent = number.normalize().as_tuple().exponent
    # adjusted() too: normalize() rounds "1e-999999999" to 0, which would hide its decimals.
    if (isinstance(exponent, int) and -exponent > MAX_DECIMALS) or (number and -number.adjusted() > MAX_DECIMALS):
        raise field_error(tn, f, _("has more than {count} decimals").format(count=MAX_DECIMALS))
    if f.min_value is not None and number < f.min_value:
        if f.min_value == 0:
            raise field_error(tn, f, _("must not be negative"))
        raise field_error(tn, f, _("must be at least {limit}").format(limit=canonical_decimal(f.min_value)))
    if f.max_value is not None and number > f.max_value:
        raise field_error(tn, f, _("must be at most {limit}").format(limit=canonical_decimal(f.max_value)))
    return number


def _to_decimal(tn: str, f: Field, value: Any, from_text: bool) -> Decimal:
    from cirkular_desktop import i18n

    if isinstance(value, bool):
        raise field_error(tn, f, _("expected a number"))
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        number = Decimal(repr(value))
    elif isinstance(value, str):
        try:
            if any(ch in value for ch in "\n\r\t\v\f"):
                raise ValueError(value)   # spaces group digits; a line break does not ("1\n2" is not 12)
            # Typed text follows the user's locale; stored text is always canonical.
            number = i18n.parse_decimal(value, None if from_text else "en")
        except ValueError:
            raise field_error(tn, f, _("“{value}” is not a number").format(value=shown(value))) from None
    else:
        raise field_error(tn, f, _("expected a number"))
    if not number.is_finite():
        raise field_error(tn, f, _("“{value}” is not a number").format(value=shown(value)))
    return _in_range(tn, f, number)


def _check_decimal(tn: str, f: Field, value: Any, from_text: bool, ctx: Mapping[str, Any]) -> str:
    return canonical_decimal(_to_decimal(tn, f, value, from_text))


def _check_int(tn: str, f: Field, value: Any, from_text: bool, ctx: Mapping[str, Any]) -> int:
    number = _to_decimal(tn, f, value, from_text)
    if number != number.to_integral_value():
        raise field_error(tn, f, _("must be a whole number"))
    return int(number)


def _check_date(tn: str, f: Field, value: Any, from_text: bool, ctx: Mapping[str, Any]) -> str:
    found = iso_date(value)
    if found is None:
        raise field_error(tn, f, _("“{value}” is not a date (YYYY-MM-DD)").format(value=shown(value)))
    return found


def _check_datetime(tn: str, f: Field, value: Any, from_text: bool, ctx: Mapping[str, Any]) -> str:
    if isinstance(value, str):
        try:
            value = _dt.datetime.fromisoformat(value.strip())
        except ValueError:
            raise field_error(tn, f, _("“{value}” is not a date and time").format(value=shown(value))) from None
    if isinstance(value, _dt.datetime):
        moment = value if value.tzinfo is not None else value.replace(tzinfo=_dt.timezone.utc)
        return moment.astimezone(_dt.timezone.utc).isoformat(timespec="seconds")
    raise field_error(tn, f, _("expected a date and time"))


def _check_ref(tn: str, f: Field, value: Any, from_text: bool, ctx: Mapping[str, Any]) -> str:
    if not isinstance(value, str) or not is_uuid(value.strip().lower()):
        raise field_error(tn, f, _("“{value}” is not a record id").format(value=shown(value)))
    return value.strip().lower()


def _check_email(tn: str, f: Field, value: Any, from_text: bool, ctx: Mapping[str, Any]) -> str:
    text = _check_text(tn, f, value, from_text, ctx)
    if not _EMAIL_RE.match(text):
        raise field_error(tn, f, _("“{value}” is not an e-mail address").format(value=shown(text)))
    return text


def _check_phone(tn: str, f: Field, value: Any, from_text: bool, ctx: Mapping[str, Any]) -> str:
    text = _check_text(tn, f, value, from_text, ctx)
    if not _PHONE_RE.match(text):
        raise field_error(tn, f, _("“{value}” is not a phone number").format(value=shown(text)))
    return text


def _check_url(tn: str, f: Field, value: Any, from_text: bool, ctx: Mapping[str, Any]) -> str:
    text = _check_text(tn, f, value, from_text, ctx)
    if " " in text or "." not in text:
        raise field_error(tn, f, _("“{value}” is not a web address").format(value=shown(text)))
    return text


def _check_orgnumber(tn: str, f: Field, value: Any, from_text: bool, ctx: Mapping[str, Any]) -> str:
    from cirkular_desktop.core import orgnumber

    try:
        return orgnumber.normalise(ctx.get("country"), value if isinstance(value, str) else str(value))
    except ValidationError as exc:
        raise field_error(tn, f, exc.message) from None


def _check_municipality(tn: str, f: Field, value: Any, from_text: bool, ctx: Mapping[str, Any]) -> str:
    from cirkular_desktop.core import municipalities

    found = municipalities.find(ctx.get("country"), str(value))
    if found is None:
        stored = municipalities.get(str(value))  # a stored code met again after a change of country
        raise field_error(tn, f, _("“{value}” is not a municipality in {country}").format(
            value=stored.name if stored else shown(value), country=ctx.get("country") or "SE/NO"))
    return found.code


def _check_material(tn: str, f: Field, value: Any, from_text: bool, ctx: Mapping[str, Any]) -> str:
    from cirkular_desktop.core import materials

    code = str(value).strip()
    if materials.get(code) is None:
        raise field_error(tn, f, _("“{value}” is not a material category").format(value=shown(value)))
    return code


def _check_wastecode(tn: str, f: Field, value: Any, from_text: bool, ctx: Mapping[str, Any]) -> str:
    from cirkular_desktop.core import wastecodes

    try:
        code = wastecodes.normalise_code(str(value))
    except ValidationError as exc:
        raise field_error(tn, f, exc.message) from None
    if wastecodes.get(code) is None:
        raise field_error(tn, f, _("“{value}” is not in the European List of Waste").format(value=shown(value)))
    return code


def _check_shipment_entry(tn: str, f: Field, value: Any, from_text: bool, ctx: Mapping[str, Any]) -> str:
    from cirkular_desktop.core import border

    code = border.normalise_entry(str(value))
    if code is None:
        raise field_error(tn, f, _("“{value}” is not an Annex III, IIIA or IIIB entry this version knows").format(
            value=value))
    return code


def _check_wastecodes(tn: str, f: Field, value: Any, from_text: bool, ctx: Mapping[str, Any]) -> list[str]:
    items = _split_list(value, from_text)
    if items is None:
        raise field_error(tn, f, _("expected a list of waste codes"))
    out: list[str] = []
    for item in items:
        code = _check_wastecode(tn, f, item, from_text, ctx)
        if code not in out:
            out.append(code)
    return out


def _check_industry(tn: str, f: Field, value: Any, from_text: bool, ctx: Mapping[str, Any]) -> str:
    from cirkular_desktop.core import industry

    try:
        return industry.normalise(str(value))
    except ValidationError as exc:
        raise field_error(tn, f, exc.message) from None


def _check_ns9431(tn: str, f: Field, value: Any, from_text: bool, ctx: Mapping[str, Any]) -> str:
    from cirkular_desktop.core import ns9431

    try:
        return ns9431.normalise(str(value))
    except ValidationError as exc:
        raise field_error(tn, f, exc.message) from None


def _check_unit(tn: str, f: Field, value: Any, from_text: bool, ctx: Mapping[str, Any]) -> str:
    from cirkular_desktop.core import units

    unit = units.find(str(value))
    if unit is None:
        raise field_error(tn, f, _("“{value}” is not a known unit; use one of: {choices}").format(
            value=shown(value), choices=", ".join(units.codes())))
    return unit.code


def _check_currency(tn: str, f: Field, value: Any, from_text: bool, ctx: Mapping[str, Any]) -> str:
    code = str(value).strip().upper()
    if code not in CURRENCY_CODES:
        raise field_error(tn, f, _("“{value}” is not a currency; use SEK, NOK or EUR").format(value=shown(value)))
    return code


def _check_language(tn: str, f: Field, value: Any, from_text: bool, ctx: Mapping[str, Any]) -> str:
    from cirkular_desktop import i18n

    lang = i18n.normalise_language(str(value))
    if lang is None:
        raise field_error(tn, f, _("“{value}” is not a language; use sv, nb or en").format(value=shown(value)))
    return lang


def _check_map(tn: str, f: Field, value: Any, from_text: bool, ctx: Mapping[str, Any]) -> dict[str, Any]:
    if isinstance(value, str) and from_text:
        try:
            value = json.loads(value)
        except ValueError:
            raise field_error(tn, f, _("expected a JSON object")) from None
    if not isinstance(value, dict):
        raise field_error(tn, f, _("expected a JSON object"))
    for key in value:
        if not isinstance(key, str) or not _MAP_KEY_RE.match(key):
            raise field_error(tn, f, _("“{value}” is not a valid key").format(value=shown(key)))
    check_json_value(value, tn, f)
    return {k: value[k] for k in sorted(value)}


def is_map_key(key: str) -> bool:
    return _MAP_KEY_RE.match(key) is not None


def json_problem(value: Any, depth: int = 0) -> str | None:
    """Why a JSON value (a questionnaire answer, one key of a map) cannot be stored and synced, or None.

    Numbers are whole and within ±(2^53 − 1), so every JSON reader holds them
    exactly (a fraction is written as a decimal string); text holds no NUL and
    no lone surrogate; nesting is at most 8 deep.
    """
    if depth > 8:
        return _("is nested too deeply")
    if value is None or value is True or value is False:
        return None
    kind = type(value)
    if kind is str:
        if len(value) > MAX_TEXT:
            return _("is longer than {limit} characters").format(limit=MAX_TEXT)
        return text_problem(value, True) if _BAD_CHAR_RE.search(value) else None
    if kind is int:
        return None if -MAX_JSON_INT <= value <= MAX_JSON_INT else _("is too large")
    if kind is float:
        return _("is not a whole number (write decimals as text, e.g. \"12.5\")")
    if kind is list:
        for item in value:
            problem = json_problem(item, depth + 1)
            if problem:
                return problem
        return None
    if kind is dict:
        for k, v in value.items():
            if not isinstance(k, str):
                return _("keys must be text")
            problem = json_problem(v, depth + 1)
            if problem:
                return problem
        return None
    return _("expected a JSON value")


def check_json_value(value: Any, tn: str = "", f: Field | None = None, depth: int = 0) -> None:
    """Refuse values that canonical JSON cannot carry (fractions, NaN, deep nesting, odd types)."""
    problem = json_problem(value, depth)
    if problem:
        raise field_error(tn, f, problem) if f else ValidationError(_("value {reason}").format(reason=problem))


def check_record_rules(table_name: str, values: Mapping[str, Any], changed: Any = None) -> None:
    """The rules between fields of one record, on the values it would hold (or an operation writes).

    A period must not end before it starts. Only fields present in ``values``
    are compared, so one operation of a bundle is checked on what it writes;
    ``changed`` (the fields an edit sets) limits the rules to those it touches,
    so an edit elsewhere is not refused for what a merge of two laptops made.
    """
    for table, start, end in DATE_ORDER:
        if table != table_name or (changed is not None and start not in changed and end not in changed):
            continue
        first, last = values.get(start), values.get(end)
        if isinstance(first, str) and isinstance(last, str) and last < first:
            raise ValidationError(_("{table}.{field}: {value} is before {other} ({start})").format(
                table=table_name, field=end, value=last, other=start, start=first), field=end)


def _check_items(tn: str, f: Field, value: Any, from_text: bool, ctx: Mapping[str, Any]) -> list[dict[str, Any]]:
    from cirkular_desktop.core import items

    try:
        return items.check_items(f, value, from_text)
    except ValueError as exc:
        raise field_error(tn, f, str(exc)) from None


def _check_refs(tn: str, f: Field, value: Any, from_text: bool, ctx: Mapping[str, Any]) -> list[str]:
    from cirkular_desktop.core import items

    try:
        return items.check_refs(f, value, from_text)
    except ValueError as exc:
        raise field_error(tn, f, str(exc)) from None


_CHECKERS: dict[str, Callable[..., Any]] = {
    TEXT: _check_text, LONGTEXT: _check_text, CHOICE: _check_choice, MULTI: _check_multi,
    TAGS: _check_tags, BOOL: _check_bool, INT: _check_int, DECIMAL: _check_decimal,
    DATE: _check_date, DATETIME: _check_datetime, REF: _check_ref, EMAIL: _check_email,
    PHONE: _check_phone, ORGNUMBER: _check_orgnumber, MUNICIPALITY: _check_municipality,
    MATERIAL: _check_material, WASTECODES: _check_wastecodes, WASTECODE: _check_wastecode,
    SHIPMENT_ENTRY: _check_shipment_entry,
    UNIT: _check_unit, CURRENCY: _check_currency, LANGUAGE: _check_language, MAP: _check_map,
    URL: _check_url, INDUSTRY: _check_industry, NS9431: _check_ns9431, ITEMS: _check_items, REFS: _check_refs,
}
