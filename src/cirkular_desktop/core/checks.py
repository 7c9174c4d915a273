"""Checks of single values: each field kind's rules and canonical form.

Every value that passes is canonical and JSON-safe (decimals as plain
strings, dates as ISO strings, lists and maps as JSON), because values travel
in sync operations. Code lists (waste codes, materials, municipalities) are
imported where used so that loading them costs nothing until needed.
Imports: errors, i18n, core.fields, core value modules.
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
from cirkular_desktop.errors import ValidationError
from cirkular_desktop.i18n import gettext as _


_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE_RE = re.compile(r"^\+?[0-9 ()\-]{5,20}$")
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MAP_KEY_RE = re.compile(r"^[A-Za-z0-9_\-]{1,64}$")
# Control characters other than tab and line breaks garble terminals, lists and PDFs, and
# spreadsheets refuse them. Lone surrogates are what undecodable (non-UTF-8) bytes become.
_CONTROL_RE = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SURROGATE_RE = re.compile("[\ud800-\udfff]")
MAX_TEXT = 10_000


def canonical_decimal(value: Decimal) -> str:
    """Plain decimal notation without exponent or trailing zeros: 12.50 → "12.5"."""
    if value == 0:
        return "0"
    text = format(value.normalize(), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


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


def check_value(table_name: str, f: Field, value: Any, *, from_text: bool = False,
                context: Mapping[str, Any] | None = None) -> Any:
    """Check one value and return its canonical, JSON-safe form.

    ``from_text`` means the value was typed (CLI ``FIELD=VALUE`` or a line edit):
    numbers may use a decimal comma, lists are comma separated, booleans read
    yes/no/true/false/ja/nei. ``context`` holds the record's other values, used
    where a check depends on them (organisation number on country).
    Raises ValidationError naming the field and the reason.
    """
    if value is None or (isinstance(value, str) and value.strip() == "" and f.kind not in (MAP,)):
        if f.required:
            raise field_error(table_name, f, _("a value is required"))
        return None
    checker = _CHECKERS.get(f.kind)
    if checker is None:  # pragma: no cover - every kind has a checker
        raise field_error(table_name, f, "unsupported kind")
    return checker(table_name, f, value, from_text, context or {})


def _check_text(tn: str, f: Field, value: Any, from_text: bool, ctx: Mapping[str, Any]) -> str:
    if not isinstance(value, str):
        raise field_error(tn, f, _("expected text"))
    text = value.strip() if f.kind != LONGTEXT else value.strip("\n")
    if "\x00" in text:
        raise field_error(tn, f, _("contains a NUL character"))
    if _SURROGATE_RE.search(text):
        raise field_error(tn, f, _("is not valid UTF-8 text"))
    control = _CONTROL_RE.search(text)
    if control:
        raise field_error(tn, f, _("contains the control character U+{code}").format(
            code=format(ord(control.group()), "04X")))
    if f.kind != LONGTEXT and ("\n" in text or "\r" in text):
        raise field_error(tn, f, _("must be a single line"))
    if len(text) > MAX_TEXT:
        raise field_error(tn, f, _("is longer than {limit} characters").format(limit=MAX_TEXT))
    return unicodedata.normalize("NFC", text)


def _check_choice(tn: str, f: Field, value: Any, from_text: bool, ctx: Mapping[str, Any]) -> str:
    if not isinstance(value, str) or value.strip() not in f.choice_values():
        raise field_error(tn, f, _("“{value}” is not one of: {choices}").format(
            value=value, choices=", ".join(f.choice_values())))
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
            raise field_error(tn, f, _("“{value}” is not one of: {choices}").format(
                value=item, choices=", ".join(f.choice_values())))
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
            # Typed text follows the user's locale; stored text is always canonical.
            number = i18n.parse_decimal(value, None if from_text else "en")
        except ValueError:
            raise field_error(tn, f, _("“{value}” is not a number").format(value=value)) from None
    else:
        raise field_error(tn, f, _("expected a number"))
    if not number.is_finite():
        raise field_error(tn, f, _("“{value}” is not a number").format(value=value))
    if abs(number) >= Decimal("1e15"):
        raise field_error(tn, f, _("is too large"))
    if f.min_value is not None and number < f.min_value:
        if f.min_value == 0:
            raise field_error(tn, f, _("must not be negative"))
        raise field_error(tn, f, _("must be at least {limit}").format(limit=canonical_decimal(f.min_value)))
    if f.max_value is not None and number > f.max_value:
        raise field_error(tn, f, _("must be at most {limit}").format(limit=canonical_decimal(f.max_value)))
    return number


def _check_decimal(tn: str, f: Field, value: Any, from_text: bool, ctx: Mapping[str, Any]) -> str:
    return canonical_decimal(_to_decimal(tn, f, value, from_text))


def _check_int(tn: str, f: Field, value: Any, from_text: bool, ctx: Mapping[str, Any]) -> int:
    number = _to_decimal(tn, f, value, from_text)
    if number != number.to_integral_value():
        raise field_error(tn, f, _("must be a whole number"))
    return int(number)


def iso_date(value: Any) -> str | None:
    """A date, datetime or "YYYY-MM-DD" text as an ISO date string; None if it is none of those."""
    if isinstance(value, _dt.datetime):
        value = value.date()
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, str) and _DATE_RE.match(value.strip()):
        try:
            return _dt.date.fromisoformat(value.strip()).isoformat()
        except ValueError:
            return None
    return None


def _check_date(tn: str, f: Field, value: Any, from_text: bool, ctx: Mapping[str, Any]) -> str:
    found = iso_date(value)
    if found is None:
        raise field_error(tn, f, _("“{value}” is not a date (YYYY-MM-DD)").format(value=value))
    return found


def _check_datetime(tn: str, f: Field, value: Any, from_text: bool, ctx: Mapping[str, Any]) -> str:
    if isinstance(value, str):
        try:
            value = _dt.datetime.fromisoformat(value.strip())
        except ValueError:
            raise field_error(tn, f, _("“{value}” is not a date and time").format(value=value)) from None
    if isinstance(value, _dt.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=_dt.timezone.utc)
        return value.astimezone(_dt.timezone.utc).isoformat(timespec="seconds")
    raise field_error(tn, f, _("expected a date and time"))


def _check_ref(tn: str, f: Field, value: Any, from_text: bool, ctx: Mapping[str, Any]) -> str:
    if not isinstance(value, str) or not is_uuid(value.strip().lower()):
        raise field_error(tn, f, _("“{value}” is not a record id").format(value=value))
    return value.strip().lower()


def _check_email(tn: str, f: Field, value: Any, from_text: bool, ctx: Mapping[str, Any]) -> str:
    text = _check_text(tn, f, value, from_text, ctx)
    if not _EMAIL_RE.match(text):
        raise field_error(tn, f, _("“{value}” is not an e-mail address").format(value=text))
    return text


def _check_phone(tn: str, f: Field, value: Any, from_text: bool, ctx: Mapping[str, Any]) -> str:
    text = _check_text(tn, f, value, from_text, ctx)
    if not _PHONE_RE.match(text):
        raise field_error(tn, f, _("“{value}” is not a phone number").format(value=text))
    return text


def _check_url(tn: str, f: Field, value: Any, from_text: bool, ctx: Mapping[str, Any]) -> str:
    text = _check_text(tn, f, value, from_text, ctx)
    if " " in text or "." not in text:
        raise field_error(tn, f, _("“{value}” is not a web address").format(value=text))
    return text


def _check_orgnumber(tn: str, f: Field, value: Any, from_text: bool, ctx: Mapping[str, Any]) -> str:
    from cirkular_desktop.core import orgnumber

    country = ctx.get("country")
    try:
        return orgnumber.normalise(country, value if isinstance(value, str) else str(value))
    except ValidationError as exc:
        raise field_error(tn, f, exc.message) from None


def _check_municipality(tn: str, f: Field, value: Any, from_text: bool, ctx: Mapping[str, Any]) -> str:
    from cirkular_desktop.core import municipalities

    found = municipalities.find(ctx.get("country"), str(value))
    if found is None:
        stored = municipalities.get(str(value))  # a stored code met again after a change of country
        raise field_error(tn, f, _("“{value}” is not a municipality in {country}").format(
            value=stored.name if stored else value, country=ctx.get("country") or "SE/NO"))
    return found.code


def _check_material(tn: str, f: Field, value: Any, from_text: bool, ctx: Mapping[str, Any]) -> str:
    from cirkular_desktop.core import materials

    code = str(value).strip()
    if materials.get(code) is None:
        raise field_error(tn, f, _("“{value}” is not a material category").format(value=value))
    return code


def _check_wastecode(tn: str, f: Field, value: Any, from_text: bool, ctx: Mapping[str, Any]) -> str:
    from cirkular_desktop.core import wastecodes

    try:
        code = wastecodes.normalise_code(str(value))
    except ValidationError as exc:
        raise field_error(tn, f, exc.message) from None
    if wastecodes.get(code) is None:
        raise field_error(tn, f, _("“{value}” is not in the European List of Waste").format(value=value))
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
            value=value, choices=", ".join(units.codes())))
    return unit.code


def _check_currency(tn: str, f: Field, value: Any, from_text: bool, ctx: Mapping[str, Any]) -> str:
    code = str(value).strip().upper()
    if code not in ("SEK", "NOK", "EUR"):
        raise field_error(tn, f, _("“{value}” is not a currency; use SEK, NOK or EUR").format(value=value))
    return code


def _check_language(tn: str, f: Field, value: Any, from_text: bool, ctx: Mapping[str, Any]) -> str:
    from cirkular_desktop import i18n

    lang = i18n.normalise_language(str(value))
    if lang is None:
        raise field_error(tn, f, _("“{value}” is not a language; use sv, nb or en").format(value=value))
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
            raise field_error(tn, f, _("“{value}” is not a valid key").format(value=key))
    check_json_value(value, tn, f)
    return {k: value[k] for k in sorted(value)}


def check_json_value(value: Any, tn: str = "", f: Field | None = None, depth: int = 0) -> None:
    """Refuse values that canonical JSON cannot carry (NaN, deep nesting, odd types)."""
    if depth > 8:
        raise field_error(tn, f, _("is nested too deeply")) if f else ValidationError(_("value is nested too deeply"))
    if value is None or isinstance(value, (bool, str, int)):
        return
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise field_error(tn, f, _("is not a number")) if f else ValidationError(_("value is not a number"))
        return
    if isinstance(value, list):
        for item in value:
            check_json_value(item, tn, f, depth + 1)
        return
    if isinstance(value, dict):
        for k, v in value.items():
            if not isinstance(k, str):
                raise ValidationError(_("keys must be text"))
            check_json_value(v, tn, f, depth + 1)
        return
    raise field_error(tn, f, _("expected a JSON value")) if f else ValidationError(_("expected a JSON value"))


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
