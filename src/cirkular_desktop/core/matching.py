"""Matchmaking: rank residual streams ("haves") against needs ("wants"), with reasons.

Automatic matching is weak (the best published recommenders are right about
a third of the time), so this suggests a ranked handful per need to a person,
each with the reasons it scored and the cross-border flags, and never
decides. Components, each between 0 and 1:

* material — same material category 1.0, same top category 0.6, a shared EU
  List of Waste code 0.8 (codes are organised by source activity, so they
  alone miss obvious pairs), shared title words as a weak fallback;
* quantity — the smaller of supply and demand over the larger (tonnes per
  year), and whether the supply reaches the need's minimum lot;
* distance — from coordinates when both organizations have them, otherwise
  same municipality, same country, or neighbours across the border;
* timing — availability and need windows overlap;
* economics and the waste hierarchy — the supplier pays to be rid of it
  today, it is given away, or it can be reused as is.

Pairs need some material fit to be considered at all; the same organization,
private streams and pairs already matched are left out; pairs rejected before
are left out, and material pairs that led to agreed matches get a small bonus
(learning from the coordinators' decisions).

Imports: core (explain, materials, units, border), standard library.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Iterable, Mapping

from cirkular_desktop.core import border, explain, materials, units

WEIGHTS = {"material": 0.45, "quantity": 0.15, "distance": 0.2, "timing": 0.08, "economics": 0.12}
MIN_SCORE = 0.3
LEARNED_BONUS = 0.05
_WORD_RE = re.compile(r"[^\W\d_]{4,}", re.UNICODE)
AGREED_STAGES = frozenset({"agreed", "implemented"})


@dataclass(frozen=True)
class Suggestion:
    stream_id: str
    need_id: str
    supplier_id: str
    receiver_id: str
    score: float
    components: Mapping[str, float]
    reasons: tuple[explain.Item, ...]          # codes with values (core.explain), words only when shown
    cross_border: bool
    flags: tuple[explain.Item, ...] = field(default=())

    def as_dict(self) -> dict[str, Any]:
        return {"stream_id": self.stream_id, "need_id": self.need_id, "supplier_id": self.supplier_id,
                "receiver_id": self.receiver_id, "score": round(self.score, 3),
                "components": {k: round(v, 3) for k, v in sorted(self.components.items())},
                "reasons": [explain.as_json(r) for r in self.reasons], "cross_border": self.cross_border,
                "flags": [explain.as_json(f) for f in self.flags],
                "rule_set": border.RULE_SET if self.cross_border else None}


def _words(record: Mapping[str, Any]) -> set[str]:
    return {w.casefold() for w in _WORD_RE.findall(f"{record.get('title') or ''} {record.get('description') or ''}")}


def material_fit(stream: Mapping[str, Any], need: Mapping[str, Any],
                 with_reasons: bool = True) -> tuple[float, explain.Item | None]:
    a, b = stream.get("material_category"), need.get("material_category")
    relation = materials.related(a, b) if a and b else 0
    shared_codes = set(stream.get("waste_codes") or ()) & set(need.get("waste_codes") or ())
    if not with_reasons:
        # Ranking pass: the numbers only, no text (formatting is most of the cost).
        if relation == 2:
            return 1.0, None
        if shared_codes:
            return 0.8, None
        if relation == 1:
            return 0.6, None
        return (0.35 if _words(stream) & _words(need) else 0.0), None
    if relation == 2:
        return 1.0, explain.item("same_material", material=a)
    if shared_codes:
        return 0.8, explain.item("same_waste_code", waste_code=sorted(shared_codes)[0])
    if relation == 1:
        return 0.6, explain.item("related_material", material_top=a)
    common = _words(stream) & _words(need)
    if common:
        return 0.35, explain.item("similar_words", words=sorted(common)[:3])
    return 0.0, None


def quantity_fit(stream: Mapping[str, Any], need: Mapping[str, Any],
                 with_reasons: bool = True) -> tuple[float, explain.Item | None]:
    supply, demand = _tonnes(stream), _tonnes(need)
    if supply is None or demand is None or supply <= 0 or demand <= 0:
        return 0.5, None  # unknown: neither helps nor hurts much
    ratio = float(min(supply, demand) / max(supply, demand))
    lot = need.get("min_lot")
    if lot not in (None, "") and need.get("unit") == stream.get("unit") and Decimal(str(lot)) > Decimal(
            str(stream.get("quantity") or 0)):
        return ratio * 0.5, explain.item("below_min_lot") if with_reasons else None
    if ratio >= 0.5 and with_reasons:
        return ratio, explain.item("quantities_fit", supply_t=_short(supply), demand_t=_short(demand))
    return ratio, None


def _tonnes(record: Mapping[str, Any]) -> Decimal | None:
    """Tonnes per year, computed once per record and kept on a private key."""
    if "_tonnes" not in record:
        try:
            record["_tonnes"] = units.tonnes_per_year(record)  # type: ignore[index]
        except TypeError:  # a read-only mapping: compute every time
            return units.tonnes_per_year(record)
    return record["_tonnes"]


def _short(value: Decimal) -> str:
    """Tonnes as stored in a reason: a plain decimal string, rounded as it is shown."""
    return str(value.quantize(Decimal("0.1") if value < 10 else Decimal("1")).normalize())


def _distance_km(a: Mapping[str, Any], b: Mapping[str, Any]) -> float | None:
    from cirkular_desktop.core import municipalities

    # An organization without coordinates is placed at its municipality's centre (core.municipalities).
    pa, pb = municipalities.position(a), municipalities.position(b)
    if pa is None or pb is None:
        return None
    if pa[2] == pb[2] == "municipality" and a.get("municipality") == b.get("municipality"):
        return None  # one centre for both says nothing: "same municipality" does
    lat1, lon1, lat2, lon2 = (math.radians(x) for x in (pa[0], pa[1], pb[0], pb[1]))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(h))


def distance_fit(supplier: Mapping[str, Any], receiver: Mapping[str, Any]) -> tuple[float, explain.Item | None]:
    km = _distance_km(supplier, receiver)
    if km is not None:
        # Long transport cancels the environmental gain: nothing left at 250 km.
        return max(0.0, 1 - km / 250), explain.item("distance", km=int(round(km)))
    if supplier.get("municipality") and supplier.get("municipality") == receiver.get("municipality"):
        return 1.0, explain.item("same_municipality")
    from cirkular_desktop.core import municipalities

    near = [municipalities.get(o.get("municipality") or "") for o in (supplier, receiver)]
    in_region = all(m is not None and (m.project or m.neighbour) for m in near)
    if supplier.get("country") == receiver.get("country"):
        return (0.7 if in_region else 0.4), None
    return (0.6 if in_region else 0.3), explain.item("neighbours_across_border") if in_region else None


def timing_fit(stream: Mapping[str, Any], need: Mapping[str, Any]) -> float:
    start = max(stream.get("available_from") or "", need.get("available_from") or "")
    end_a, end_b = stream.get("available_to") or "9999", need.get("available_to") or "9999"
    return 1.0 if start <= min(end_a, end_b) else 0.0


def economics_fit(stream: Mapping[str, Any]) -> tuple[float, explain.Item | None]:
    if stream.get("condition") == "reusable":
        return 1.0, explain.item("reusable_as_is")
    cost = stream.get("handling_cost")
    if cost not in (None, "", "0") and Decimal(str(cost)) > 0:
        return 0.9, explain.item("supplier_pays")
    if stream.get("business_terms") == "give_away":
        return 0.8, explain.item("free_of_charge")
    return 0.4, None


def score_pair(stream: Mapping[str, Any], need: Mapping[str, Any], supplier: Mapping[str, Any],
               receiver: Mapping[str, Any], *, learned: float = 0.0, with_reasons: bool = True) -> Suggestion | None:
    """Score one pair; with ``with_reasons`` false the reasons and flags are left empty (ranking pass)."""
    material, material_reason = material_fit(stream, need, with_reasons)
    if material == 0.0:
        return None
    quantity, quantity_reason = quantity_fit(stream, need, with_reasons)
    distance, distance_reason = distance_fit(supplier, receiver)
    timing = timing_fit(stream, need)
    economics, economics_reason = economics_fit(stream)
    components = {"material": material, "quantity": quantity, "distance": distance, "timing": timing,
                  "economics": economics}
    score = sum(WEIGHTS[k] * v for k, v in components.items()) + learned
    if timing == 0.0:
        score *= 0.5
    cross = bool(supplier.get("country") and receiver.get("country")
                 and supplier.get("country") != receiver.get("country"))
    if not with_reasons:
        return Suggestion(stream["id"], need["id"], supplier.get("id", ""), receiver.get("id", ""),
                          min(score, 1.0), components, (), cross)
    reasons = [r for r in (material_reason, quantity_reason, distance_reason, economics_reason) if r]
    if learned:
        reasons.append(explain.item("learned"))
    if timing == 0.0:
        reasons.append(explain.item("periods_do_not_overlap"))
    flags = tuple(border.check(stream, supplier.get("country"), receiver.get("country")))
    return Suggestion(stream["id"], need["id"], supplier.get("id", ""), receiver.get("id", ""),
                      min(score, 1.0), components, tuple(reasons), cross, flags)


def _material_key(record: Mapping[str, Any]) -> tuple[str, str]:
    code = record.get("material_category") or ""
    found = materials.get(code)
    return (found.top if found else code, code)


def suggest(streams: Iterable[Mapping[str, Any]], needs: Iterable[Mapping[str, Any]],
            organizations: Mapping[str, Mapping[str, Any]], *,
            matches: Iterable[Mapping[str, Any]] = (), per_need: int = 5,
            min_score: float = MIN_SCORE) -> list[Suggestion]:
    """The best ``per_need`` suggestions for every need, best first overall."""
    streams = [dict(s) for s in streams if s.get("visibility") != "private"]
    by_top: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    by_category: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    by_code: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for stream in streams:
        top, category = _material_key(stream)
        if top:
            by_top[top].append(stream)
            by_category[category].append(stream)
        for code in stream.get("waste_codes") or ():
            by_code[code].append(stream)
    existing, rejected, agreed_pairs = set(), set(), set()
    stream_index = {s["id"]: s for s in streams}
    need_list = [dict(n) for n in needs]
    need_index = {n["id"]: n for n in need_list}
    for match in matches:
        pair = (match.get("stream_id"), match.get("need_id"))
        existing.add(pair)
        if match.get("stage") == "rejected":
            rejected.add(pair)
        elif match.get("stage") in AGREED_STAGES and pair[0] in stream_index and pair[1] in need_index:
            agreed_pairs.add((_material_key(stream_index[pair[0]])[1], _material_key(need_index[pair[1]])[1]))
    results: list[Suggestion] = []
    for need in need_list:
        receiver = organizations.get(need.get("organization_id") or "", {})
        top, code = _material_key(need)
        # Block on the exact category and shared codes; widen to the top category only when
        # that finds too few, so a region of 30,000 streams stays quick to rank.
        candidates = {s["id"]: s for s in by_category.get(code, ())} if code != top else {}
        for waste_code in need.get("waste_codes") or ():
            candidates.update((s["id"], s) for s in by_code.get(waste_code, ()))
        if len(candidates) < 2 * per_need:
            candidates.update((s["id"], s) for s in by_top.get(top, ()))
        if not top and not need.get("waste_codes"):
            candidates = {s["id"]: s for s in streams}  # nothing to block on: fall back to text
        ranked = []
        for stream in candidates.values():
            pair = (stream["id"], need["id"])
            if pair in existing or pair in rejected or stream.get("organization_id") == need.get("organization_id"):
                continue
            supplier = organizations.get(stream.get("organization_id") or "", {})
            learned = LEARNED_BONUS if (_material_key(stream)[1], code) in agreed_pairs else 0.0
            found = score_pair(stream, need, supplier, receiver, learned=learned, with_reasons=False)
            if found is not None and found.score >= min_score:
                ranked.append((found, stream, supplier, learned))
        ranked.sort(key=lambda item: (-item[0].score, item[0].stream_id))
        for _found, stream, supplier, learned in ranked[:per_need]:
            explained = score_pair(stream, need, supplier, receiver, learned=learned)
            assert explained is not None
            results.append(explained)
    results.sort(key=lambda s: (-s.score, s.need_id, s.stream_id))
    return results
