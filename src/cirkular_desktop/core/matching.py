"""Matchmaking: rank residual streams ("haves") against needs ("wants"), with reasons a person can check.

Automatic matching is weak (the best published recommenders are right about
a third of the time), so this suggests a ranked handful per need to a person,
each with the reasons it scored and the flags of ``core.border``, and never
decides. Components, each between 0 and 1, or None when there is no data to
judge by — a component without data gives no points, and the reason
``no_data`` names it:

* material — same category 1.0, a shared List of Waste code 0.8, a listed
  substitute or sibling category its score from ``resources/matching/rules.json``
  (energy never with material; a pallet never for a box; a broken crate only
  as plastic); title words only when a side has no category;
* quantity — how much of the need's yearly amount the stream covers (tonnes,
  or MWh for energy, or items); below the need's minimum lot it is 0 and
  the score is halved, with the reason ``under_min_lot``;
* distance — from coordinates, or the municipality's centre when an address
  is missing (nothing left at 250 km), otherwise same municipality, region
  or country;
* timing — the availability and need periods overlap (halved when not);
* economics and the waste hierarchy — reusable as it is, the supplier pays
  to be rid of it today, it is given away or sold.

Pairs need some material fit; the same organization, private streams and
pairs already matched are left out; material pairs that led to agreed
matches get a bonus (learning from the coordinators' decisions): a fifth of
the way from their score to 1. Ranking a region is ``core.matching_rank``: the same scores, computed
without building reasons, with the search cut short where no better pair
can be left; reasons and flags are built only for the pairs kept.

Imports: core (explain, text, units, border, municipalities, matching_rank), resources, standard library.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any, Iterable, Mapping

from cirkular_desktop import resources
from cirkular_desktop.core import border, explain, units
from cirkular_desktop.core.text import fold_case
from cirkular_desktop.i18n import N_

WEIGHTS = {"material": 0.45, "quantity": 0.15, "distance": 0.2, "timing": 0.08, "economics": 0.12}
COMPONENTS = tuple(WEIGHTS)
MIN_SCORE = 0.3
LEARNED_BONUS = 0.2    # share of the distance to a full score that agreed matches of the same materials close
MAX_KM = 250.0
PENALTY = 0.5          # no overlap in time, or less than the need's minimum lot in a year
AGREED_STAGES = frozenset({"agreed", "implemented"})
_WORD_RE = re.compile(r"[^\W\d_]{4,}", re.UNICODE)
_NOT_SUBSTANCE = frozenset({"energy", "capacity", "logistics", "expertise", "water"})


@dataclass(frozen=True)
class Suggestion:
    stream_id: str
    need_id: str
    supplier_id: str
    receiver_id: str
    score: float
    components: Mapping[str, float | None]       # None: no data, so no points
    reasons: tuple[explain.Item, ...]            # codes with values (core.explain), words only when shown
    cross_border: bool
    flags: tuple[explain.Item, ...] = field(default=())
    distance_km: float | None = None
    supply_tonnes: Decimal | None = None         # per year; MWh per year when amount_unit is "MWh", items if "pcs"
    demand_tonnes: Decimal | None = None
    amount_unit: str = "t"
    rule_set: str | None = None                  # id of the rule set the flags were computed with
    checked_on: str | None = None                # ISO date the flags were computed
    stream_title: str = ""
    need_title: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {"stream_id": self.stream_id, "need_id": self.need_id, "supplier_id": self.supplier_id,
                "receiver_id": self.receiver_id, "score": round(self.score, 3),
                "components": {k: (None if v is None else round(v, 3)) for k, v in sorted(self.components.items())},
                "reasons": [explain.as_json(r) for r in self.reasons], "cross_border": self.cross_border,
                "flags": [explain.as_json(f) for f in self.flags],
                "distance_km": None if self.distance_km is None else round(self.distance_km, 1),
                "supply_per_year": _plain(self.supply_tonnes), "demand_per_year": _plain(self.demand_tonnes),
                "amount_unit": self.amount_unit, "rule_set": self.rule_set, "checked_on": self.checked_on,
                "stream_title": self.stream_title, "need_title": self.need_title}


def _plain(value: Decimal | None) -> str | None:
    return None if value is None else str(_round(value))


def _round(value: Decimal) -> Decimal:
    """As people read amounts: one decimal under 10, whole numbers above."""
    return value.quantize(Decimal("0.1") if abs(value) < 10 else Decimal("1")).normalize() + 0


# --- Material ---------------------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _rules() -> dict[str, Any]:
    data = resources.load_json("matching", "rules.json")
    return {"objects": frozenset(data["objects"]), "siblings": dict(data["sibling_scores"]),
            "isolated": frozenset(data["isolated"]), "made_of": dict(data["made_of"]),
            "substitutes": {k: [(c, float(s)) for c, s in v] for k, v in data["substitutes"].items()}}


def _top(code: str) -> str:
    return code.split(".", 1)[0]


def is_object(category: str | None) -> bool:
    """Items used as they are (pallets, furniture, doors), not a material."""
    if not category:
        return False
    objects = _rules()["objects"]
    return category in objects or _top(category) in objects


@lru_cache(maxsize=4096)
def category_fit(stream_category: str, need_category: str) -> tuple[float, str]:
    """How well a stream of one category serves a need of another: (score, how) with how one of
    "same", "substitute", "sibling", "made_of" or "" (no fit)."""
    if not stream_category or not need_category:
        return 0.0, ""
    if stream_category == need_category:
        return 1.0, "same"
    rules = _rules()
    best = (0.0, "")
    for category, score in rules["substitutes"].get(need_category, ()):
        if category in (stream_category, _top(stream_category)) and score > best[0]:
            best = (score, "substitute")
    if stream_category in rules["isolated"] or need_category in rules["isolated"]:
        return best
    top = _top(need_category)
    if (top == _top(stream_category) and is_object(stream_category) == is_object(need_category)
            and rules["siblings"].get(top, 0.0) > best[0]):
        best = (rules["siblings"][top], "sibling")
    made_of = rules["made_of"].get(stream_category) or rules["made_of"].get(_top(stream_category))
    if made_of and not is_object(need_category):
        score = 0.7 if made_of == need_category else (0.5 if _top(made_of) == top else 0.0)
        if score > best[0]:
            best = (score, "made_of")
    return best


def _kind(record: Mapping[str, Any]) -> str:
    """"material" or what else the record is (energy, capacity …): never matched across."""
    kind = record.get("resource_type") or "material"
    return "material" if kind == "equipment" else kind


def _words(record: Mapping[str, Any]) -> set[str]:
    # Folded once as a whole, not word by word: cheaper, and NFC first keeps a decomposed "å"
    # (a + combining ring, as some keyboards send it) inside its word.
    return set(_WORD_RE.findall(fold_case(f"{record.get('title') or ''} {record.get('description') or ''}")))


def material_fit(stream: Mapping[str, Any], need: Mapping[str, Any],
                 with_reasons: bool = True) -> tuple[float, explain.Item | None]:
    if _kind(stream) != _kind(need):
        return 0.0, None
    a, b = stream.get("material_category") or "", need.get("material_category") or ""
    if is_object(b) and stream.get("condition") == "material_only":
        return 0.0, None         # a broken crate is plastic, not a crate
    score, how = category_fit(a, b)
    shared = set(stream.get("waste_codes") or ()) & set(need.get("waste_codes") or ())
    if shared and 0.8 > score and not (is_object(b) and a != b):
        score, how = 0.8, "code"
    if not how and (not a or not b):
        common = _words(stream) & _words(need)
        if common:
            return 0.35, (explain.item("similar_words", words=sorted(common)[:3]) if with_reasons else None)
    if not how or not with_reasons:
        return score, None
    if how == "same":
        return score, explain.item("same_material", material=a)
    if how == "code":
        return score, explain.item("same_waste_code", waste_code=sorted(shared)[0])
    if how == "sibling":
        return score, explain.item("related_material", material_top=a)
    if how == "made_of":
        return score, explain.item("made_of", material=a, need_material=b)
    return score, explain.item("can_serve", material=a, need_material=b)


# --- Quantity ---------------------------------------------------------------------------------------------

def _dec(value: Any) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def amount_per_year(record: Mapping[str, Any]) -> tuple[Decimal | None, str]:
    """(amount per year, unit): tonnes when the quantity converts, else MWh for energy or items for counts."""
    tonnes = units.tonnes_per_year(record)
    if tonnes is not None:
        return tonnes, "t"
    unit = units.get(record.get("unit"))
    amount = _dec(record.get("quantity"))
    if unit is None or amount is None or unit.kind not in (units.ENERGY, units.COUNT):
        return None, "t"
    basis = record.get("basis") or "per_year"
    factor = _dec(record.get("batches_per_year")) if basis == "per_batch" else units.PER_YEAR.get(basis)
    if factor is None:
        return None, "t"
    return amount * unit.factor * factor, ("MWh" if unit.kind == units.ENERGY else "pcs")


def _amount(record: Mapping[str, Any]) -> tuple[Decimal | None, str]:
    """``amount_per_year`` computed once per record and kept on a private key."""
    found = record.get("_amount")
    if found is None:
        found = amount_per_year(record)
        try:
            record["_amount"] = found  # type: ignore[index]
        except TypeError:  # a read-only mapping: compute every time
            pass
    return found


def min_lot(need: Mapping[str, Any], unit: str) -> Decimal | None:
    """The need's minimum lot in ``unit`` (the unit its yearly amount is compared in), if it converts."""
    lot = _dec(need.get("min_lot"))
    if lot is None:
        return None
    if unit == "t":
        return units.tonnes(lot, need.get("unit"), density=need.get("density"), mass_per_item=need.get("mass_per_item"))
    found = units.get(need.get("unit"))
    if found is None or (unit == "MWh") != (found.kind == units.ENERGY) or (unit == "pcs") != (found.kind == units.COUNT):
        return None
    return lot * found.factor


def quantity_fit(stream: Mapping[str, Any], need: Mapping[str, Any],
                 with_reasons: bool = True) -> tuple[float | None, explain.Item | None, bool]:
    """(share of the need covered, reason, below the minimum lot); None when the amounts can't be compared."""
    supply, s_unit = _amount(stream)
    demand, d_unit = _amount(need)
    if supply is None or demand is None or s_unit != d_unit or demand <= 0:
        return None, None, False
    lot = min_lot(need, s_unit)
    if lot is not None and supply < lot:
        reason = explain.item("under_min_lot", supply=_short(supply), lot=_short(lot), unit=s_unit) \
            if with_reasons else None
        return 0.0, reason, True
    cover = float(min(supply, demand) / demand)
    if not with_reasons:
        return cover, None, False
    values = {"supply": _short(supply), "demand": _short(demand), "unit": s_unit}
    if cover >= 1.0:
        return cover, explain.item("covers_need", **values), False
    return cover, explain.item("covers_part", share=int(round(cover * 100)), **values), False


def _short(value: Decimal) -> str:
    """An amount as stored in a reason: a plain decimal string, rounded as it is shown."""
    return str(_round(value))


# --- Distance, timing, economics --------------------------------------------------------------------------

def location(org: Mapping[str, Any]) -> tuple[float, float] | None:
    """(latitude, longitude) in radians: the organization's own, else its municipality's centre, else None."""
    from cirkular_desktop.core import municipalities

    found = municipalities.position(org)
    return None if found is None else (math.radians(found[0]), math.radians(found[1]))


def centre_of(org: Mapping[str, Any]) -> str | None:
    """The municipality whose centre stands in for an organization without coordinates (None when it has them)."""
    try:
        if org.get("latitude") not in (None, "") and org.get("longitude") not in (None, ""):
            float(org["latitude"]), float(org["longitude"])
            return None
    except (TypeError, ValueError):
        pass
    return org.get("municipality") or None


def km_between(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Kilometres between two places in radians: a flat-earth sum at the pair's mean latitude: within
    about a kilometre of the great circle over the 250 km that count, and cheap enough for every pair ranked."""
    dx = (b[1] - a[1]) * math.cos((a[0] + b[0]) / 2)
    dy = b[0] - a[0]
    return 6371.0 * math.sqrt(dx * dx + dy * dy)


def _distance_km(a: Mapping[str, Any], b: Mapping[str, Any]) -> float | None:
    la, lb = location(a), location(b)
    if la is None or lb is None:
        return None
    centre = centre_of(a)
    if centre is not None and centre == centre_of(b):
        return None  # one municipality centre for both says nothing: "same municipality" does
    return km_between(la, lb)


def distance_from_km(km: float) -> float:
    # Long transport cancels the environmental gain: nothing left at 250 km.
    return max(0.0, 1 - km / MAX_KM)


def place_fit(supplier: Mapping[str, Any], receiver: Mapping[str, Any]) -> float | None:
    """Distance without coordinates: same municipality, the project's region, the same country."""
    from cirkular_desktop.core import municipalities

    if supplier.get("municipality") and supplier.get("municipality") == receiver.get("municipality"):
        return 1.0
    if not supplier.get("country") or not receiver.get("country"):
        return None
    near = [municipalities.get(o.get("municipality") or "") for o in (supplier, receiver)]
    in_region = all(m is not None and (m.project or m.neighbour) for m in near)
    if supplier.get("country") == receiver.get("country"):
        return 0.7 if in_region else 0.4
    return 0.6 if in_region else 0.3


def distance_fit(supplier: Mapping[str, Any], receiver: Mapping[str, Any]
                 ) -> tuple[float | None, explain.Item | None, float | None]:
    km = _distance_km(supplier, receiver)
    if km is not None:
        return distance_from_km(km), explain.item("distance", km=int(round(km))), km
    value = place_fit(supplier, receiver)
    if value == 1.0:
        return value, explain.item("same_municipality"), None
    if value == 0.6:
        return value, explain.item("neighbours_across_border"), None
    return value, None, None


def timing_fit(stream: Mapping[str, Any], need: Mapping[str, Any]) -> float | None:
    dates = (stream.get("available_from"), stream.get("available_to"), need.get("available_from"),
             need.get("available_to"))
    if not any(dates):
        return None
    start = max(dates[0] or "", dates[2] or "")
    return 1.0 if start <= min(dates[1] or "9999", dates[3] or "9999") else 0.0


def economics_value(stream: Mapping[str, Any]) -> float | None:
    """``economics_fit`` without its reason, for ranking."""
    if stream.get("condition") == "reusable":
        return 1.0
    cost = _dec(stream.get("handling_cost"))
    if cost is not None and cost > 0:
        return 0.9
    return {"give_away": 0.8, "pay_to_dispose": 0.9, "sell": 0.5, "negotiable": 0.5}.get(
        str(stream.get("business_terms") or ""))


def economics_fit(stream: Mapping[str, Any]) -> tuple[float | None, explain.Item | None]:
    if stream.get("condition") == "reusable":
        return 1.0, explain.item("reusable_as_is")
    cost = _dec(stream.get("handling_cost"))
    if cost is not None and cost > 0:
        return 0.9, explain.item("supplier_pays")
    terms = stream.get("business_terms")
    if terms == "give_away":
        return 0.8, explain.item("free_of_charge")
    if terms == "pay_to_dispose":
        return 0.9, explain.item("supplier_pays")
    if terms in ("sell", "negotiable"):
        return 0.5, explain.item("for_sale")
    return None, None


def combine(material: float, quantity: float | None, distance: float | None, timing: float | None,
            economics: float | None, learned: float, penalised: bool) -> float:
    """The score from its components: the ranking pass and the explained suggestion use this one sum.

    The learned bonus closes part of the gap to 1 (``learned`` of it) rather than adding on top, so a
    score stays below 1 and pairs that learned something do not all tie at the top.
    """
    score = WEIGHTS["material"] * material
    if quantity is not None:
        score += WEIGHTS["quantity"] * quantity
    if distance is not None:
        score += WEIGHTS["distance"] * distance
    if timing is not None:
        score += WEIGHTS["timing"] * timing
    if economics is not None:
        score += WEIGHTS["economics"] * economics
    if penalised or timing == 0.0:
        score *= PENALTY
    if learned:
        score += learned * (1.0 - score)
    return min(score, 1.0)


def best_possible(km: float, *, learned: bool = True) -> float:
    """The highest score a pair can reach whose partners are at least ``km`` apart (for cutting a search short);
    ``learned`` false when no agreed match can give the bonus."""
    return combine(1.0, 1.0, distance_from_km(km), 1.0, 1.0, LEARNED_BONUS if learned else 0.0, False)


def score_pair(stream: Mapping[str, Any], need: Mapping[str, Any], supplier: Mapping[str, Any],
               receiver: Mapping[str, Any], *, learned: float = 0.0, with_reasons: bool = True,
               ctx: border.Context | None = None) -> Suggestion | None:
    """Score one pair; with ``with_reasons`` false the reasons and flags are left empty."""
    material, material_reason = material_fit(stream, need, with_reasons)
    if material == 0.0:
        return None
    quantity, quantity_reason, below = quantity_fit(stream, need, with_reasons)
    distance, distance_reason, km = distance_fit(supplier, receiver)
    timing = timing_fit(stream, need)
    economics, economics_reason = economics_fit(stream)
    components = {"material": material, "quantity": quantity, "distance": distance, "timing": timing,
                  "economics": economics}
    score = combine(material, quantity, distance, timing, economics, learned, below)
    cross = bool(supplier.get("country") and receiver.get("country")
                 and supplier.get("country") != receiver.get("country"))
    supply, unit = _amount(stream)
    demand, need_unit = _amount(need)
    if need_unit != unit:
        demand = None
    stream_title, need_title = str(stream.get("title") or ""), str(need.get("title") or "")
    ids = (stream["id"], need["id"], supplier.get("id", ""), receiver.get("id", ""))
    if not with_reasons:
        return Suggestion(*ids, score, components, (), cross, distance_km=km, supply_tonnes=supply,
                          demand_tonnes=demand, amount_unit=unit, stream_title=stream_title, need_title=need_title)
    reasons = [r for r in (material_reason, quantity_reason, distance_reason, economics_reason) if r]
    if learned:
        reasons.append(explain.item("learned"))
    if timing == 0.0:
        reasons.append(explain.item("periods_do_not_overlap"))
    missing = [name for name in COMPONENTS if components[name] is None]
    if missing:
        reasons.append(explain.item("no_data", components=missing))
    ctx = ctx or border.context()
    flags = tuple(border.check(stream, supplier.get("country"), receiver.get("country"), ctx=ctx, need=need))
    rules = ctx.for_country(supplier.get("country")) if supplier.get("country") else None
    return Suggestion(*ids, score, components, tuple(reasons), cross, flags, distance_km=km, supply_tonnes=supply,
                      demand_tonnes=demand, amount_unit=unit, rule_set=rules.id if rules else None,
                      checked_on=ctx.on.isoformat(), stream_title=stream_title, need_title=need_title)


# --- The region ------------------------------------------------------------------------------------------

def suggest(streams: Iterable[Mapping[str, Any]], needs: Iterable[Mapping[str, Any]],
            organizations: Mapping[str, Mapping[str, Any]], *,
            matches: Iterable[Mapping[str, Any]] = (), per_need: int = 5,
            min_score: float = MIN_SCORE, ctx: border.Context | None = None) -> list[Suggestion]:
    """The best ``per_need`` suggestions for every need, best first overall."""
    from cirkular_desktop.core import matching_rank

    ranked = matching_rank.rank(streams, needs, organizations, matches=matches, per_need=per_need,
                                min_score=min_score)
    return explain_ranked(ranked, organizations, ctx=ctx)


def explain_ranked(ranked: Iterable[tuple[Mapping[str, Any], Mapping[str, Any], float]],
            organizations: Mapping[str, Mapping[str, Any]], *, ctx: border.Context | None = None) -> list[Suggestion]:
    """Suggestions with reasons and flags for ranked (stream, need, learned bonus) pairs, best first."""
    ctx = ctx or border.context()
    results = [explained for explained in (
        score_pair(stream, need, organizations.get(stream.get("organization_id") or "", {}),
                   organizations.get(need.get("organization_id") or "", {}), learned=learned, ctx=ctx)
        for stream, need, learned in ranked) if explained is not None]
    results.sort(key=lambda s: (-s.score, s.need_id, s.stream_id))
    return results


def suggest_for_stream(stream: Mapping[str, Any], needs: Iterable[Mapping[str, Any]],
                       organizations: Mapping[str, Mapping[str, Any]], *,
                       matches: Iterable[Mapping[str, Any]] = (), limit: int = 5,
                       min_score: float = MIN_SCORE, ctx: border.Context | None = None) -> list[Suggestion]:
    """The needs one stream could serve, best first (at most ``limit``)."""
    from cirkular_desktop.core import matching_rank

    ctx = ctx or border.context()
    ranked = matching_rank.rank_for_stream(stream, needs, organizations, matches=matches, limit=limit,
                                           min_score=min_score)
    supplier = organizations.get(stream.get("organization_id") or "", {})
    results = [s for s in (score_pair(stream, need, supplier, organizations.get(need.get("organization_id") or "", {}),
                                      learned=learned, ctx=ctx) for need, learned in ranked) if s is not None]
    results.sort(key=lambda s: (-s.score, s.need_id))
    return results


# --- Reasons ----------------------------------------------------------------------------------------------

def _component_names(value: Any) -> str:
    from cirkular_desktop.i18n import gettext as _

    names = {"material": N_("material"), "quantity": N_("quantity"), "distance": N_("distance"),
             "timing": N_("timing"), "economics": N_("economics")}
    items = value if isinstance(value, (list, tuple)) else [value]
    return ", ".join(_(names[v]) if v in names else str(v) for v in items)


def _unit_symbol(value: Any) -> str:
    found = units.get(str(value))
    return found.display() if found else str(value)


explain.FORMATTERS.update({"components": _component_names, "unit": _unit_symbol,
                           "need_material": explain.FORMATTERS["material"],
                           "supply": explain.FORMATTERS["supply_t"], "demand": explain.FORMATTERS["supply_t"],
                           "lot": explain.FORMATTERS["supply_t"]})
explain.register("made_of", "reason", N_("{material} as material for {need_material}"))
explain.register("can_serve", "reason", N_("{material} can serve as {need_material}"))
explain.register("covers_need", "reason", N_("covers the need ({supply} {unit}/year offered, {demand} {unit}/year wanted)"))
explain.register("covers_part", "reason",
                 N_("covers {share} % of the need ({supply} {unit}/year offered, {demand} {unit}/year wanted)"))
explain.register("for_sale", "reason", N_("offered for sale"))
explain.register("no_data", "reason", N_("no data, so no points for: {components}"))
explain.register("under_min_lot", "reason",
                 N_("below the minimum lot: {supply} {unit}/year offered, lots of {lot} {unit} wanted"))
