"""The value rules of docs/bundle-format.md §3.4, for the independent reader (``independent_reader``).

Written from the document alone: standard library only, nothing of Cirkulär.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

MAX_INT = 2**53 - 1
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
MAP_KEY = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


@dataclass
class FieldSpec:
    name: str
    kind: str
    choices: list[str] = field(default_factory=list)
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    ref: str | None = None
    shape: str | None = None



_ALWAYS_BAD = set(range(0x00, 0x09)) | {0x0B, 0x0C} | set(range(0x0E, 0x20)) | set(range(0x7F, 0xA0)) \
    | set(range(0x202A, 0x202F)) | set(range(0x2066, 0x206A)) | set(range(0xD800, 0xE000))
_ONE_LINE_BAD = _ALWAYS_BAD | {0x09, 0x0A, 0x0D, 0x2028, 0x2029}
_SPACE = {0x20, 0xA0, 0x1680, *range(0x2000, 0x200B), 0x202F, 0x205F, 0x3000}
DECIMAL = re.compile(r"^-?(0|[1-9][0-9]{0,14})(\.[0-9]{0,14}[1-9])?$")
FORMS = {
    "municipality": re.compile(r"^(SE|NO)-[0-9]{4}$"),
    "material": re.compile(r"^[a-z0-9_]{1,40}(\.[a-z0-9_]{1,40}){0,5}$"),
    "wastecode": re.compile(r"^[0-9]{6}$"),
    "unit": re.compile(r"^[A-Za-z0-9]{1,10}$"),
    "industry": re.compile(r"^[0-9]{2}\.[0-9]{2}[0-9]?$"),
    "ns9431": re.compile(r"^[0-9]{4}$"),
    "shipment_entry": re.compile(r"^[A-Z0-9]{2,10}(-[A-Z0-9]{2,10})?$"),
    "email": re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$"),
    "phone": re.compile(r"^\+?[0-9 ()\-]{5,20}$"),
}


def _text_ok(value: Any, multiline: bool) -> bool:
    if not isinstance(value, str) or not 1 <= len(value) <= 10_000:
        return False
    bad = _ALWAYS_BAD if multiline else _ONE_LINE_BAD
    if any(ord(ch) in bad for ch in value) or not unicodedata.is_normalized("NFC", value):
        return False
    if multiline:
        return value[0] != "\n" and value[-1] != "\n" and not value.isspace()
    return ord(value[0]) not in _SPACE and ord(value[-1]) not in _SPACE


def _in_bounds(spec: FieldSpec, number: Decimal) -> bool:
    return (abs(number) < Decimal(10) ** 15 and (spec.minimum is None or number >= spec.minimum)
            and (spec.maximum is None or number <= spec.maximum))


def _luhn(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch) * (2 if i % 2 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


def _mod11(digits: str) -> bool:
    weights = (3, 2, 7, 6, 5, 4, 3, 2)
    check = 11 - sum(int(d) * w for d, w in zip(digits[:8], weights)) % 11
    return (0 if check == 11 else check) == int(digits[8]) and check != 10


def json_ok(value: Any, depth: int = 0) -> bool:
    if depth > 8:
        return False
    if value is None or isinstance(value, bool):
        return True
    if isinstance(value, int):
        return -MAX_INT <= value <= MAX_INT
    if isinstance(value, str):
        return len(value) <= 10_000 and not any(ord(ch) in _ALWAYS_BAD for ch in value)
    if isinstance(value, list):
        return all(json_ok(v, depth + 1) for v in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and json_ok(v, depth + 1) for k, v in value.items())
    return False   # a fraction


def _item_ok(shape: str | None, item: Any) -> bool:
    if not isinstance(item, dict):
        return False
    if shape == "explanation":
        if not (isinstance(item.get("code"), str) and re.match(r"^[a-z][a-z0-9_]{0,63}$", item["code"])):
            return False
        for key, value in item.items():
            if not MAP_KEY.match(key):
                return False
            if isinstance(value, list):
                if len(value) > 20 or not all(isinstance(v, (str, int)) and not isinstance(v, bool) for v in value):
                    return False
            elif isinstance(value, str):
                if len(value) > 2000:
                    return False
            elif not (value is None or isinstance(value, (bool, int))):
                return False
        return True
    if shape == "participants":
        if set(item) - {"organization_id", "name", "country", "count"}:
            return False
        count = item.get("count")
        if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= 100_000:
            return False
        if "organization_id" not in item and "country" not in item:
            return False
        if "organization_id" in item and not (isinstance(item["organization_id"], str)
                                              and UUID.match(item["organization_id"])):
            return False
        if "country" in item and not (isinstance(item["country"], str) and re.match(r"^[A-Z]{2}$", item["country"])):
            return False
        return "name" not in item or (_text_ok(item["name"], False) and len(item["name"]) <= 200)
    return False


def value_ok(spec: FieldSpec, value: Any, data: dict[str, Any]) -> bool:
    """Whether ``value`` is a canonical value of the field (§3.4); ``data`` is the operation's data."""
    if value is None:
        return True
    kind = spec.kind
    if kind == "text":
        return _text_ok(value, False)
    if kind == "longtext":
        return _text_ok(value, True)
    if kind in ("choice", "language"):
        return isinstance(value, str) and value in spec.choices
    if kind == "currency":
        return value in ("SEK", "NOK", "EUR")
    if kind == "multi":
        return (isinstance(value, list) and all(isinstance(v, str) and v in spec.choices for v in value)
                and len(set(value)) == len(value) and value == sorted(value, key=spec.choices.index))
    if kind == "tags":
        return isinstance(value, list) and all(_text_ok(v, False) for v in value) and len(set(value)) == len(value)
    if kind == "bool":
        return isinstance(value, bool)
    if kind == "int":
        return isinstance(value, int) and not isinstance(value, bool) and _in_bounds(spec, Decimal(value))
    if kind == "decimal":
        return isinstance(value, str) and bool(DECIMAL.match(value)) and value != "-0" \
            and _in_bounds(spec, Decimal(value))
    if kind == "date":
        if not (isinstance(value, str) and re.match(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$", value)):
            return False
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            return False
        return True
    if kind == "datetime":
        return isinstance(value, str) and bool(re.match(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}"
                                                        r"\+00:00$", value))
    if kind == "ref":
        return isinstance(value, str) and bool(UUID.match(value))
    if kind == "refs":
        return (isinstance(value, list) and len(value) <= 200 and len(set(value)) == len(value)
                and all(isinstance(v, str) and UUID.match(v) for v in value))
    if kind in ("email", "phone"):
        return _text_ok(value, False) and bool(FORMS[kind].match(value))
    if kind == "url":
        return _text_ok(value, False) and "." in value and " " not in value
    if kind == "orgnumber":
        if not (isinstance(value, str) and value.isdigit()):
            return False
        country = data.get("country") or ("SE" if len(value) == 10 else "NO")
        return (country == "SE" and len(value) == 10 and _luhn(value)) or \
            (country == "NO" and len(value) == 9 and _mod11(value))
    if kind == "municipality":
        country = data.get("country")
        return isinstance(value, str) and bool(FORMS[kind].match(value)) and country in (None, value[:2])
    if kind in ("material", "wastecode", "unit", "industry", "ns9431", "shipment_entry"):
        return isinstance(value, str) and bool(FORMS[kind].match(value))
    if kind == "wastecodes":
        return (isinstance(value, list) and all(isinstance(v, str) and FORMS["wastecode"].match(v) for v in value)
                and len(set(value)) == len(value))
    if kind == "items":
        if isinstance(value, str):
            return _text_ok(value, True)   # text from before schema 2
        return isinstance(value, list) and len(value) <= 200 and json_ok(value) \
            and all(_item_ok(spec.shape, item) for item in value)
    return False   # a kind this document does not describe


DATE_ORDER = (("stream", "available_from", "available_to"), ("need", "available_from", "available_to"),
              ("test_environment", "start_date", "end_date"))
