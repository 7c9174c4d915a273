"""The EU List of Waste (LoW, also called EWC): codes, names, hazard and look-ups.

A stream is coded with six-digit codes from Commission Decision 2000/532/EC as
amended by 2014/955/EU, which Sweden (avfallsförordningen bilaga 3) and Norway
(avfallsforskriften kapittel 11 vedlegg 1, "EAL") both apply. The list ships as
``resources/codelists/waste-list-2014.json`` with English, Swedish and Norwegian
names; each translated name says whether it is the official legal text and
where it comes from (``name_source``). The Norwegian names follow the wording
of the national hazardous-waste declaration service, which Norwegian companies
and hauliers meet every day; the translations they replaced are kept as
``aliases`` so a search in either wording finds the code.

Codes are stored as six bare digits ("170503") together with ``LIST_VERSION``,
because the list changes over time. People write "17 05 03*", "17-05-03" or
"170503"; ``normalise_code`` accepts all of them. Every entry carries its type
from the UK WM3 guidance: absolute hazardous (AH), absolute non-hazardous (AN),
mirror hazardous (MH) and mirror non-hazardous (MN). A mirror entry is one of a
pair whose hazard depends on an assessment of the actual waste.

Imports: errors, i18n, resources, core.text and the standard library.
"""

from __future__ import annotations

import bisect
import re
import threading
from collections.abc import Mapping
from typing import Any
from dataclasses import dataclass, field
from types import MappingProxyType

from cirkular_desktop import i18n, resources
from cirkular_desktop.core.text import fold, pick
from cirkular_desktop.errors import ValidationError
from cirkular_desktop.i18n import gettext as _

LIST_ID = "eu-low-2014"
LIST_VERSION = "2000/532/EC as amended by 2014/955/EU"
ENTRY_TYPES = ("AH", "AN", "MH", "MN")
_RESOURCE = ("codelists", "waste-list-2014.json")

# Digits in three pairs, each pair optionally set off by a space, hyphen or dot,
# with the hazard star people copy from printed lists. [0-9], not \d: other
# scripts' digits would pass \d and then never match a stored code.
_CODE_RE = re.compile(r"^([0-9]{2})[\s.\-]?([0-9]{2})[\s.\-]?([0-9]{2})\s*\*?$")
_PREFIX_RE = re.compile(r"^[0-9][0-9\s.\-]*\*?$")
_REFERENCE_RE = re.compile(r"\b([0-9]{2}) ([0-9]{2}) ([0-9]{2})\b")


def _frozen(mapping: Mapping[str, Any]) -> Mapping[str, Any]:
    return MappingProxyType(dict(mapping))


@dataclass(frozen=True)
class Chapter:
    code: str  # "17"
    names: Mapping[str, str] = field(compare=False)
    official: Mapping[str, bool] = field(compare=False)

    def name(self, lang: str | None = None) -> str:
        return pick(self.names, lang)


@dataclass(frozen=True)
class Subchapter:
    code: str     # "1702"
    chapter: str  # "17"
    names: Mapping[str, str] = field(compare=False)
    official: Mapping[str, bool] = field(compare=False)

    def name(self, lang: str | None = None) -> str:
        return pick(self.names, lang)

    def display(self) -> str:
        return f"{self.code[:2]} {self.code[2:]}"


@dataclass(frozen=True)
class WasteCode:
    code: str        # "170201"
    subchapter: str  # "1702"
    chapter: str     # "17"
    hazardous: bool
    entry_type: str  # "AH" | "AN" | "MH" | "MN"
    names: Mapping[str, str] = field(compare=False)
    official: Mapping[str, bool] = field(compare=False)
    # Per language: "sfs-2020-614", "avfallsdeklarering", "lovdata" or "cirkular" (our own).
    name_source: Mapping[str, str] = field(compare=False, default_factory=dict)
    # Per language: other wordings of the name that a search also finds.
    aliases: Mapping[str, tuple[str, ...]] = field(compare=False, default_factory=dict)

    @property
    def mirror(self) -> bool:
        """True when hazard depends on an assessment: one side of a mirror pair."""
        return self.entry_type in ("MH", "MN")

    def name(self, lang: str | None = None) -> str:
        return pick(self.names, lang)

    def display(self) -> str:
        """The way the list prints it: "17 02 01", or "17 05 03*" when hazardous."""
        c = self.code
        return f"{c[:2]} {c[2:4]} {c[4:]}" + ("*" if self.hazardous else "")


class _Index:
    """Everything derived from the JSON, built once on first use."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        if data.get("id") != LIST_ID or data.get("version") != LIST_VERSION:
            # A stored code means something only together with its list version.
            raise RuntimeError(_("The shipped waste list is “{found}”, expected “{expected}”").format(
                found=data.get("version"), expected=LIST_VERSION))
        self.legal_basis: Mapping[str, str] = _frozen(data.get("legal_basis", {}))
        self.chapters = tuple(
            Chapter(row["code"], _frozen(row["names"]), _frozen(row["official"]))
            for row in sorted(data["chapters"], key=lambda r: r["code"]))
        self.subchapters = tuple(
            Subchapter(row["code"], row["chapter"], _frozen(row["names"]), _frozen(row["official"]))
            for row in sorted(data["subchapters"], key=lambda r: r["code"]))
        self.entries = tuple(
            WasteCode(row["code"], row["subchapter"], row["code"][:2], bool(row["hazardous"]),
                      row["type"], _frozen(row["names"]), _frozen(row["official"]),
                      _frozen(row.get("name_source", {})),
                      _frozen({lang: tuple(names) for lang, names in row.get("aliases", {}).items()}))
            for row in sorted(data["entries"], key=lambda r: r["code"]))
        self.by_code = {e.code: e for e in self.entries}
        self.codes = [e.code for e in self.entries]  # sorted, for bisecting prefixes
        # Search runs per keystroke: fold every name once, not on every call.
        self.folded: dict[str, tuple[str, ...]] = {}
        # A name and its aliases are searched as one text; " | " keeps words of one from
        # running into the next.
        for lang in {lang for e in self.entries for lang in e.names}:
            self.folded[lang] = tuple(
                fold(" | ".join((e.names.get(lang) or e.names.get("en", ""), *e.aliases.get(lang, ()))))
                for e in self.entries)
        self.partners = _mirror_pairs(self.entries)


def _mirror_pairs(entries: tuple[WasteCode, ...]) -> dict[str, tuple[str, ...]]:
    """Pair mirror entries of opposite hazard within each sub-chapter.

    The list names most pairs itself: "… other than those mentioned in 17 05 03"
    points a non-hazardous entry at its hazardous twin. Some entries name no
    twin (17 02 01 wood ↔ 17 02 04* "glass, plastic and wood containing …");
    those pair with the opposite-hazard mirror entries of their sub-chapter that
    are also without a named twin, or, if there are none, with all of them.
    """
    by_sub: dict[str, list[WasteCode]] = {}
    for e in entries:
        if e.mirror:
            by_sub.setdefault(e.subchapter, []).append(e)
    pairs: dict[str, set[str]] = {}

    def link(a: str, b: str) -> None:
        pairs.setdefault(a, set()).add(b)
        pairs.setdefault(b, set()).add(a)

    for members in by_sub.values():
        hazard = {e.code: e.hazardous for e in members}
        for e in members:
            for ref in _REFERENCE_RE.findall(e.names.get("en", "")):
                other = "".join(ref)
                if other in hazard and hazard[other] != e.hazardous:
                    link(e.code, other)
        named = set(pairs)
        for e in members:
            if e.code in named:
                continue
            opposite = [o.code for o in members if o.hazardous != e.hazardous]
            for other in [c for c in opposite if c not in named] or opposite:
                link(e.code, other)
    return {code: tuple(sorted(others)) for code, others in pairs.items()}


_index: _Index | None = None
_index_lock = threading.Lock()


def _data() -> _Index:
    global _index
    if _index is None:
        with _index_lock:
            if _index is None:
                _index = _Index(resources.load_json(*_RESOURCE))
    return _index


# --- Public API ------------------------------------------------------------------------------

def normalise_code(text: str) -> str:
    """Return the six bare digits of a code written in any usual form.

    Accepts "17 02 01", "170201", "17 02 01*", "17-02-01" and surrounding
    blanks. Whether the code exists, and whether a star fits it, is for
    ``get`` to decide; this only checks the form.
    """
    raw = "" if text is None else str(text)
    found = _CODE_RE.match(raw.strip())
    if not found:
        shown = " ".join(raw.split())
        if len(shown) > 40:
            shown = shown[:39] + "…"
        raise ValidationError(_("“{value}” is not a waste code (six digits, e.g. 17 02 01)").format(value=shown))
    return "".join(found.groups())


def get(code: str) -> WasteCode | None:
    """The entry for a code in any form ``normalise_code`` accepts; None if unknown or malformed."""
    try:
        return _data().by_code.get(normalise_code(code))
    except ValidationError:
        return None


def all_codes() -> tuple[WasteCode, ...]:
    """All 842 entries, sorted by code."""
    return _data().entries


def chapters() -> tuple[Chapter, ...]:
    return _data().chapters


def subchapters(chapter: str | None = None) -> tuple[Subchapter, ...]:
    """All sub-chapters, or those of one chapter ("17"); empty for an unknown chapter."""
    subs = _data().subchapters
    if chapter is None:
        return subs
    wanted = re.sub(r"[\s.\-]", "", str(chapter))
    return tuple(s for s in subs if s.chapter == wanted)


def legal_basis() -> Mapping[str, str]:
    """Where the list is law: keys "EU", "SE", "NO"."""
    return _data().legal_basis


def format_code(code: str) -> str:
    """Print a code the way the list does: "170503" → "17 05 03*".

    Raises ValidationError for a malformed code. A well-formed code that is not
    in the list is printed without a star, since its hazard is unknown.
    """
    digits = normalise_code(code)
    entry = _data().by_code.get(digits)
    if entry is not None:
        return entry.display()
    return f"{digits[:2]} {digits[2:4]} {digits[4:]}"


def mirror_partners(code: str) -> tuple[str, ...]:
    """The codes that form a mirror pair with ``code``, sorted; empty unless it is a mirror entry.

    Rule (best effort; the list does not state pairs formally): partners are
    mirror entries of the opposite hazard in the same sub-chapter. Where an
    entry's wording names another ("… other than those mentioned in 17 05 03")
    that names the pair. An entry that names no partner and is named by none
    pairs with the opposite-hazard entries that are likewise unnamed, or with
    all opposite-hazard mirror entries of the sub-chapter when there are none.
    So 17 05 03* ↔ 17 05 04 and 17 02 01 ↔ 17 02 04*.
    """
    entry = get(code)
    if entry is None or not entry.mirror:
        return ()
    return _data().partners.get(entry.code, ())


def search(text: str, lang: str | None = None, limit: int = 50) -> list[WasteCode]:
    """Entries whose code starts with ``text``, or whose name holds all its words.

    Digits ("1702", "17 02", "17 05 03*") match code prefixes. Anything else is
    split into words that must all occur, case-insensitively, in the entry's
    name in ``lang`` (default: the active language) or in one of its aliases
    there (the Norwegian translations the declaration-service wording
    replaced). Results are sorted by code and cut at ``limit``.
    """
    query = " ".join(str(text or "").split())
    if not query or limit <= 0:
        return []
    index = _data()
    if _PREFIX_RE.match(query):
        prefix = re.sub(r"[^0-9]", "", query)[:6]
        start = bisect.bisect_left(index.codes, prefix)
        found: list[WasteCode] = []
        for code in index.codes[start:]:
            if not code.startswith(prefix) or len(found) >= limit:
                break
            found.append(index.by_code[code])
        return found
    words = fold(query).split()
    chosen = i18n.normalise_language(lang) if lang else i18n.get_language()
    folded = index.folded.get(chosen or "en") or index.folded["en"]
    found = []
    for entry, name in zip(index.entries, folded):
        if all(word in name for word in words):
            found.append(entry)
            if len(found) >= limit:
                break
    return found
