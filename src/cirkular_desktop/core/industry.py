"""Industry codes: NACE Rev. 2, which Sweden (SNI 2007) and Norway (SN2007) use unchanged at class level.

An organization's ``industry_code`` is a NACE Rev. 2 class ("16.10",
sawmilling). SNI 2007 and SN2007 add a fifth, national digit ("16.101" in
Norway, "16101" in Sweden); it is accepted and kept when given, and the class
it belongs to is what lists, filters, matching and the project report use.

``resources/codelists/nace-rev2.json`` holds every one of the 615 classes,
the 88 divisions and the 21 sections. Every class has its English title
(Eurostat's) and, but for the two classes of division 98, its Norwegian one
(SSB's SN2007); Swedish class names are ours and only for the 51 classes the
project meets, so elsewhere a Swedish reader sees the division's name. Which
names are an agency's text and which are our translation is in the file
(``official``) and in resources/codelists/README.md; names of our own that an
agency's text replaced are kept as search words (``aliases``).

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

# "16.10", "1610", "16.1", "16.101" (SN2007), "16101" (SNI 2007), "C16.10".
_CODE_RE = re.compile(r"^[A-Ua-u]?\s*([0-9]{2})\.?([0-9])([0-9])?\.?([0-9])?$")


@dataclass(frozen=True)
class Section:
    code: str                                        # "C"
    names: Mapping[str, str] = field(compare=False)

    def name(self, lang: str | None = None) -> str:
        return pick(self.names, lang)


@dataclass(frozen=True)
class Division:
    code: str                                        # "16"
    section: str                                     # "C"
    names: Mapping[str, str] = field(compare=False)
    official: Mapping[str, bool] = field(compare=False, default_factory=dict)

    def name(self, lang: str | None = None) -> str:
        return pick(self.names, lang)


@dataclass(frozen=True)
class IndustryClass:
    code: str                                        # "16.10"
    division: str                                    # "16"
    names: Mapping[str, str] = field(compare=False)  # a language missing here shows the division's name
    official: Mapping[str, bool] = field(compare=False, default_factory=dict)
    aliases: Mapping[str, tuple[str, ...]] = field(compare=False, default_factory=dict)

    @property
    def section(self) -> str:
        return _index().divisions[self.division].section

    @property
    def has_own_name(self) -> bool:
        return bool(self.names)

    def name(self, lang: str | None = None) -> str:
        """The class's name in ``lang``, else its division's name in ``lang``, English only as a last resort.

        A reader is better served by the division's name in their language ("Sågverk och
        trävaruindustri") than by the class's English one.
        """
        lang = lang or i18n.get_language()
        if self.names.get(lang):
            return self.names[lang]
        division = _index().divisions[self.division]
        if division.names.get(lang) or not self.names:
            return division.name(lang)
        return pick(self.names, lang)


@dataclass(frozen=True)
class _Index:
    version: str
    sections: dict[str, Section]
    divisions: dict[str, Division]
    classes: dict[str, IndustryClass]


@lru_cache(maxsize=1)
def _index() -> _Index:
    data = resources.load_json("codelists", "nace-rev2.json")
    sections = {s["code"]: Section(s["code"], dict(s["names"])) for s in data["sections"]}
    divisions = {d["code"]: Division(d["code"], d["section"], dict(d["names"]), dict(d.get("official", {})))
                 for d in data["divisions"]}
    classes = {c["code"]: IndustryClass(c["code"], c["division"], dict(c.get("names", {})),
                                        dict(c.get("official", {})),
                                        {lang: tuple(words) for lang, words in c.get("aliases", {}).items()})
               for c in data["classes"]}
    return _Index(data["version"], sections, divisions, classes)


def version() -> str:
    return _index().version


def normalise(text: str) -> str:
    """The stored form of a typed code: "16.10", or "16.101" with a national fifth digit.

    Raises ValidationError for a malformed code or a class NACE Rev. 2 does not have.
    """
    raw = " ".join(str(text or "").split())
    found = _CODE_RE.match(raw.replace(" ", ""))
    if not found or found.group(3) is None:
        raise ValidationError(_("“{value}” is not an industry code (NACE class, e.g. 16.10)").format(
            value=raw[:40]))
    division, d3, d4, national = found.groups()
    code = f"{division}.{d3}{d4}"
    if code not in _index().classes:
        raise ValidationError(_("“{value}” is not a class of NACE Rev. 2 (SNI 2007 / SN2007)").format(
            value=raw[:40]))
    return code + (national or "")


def class_code(code: str | None) -> str | None:
    """The NACE class ("16.10") of a stored code, which may carry a national fifth digit."""
    if not code:
        return None
    try:
        return normalise(code)[:5]
    except ValidationError:
        return None


def get(code: str | None) -> IndustryClass | None:
    found = class_code(code)
    return _index().classes.get(found) if found else None


def division(code: str | None) -> Division | None:
    found = class_code(code)
    return _index().divisions.get(found[:2]) if found else None


def section(code: str | None) -> Section | None:
    found = division(code)
    return _index().sections.get(found.section) if found else None


def all_classes() -> tuple[IndustryClass, ...]:
    return tuple(_index().classes.values())


def divisions() -> tuple[Division, ...]:
    return tuple(_index().divisions.values())


def label(code: str | None, lang: str | None = None) -> str:
    """"16.10 Sawmilling and planing of wood" in the reader's language; the stored text if unknown."""
    entry = get(code)
    if entry is None:
        return code or ""
    return f"{code} {entry.name(lang)}"


def _words(entry: IndustryClass) -> list[str]:
    """Everything a reader of any language may type to find a class: its names, the division's
    name in each language the class has none in (what that reader sees), and the class's aliases."""
    division = _index().divisions[entry.division]
    shown = {lang: entry.names.get(lang) or name for lang, name in division.names.items()}
    shown.update(entry.names)
    aliases = [word for words in entry.aliases.values() for word in words]
    return list(dict.fromkeys([*shown.values(), *aliases]))


def search_words(code: str | None) -> list[str]:
    """The code and its names in every language, for full-text search."""
    entry = get(code)
    if entry is None:
        return [code] if code else []
    return [str(code), entry.code, *_words(entry)]


def search(text: str, lang: str | None = None, limit: int = 50) -> list[IndustryClass]:
    """Classes whose code starts with ``text`` or whose name (or division's) holds all its words."""
    query = fold(str(text or ""))
    if not query:
        return []
    digits = re.sub(r"[\s.]", "", query)
    if digits.isdigit():
        return [c for c in all_classes() if c.code.replace(".", "").startswith(digits)][:limit]
    words = query.split()
    found = []
    for c in all_classes():
        hay = fold(" ".join(_words(c)))
        if all(w in hay for w in words):
            found.append(c)
    return found[:limit]


# --- What an industry takes in: whether an organization can be a processor of a material ---------------
#
# Which material categories (``resources/materials.json``) organizations of a NACE class, group or
# division usually take in as an input to their process: our own judgement from what each class
# makes, not a published table. The most specific key wins ("38.31" before "38.3" before "38").
# "*" means every material: collection, treatment and recovery of waste (38) take in anything their
# permit covers, which the hazardous-waste flag of a match says separately.
ANY = "*"
PROCESSES: Mapping[str, tuple[str, ...]] = {
    "01": ("organic", "minerals.ash", "minerals.lime", "sludge.sewage", "water"),
    "10": ("organic.food_production", "organic.surplus_food", "organic.plant", "energy.heat", "energy.steam",
           "water"),
    "10.91": ("organic.food_production", "organic.surplus_food", "organic.plant"),     # farm animal feed
    "10.92": ("organic.food_production", "organic.surplus_food"),                      # pet food
    "11": ("organic.food_production", "organic.plant", "water"),
    "13": ("textiles",),
    "14": ("textiles",),
    "15": ("textiles.leather",),
    "16": ("wood", "organic.forestry", "packaging.pallets", "packaging.reels"),
    "17": ("paper", "wood.untreated", "wood.sawdust", "wood.offcuts", "energy.heat", "energy.steam",
           "water.process"),
    "19": ("oils",),
    "20": ("chemicals", "oils", "energy.gas"),
    "20.15": ("organic", "minerals.ash", "minerals.lime", "sludge.sewage"),            # fertilisers
    "22": ("plastics", "rubber"),
    "23": ("glass", "minerals", "construction.concrete", "construction.bricks", "construction.gypsum"),
    "23.1": ("glass",),
    "24": ("metals", "electronics.components", "metals.cables"),
    "25": ("metals",),
    "31": ("wood", "furniture", "textiles.fabric", "textiles.leather"),
    "32.3": ("sports",),
    "33": ("equipment", "electronics"),
    "35.1": ("energy.fuel", "energy.gas", "wood", "organic.forestry", "organic.garden"),   # power plants
    "35.2": ("energy.gas",),
    "35.3": ("energy.heat", "energy.fuel", "energy.gas", "wood", "organic.forestry", "organic.garden"),
    "36": ("water",),
    "37": ("water", "sludge.sewage", "sludge.grease"),
    "38": (ANY,),
    "39": ("minerals.soil", "oils", "sludge"),
    "41": ("construction", "minerals", "wood.timber", "glass.flat"),
    "42": ("construction.concrete", "construction.bricks", "minerals", "rubber.granulate"),
    "43": ("construction", "minerals", "wood.timber", "glass.flat"),
    "45": ("rubber.tyres", "equipment.vehicles", "equipment.parts", "oils"),
    "46.77": ("metals", "paper", "plastics", "electronics", "textiles", "rubber", "glass"),  # waste and scrap
    "47.79": ("furniture", "sports", "textiles.clothing", "textiles.home", "electronics", "equipment.tools"),
    "77.21": ("sports",),                                                               # sports goods lent out
    "95": ("electronics", "furniture", "sports", "textiles.clothing"),
}


def takes_in(code: str | None, material: str | None) -> bool | None:
    """Whether an organization of industry ``code`` usually takes in ``material``.

    None when either is not known (no code, a malformed one, no material); a class the table
    does not list takes in nothing that we know of (False).
    """
    found = class_code(code)
    if found is None or not material:
        return None
    for key in (found, found[:4], found[:2]):
        takes = PROCESSES.get(key)
        if takes is not None:
            return any(m == ANY or material == m or material.startswith(m + ".") for m in takes)
    return False


def can_process(organization: Mapping[str, object], material: str | None) -> bool | None:
    """Whether an organization can be the processor of a material, judged by its industry code (see ``takes_in``)."""
    return takes_in(str(organization.get("industry_code") or "") or None, material)
