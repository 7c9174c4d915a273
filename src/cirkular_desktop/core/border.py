"""What moving a stream to a receiver must take care of: the waste shipment rules across the border, and hazardous waste at home.

The rules are data (``resources/shipment/``): rule sets, each in force in one
country for a period, and the Annex III/IIIA/IIIB entries of the shipment
regulation a stream may fall under. Sweden follows the date: Regulation (EC)
No 1013/2006 until 20 May 2026, Regulation (EU) 2024/1157 from 21 May 2026.
Norway applies the EU rules through the EEA Agreement and avfallsforskriften
kapittel 13; which regulation that is, is the coordinator's setting
(``Context.norway``, default 1013/2006 with a flag asking to confirm it with
Miljødirektoratet). Every flag records the rule set and the date it was
computed, so a stored match says what it was checked against.

The checks raise flags for a person to follow up; they never decide, and
``caution()`` says so in the same words wherever flags are shown:

* not a substance (heat, capacity, logistics, expertise), water, animal
  by-products, food or feed — outside the shipment rules;
* a by-product, end-of-waste material or product — not waste if the holder's
  assessment holds: who assessed it and when, or that nobody is recorded;
* legal status undecided — settle it, and meanwhile read on as for waste;
* waste: hazardous, an unassessed mirror entry, mixed municipal waste
  20 03 01, disposal, or no confirmed Annex III/IIIA/IIIB entry — prior
  written notification and consent; otherwise the light procedure of Art. 18
  (Annex VII document, contract, records kept three years);
* customs in both directions; a Norwegian-registered exporter from Norway;
* hazardous waste needs a permitted receiver (and in Norway a declaration),
  within one country too.

Imports: i18n, resources, core (explain, text; wastecodes, materials lazily), standard library.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Iterable, Mapping, TypedDict

from cirkular_desktop import resources
from cirkular_desktop.core import explain
from cirkular_desktop.core.text import to_date
from cirkular_desktop.i18n import N_

RESOURCE = ("shipment", "rule-sets.json")
ENTRIES = ("shipment", "entries.json")

# Flag codes. The first five are kept from the earlier rules, so stored matches still read.
NOT_WASTE = "not_waste"
STATUS_UNDECIDED = "status_undecided"
NOTIFICATION = "notification"
GREEN_LIST = "green_list"
PERMIT = "receiver_permit"
NOT_WASTE_UNASSESSED = "not_waste_unassessed"
NOT_SUBSTANCE = "not_substance"
WATER = "waste_water"
ANIMAL_BY_PRODUCT = "outside_abp"
FOOD_OR_FEED = "outside_feed"
ENTRY_TO_CONFIRM = "entry_to_confirm"
CUSTOMS = "customs"
NORWEGIAN_EXPORTER = "norwegian_exporter"
DECLARATION_NO = "hazardous_declaration"
RULE_SETS_DIFFER = "rule_sets_differ"
RULE_SET_UNCONFIRMED = "rule_set_unconfirmed"
CAUTION = "caution"

# Why notification and consent is needed (the ``why`` value of a NOTIFICATION flag).
WHY = {
    "hazardous": N_("the waste is hazardous"),
    "mirror": N_("a mirror entry nobody has assessed may be hazardous"),
    "unlisted": N_("no Annex III, IIIA or IIIB entry is confirmed for it"),
    "mixed_municipal": N_("mixed municipal waste (20 03 01) is treated as waste for disposal"),
    "disposal": N_("it goes to disposal (a D code), which is allowed only in a few cases"),
}
# Which reference of the rule set a flag cites (refs key by code; notification by its ``why``).
_REF_KEY = {GREEN_LIST: "green_list", PERMIT: "receiver_permit", DECLARATION_NO: "hazardous_declaration",
            ANIMAL_BY_PRODUCT: "outside_abp", NOT_WASTE: "not_waste", NOT_WASTE_UNASSESSED: "not_waste"}
_WHY_REF = {"mixed_municipal": "mixed_municipal", "disposal": "disposal"}


# --- The rules as data ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class RuleSet:
    id: str
    country: str
    start: _dt.date | None
    end: _dt.date | None
    regulation: str                      # "1013/2006" or "2024/1157"
    titles: Mapping[str, str]
    refs: Mapping[str, Mapping[str, str]]
    default: bool = False

    def title(self, lang: str | None = None) -> str:
        from cirkular_desktop.core.text import pick

        return pick(self.titles, lang)

    def reference(self, key: str, lang: str | None = None) -> str:
        from cirkular_desktop.core.text import pick

        found = self.refs.get(key)
        return pick(found, lang) if found else ""

    def in_force(self, on: _dt.date) -> bool:
        return (self.start is None or self.start <= on) and (self.end is None or on <= self.end)


@dataclass(frozen=True)
class Entry:
    """One Annex III/IIIA/IIIB entry, with the hints used to suggest it."""

    code: str
    annex: str                          # "III", "IIIA" or "IIIB"
    source: str
    names: Mapping[str, str]
    waste_codes: frozenset[str]
    materials: frozenset[str]
    exclude: frozenset[str]

    def name(self, lang: str | None = None) -> str:
        from cirkular_desktop.core.text import pick

        return pick(self.names, lang)

    def source_text(self, lang: str | None = None) -> str:
        from cirkular_desktop.core.text import pick

        return pick(_entry_data()["sources"].get(self.source) or {}, lang)


def _day(text: str | None) -> _dt.date | None:
    if not text:
        return None
    day = to_date(text)
    if day is None:
        raise ValueError(f"border rules: {text!r} is not a date")   # a broken resource file, not user input
    return day


class _Rules(TypedDict):
    version: str
    sets: tuple[RuleSet, ...]
    by_id: dict[str, RuleSet]
    abp_codes: frozenset[str]
    abp_materials: frozenset[str]
    food_materials: frozenset[str]
    not_substance_types: frozenset[str]
    not_substance_materials: frozenset[str]
    water_types: frozenset[str]
    mixed_municipal: frozenset[str]


class _Entries(TypedDict):
    version: str
    entries: tuple[Entry, ...]
    by_code: dict[str, Entry]
    sources: dict[str, dict[str, str]]


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    data = resources.load_json(*RESOURCE)
    sets = tuple(RuleSet(r["id"], r["country"], _day(r.get("from")), _day(r.get("to")), r["regulation"],
                         dict(r["title"]), {k: dict(v) for k, v in r["refs"].items()}, bool(r.get("default")))
                 for r in data["rule_sets"])
    return {"version": data["version"], "sets": sets, "by_id": {r.id: r for r in sets},
            "abp_codes": frozenset(data["animal_by_product_codes"]),
            "abp_materials": frozenset(data["animal_by_product_materials"]),
            "food_materials": frozenset(data["food_materials"]),
            "not_substance_types": frozenset(data["not_substance_types"]),
            "not_substance_materials": frozenset(data["not_substance_materials"]),
            "water_types": frozenset(data["water_types"]),
            "mixed_municipal": frozenset(data["mixed_municipal_codes"])}


@lru_cache(maxsize=1)
def _entry_data() -> _Entries:
    data = resources.load_json(*ENTRIES)
    entries = tuple(Entry(e["code"], e["annex"], e["source"], dict(e["names"]), frozenset(e.get("waste_codes", ())),
                          frozenset(e.get("materials", ())), frozenset(e.get("exclude_materials", ())))
                    for e in data["entries"])
    return {"version": data["version"], "entries": entries, "by_code": {e.code: e for e in entries},
            "sources": data["sources"]}


def rule_sets(country: str | None = None) -> tuple[RuleSet, ...]:
    return tuple(r for r in _rules()["sets"] if country is None or r.country == country)


def rule_set(rule_set_id: str | None) -> RuleSet | None:
    return _rules()["by_id"].get(rule_set_id or "")


def norway_default() -> RuleSet:
    return next(r for r in rule_sets("NO") if r.default)


def entries() -> tuple[Entry, ...]:
    return _entry_data()["entries"]


def entry(code: str | None) -> Entry | None:
    return _entry_data()["by_code"].get((code or "").strip().upper())


def normalise_entry(text: str) -> str | None:
    """The entry code as stored ("b3050" → "B3050"), or None when the shipped list has no such entry."""
    found = entry(text)
    return found.code if found else None


@dataclass(frozen=True)
class Context:
    """The date flags are computed for and the Norwegian rule set the coordinator has chosen."""

    on: _dt.date
    norway: str
    norway_confirmed: bool = False

    def for_country(self, country: str | None) -> RuleSet:
        """The rule set in force in ``country`` on ``on`` (Sweden by date, Norway as set)."""
        if country == "NO":
            chosen = rule_set(self.norway)
            # A rule set that was not yet in force on the day (2024/1157 before 21 May 2026) gives way to the default.
            if chosen is not None and chosen.country == "NO" and chosen.in_force(self.on):
                return chosen
            return norway_default()
        found = [r for r in rule_sets("SE") if r.in_force(self.on)]
        return found[0] if found else rule_sets("SE")[-1]


def context(on: _dt.date | str | None = None, norway: str | None = None, norway_confirmed: bool = False) -> Context:
    """A context for ``on`` (default today); an unknown or missing Norwegian rule set means the default."""
    day = to_date(on) if on else _dt.date.today()
    if day is None:
        raise ValueError(f"{on!r} is not a date (YYYY-MM-DD)")
    chosen = rule_set(norway)
    if chosen is None or chosen.country != "NO":
        return Context(day, norway_default().id, False)
    return Context(day, chosen.id, bool(norway_confirmed))


# --- What a stream is -------------------------------------------------------------------------------------

def _code_entries(stream: Mapping[str, Any]) -> list[Any]:
    from cirkular_desktop.core import wastecodes

    return [c for c in (wastecodes.get(code) for code in stream.get("waste_codes") or ()) if c is not None]


def hazard(stream: Mapping[str, Any]) -> str:
    """"hazardous", "unassessed" (a mirror entry nobody assessed) or "none"."""
    assessment = stream.get("hazard_assessment")
    codes = _code_entries(stream)
    if assessment == "hazardous" or any(c.entry_type == "AH" for c in codes):
        return "hazardous"
    if any(c.mirror for c in codes) and assessment != "non_hazardous":
        return "unassessed"
    return "none"


def suggest_entries(stream: Mapping[str, Any]) -> list[Entry]:
    """Annex III/IIIA/IIIB entries that may fit: by waste code, then by material; for a person to confirm.

    Nothing is suggested for hazardous waste, an unassessed mirror entry or mixed municipal waste: no
    green-list entry can cover them.
    """
    if hazard(stream) != "none":
        return []
    codes = set(stream.get("waste_codes") or ())
    if codes & _rules()["mixed_municipal"]:
        return []
    material = stream.get("material_category") or ""
    top = material.split(".", 1)[0]
    by_code, by_material = [], []
    for found in entries():
        if material in found.exclude or top in found.exclude:
            continue
        if codes & found.waste_codes:
            by_code.append(found)
        elif material and material in found.materials:
            by_material.append(found)
    return by_code + by_material


def _is_not_substance(stream: Mapping[str, Any]) -> bool:
    rules = _rules()
    material = stream.get("material_category") or ""
    return (stream.get("resource_type") in rules["not_substance_types"]
            or material in rules["not_substance_materials"]
            or material.split(".", 1)[0] in rules["not_substance_materials"])


def _is_animal_by_product(stream: Mapping[str, Any]) -> bool:
    rules = _rules()
    return bool(set(stream.get("waste_codes") or ()) & rules["abp_codes"]) or (
        stream.get("material_category") in rules["abp_materials"])


def flag(code: str, **values: Any) -> dict[str, Any]:
    """A flag as stored: a code with values (``core.explain``), put into words when shown."""
    return explain.item(code, **values)


def caution() -> dict[str, Any]:
    """The words shown wherever flags are shown or printed: guidance, not a legal assessment; who decides."""
    return explain.item(CAUTION)


def caution_text() -> str:
    return explain.describe(caution())


# --- The checks -------------------------------------------------------------------------------------------

def check(stream: Mapping[str, Any], supplier_country: str | None, receiver_country: str | None, *,
          ctx: Context | None = None, need: Mapping[str, Any] | None = None,
          operation: str | None = None) -> list[dict[str, Any]]:
    """Flags for moving ``stream`` from the supplier's to the receiver's country (or within one).

    ``need`` is what the receiver wants it for (food or feed is outside the shipment rules);
    ``operation`` the receiver's R or D code when known (a match is for use, so recovery by default).
    Every flag carries ``rule_set`` (the dispatching country's) and ``checked_on``.
    """
    ctx = ctx or context()
    if not supplier_country or not receiver_country:
        return []
    rules = ctx.for_country(supplier_country)
    stamp = {"rule_set": rules.id, "checked_on": ctx.on.isoformat()}
    out: list[dict[str, Any]] = []

    def add(code: str, **values: Any) -> None:
        out.append(flag(code, **values, **stamp))

    if _is_not_substance(stream):
        return [flag(NOT_SUBSTANCE, **stamp)] if supplier_country != receiver_country else []
    level = hazard(stream)
    status = stream.get("legal_status") or "undecided"
    if supplier_country == receiver_country:
        # At home: no shipment rules, but hazardous waste still needs a permitted receiver (and in Norway a declaration).
        if level == "hazardous" and status in ("waste", "undecided"):
            add(PERMIT)
            if supplier_country == "NO":
                add(DECLARATION_NO)
        return out
    # Which rules apply is said last: what must be done comes first.
    notes: list[dict[str, Any]] = []
    if ctx.for_country(receiver_country).regulation != rules.regulation:
        notes.append(flag(RULE_SETS_DIFFER, se_rule_set=ctx.for_country("SE").id,
                          no_rule_set=ctx.for_country("NO").id, **stamp))
    if not ctx.norway_confirmed:
        notes.append(flag(RULE_SET_UNCONFIRMED, no_rule_set=ctx.for_country("NO").id, **stamp))
    if _shipment(stream, supplier_country, receiver_country, level, status, need, operation, add):
        add(CUSTOMS)
    return out + notes


def _shipment(stream: Mapping[str, Any], supplier_country: str, receiver_country: str, level: str, status: str,
              need: Mapping[str, Any] | None, operation: str | None, add: Any) -> bool:
    """The cross-border flags proper, added through ``add`` (which stamps the rule set and date); whether goods cross."""
    if stream.get("resource_type") in _rules()["water_types"] or (
            stream.get("material_category") or "").startswith("water"):
        add(WATER)
        return False
    if _is_animal_by_product(stream):
        add(ANIMAL_BY_PRODUCT)
        return True
    food = _rules()["food_materials"]
    if stream.get("material_category") in food and need is not None and need.get("material_category") in food:
        add(FOOD_OR_FEED)
        return True
    if status in ("by_product", "product", "end_of_waste"):
        by, on = stream.get("legal_assessed_by"), stream.get("legal_assessed_on")
        if by:
            add(NOT_WASTE, status=status, assessed_by=by, assessed_on=on or "")
        else:
            add(NOT_WASTE_UNASSESSED, status=status)
        return True
    if status == "undecided":
        add(STATUS_UNDECIDED)
    codes = set(stream.get("waste_codes") or ())
    confirmed = entry(stream.get("shipment_entry"))
    if (operation or "").upper().startswith("D"):
        add(NOTIFICATION, why="disposal")
    elif level == "hazardous":
        add(NOTIFICATION, why="hazardous")
    elif level == "unassessed":
        add(NOTIFICATION, why="mirror")
    elif codes & _rules()["mixed_municipal"]:
        add(NOTIFICATION, why="mixed_municipal")
    elif confirmed is not None:
        add(GREEN_LIST, entry=confirmed.code, annex=confirmed.annex)
    else:
        add(NOTIFICATION, why="unlisted")
        candidates = suggest_entries(stream)
        if candidates:
            add(ENTRY_TO_CONFIRM, entries=[e.code for e in candidates[:3]])
    if supplier_country == "NO":
        add(NORWEGIAN_EXPORTER)
    if level == "hazardous" or (level == "unassessed" and any(c.hazardous for c in _code_entries(stream))):
        add(PERMIT)
        if receiver_country == "NO" or supplier_country == "NO":
            add(DECLARATION_NO)
    return True


def codes_of(flags: Iterable[Mapping[str, Any]]) -> list[str]:
    return [str(f.get("code")) for f in flags]


# --- Words ------------------------------------------------------------------------------------------------

def _reference(found: Mapping[str, Any]) -> dict[str, str]:
    """The article a flag cites, in the active language, from the rule set it was computed with."""
    from cirkular_desktop import i18n

    rules = rule_set(found.get("rule_set"))
    code = str(found.get("code"))
    key = _WHY_REF.get(str(found.get("why")), "notification") if code == NOTIFICATION else _REF_KEY.get(code, "")
    text = rules.reference(key, i18n.get_language()) if rules is not None and key else ""
    return {"reference": text or (rules.title() if rules is not None else str(found.get("rule_set") or ""))}


def _rule_set_title(value: Any) -> str:
    found = rule_set(str(value))
    return found.title() if found else str(value)


def _why(value: Any) -> str:
    from cirkular_desktop.i18n import gettext as _

    text = WHY.get(str(value))
    return _(text) if text else str(value)


def _status(value: Any) -> str:
    from cirkular_desktop.core import records
    from cirkular_desktop.i18n import gettext as _

    for choice in records.LEGAL_STATUSES:
        if choice.value == value:
            return _(choice.label)
    return str(value)


def _day_text(value: Any) -> str:
    from cirkular_desktop import i18n

    day = to_date(value)
    return i18n.format_date(day, fmt="medium") if day else str(value or "")


explain.FORMATTERS.update({"why": _why, "status": _status, "se_rule_set": _rule_set_title,
                           "no_rule_set": _rule_set_title, "assessed_on": _day_text,
                           "entries": lambda v: ", ".join(str(x) for x in v) if isinstance(v, (list, tuple)) else str(v)})

for _code, _text in {
    NOT_SUBSTANCE: N_("Not a substance (energy, spare capacity, logistics or expertise): not waste, so no shipment "
                      "rules apply."),
    WATER: N_("Water: waste water is outside the shipment rules; the receiver's discharge or treatment permit decides "
              "what may be done with it."),
    ANIMAL_BY_PRODUCT: N_("Probably an animal by-product (catering waste, animal tissue, dairy residues): its own rules "
                          "apply instead of the shipment rules, with a commercial document and an approved or "
                          "registered receiver ({reference})."),
    FOOD_OR_FEED: N_("Used as food or feed: food and feed law applies rather than the shipment rules; ask the food "
                     "authority (Livsmedelsverket, Mattilsynet) what the receiver needs."),
    NOT_WASTE: N_("{status} according to {assessed_by} ({assessed_on}): not waste if that assessment holds, so no "
                  "shipment rules — the other country's authority may assess it differently ({reference})."),
    NOT_WASTE_UNASSESSED: N_("{status}, but nobody is recorded as having assessed it: record who did and when; until "
                             "then treat it as waste ({reference})."),
    STATUS_UNDECIDED: N_("Legal status undecided: settle whether it is waste, by-product or product before anything "
                         "crosses the border."),
    NOTIFICATION: N_("Prior written notification and consent needed: {why} ({reference}). In Norway through Altinn "
                     "with a financial guarantee; consent usually lasts one year."),
    GREEN_LIST: N_("Listed as {entry} (Annex {annex}) and going to recovery: general information requirements — the "
                   "Annex VII document with each load, a contract with the receiver, records kept three years "
                   "({reference})."),
    ENTRY_TO_CONFIRM: N_("{entries} may fit: once a person confirms the entry on the stream, the lighter procedure "
                         "may apply instead."),
    CUSTOMS: N_("Norway is outside the EU customs union: a customs declaration is needed in both directions."),
    NORWEGIAN_EXPORTER: N_("From Norway: waste is exported by a Norwegian-registered exporter."),
    PERMIT: N_("Hazardous waste: the receiver needs a permit that covers it ({reference})."),
    DECLARATION_NO: N_("Hazardous waste in Norway: declared in the national hazardous-waste declaration service "
                       "({reference})."),
    RULE_SETS_DIFFER: N_("Sweden applies {se_rule_set}, Norway {no_rule_set}: ask both authorities which rules the "
                         "shipment follows."),
    RULE_SET_UNCONFIRMED: N_("Norway's rules are assumed to be {no_rule_set}: the coordinator should confirm this with "
                             "Miljødirektoratet (Preferences ▸ Shipment rules)."),
    CAUTION: N_("Guidance to prepare a decision, not a legal assessment. The authorities decide: Naturvårdsverket and "
                "the county administrative board (länsstyrelsen) in Sweden, Miljødirektoratet in Norway."),
}.items():
    explain.register(_code, "flag", _text, extra=_reference)
