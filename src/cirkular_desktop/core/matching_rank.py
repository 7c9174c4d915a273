"""Ranking a whole region quickly: the scores of ``core.matching``, without reasons, searched where they can win.

A region has some 30,000 streams and 5,000 needs; scoring every pair with
reasons took minutes. Here each stream is prepared once (amount per year,
economics, place), streams are grouped by material category, and for each
need only the groups whose category can serve it are searched, best material
first. Inside a large group the streams sit in a grid of about 11 km cells
and are visited ring by ring outwards from the receiver; the search stops
as soon as the best score still possible — full marks for everything but the
distance the ring is already away — cannot beat the ``per_need``-th pair
found. The scores are ``matching.combine`` of the same components
``matching.score_pair`` computes, so the explained suggestion has the score
it was ranked by (a test compares both over a demo region).

Imports: core (matching, materials), standard library.
"""

from __future__ import annotations

import math
from collections import defaultdict
from typing import Any, Iterable, Mapping

from cirkular_desktop.core import matching as m

CELL_LAT = 0.1          # degrees: about 11.1 km
CELL_LON = 0.2          # degrees: about 11.3 km at 59.5° N
SMALL_GROUP = 160       # below this a group is scored whole: the grid would not pay
EPSILON = 1e-9          # float sums of the bound and of a score may differ in the last bits
W = m.WEIGHTS
W_MATERIAL, W_QUANTITY, W_DISTANCE, W_TIMING, W_ECONOMICS = (W[k] for k in m.COMPONENTS)


class _Stream:
    __slots__ = ("rec", "id", "org", "cat", "kind", "codes", "material_only", "amount", "exact", "unit", "start",
                 "end", "dated", "econ", "econ_points", "loc", "cell", "centre")

    def __init__(self, rec: Mapping[str, Any], places: "Places") -> None:
        self.rec = rec
        self.id = rec["id"]
        self.org = rec.get("organization_id") or ""
        self.cat = rec.get("material_category") or ""
        self.kind = m._kind(rec)
        self.codes = frozenset(rec.get("waste_codes") or ())
        self.material_only = rec.get("condition") == "material_only"
        self.exact, self.unit = m._amount(rec)
        self.amount = None if self.exact is None else float(self.exact)
        self.start, self.end = rec.get("available_from") or "", rec.get("available_to") or "9999"
        self.dated = bool(rec.get("available_from") or rec.get("available_to"))
        self.econ = m.economics_value(rec)
        self.econ_points = 0.0 if self.econ is None else W_ECONOMICS * self.econ
        self.loc, self.cell, self.centre = places.of(self.org)


class Places:
    """Each organization's place (radians) and grid cell, worked out once; and how far north the data reaches."""

    def __init__(self, organizations: Mapping[str, Mapping[str, Any]]) -> None:
        self.organizations = organizations
        self.known: dict[str, tuple[tuple[float, float] | None, tuple[int, int] | None, str | None]] = {}
        self.max_lat = 0.0
        self.cells: dict[tuple[int, int], list[str]] | None = None
        self.nowhere: list[str] = []

    def of(self, org_id: str) -> tuple[tuple[float, float] | None, tuple[int, int] | None, str | None]:
        """(place in radians, grid cell, the municipality whose centre stands in for the place, if any)."""
        found = self.known.get(org_id)
        if found is None:
            org = self.organizations.get(org_id, {})
            loc = m.location(org)
            cell = None
            if loc is not None:
                cell = (math.floor(math.degrees(loc[0]) / CELL_LAT), math.floor(math.degrees(loc[1]) / CELL_LON))
                self.max_lat = max(self.max_lat, abs(loc[0]))
            found = self.known[org_id] = (loc, cell, m.centre_of(org) if loc is not None else None)
        return found

    def cell_km(self) -> float:
        """The shortest a cell can be across, anywhere in the places seen: organizations in the ring ``r``
        cells away from one are at least ``(r - 1) × cell_km()`` from it."""
        lat_cos = math.cos(min(math.radians(89.0), self.max_lat + math.radians(1.0)))
        return 0.99 * min(CELL_LAT * 111.19, CELL_LON * 111.19 * lat_cos)

    def by_cell(self) -> tuple[dict[tuple[int, int], list[str]], list[str]]:
        """Every organization by grid cell, and those without a place (worked out once)."""
        if self.cells is None:
            cells: dict[tuple[int, int], list[str]] = defaultdict(list)
            nowhere = []
            for org_id in sorted(self.organizations):
                cell = self.of(org_id)[1]
                if cell is None:
                    nowhere.append(org_id)
                else:
                    cells[cell].append(org_id)
            self.cells, self.nowhere = dict(cells), nowhere
        return self.cells, self.nowhere


class _Group:
    """Streams of one material category, with the grid built on first use."""

    __slots__ = ("streams", "econ_max", "cells", "nowhere", "bounds")

    def __init__(self) -> None:
        self.streams: list[_Stream] = []
        self.cells: dict[tuple[int, int], list[_Stream]] | None = None
        self.nowhere: list[_Stream] = []
        self.econ_max = 0.0
        self.bounds = (0, 0, 0, 0)

    def grid(self) -> dict[tuple[int, int], list[_Stream]]:
        if self.cells is None:
            cells: dict[tuple[int, int], list[_Stream]] = defaultdict(list)
            for s in self.streams:
                if s.cell is None:
                    self.nowhere.append(s)
                else:
                    cells[s.cell].append(s)
            self.cells = dict(cells)
            if cells:
                rows = [c[0] for c in cells]
                cols = [c[1] for c in cells]
                self.bounds = (min(rows), max(rows), min(cols), max(cols))
        return self.cells


class _Need:
    __slots__ = ("rec", "id", "org", "cat", "kind", "codes", "is_object", "demand", "unit", "lot", "start", "end",
                 "dated", "receiver", "loc", "cell", "centre")

    def __init__(self, rec: Mapping[str, Any], places: Places) -> None:
        self.rec = rec
        self.id = rec["id"]
        self.org = rec.get("organization_id") or ""
        self.cat = rec.get("material_category") or ""
        self.kind = m._kind(rec)
        self.codes = frozenset(rec.get("waste_codes") or ())
        self.is_object = m.is_object(self.cat)
        demand, self.unit = m._amount(rec)
        self.demand = float(demand) if demand is not None and demand > 0 else None
        lot = m.min_lot(rec, self.unit) if demand is not None else None
        self.lot = None if lot is None else lot
        self.start, self.end = rec.get("available_from") or "", rec.get("available_to") or "9999"
        self.dated = bool(rec.get("available_from") or rec.get("available_to"))
        self.receiver = places.organizations.get(self.org, {})
        self.loc, self.cell, self.centre = places.of(self.org)


class _Ranker:
    def __init__(self, streams: Iterable[Mapping[str, Any]], organizations: Mapping[str, Mapping[str, Any]],
                 matches: Iterable[Mapping[str, Any]], places: "Places | None" = None) -> None:
        self.organizations = organizations
        # The places of the same organizations may be shared between searches (a service keeps them).
        self.places = places if places is not None and places.organizations is organizations else Places(organizations)
        self.groups: dict[str, _Group] = defaultdict(_Group)
        self.by_code: dict[str, list[_Stream]] = defaultdict(list)
        self.uncategorized: list[_Stream] = []
        self.words: dict[str, set[str]] = {}
        by_id: dict[str, _Stream] = {}
        self.category_of: dict[str, str] = {}   # every stream's, private ones too: agreed matches teach by category
        for rec in streams:
            self.category_of[rec["id"]] = rec.get("material_category") or ""
            # Private streams are not offered; nor is a stream whose organization is not (or no longer) known.
            if rec.get("visibility") == "private" or (rec.get("organization_id") or "") not in organizations:
                continue
            s = _Stream(rec, self.places)
            by_id[s.id] = s
            if s.cat:
                group = self.groups[s.cat]
                group.streams.append(s)
                if s.econ is not None and s.econ > group.econ_max:
                    group.econ_max = s.econ
            else:
                self.uncategorized.append(s)
            for code in s.codes:
                self.by_code[code].append(s)
        self.groups = dict(self.groups)
        self.existing: dict[str, set[str]] = defaultdict(set)   # need id -> stream ids already matched
        self.agreed: set[tuple[str, str]] = set()
        pending: list[tuple[str, str, str | None, str | None]] = []
        for match in matches:
            stream_id, need_id = str(match.get("stream_id") or ""), str(match.get("need_id") or "")
            self.existing[need_id].add(stream_id)
            if match.get("stage") in m.AGREED_STAGES:
                # A match may bring its records' categories along (a service reading one need cannot pass every
                # stream and need); otherwise they are looked up among the records given.
                pending.append((stream_id, need_id, match.get("stream_category"), match.get("need_category")))
        self.pending_agreed = pending
        self.stream_by_id = by_id
        self.plans: dict[tuple[str, str, bool], list[tuple[float, _Group, str]]] = {}

    def need(self, rec: Mapping[str, Any]) -> _Need:
        return _Need(rec, self.places)

    def learn(self, needs_by_id: Mapping[str, _Need]) -> None:
        for stream_id, need_id, stream_cat, need_cat in self.pending_agreed:
            if stream_cat is None and stream_id in self.category_of:
                stream_cat = self.category_of[stream_id]
            if need_cat is None and need_id in needs_by_id:
                need_cat = needs_by_id[need_id].cat
            if stream_cat is not None and need_cat is not None:
                self.agreed.add((stream_cat or "", need_cat or ""))

    def plan(self, n: _Need) -> list[tuple[float, _Group, str]]:
        """The groups that can serve a need's category, best material score first."""
        key = (n.cat, n.kind, n.is_object)
        found = self.plans.get(key)
        if found is None:
            found = []
            for category, group in self.groups.items():
                score, how = m.category_fit(category, n.cat)
                if how:
                    found.append((score, group, how))
            found.sort(key=lambda item: -item[0])
            self.plans[key] = found
        return found

    # --- one need ---------------------------------------------------------------------------------------
    def rank_need(self, n: _Need, per_need: int, min_score: float) -> list[tuple[float, _Stream, float]]:
        best: list[tuple[float, str, _Stream, float]] = []
        threshold = min_score
        seen: set[str] = set()
        km_cache: dict[str, float | None] = {}   # distance component by supplier: streams share their place

        def offer(s: _Stream, material: float, learned: float, cap: float = 1.0) -> None:
            nonlocal threshold
            if s.id in seen:
                return
            score = self.score(s, n, material, learned, km_cache, threshold, cap)
            if score is None or score + EPSILON < threshold:
                return
            seen.add(s.id)
            best.append((score, s.id, s, learned))
            if len(best) >= 4 * per_need:
                threshold = self._trim(best, per_need, min_score)

        # Shared waste codes first (0.8, or what the category gives when that is more).
        if n.codes:
            for code in sorted(n.codes):
                for s in self.by_code.get(code, ()):
                    score, _how = m.category_fit(s.cat, n.cat)
                    if score < 0.8 and not (n.is_object and s.cat != n.cat):
                        offer(s, 0.8, self._learned(s.cat, n.cat))
        if not n.cat:
            words = m._words(n.rec)
            for group in self.groups.values():
                for s in group.streams:
                    if not n.codes & s.codes and words & self._words_of(s):
                        offer(s, 0.35, 0.0)
        else:
            for material, group, how in self.plan(n):
                learned = self._learned(group.streams[0].cat, n.cat)
                ceiling = W_MATERIAL * material + W_QUANTITY + W_TIMING + W_ECONOMICS * group.econ_max

                def best_at(cap: float) -> float:
                    top = ceiling + W_DISTANCE * cap
                    return top + learned * (1.0 - top)

                if len(best) >= per_need:
                    threshold = self._trim(best, per_need, min_score)
                if best_at(1.0) + EPSILON < threshold:
                    continue   # nothing in this group can beat what is found
                if len(group.streams) < SMALL_GROUP or n.cell is None:
                    for s in group.streams:
                        offer(s, material, learned)
                    continue
                cells = group.grid()
                for s in group.nowhere:
                    offer(s, material, learned)
                for ring in range(0, 1 + self._max_ring(group, n)):
                    if len(best) >= per_need:
                        threshold = self._trim(best, per_need, min_score)
                    cap = m.distance_from_km(max(0.0, ring - 1) * self._cell_km())
                    if best_at(cap) + EPSILON < threshold:
                        break
                    for cell in _ring(n.cell, ring, group.bounds):
                        for s in cells.get(cell, ()):
                            offer(s, material, learned, cap)
        if self.uncategorized:
            words = m._words(n.rec)
            for s in self.uncategorized:
                if not n.codes & s.codes and words & self._words_of(s):
                    offer(s, 0.35, 0.0)
        self._trim(best, per_need, min_score)
        return [(score, s, learned) for score, _id, s, learned in best]

    def _trim(self, best: list[tuple[float, str, _Stream, float]], per_need: int, min_score: float) -> float:
        best.sort(key=lambda item: (-item[0], item[1]))
        del best[per_need:]
        return best[-1][0] if len(best) >= per_need else min_score

    def _cell_km(self) -> float:
        return self.places.cell_km()

    def _max_ring(self, group: _Group, n: _Need) -> int:
        i0, i1, j0, j1 = group.bounds
        if n.cell is None:
            return 0   # only located needs are searched by rings
        ci, cj = n.cell
        return max(abs(ci - i0), abs(ci - i1), abs(cj - j0), abs(cj - j1))

    def _learned(self, stream_cat: str, need_cat: str) -> float:
        return m.LEARNED_BONUS if (stream_cat, need_cat) in self.agreed else 0.0

    def _words_of(self, s: _Stream) -> set[str]:
        found = self.words.get(s.id)
        if found is None:
            found = self.words[s.id] = m._words(s.rec)
        return found

    def score(self, s: _Stream, n: _Need, material: float, learned: float,
              km_cache: dict[str, float | None] | None = None, floor: float = -1.0,
              distance_cap: float = 1.0) -> float | None:
        """``matching.combine`` of the pair's components, as ``matching.score_pair`` computes them.

        None for a pair that is left out, or that cannot reach ``floor`` with a distance component of at
        most ``distance_cap`` (the distance, the dearest part, is then not computed).
        """
        if s.org == n.org or s.kind != n.kind or (n.is_object and s.material_only) or s.id in self.existing.get(n.id, ()):
            return None
        penalised = False
        quantity = timing = 0.0
        if s.amount is not None and n.demand is not None and s.unit == n.unit:
            if n.lot is not None and s.exact is not None and s.exact < n.lot:   # exact is None only with amount
                penalised = True
            else:
                quantity = W_QUANTITY if s.amount >= n.demand else W_QUANTITY * (s.amount / n.demand)
        if s.dated or n.dated:
            start = s.start if s.start > n.start else n.start
            if start <= (s.end if s.end < n.end else n.end):
                timing = W_TIMING
            else:
                penalised = True
        head = W_MATERIAL * material + quantity
        bound = head + timing + s.econ_points + W_DISTANCE * distance_cap
        if penalised:
            bound *= m.PENALTY
        if learned:
            bound += learned * (1.0 - bound)
        if bound + EPSILON < floor:
            return None
        distance = km_cache.get(s.org, _UNSEEN) if km_cache is not None else _UNSEEN
        if distance is _UNSEEN:
            if s.loc is not None and n.loc is not None and (s.centre is None or s.centre != n.centre):
                distance = m.distance_from_km(m.km_between(s.loc, n.loc))
            else:
                distance = m.place_fit(self.organizations.get(s.org, {}), n.receiver)
            if km_cache is not None:
                km_cache[s.org] = distance
        # The same order of additions as matching.combine, so the sums agree to the last bit.
        total = head
        if distance is not None:
            total += W_DISTANCE * distance
        total += timing
        total += s.econ_points
        if penalised:
            total *= m.PENALTY
        if learned:
            total += learned * (1.0 - total)
        return total if total < 1.0 else 1.0


_UNSEEN: Any = object()


def _ring(center: tuple[int, int], r: int, bounds: tuple[int, int, int, int]) -> Iterable[tuple[int, int]]:
    """Cells at Chebyshev distance ``r`` from ``center``, clipped to the group's occupied rectangle."""
    ci, cj = center
    i0, i1, j0, j1 = bounds
    if r == 0:
        yield center
        return
    for i in range(max(ci - r, i0), min(ci + r, i1) + 1):
        if abs(i - ci) == r:
            for j in range(max(cj - r, j0), min(cj + r, j1) + 1):
                yield i, j
        else:
            for j in (cj - r, cj + r):
                if j0 <= j <= j1:
                    yield i, j


def rank(streams: Iterable[Mapping[str, Any]], needs: Iterable[Mapping[str, Any]],
         organizations: Mapping[str, Mapping[str, Any]], *, matches: Iterable[Mapping[str, Any]] = (),
         per_need: int = 5, min_score: float = m.MIN_SCORE
         ) -> list[tuple[Mapping[str, Any], Mapping[str, Any], float]]:
    """(stream, need, learned bonus) of the best ``per_need`` pairs of every need."""
    ranker = _Ranker([dict(s) for s in streams], organizations, matches)
    prepared = [ranker.need(dict(n)) for n in needs]
    ranker.learn({n.id: n for n in prepared})
    out = []
    for n in prepared:
        for _score, s, learned in ranker.rank_need(n, per_need, min_score):
            out.append((s.rec, n.rec, learned))
    return out


def rank_for_stream(stream: Mapping[str, Any], needs: Iterable[Mapping[str, Any]],
                    organizations: Mapping[str, Mapping[str, Any]], *, matches: Iterable[Mapping[str, Any]] = (),
                    limit: int = 5, min_score: float = m.MIN_SCORE
                    ) -> list[tuple[Mapping[str, Any], float]]:
    """(need, learned bonus) of the needs one stream serves best."""
    stream = dict(stream)
    ranker = _Ranker([stream] if stream.get("visibility") != "private" else [], organizations, matches)
    if not ranker.stream_by_id:
        return []
    s = ranker.stream_by_id[stream["id"]]
    prepared = [ranker.need(dict(n)) for n in needs]
    ranker.learn({n.id: n for n in prepared})
    found = []
    for n in prepared:
        material, _reason = m.material_fit(s.rec, n.rec, with_reasons=False)
        if material <= 0:
            continue
        learned = ranker._learned(s.cat, n.cat)
        score = ranker.score(s, n, material, learned)
        if score is not None and score + EPSILON >= min_score:
            found.append((score, n.id, n.rec, learned))
    found.sort(key=lambda item: (-item[0], item[1]))
    return [(rec, learned) for _score, _id, rec, learned in found[:limit]]
