"""Reading JSON from bundles strictly, and telling whether an operation line is canonical JSON.

``strict_json`` parses the manifest: no byte order mark, valid UTF-8, no
duplicate keys, no ``NaN``/``Infinity``, no lone surrogates. ``canonical_line``
parses an operation line and refuses it unless it is exactly the canonical
JSON of its value (docs/bundle-format.md §3.1). Every refusal is a
``BundleError`` naming the place (``where``) and the reason.

Imports: errors, i18n, replication.merge, orjson, standard library.
"""

from __future__ import annotations

import json
import math
from typing import Any

import orjson

from cirkular_desktop.errors import BundleError
from cirkular_desktop.i18n import gettext as _
from cirkular_desktop.replication.merge import canonical_json


class _Refused(ValueError):
    pass


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _Refused(_("the key “{key}” appears twice").format(key=key[:40]))
        result[key] = value
    return result


def _no_constant(name: str) -> Any:
    raise _Refused(_("{value} is not allowed in JSON").format(value=name))


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _Refused(_("{value} is not allowed in JSON").format(value=text[:20]))
    return value


def strict_json(raw: bytes, where: str) -> Any:
    """Parse JSON refusing a BOM, invalid UTF-8, duplicate keys, NaN/Infinity and lone surrogates."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raise BundleError(_("{where}: starts with a byte order mark (BOM)").format(where=where))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise BundleError(_("{where}: is not valid UTF-8").format(where=where)) from None
    try:
        value = json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constant,
                           parse_float=_finite_float)
        canonical_json(value).encode("utf-8")   # a lone surrogate cannot be stored
    except _Refused as exc:
        raise BundleError(_("{where}: {reason}").format(where=where, reason=str(exc))) from None
    except (ValueError, RecursionError, UnicodeEncodeError):
        raise BundleError(_("{where}: is not valid JSON").format(where=where)) from None
    return value


def canonical_line(raw: bytes, where: object) -> tuple[Any, str]:
    """An operation line: its value and text, or a BundleError; the line must be canonical JSON.

    Canonical JSON (docs/bundle-format.md §3.1) has exactly one spelling per
    value, so an operation has one byte form everywhere and two copies of it
    can be compared byte for byte. orjson parses and re-encodes several times
    faster than the standard library, and its sorted, compact UTF-8 output is
    byte for byte ``canonical_json`` for everything a bundle may hold (a
    property test holds the two to the same verdicts; floats, which they spell
    differently, are refused by the value checks anyway). Text that is not
    canonical goes through the careful parser, for the precise reason.
    """
    try:
        value = orjson.loads(raw)
        if orjson.dumps(value, option=orjson.OPT_SORT_KEYS) == raw:
            return value, raw.decode("utf-8")
    except (orjson.JSONDecodeError, orjson.JSONEncodeError, RecursionError):
        pass
    value = strict_json(raw, str(where))   # names a BOM, bad UTF-8, a duplicate key, NaN, broken JSON
    text = raw.decode("utf-8")
    if canonical_json(value) == text:
        return value, text   # canonical, but beyond what orjson reads (an integer beyond 64 bits)
    raise BundleError(_("{where}: is not written as canonical JSON (keys sorted, no spaces, no escapes "
                        "other than the required ones)").format(where=where))
