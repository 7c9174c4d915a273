"""NS 9431 avfallsstoffnummer: the Norwegian waste classification beside the EU waste code.

Norwegian hauliers report waste to their customers and to Statistics Norway by
the four-digit numbers of NS 9431 ("1251" office paper, "7011" waste oil): the
first digit says ordinary (1), hazardous (7) or mixed (9) waste, the first two
the group. The standard itself is sold by Standard Norge and no public copy of
its list could be read, so ``resources/codelists/ns9431.json`` holds only the
numbers verified in public hauliers' fact sheets, each with its source, and
the group names are our own (see resources/codelists/README.md). Any
well-formed four-digit number is therefore accepted as a code; ``get`` says
whether the shipped list knows its name.

Where it is clear, a code points at a category of the app's material tree, so
a stream coded 1615 can suggest "Plasterboard and gypsum" and the other way.

Imports: errors, i18n, resources, core.text and the standard library.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Mapping

from cirkular_desktop import i18n, resources
from cirkular_desktop.core.text import fold, pick
from cirkular_desktop.errors import ValidationError
from cirkular_desktop.i18n import gettext as _

# "1251", "NS 1251", "NS-nr 1251", "NS:1251"; the number alone is stored.
_CODE_RE = re.compile(r"^(?:NS(?:[\s\-]*nr)?[\s:.\-]*)?([0-9]{4})$", re.IGNORECASE)


@dataclass(frozen=True)
class Group:
    code: str                                   # "12"
    names: Mapping[str, str] = field(compare=False)

    def name(self, lang: str | None = None) -> str:
        return _pick(self.names, lang)


@dataclass(frozen=True)
class Ns9431Code:
    code: str                                   # "1251"
    names: Mapping[str, str] = field(compare=False)
    material: str | None = field(compare=False, default=None)
    source: str = field(compare=False, default="")

    @property
    def hazardous(self) -> bool:
        """The 7000 series is hazardous waste."""
        return is_hazardous(self.code)

    @property
    def group(self) -> str:
        return self.code[:2]

    def name(self, lang: str | None = None) -> str:
        return _pick(self.names, lang)


def _pick(names: Mapping[str, str], lang: str | None) -> str:
    # The standard is Norwegian: a name missing in the reader's language falls back to nb.
    chosen = i18n.normalise_language(lang) if lang else i18n.get_language()
    return names.get(chosen or "en") or names.get("nb") or pick(names, lang)


@dataclass(frozen=True)
class _Index:
    version: str
    groups: dict[str, Group]
    codes: dict[str, Ns9431Code]


@lru_cache(maxsize=1)
def _index() -> _Index:
    data = resources.load_json("codelists", "ns9431.json")
    groups = {g["code"]: Group(g["code"], dict(g["names"])) for g in data["groups"]}
    codes = {c["code"]: Ns9431Code(c["code"], dict(c["names"]), c.get("material"), c.get("source", ""))
             for c in sorted(data["codes"], key=lambda c: c["code"])}
    return _Index(data["version"], groups, codes)


def version() -> str:
    return _index().version


def normalise(text: str) -> str:
    """The four digits of an NS 9431 number as people write it ("NS 1251", "1251")."""
    raw = " ".join(str(text or "").split())
    found = _CODE_RE.match(raw)
    if not found:
        raise ValidationError(_("“{value}” is not an NS 9431 number (four digits, e.g. 1251)").format(
            value=raw[:40]))
    return found.group(1)


def is_hazardous(code: str) -> bool:
    return str(code).startswith("7")


def get(code: str | None) -> Ns9431Code | None:
    """The shipped entry for a code, or None when the number is unknown or malformed."""
    try:
        return _index().codes.get(normalise(code or ""))
    except ValidationError:
        return None


def group(code: str) -> Group | None:
    """The group of a number by its first two digits; any 7xxx number falls in the hazardous group 70.

    The shipped list names no group of its own for 71xx or 72xx (7155, 7250), and what is known of
    them is only that the whole 7000 series is hazardous waste.
    """
    groups = _index().groups
    code = str(code)
    found = groups.get(code[:2])
    if found is None and is_hazardous(code):
        found = groups.get("70")
    return found


def all_codes() -> tuple[Ns9431Code, ...]:
    return tuple(_index().codes.values())


def groups() -> tuple[Group, ...]:
    return tuple(sorted(_index().groups.values(), key=lambda g: g.code))


def label(code: str | None, lang: str | None = None) -> str:
    """"1251 Kontorpapir" in the reader's language; the bare number when its name is not shipped."""
    if not code:
        return ""
    entry = get(code)
    if entry is not None:
        return f"{entry.code} {entry.name(lang)}"
    found = group(code)
    return f"{code} ({found.name(lang)})" if found is not None else str(code)


def search_words(code: str | None) -> list[str]:
    """Words a search should find a record by: the number and its names in every language."""
    entry = get(code)
    if entry is None:
        if not code:
            return []
        # A number the list does not name is still found by its group ("papir" finds 1234).
        found = group(code) if re.fullmatch(r"[0-9]{4}", str(code)) else None
        return [str(code), *dict.fromkeys(found.names.values())] if found is not None else [str(code)]
    return [entry.code, *dict.fromkeys(entry.names.values())]


def search(text: str, lang: str | None = None, limit: int = 50) -> list[Ns9431Code]:
    """Codes whose number starts with ``text`` or whose name (in any language) holds all its words."""
    query = fold(str(text or ""))
    if not query:
        return []
    digits = re.sub(r"^ns[\s:\-]*(nr)?[\s:\-]*", "", query)
    if digits.isdigit():
        return [c for c in all_codes() if c.code.startswith(digits)][:limit]
    words = query.split()
    found = []
    for c in all_codes():
        hay = fold(" ".join(c.names.values()))
        if all(w in hay for w in words):
            found.append(c)
    return found[:limit]


def material_for(code: str | None) -> str | None:
    """The material category a code clearly belongs to, or None."""
    entry = get(code)
    return entry.material if entry is not None else None


def codes_for_material(material: str | None) -> tuple[Ns9431Code, ...]:
    """Codes that map to ``material`` or to one of its parents or children ("wood" and "wood.impregnated")."""
    if not material:
        return ()
    top = material.split(".")[0]
    exact = [c for c in all_codes() if c.material == material]
    near = [c for c in all_codes() if c.material and c not in exact and c.material.split(".")[0] == top]
    return tuple(exact + near)
