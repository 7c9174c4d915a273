"""Swedish and Norwegian municipalities: the code list behind the organization's municipality field.

The list (``resources/codelists/municipalities.json``) holds all 290 Swedish
kommuner with their län and all 357 Norwegian kommuner with their fylke as of
the 2024 county reform. The stored value is a key that names the country,
"SE-1785" or "NO-3122", because a bare four-digit number can exist in both
countries. The project's seven municipalities and their neighbours are marked,
so lists and reports can put the region first. The border area a coordinator
meets — the whole of Värmland, Dalsland and Østfold, Aurskog-Høland, and
Trysil, Åsnes, Grue, Kongsvinger and Våler in Innlandet across the border from
Torsby — has a position for each municipality (its administrative centre), so
a distance can be estimated for an organization whose address is missing
(``position``, ``border_area``).

Imports: ``resources``, ``core.text`` and the standard library only (``core.records`` calls
``find`` while validating, so this module must not import it back).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Mapping

from cirkular_desktop import resources
from cirkular_desktop.core.text import fold, plain

COUNTRIES = ("SE", "NO")
_KEY_RE = re.compile(r"^(SE|NO)[\s\-:]?(\d{4})$", re.IGNORECASE)
_QUALIFIED_RE = re.compile(r"^(.*?)\s*\(([^()]*)\)$")
# People write "Säffle kommun" or "Indre Østfold kommune"; the word is not part of the name.
_SUFFIX_RE = re.compile(r"\s+(kommun|kommune)$", re.IGNORECASE)


@dataclass(frozen=True)
class Municipality:
    key: str        # canonical stored value: "SE-1785", "NO-3122"
    country: str    # "SE" | "NO"
    number: str     # "1785"
    name: str
    county: str
    project: bool
    neighbour: bool
    latitude: float | None = None   # administrative centre, where the list has one
    longitude: float | None = None
    landscape: str = ""             # "Dalsland" for the five Dalsland municipalities of Västra Götaland

    @property
    def code(self) -> str:
        """The value stored in records (same as ``key``)."""
        return self.key

    @property
    def label(self) -> str:
        """The name, with the county where another municipality of the country shares it."""
        if _index().shared_names.get((self.country, fold(self.name)), 1) > 1:
            return f"{self.name} ({self.county})"
        return self.name

    @property
    def names(self) -> tuple[str, ...]:
        """Every form of the name: SSB writes Sami and Kven names beside the Norwegian one."""
        parts = tuple(part.strip() for part in self.name.split(" - ") if part.strip())
        return (self.name,) + tuple(p for p in parts if p != self.name)


# Collation: å ä ö sort after z in Swedish; æ ø å after z in Norwegian. The two
# alphabets differ, so each municipality is keyed by its own country's order.
_SV_ORDER = {"å": "{1", "ä": "{2", "æ": "{2", "ö": "{3", "ø": "{3"}
_NB_ORDER = {"æ": "{1", "ä": "{1", "ø": "{2", "ö": "{2", "å": "{3"}


def _sort_key(m: Municipality) -> tuple[str, str, str]:
    table = _SV_ORDER if m.country == "SE" else _NB_ORDER
    folded = "".join(table.get(ch, ch) for ch in fold(m.name))
    # Other accents (á in Sami names) sort with their base letter.
    return plain(folded), m.country, m.number


@dataclass(frozen=True)
class _Index:
    by_key: dict[str, Municipality]
    by_name: dict[str, tuple[Municipality, ...]]
    shared_names: dict[tuple[str, str], int]
    ordered: tuple[Municipality, ...]


@lru_cache(maxsize=1)
def _index() -> _Index:
    data = resources.load_json("codelists", "municipalities.json")
    by_key: dict[str, Municipality] = {}
    by_name: dict[str, list[Municipality]] = {}
    shared: dict[tuple[str, str], int] = {}
    for country in COUNTRIES:
        for row in data[country]:
            m = Municipality(
                key=f"{country}-{row['code']}", country=country, number=row["code"], name=row["name"],
                county=row["county"], project=bool(row.get("project")), neighbour=bool(row.get("neighbour")),
                latitude=row.get("lat"), longitude=row.get("lon"), landscape=row.get("landscape", ""))
            by_key[m.key] = m
            shared[(country, fold(m.name))] = shared.get((country, fold(m.name)), 0) + 1
            for form in m.names:
                bucket = by_name.setdefault(fold(form), [])
                if m not in bucket:
                    bucket.append(m)
    ordered = tuple(sorted(by_key.values(), key=_sort_key))
    return _Index(by_key, {k: tuple(v) for k, v in by_name.items()}, shared, ordered)


def _county_matches(qualifier: str, county: str) -> bool:
    """"Våler (Østfold)", "Lund (Skåne)", "Säffle (Värmlands län)" all name the county."""
    q, c = fold(qualifier), fold(county)
    if q == c:
        return True
    short = c.removesuffix(" län")
    return q in (short, short.removesuffix("s"))


def _normal_country(country: str | None) -> str | None:
    return country.strip().upper() if isinstance(country, str) and country.strip() else None


def get(key: str) -> Municipality | None:
    """The municipality with this stored key ("SE-1785"), or None."""
    if not isinstance(key, str):
        return None
    return _index().by_key.get(key.strip().upper())


def find(country: str | None, text: str) -> Municipality | None:
    """Find a municipality from what a person typed or a stored value.

    Accepts the key ("SE-1785"), the bare number when ``country`` is given
    ("1785"), or the name in any case ("säffle", "Säffle kommun"). With
    ``country`` None both countries are searched. A name that more than one
    municipality carries returns None — there are two Våler and two Herøy in
    Norway, and Lund in both countries — unless the country or a county in
    parentheses makes it unique: "Våler (Østfold)" finds NO-3114.
    """
    wanted = _normal_country(country)
    if wanted is not None and wanted not in COUNTRIES:
        return None
    if not isinstance(text, str) or not text.strip():
        return None
    raw = " ".join(text.split())
    key_match = _KEY_RE.match(raw)
    if key_match:
        found = get(f"{key_match.group(1).upper()}-{key_match.group(2)}")
        return found if found is not None and wanted in (None, found.country) else None
    if raw.isdigit():
        if wanted is None or len(raw) != 4:
            return None
        return get(f"{wanted}-{raw}")
    qualifier = None
    qualified = _QUALIFIED_RE.match(raw)
    if qualified:
        raw, qualifier = qualified.group(1), qualified.group(2)
    candidates = _index().by_name.get(fold(raw))
    if candidates is None:
        candidates = _index().by_name.get(fold(_SUFFIX_RE.sub("", raw)), ())
    candidates = tuple(m for m in candidates if wanted in (None, m.country))
    if qualifier is not None:
        q = _normal_country(qualifier)
        candidates = tuple(m for m in candidates if q == m.country or _county_matches(qualifier, m.county))
    return candidates[0] if len(candidates) == 1 else None


def all_municipalities(country: str | None = None) -> tuple[Municipality, ...]:
    """Every municipality, or those of one country, sorted by name."""
    wanted = _normal_country(country)
    ordered = _index().ordered
    return ordered if wanted is None else tuple(m for m in ordered if m.country == wanted)


def project_municipalities() -> tuple[Municipality, ...]:
    """The project's seven: Säffle, Torsby, Sunne; Marker, Indre Østfold, Rakkestad, Skiptvet."""
    return tuple(m for c in COUNTRIES for m in all_municipalities(c) if m.project)


def region_municipalities() -> tuple[Municipality, ...]:
    """The project's municipalities and their neighbours, Swedish first."""
    return tuple(m for c in COUNTRIES for m in all_municipalities(c) if m.project or m.neighbour)


def position(organization: Mapping[str, Any]) -> tuple[float, float, str] | None:
    """Where an organization is, for distances: (latitude, longitude, basis).

    Its own coordinates when recorded (basis "address"), else its
    municipality's administrative centre (basis "municipality"), else None.
    """
    try:
        lat, lon = organization.get("latitude"), organization.get("longitude")
        if lat not in (None, "") and lon not in (None, ""):
            return float(lat), float(lon), "address"
    except (TypeError, ValueError):
        pass
    found = get(organization.get("municipality") or "")
    if found is not None and found.latitude is not None and found.longitude is not None:
        return found.latitude, found.longitude, "municipality"
    return None


def border_area() -> tuple[Municipality, ...]:
    """The municipalities that have a position: the border area around the project, Swedish first."""
    return tuple(m for c in COUNTRIES for m in all_municipalities(c) if m.latitude is not None)
