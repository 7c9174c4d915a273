"""Fields that hold a list of small structured items, and fields that hold a list of record ids.

Two field kinds (``core.fields``) store structured lists as one value (one
register in sync, so the list is replaced whole, never merged item by item):

* ``ITEMS`` — a list of JSON objects of one *shape*, named by the field's
  ``item_shape``:

  - ``explanation``: reasons and flags as data (``core.explain``), e.g.
    ``{"code": "distance", "km": 38}``; written by the services, never typed;
  - ``participants``: who took part in a competence activity, e.g.
    ``{"organization_id": "…", "country": "NO", "count": 4}`` or
    ``{"name": "Pupils of Säffle gymnasium", "country": "SE", "count": 22}``.
    Typed on the command line as ``SE:12, NO:5, <organization id>:3`` or as a
    JSON list.

* ``REFS`` — a list of ids of records of the field's ``ref`` table (the
  partners of a test environment), typed comma separated.

This module checks a value of either kind and gives its canonical form: the
items of a shape in a fixed key order, ids lowercased and without repeats.
Whether referenced records exist is the services' business (like ``REF``).

Imports: errors, i18n, core.fields, standard library.
"""

from __future__ import annotations

import json
import re
import uuid
from typing import Any, Callable

from cirkular_desktop.core.fields import Field
from cirkular_desktop.errors import ValidationError
from cirkular_desktop.i18n import gettext as _

MAX_ITEMS = 200
_CODE_RE = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
_KEY_RE = re.compile(r"^[A-Za-z0-9_\-]{1,64}$")
_COUNTRY_RE = re.compile(r"^[A-Z]{2}$")
_MAX_VALUE_TEXT = 2_000

EXPLANATION = "explanation"
PARTICIPANTS = "participants"


def _uuid(text: Any) -> str | None:
    if not isinstance(text, str):
        return None
    try:
        value = str(uuid.UUID(text.strip()))
    except ValueError:
        return None
    return value if value == text.strip().lower() else None


def _plain(value: Any) -> bool:
    """A value an explanation item may carry: a scalar, or a short list of scalars."""
    if value is None or isinstance(value, (bool, int)):
        return True
    if isinstance(value, float):
        return value == value and value not in (float("inf"), float("-inf"))
    if isinstance(value, str):
        return len(value) <= _MAX_VALUE_TEXT
    if isinstance(value, list):
        return len(value) <= 20 and all(isinstance(v, (str, int)) and not isinstance(v, bool) for v in value)
    return False


def _explanation(item: Any) -> dict[str, Any]:
    if not isinstance(item, dict):
        raise ValueError(_("each reason or flag must be an object with a code"))
    code = item.get("code")
    if not isinstance(code, str) or not _CODE_RE.match(code):
        raise ValueError(_("each reason or flag needs a code of lowercase letters, digits and _"))
    for key, value in item.items():
        if not isinstance(key, str) or not _KEY_RE.match(key):
            raise ValueError(_("“{value}” is not a valid key").format(value=key))
        if not _plain(value):
            raise ValueError(_("{key}: expected a number, a text or a list of them").format(key=key))
    return {"code": code, **{k: item[k] for k in sorted(item) if k != "code"}}


def _participant(item: Any) -> dict[str, Any]:
    if not isinstance(item, dict):
        raise ValueError(_("each participant group must be an object with a country and a count"))
    unknown = set(item) - {"organization_id", "name", "country", "count"}
    if unknown:
        raise ValueError(_("unknown key “{key}” in a participant group").format(key=sorted(unknown)[0]))
    out: dict[str, Any] = {}
    org = item.get("organization_id")
    if org not in (None, ""):
        found = _uuid(org)
        if found is None:
            raise ValueError(_("“{value}” is not a record id").format(value=org))
        out["organization_id"] = found
    name = item.get("name")
    if name not in (None, ""):
        if not isinstance(name, str) or "\n" in name or len(name) > 200:
            raise ValueError(_("a participant group's name must be one line of text"))
        out["name"] = name.strip()
    country = item.get("country")
    if country in (None, ""):
        if "organization_id" not in out:
            raise ValueError(_("each participant group needs a country (SE, NO, …) or an organization"))
    else:
        country = str(country).strip().upper()
        if not _COUNTRY_RE.match(country):
            raise ValueError(_("“{value}” is not a two-letter country code").format(value=item.get("country")))
        out["country"] = country
    count = item.get("count")
    if isinstance(count, str) and count.strip().isdigit():
        count = int(count.strip())
    if isinstance(count, bool) or not isinstance(count, int) or count < 1 or count > 100_000:
        raise ValueError(_("each participant group needs a count of at least 1"))
    out["count"] = count
    return out


def _participants_from_text(text: str) -> list[Any]:
    """``SE:12, NO:5, <organization id>:3`` (or a JSON list) as items."""
    out: list[Any] = []
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        who, sep, count = part.rpartition(":")
        if not sep or not who.strip():
            raise ValueError(_("“{value}” is not of the form COUNTRY:COUNT or ORGANIZATION_ID:COUNT").format(
                value=part))
        who = who.strip()
        item: dict[str, Any] = {"count": count.strip()}
        if _uuid(who.lower()):
            item["organization_id"] = who.lower()
        else:
            item["country"] = who
        out.append(item)
    return out


_SHAPES: dict[str, tuple[Callable[[Any], dict[str, Any]], Callable[[str], list[Any]] | None]] = {
    EXPLANATION: (_explanation, None),
    PARTICIPANTS: (_participant, _participants_from_text),
}


def check_items(f: Field, value: Any, from_text: bool) -> list[dict[str, Any]]:
    """The canonical list of items of ``f``'s shape; ValueError with the reason otherwise."""
    shape = _SHAPES.get(f.item_shape)
    if shape is None:  # pragma: no cover - a programming error in core.records
        raise ValueError(f"unknown item shape {f.item_shape!r}")
    check, from_words = shape
    if isinstance(value, str) and from_text:
        stripped = value.strip()
        if stripped.startswith("["):
            try:
                value = json.loads(stripped)
            except ValueError:
                raise ValueError(_("expected a JSON list")) from None
        elif from_words is not None:
            value = from_words(stripped)
        else:
            raise ValueError(_("expected a JSON list"))
    if not isinstance(value, (list, tuple)):
        raise ValueError(_("expected a list"))
    if len(value) > MAX_ITEMS:
        raise ValueError(_("has more than {limit} entries").format(limit=MAX_ITEMS))
    return [check(item) for item in value]


def check_refs(f: Field, value: Any, from_text: bool) -> list[str]:
    """Ids in the order given, lowercased, each once; ValueError naming a malformed one."""
    if isinstance(value, str) and from_text:
        stripped = value.strip()
        if stripped.startswith("["):
            try:
                value = json.loads(stripped)
            except ValueError:
                raise ValueError(_("expected a JSON list")) from None
        else:
            value = [p.strip() for p in stripped.split(",") if p.strip()]
    if not isinstance(value, (list, tuple)):
        raise ValueError(_("expected a list of record ids"))
    if len(value) > MAX_ITEMS:
        raise ValueError(_("has more than {limit} entries").format(limit=MAX_ITEMS))
    out: list[str] = []
    for item in value:
        found = _uuid(item.lower() if isinstance(item, str) else item)
        if found is None:
            raise ValueError(_("“{value}” is not a record id").format(value=item))
        if found not in out:
            out.append(found)
    return out


def as_error(table_name: str, f: Field, exc: ValueError) -> ValidationError:
    return ValidationError(_("{table}.{field}: {reason}").format(table=table_name, field=f.name, reason=str(exc)),
                           field=f.name)
