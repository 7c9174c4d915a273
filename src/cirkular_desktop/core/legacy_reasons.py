"""Reasons written as text before they were data, read back into codes with values.

Before schema 0003 an accepted match kept its reasons and border flags as
lines of text in the accepting user's language ("samma material: Trä ›
Sågspån", "about 38 km apart"). They are read back here into the items of
``core.explain``: each line is tried against every registered code's text in
English, Swedish and Bokmål, and its values are turned back into what the
code stores (a material's code, a waste code's six digits, whole kilometres,
tonnes as a plain decimal). A line that fits no code is kept word for word
as ``explain.note(line)`` — nothing is dropped.

The result depends on the text only (never on the active language), because
it is used wherever such a value is materialized — by migration 0003 and
when an older laptop's operations arrive — and every device must reach the
same record.

Imports: i18n, core (explain, text, border — for its flag codes —, materials, wastecodes), standard library.
"""

from __future__ import annotations

import re
from decimal import InvalidOperation
from functools import lru_cache
from typing import Any, Callable

from cirkular_desktop import i18n
from cirkular_desktop.core import border as _border  # noqa: F401 - registers the flag codes
from cirkular_desktop.core import explain
from cirkular_desktop.core.text import fold

LANGUAGES = ("en", "sv", "nb")
_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


@lru_cache(maxsize=4)
def _material_names(lang: str) -> dict[str, str]:
    from cirkular_desktop.core import materials

    names: dict[str, str] = {}
    for material in materials.all_materials():
        names.setdefault(fold(material.name(lang)), material.code)
    return names


def _material(text: str, lang: str) -> str | None:
    return _material_names(lang).get(fold(text))


def _waste_code(text: str, lang: str) -> str | None:
    digits = text.replace(" ", "").rstrip("*")
    return digits if re.fullmatch(r"\d{6}", digits) else None


def _km(text: str, lang: str) -> int | None:
    return int(text) if text.strip().isdigit() else None


def _tonnes(text: str, lang: str) -> str | None:
    try:
        number = i18n.parse_decimal(text, lang)
    except (ValueError, InvalidOperation):
        return None
    if not number.is_finite():
        return None
    return str(number.normalize()) if number != number.to_integral_value() else str(int(number))


def _words(text: str, lang: str) -> list[str] | None:
    parts = [p.strip() for p in text.split(",")]
    return parts if all(parts) else None


_READERS: dict[str, Callable[[str, str], Any]] = {
    "material": _material, "material_top": _material, "waste_code": _waste_code, "km": _km,
    "supply_t": _tonnes, "demand_t": _tonnes, "words": _words,
}


@lru_cache(maxsize=1)
def _patterns() -> tuple[tuple[re.Pattern[str], str, str, tuple[str, ...]], ...]:
    """(pattern, code, language, placeholder names) for every registered code in every language."""
    found: list[tuple[re.Pattern[str], str, str, tuple[str, ...]]] = []
    for code in sorted(explain.CODES):
        source = explain.CODES[code].text
        for lang in LANGUAGES:
            text = source if lang == "en" else i18n.lookup(source, lang=lang)
            if not text:
                continue
            names = tuple(dict.fromkeys(_PLACEHOLDER.findall(text)))
            pieces = _PLACEHOLDER.split(text)
            # split() alternates literal text and placeholder names.
            seen: set[str] = set()
            parts = []
            for i, piece in enumerate(pieces):
                if i % 2 == 0:
                    parts.append(re.escape(piece))
                elif piece in seen:   # a value named twice in one text ("{unit}/year … {unit}") is the same value
                    parts.append(f"(?P={piece})")
                else:
                    seen.add(piece)
                    parts.append(f"(?P<{piece}>.+?)")
            regex = "".join(parts)
            found.append((re.compile(regex, re.DOTALL), code, lang, names))
    # Codes with more fixed words first, so "supply is below the minimum lot" is not read as a looser pattern.
    found.sort(key=lambda entry: (-len(_PLACEHOLDER.sub("", entry[0].pattern)), entry[1], entry[2]))
    return tuple(found)


def read_line(line: str) -> dict[str, Any]:
    """One line of old text as an item: a known code with its values, or a note."""
    text = line.strip()
    for pattern, code, lang, names in _patterns():
        matched = pattern.fullmatch(text)
        if matched is None:
            continue
        values: dict[str, Any] = {}
        for name in names:
            reader = _READERS.get(name)
            raw = matched.group(name)
            value = reader(raw, lang) if reader else raw
            if value is None:
                break
            values[name] = value
        else:
            return explain.item(code, **values)
    return explain.note(text)


def items_from_text(text: str) -> list[dict[str, Any]]:
    """Old reasons text (one reason or flag per line) as items, in the order written."""
    return [read_line(line) for line in str(text).splitlines() if line.strip()]


def stored_items(value: Any) -> Any:
    """A stored value of an items field: old text becomes items, anything else is returned as it is."""
    return items_from_text(value) if isinstance(value, str) else value


__all__ = ["items_from_text", "read_line", "stored_items"]
