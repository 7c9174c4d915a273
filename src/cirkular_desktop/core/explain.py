"""Reasons and flags as data: codes with values, put into words only when shown.

A suggestion's reasons ("same material", "about 38 km apart") and the
cross-border flags are stored and exchanged as small JSON-safe dicts:

    {"code": "same_material", "material": "wood.sawdust"}
    {"code": "distance", "km": 38}
    {"code": "notification"}

so a Norwegian coordinator reads a match a Swedish colleague accepted in
Norwegian, and the CLI's JSON stays stable whatever the language.
``describe`` renders one in the active language (``i18n.using_language``
picks another, e.g. for a PDF in the participant's language). Values are
codes and numbers, never words: a material is its code in the material tree,
a waste code its six digits, a distance whole kilometres, tonnes a decimal
string.

Every code is registered once, with its text and which kind it is
(``reason`` or ``flag``): the first reasons here, the rest by
``core.matching`` and the flags by ``core.border`` (both loaded on first
need, so a stored item reads even where nothing imported them). A code may
add values computed from the whole item when shown (``extra``): a flag's
article reference comes from the rule set it records. A code this release
does not know (written by a newer one) is still shown, as its code and
values, never dropped; the code ``note`` carries free text from before
reasons were data.

Imports: i18n, core (materials, wastecodes; border and matching lazily), standard library.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, Callable, Iterable, Mapping

from cirkular_desktop.i18n import N_, gettext as _

Item = Mapping[str, Any]


@dataclass(frozen=True)
class Code:
    code: str
    kind: str           # "reason" or "flag"
    text: str           # source text marked with N_; placeholders are the item's (formatted) values
    # Values computed from the whole item when it is shown (e.g. a flag's article reference), already words.
    extra: Callable[[Mapping[str, Any]], Mapping[str, str]] | None = None


CODES: dict[str, Code] = {}
_loaded = False


def register(code: str, kind: str, text: str, *,
             extra: Callable[[Mapping[str, Any]], Mapping[str, str]] | None = None) -> Code:
    """Declare a code once; a second declaration of the same code is a programming error."""
    if code in CODES:
        raise ValueError(f"explain: code {code!r} registered twice")
    if kind not in ("reason", "flag"):
        raise ValueError(f"explain: kind {kind!r} is neither 'reason' nor 'flag'")
    CODES[code] = found = Code(code, kind, text, extra)
    return found


def _known(code: str) -> Code | None:
    """The registered code, loading the modules that register flags the first time one is missing."""
    global _loaded
    if code not in CODES and not _loaded:
        _loaded = True
        import cirkular_desktop.core.border  # noqa: F401 - registers the flag codes
        import cirkular_desktop.core.matching  # noqa: F401 - registers the reasons of the newer scores
    return CODES.get(code)


def item(code: str, **values: Any) -> dict[str, Any]:
    """A reason or flag as stored: ``{"code": code, **values}``; the code must be registered."""
    if _known(code) is None:
        raise ValueError(f"explain: unknown code {code!r}")
    if "code" in values:
        raise ValueError("explain: 'code' is not a value name")
    out: dict[str, Any] = {"code": code}
    out.update(values)
    return out


# --- How a value is put into words -----------------------------------------------------------------

def _material(value: Any) -> str:
    from cirkular_desktop.core import materials

    found = materials.get(str(value)) if value else None
    return found.name() if found else str(value or "")


def _material_top(value: Any) -> str:
    from cirkular_desktop.core import materials

    found = materials.get(str(value)) if value else None
    top = materials.get(found.top) if found else None
    return top.name() if top else _material(value)


def _waste_code(value: Any) -> str:
    from cirkular_desktop.core import wastecodes

    return wastecodes.format_code(str(value))


def _number(value: Any) -> str:
    from cirkular_desktop import i18n

    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    return i18n.format_decimal(number, max_fraction=1 if abs(number) < 10 else 0)


def _words(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return str(value)


# A value's name decides how it is written; names not listed are written as they are.
FORMATTERS: dict[str, Callable[[Any], str]] = {
    "material": _material,
    "material_top": _material_top,
    "waste_code": _waste_code,
    "km": lambda v: str(int(round(float(v)))),
    "supply_t": _number,
    "demand_t": _number,
    "words": _words,
}


def describe(found: Item) -> str:
    """One reason or flag in the active language."""
    code = str(found.get("code") or "")
    if code == "note":
        return str(found.get("text") or "")
    known = _known(code)
    values = {k: v for k, v in found.items() if k != "code"}
    if known is None:
        # Written by a newer release: show what it says rather than hide it.
        shown = ", ".join(f"{k}={v}" for k, v in sorted(values.items()))
        return f"{code} ({shown})" if shown else code
    formatted = {k: FORMATTERS.get(k, str)(v) for k, v in values.items()}
    if known.extra is not None:
        formatted.update(known.extra(found))
    try:
        return _(known.text).format(**formatted)
    except (KeyError, IndexError, ValueError):
        return _(known.text)


def describe_all(found: Iterable[Item]) -> list[str]:
    return [describe(f) for f in found]


def kind(found: Item) -> str | None:
    known = _known(str(found.get("code") or ""))
    return known.kind if known else None


def as_json(found: Item) -> dict[str, Any]:
    """The stored form plus its text in the active language, for ``--format json``."""
    out = dict(found)
    out["text"] = describe(found)
    return out


def note(text: str) -> dict[str, Any]:
    """Free text kept as it was written (reasons from before they were data)."""
    return {"code": "note", "text": text}


# --- Reasons a suggestion scored ----------------------------------------------------------------------
register("same_material", "reason", N_("same material: {material}"))
register("same_waste_code", "reason", N_("same waste code {waste_code}"))
register("related_material", "reason", N_("related material: {material_top}"))
register("similar_words", "reason", N_("similar description: {words}"))
register("below_min_lot", "reason", N_("supply is below the minimum lot"))
register("quantities_fit", "reason",
         N_("quantities fit ({supply_t} t/year offered, {demand_t} t/year wanted)"))
register("distance", "reason", N_("about {km} km apart"))
register("same_municipality", "reason", N_("same municipality"))
register("neighbours_across_border", "reason", N_("neighbours across the border"))
register("reusable_as_is", "reason", N_("can be reused as it is (top of the waste hierarchy)"))
register("supplier_pays", "reason", N_("the supplier pays for handling today"))
register("free_of_charge", "reason", N_("offered free of charge"))
register("learned", "reason", N_("similar matches were agreed before"))
register("periods_do_not_overlap", "reason", N_("the periods do not overlap"))
