"""One need's or one stream's suggestions, searched best-first without reading most candidates' rows.

A need of a dense category (wood chips, compost) can be served by thousands
of streams across the region; few of them cover a large yearly amount, so
the fifth-best pair is modest and distance alone rules little out. Every
score component is bounded, and the two that decide most — the share of the
need covered, and the distance — can be known from a handful of columns
that an index holds (migration 0012): the amount per year and the
organization. So the search works on *light rows* read from that index
alone, one material category at a time:

1. each category that can pair is a node whose bound is full marks with its
   material score; categories are read (light) only when their bound can
   still beat the pair to beat;
2. each light row gets the best score its record could still reach: its
   material, quantity (or the minimum-lot penalty) and distance exactly,
   timing and economics (for a need's streams) at full marks;
3. rows are taken best bound first, their whole records read a few at a
   time and scored exactly by ``core.matching_rank`` (the same sums as
   ``matching.score_pair``); the search stops as soon as nothing left can
   beat the ``limit``-th pair found.

The result is the same list scoring every pair gives (tests compare them).
The amounts of light rows are worked out in floats from the stored text, as
``matching.amount_per_year`` does in decimals; a relative slack of 1e-9
keeps the bound above the exact score, and a value that does not parse gets
full marks rather than none.

The driver (``services.matching``) asks ``next_step()`` what to read and
hands the rows back; nothing here reaches the database.

Imports: core (matching, matching_rank, materials, units), standard library.
"""

from __future__ import annotations

import heapq
from typing import Any, Iterable, Mapping, Sequence

from cirkular_desktop.core import materials, units
from cirkular_desktop.core import matching as m
from cirkular_desktop.core import matching_rank as r

# The columns of a light row after its rowid, as the index of migration 0012 holds them.
STREAM_LIGHT = ("organization_id", "visibility", "resource_type", "condition", "quantity", "unit", "basis",
                "batches_per_year", "density", "mass_per_item")
NEED_LIGHT = ("organization_id", "resource_type", "quantity", "unit", "basis", "batches_per_year", "density",
              "mass_per_item", "min_lot")
SLACK = 1e-9            # relative: float sums from text against the decimals of the exact score
EPSILON = r.EPSILON
W_MATERIAL, W_QUANTITY, W_DISTANCE, W_TIMING, W_ECONOMICS = (m.WEIGHTS[k] for k in m.COMPONENTS)
FULL_REST = W_QUANTITY + W_DISTANCE + W_TIMING + W_ECONOMICS
ECONOMICS_OTHERWISE = W_ECONOMICS * 0.9   # the most economics gives a stream not reusable as it is
BATCH = 16              # whole rows read per query: a few more than the list, few queries
NEAR_RINGS = 1          # a large category's organizations in these rings of cells are read first
SPLIT_ROWS = 200        # a category with fewer rows is read whole: the second read would not pay

_UNITS = {u.code: (u.kind, float(u.factor)) for u in units.UNITS}
_PER_YEAR = {basis: float(times) for basis, times in units.PER_YEAR.items()}
# The common case, a mass per year, month, week or once: tonnes per year = quantity × this.
_FAST = {(code, basis): factor * times for code, (kind, factor) in _UNITS.items() if kind == units.MASS
         for basis, times in [*_PER_YEAR.items(), (None, 1.0), ("", 1.0)]}
UNKNOWN: Any = object()   # an amount whose text does not parse: judged as if it covered everything


def _num(text: Any) -> float | None:
    if text is None or text == "":
        return None
    return float(text)


def _tonnes(amount: float, kind: str, factor: float, density: Any, mass_per_item: Any) -> float | None:
    if kind == units.MASS:
        return amount * factor
    if kind == units.VOLUME:
        rho = _num(density)
        return None if rho is None else amount * factor * rho
    if kind == units.COUNT:
        item_kg = _num(mass_per_item)
        return None if item_kg is None else amount * item_kg / 1000.0
    return None


def yearly(quantity: Any, unit: Any, basis: Any, batches: Any, density: Any, mass_per_item: Any
           ) -> tuple[Any, str]:
    """``matching.amount_per_year`` in floats from stored text: (amount or None or UNKNOWN, unit)."""
    try:
        amount, found = _num(quantity), _UNITS.get(unit or "")
        if amount is None or found is None:
            return None, "t"
        kind, factor = found
        basis = basis or "per_year"
        times = _num(batches) if basis == "per_batch" else _PER_YEAR.get(basis)
        mass = _tonnes(amount, kind, factor, density, mass_per_item)
        if mass is not None:
            return (None, "t") if times is None else (mass * times, "t")
        if kind not in (units.ENERGY, units.COUNT) or times is None:
            return None, "t"
        return amount * factor * times, ("MWh" if kind == units.ENERGY else "pcs")
    except (ValueError, OverflowError):
        return UNKNOWN, "t"


def lot_in(min_lot: Any, unit: Any, density: Any, mass_per_item: Any, amount_unit: str) -> Any:
    """``matching.min_lot`` in floats: the need's minimum lot in ``amount_unit``, None, or UNKNOWN."""
    try:
        lot = _num(min_lot)
        found = _UNITS.get(unit or "")
        if lot is None or found is None:
            return None
        kind, factor = found
        if amount_unit == "t":
            return _tonnes(lot, kind, factor, density, mass_per_item)
        if (amount_unit == "MWh") != (kind == units.ENERGY) or (amount_unit == "pcs") != (kind == units.COUNT):
            return None
        return lot * factor
    except (ValueError, OverflowError):
        return UNKNOWN


def _quantity_bound(supply: Any, demand: Any, lot: Any) -> tuple[float, bool]:
    """(most quantity points, whether the minimum-lot penalty surely applies) for known-unit amounts."""
    if supply is UNKNOWN or demand is UNKNOWN:
        return W_QUANTITY, False
    if supply is None or demand is None:
        return 0.0, False
    if lot is not None and lot is not UNKNOWN and supply < lot * (1.0 - SLACK):
        return 0.0, True
    share = supply * (1.0 + SLACK) / (demand * (1.0 - SLACK))
    return (W_QUANTITY if share >= 1.0 else W_QUANTITY * share), False


def _kind(resource_type: Any) -> str:
    kind = resource_type or "material"
    return "material" if kind == "equipment" else kind


class _Search:
    """Best-first over category nodes and light rows; the list found so far decides what is worth reading.

    A large category is read in two parts: the organizations in the grid cells around the fixed record's
    (``NEAR_RINGS``) first, then — only if the rest could still make the list — the farther ones, as far
    as the pair to beat allows (the cells of ``matching_rank.Places``).
    """

    def __init__(self, organizations: Mapping[str, Mapping[str, Any]], matches: Iterable[Mapping[str, Any]],
                 streams: Sequence[Mapping[str, Any]], limit: int, min_score: float,
                 places: r.Places | None, sizes: Mapping[str, int] | None) -> None:
        self.organizations = organizations
        self.ranker = r._Ranker(streams, organizations, matches, places)
        self.limit = max(1, limit)
        self.min_score = min_score
        self.threshold = min_score
        self.sizes = sizes
        self.best: list[tuple[float, str, Mapping[str, Any], float]] = []
        self.heap: list[tuple[float, int, Any]] = []   # (-bound, order, category | ("far", category))
        self.rows: list[tuple[float, int, int]] = []   # (-bound, order, rowid) of light rows not read whole
        self.order = 0
        self.seen: set[str] = set()
        self.tops: dict[str, float] = {}   # per category: the best score but for the distance's points
        self.home: tuple[int, int] | None = None   # the fixed record's grid cell, once known
        self.near: list[str] | None = None
        self.skip: frozenset[str] = frozenset()
        self.read_light = 0     # light rows looked at, and whole records scored: what the search cost
        self.read_whole = 0

    # --- what to read next ---------------------------------------------------------------------------------
    def _push(self, bound: float, key: Any) -> None:
        if bound + EPSILON >= self.threshold:
            self.order += 1
            heapq.heappush(self.heap if not isinstance(key, int) else self.rows, (-bound, self.order, key))

    def _push_category(self, category: str, top: float, learned: float) -> None:
        self.tops[category] = top
        self._push(_with_learned(top + W_DISTANCE, learned), category)

    def _push_all(self, found: list[tuple[float, int]]) -> None:
        """Light rows' (-bound, rowid), pushed in one go; those that cannot make the list are dropped."""
        limit = -(self.threshold - EPSILON)
        order = self.order
        heap = self.rows
        for negative, rowid in found:
            if negative <= limit:
                order += 1
                heap.append((negative, order, rowid))
        self.order = order
        heapq.heapify(heap)

    def _near(self) -> list[str]:
        if self.near is None:
            cells, nowhere = self.ranker.places.by_cell()
            ci, cj = self.home  # type: ignore[misc]
            # Without a place an organization's distance is judged by municipality and may be the best.
            near = list(nowhere)
            for i in range(ci - NEAR_RINGS, ci + NEAR_RINGS + 1):
                for j in range(cj - NEAR_RINGS, cj + NEAR_RINGS + 1):
                    near += cells.get((i, j), ())
            self.near = sorted(near)
        return self.near

    def _farther(self, category: str, learned: float) -> list[str] | None:
        """The organizations beyond the near cells that could still make the list (None: all of them)."""
        cells, _nowhere = self.ranker.places.by_cell()
        floor = self.threshold - EPSILON
        if learned:
            floor = (floor - learned) / (1.0 - learned)
        need_points = floor - self.tops[category]
        if need_points <= 0:
            return None
        reach_km = m.MAX_KM * (1.0 - need_points / W_DISTANCE)
        rings = int(reach_km / self.ranker.places.cell_km()) + 1   # ring r lies at least (r - 1) cells away
        ci, cj = self.home  # type: ignore[misc]
        found = [org for (i, j), orgs in cells.items() if NEAR_RINGS < max(abs(i - ci), abs(j - cj)) <= rings
                 for org in orgs]
        located = len(self.organizations) - len(_nowhere)
        return None if 2 * len(found) > located else sorted(found)

    def next_step(self) -> tuple[Any, ...] | None:
        """What to read next, or None when nothing left can make the list:

        ("light", category, organizations) — light rows of a category, of these organizations only (None: all);
        ("rows", [rowid, …]) — whole records.
        """
        self._trim()
        self.skip = frozenset()
        heap, rows = self.heap, self.rows
        node = -heap[0][0] if heap else -1.0
        row = -rows[0][0] if rows else -1.0
        if max(node, row) + EPSILON < self.threshold:
            heap.clear()
            rows.clear()
            return None
        key = heap[0][2] if heap else None
        # Rows first when they are as promising; and before reading a category's far part, the rows at hand
        # while the list is not full: they set the pair to beat that keeps the far part short.
        if row >= node or (isinstance(key, tuple) and rows and len(self.best) < self.limit):
            wanted: list[int] = []
            while rows and -rows[0][0] + EPSILON >= self.threshold and len(wanted) < max(BATCH, min(self.limit, 500)):
                wanted.append(heapq.heappop(rows)[2])
            return "rows", wanted
        heapq.heappop(heap)
        if isinstance(key, str):
            if self.home is None or (self.sizes is not None and self.sizes.get(key, 0) < SPLIT_ROWS):
                return "light", key, None
            learned = self._learned_with(key)
            far = self.tops[key] + W_DISTANCE * m.distance_from_km(NEAR_RINGS * self.ranker.places.cell_km())
            self._push(_with_learned(far, learned), ("far", key))
            return "light", key, self._near()
        if key is None:
            return None   # not reached: with nothing on either heap the threshold test above returned
        category = key[1]
        farther = self._farther(category, self._learned_with(category))
        if farther is None:
            self.skip = frozenset(self._near())
        return "light", category, farther

    def _learned_with(self, category: str) -> float:
        raise NotImplementedError

    # --- the list found ------------------------------------------------------------------------------------
    def _first_time(self, record_id: str) -> bool:
        """False for a record already scored (a stream sharing a waste code may come by its category too)."""
        self.read_whole += 1
        if record_id in self.seen:
            return False
        self.seen.add(record_id)
        return True

    def _keep(self, score: float | None, record_id: str, rec: Mapping[str, Any], learned: float) -> None:
        if score is None or score + EPSILON < self.threshold:
            return
        self.best.append((score, record_id, rec, learned))
        if len(self.best) >= 2 * self.limit:
            self._trim()

    def _trim(self) -> None:
        self.best.sort(key=lambda item: (-item[0], item[1]))
        del self.best[self.limit:]
        if len(self.best) >= self.limit:
            self.threshold = max(self.min_score, self.best[-1][0])

    def result(self) -> list[tuple[Mapping[str, Any], float]]:
        """(record, learned bonus) of the pairs kept, best first."""
        self._trim()
        return [(rec, learned) for _score, _id, rec, learned in self.best]


class ForNeed(_Search):
    """The streams that serve one need best."""

    light_columns = STREAM_LIGHT

    def __init__(self, need: Mapping[str, Any], organizations: Mapping[str, Mapping[str, Any]], *,
                 matches: Iterable[Mapping[str, Any]] = (), limit: int = 5, min_score: float = m.MIN_SCORE,
                 places: r.Places | None = None, sizes: Mapping[str, int] | None = None) -> None:
        super().__init__(organizations, matches, [], limit, min_score, places, sizes)
        self.n = self.ranker.need(dict(need))
        self.ranker.learn({self.n.id: self.n})
        self.home = self.n.cell
        self.km_cache: dict[str, float | None] = {}
        self.points: dict[str, float] = {}
        self.lot = None if self.n.lot is None else float(self.n.lot)
        seen = set()
        for code in [found.code for found in materials.all_materials()] + [self.n.cat]:
            if code in seen or not code:
                continue
            seen.add(code)
            material, how = m.category_fit(code, self.n.cat)
            if how:
                self._push_category(code, W_MATERIAL * material + FULL_REST - W_DISTANCE, self._learned_with(code))

    def _learned_with(self, category: str) -> float:
        return self.ranker._learned(category, self.n.cat)

    def _distance(self, org_id: str) -> float:
        found = self.points.get(org_id)
        if found is None:
            n = self.n
            loc, _cell, centre = self.ranker.places.of(org_id)
            if loc is not None and n.loc is not None and (centre is None or centre != n.centre):
                value: float | None = m.distance_from_km(m.km_between(loc, n.loc))
            else:
                value = m.place_fit(self.organizations.get(org_id, {}), n.receiver)
            found = self.points[org_id] = 0.0 if value is None else W_DISTANCE * value
        return found

    def add_light(self, category: str, rows: Iterable[Sequence[Any]]) -> None:
        """Light rows of one category: (rowid, *STREAM_LIGHT)."""
        n = self.n
        material, _how = m.category_fit(category, n.cat)
        learned = self.ranker._learned(category, n.cat)
        head = W_MATERIAL * material + W_TIMING
        demand, lot, need_unit = n.demand, self.lot, n.unit
        organizations, points, distance = self.organizations, self.points, self._distance
        # Below this a row cannot make the list whatever its amount (checked before working the amount out).
        floor = self.threshold - EPSILON
        if learned:
            floor = (floor - learned) / (1.0 - learned)
        found = []
        count = 0
        skip = self.skip
        for rowid, org, visibility, resource_type, condition, quantity, unit, basis, batches, density, mass in rows:
            count += 1
            if org == n.org or visibility == "private" or org not in organizations or org in skip \
                    or (resource_type or "material") != n.kind and _kind(resource_type) != n.kind \
                    or (n.is_object and condition == "material_only"):
                continue
            # Economics: only a stream reusable as it is gets full marks (matching.economics_value).
            rest = head + (W_ECONOMICS if condition == "reusable" else ECONOMICS_OTHERWISE) \
                + (points[org] if org in points else distance(org))
            if rest + W_QUANTITY < floor:
                continue
            fast = _FAST.get((unit, basis))
            if fast is not None and quantity:
                try:
                    supply: Any = float(quantity) * fast
                except ValueError:
                    supply = UNKNOWN
                if need_unit != "t":
                    supply = None
            else:
                supply, supply_unit = yearly(quantity, unit, basis, batches, density, mass)
                if supply is not UNKNOWN and supply_unit != need_unit:
                    supply = None
            if supply is not UNKNOWN and demand is None:
                supply = None
            found.append((-_row_bound(rest, supply, demand, lot, learned), rowid))
        self.read_light += count
        self._push_all(found)

    def add_records(self, records: Iterable[Mapping[str, Any]]) -> None:
        """Whole stream records: scored exactly and kept if they make the list."""
        ranker, n = self.ranker, self.n
        for rec in records:
            if not self._first_time(rec["id"]) or rec.get("visibility") == "private" \
                    or (rec.get("organization_id") or "") not in self.organizations:
                continue
            material, _reason = m.material_fit(rec, n.rec, with_reasons=False)
            if material <= 0:
                continue
            s = r._Stream(rec, ranker.places)
            learned = ranker._learned(s.cat, n.cat)
            self._keep(ranker.score(s, n, material, learned, self.km_cache, self.threshold), s.id, rec, learned)


class ForStream(_Search):
    """The needs one stream serves best."""

    light_columns = NEED_LIGHT

    def __init__(self, stream: Mapping[str, Any], organizations: Mapping[str, Mapping[str, Any]], *,
                 matches: Iterable[Mapping[str, Any]] = (), limit: int = 5, min_score: float = m.MIN_SCORE,
                 places: r.Places | None = None, sizes: Mapping[str, int] | None = None) -> None:
        stream = dict(stream)
        super().__init__(organizations, matches, [stream] if stream.get("visibility") != "private" else [],
                         limit, min_score, places, sizes)
        self.ranker.learn({})
        self.s = self.ranker.stream_by_id.get(stream["id"])
        self.points: dict[str, float] = {}
        if self.s is None:
            return   # private, or its organization is not known: offered to nobody
        s = self.s
        self.supply = s.amount
        seen = set()
        for code in [found.code for found in materials.all_materials()] + [s.cat]:
            if code in seen or not code:
                continue
            seen.add(code)
            material, how = m.category_fit(s.cat, code)
            if how and not (m.is_object(code) and s.material_only):
                self._push_category(code, W_MATERIAL * material + W_QUANTITY + W_TIMING + s.econ_points,
                                    self._learned_with(code))
        self.home = s.cell

    def _learned_with(self, category: str) -> float:
        return self.ranker._learned(self.s.cat, category)  # type: ignore[union-attr]

    def _farther(self, category: str, learned: float) -> list[str] | None:
        # A need may belong to an organization no longer in the register (scored as having no place):
        # it is in no cell, so the far part is read whole rather than by organization.
        return None

    def _distance(self, org_id: str) -> float:
        found = self.points.get(org_id)
        if found is None:
            s = self.s
            assert s is not None
            loc, _cell, centre = self.ranker.places.of(org_id)
            if s.loc is not None and loc is not None and (s.centre is None or s.centre != centre):
                value: float | None = m.distance_from_km(m.km_between(s.loc, loc))
            else:
                value = m.place_fit(self.organizations.get(s.org, {}), self.organizations.get(org_id, {}))
            found = self.points[org_id] = 0.0 if value is None else W_DISTANCE * value
        return found

    def add_light(self, category: str, rows: Iterable[Sequence[Any]]) -> None:
        """Light rows of one category: (rowid, *NEED_LIGHT)."""
        s = self.s
        assert s is not None
        material, _how = m.category_fit(s.cat, category)
        learned = self.ranker._learned(s.cat, category)
        head = W_MATERIAL * material + W_TIMING + s.econ_points
        points, distance = self.points, self._distance
        floor = self.threshold - EPSILON
        if learned:
            floor = (floor - learned) / (1.0 - learned)
        found = []
        count = 0
        skip = self.skip
        for rowid, org, resource_type, quantity, unit, basis, batches, density, mass, min_lot in rows:
            count += 1
            org = org or ""
            if org == s.org or org in skip or (resource_type or "material") != s.kind \
                    and _kind(resource_type) != s.kind:
                continue
            rest = head + (points[org] if org in points else distance(org))
            if rest + W_QUANTITY < floor:
                continue
            demand, need_unit = yearly(quantity, unit, basis, batches, density, mass)
            lot = None
            supply = self.supply
            if demand is UNKNOWN:
                lot = UNKNOWN
            elif demand is None or s.amount is None or need_unit != s.unit:
                supply = None
            else:
                lot = lot_in(min_lot, unit, density, mass, need_unit)
                if demand <= 0:
                    demand = None
            found.append((-_row_bound(rest, supply, demand, lot, learned), rowid))
        self.read_light += count
        self._push_all(found)

    def add_records(self, records: Iterable[Mapping[str, Any]]) -> None:
        """Whole need records: scored exactly and kept if they make the list."""
        s, ranker = self.s, self.ranker
        if s is None:
            return
        for rec in records:
            if not self._first_time(rec["id"]):
                continue
            material, _reason = m.material_fit(s.rec, rec, with_reasons=False)
            if material <= 0:
                continue
            n = ranker.need(dict(rec))
            learned = ranker._learned(s.cat, n.cat)
            self._keep(ranker.score(s, n, material, learned, None, self.threshold), n.id, rec, learned)


def _with_learned(bound: float, learned: float) -> float:
    return bound + learned * (1.0 - bound) if learned else bound


def _row_bound(rest: float, supply: Any, demand: Any, lot: Any, learned: float) -> float:
    """The most a light row can score: the other components' bound, the quantity's, the lot penalty when it
    surely applies, and what was learned from earlier decisions."""
    quantity_points, penalised = _quantity_bound(supply, demand, lot)
    bound = rest + quantity_points
    if penalised:
        bound *= m.PENALTY
    return _with_learned(bound, learned)
