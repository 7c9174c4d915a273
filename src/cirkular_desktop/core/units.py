"""Units of quantity and the conversion of a stream's quantity to tonnes per year.

A quantity is a decimal with a unit and a basis (per year, month, week, batch
or once). Mass units convert directly; volume needs a density; items need a
mass per item; energy, time and area never become tonnes. Area (m², hectares)
measures spare premises and land: it is converted between its own units and
summed apart (``yearly_amount``, ``totals``), never shown as "0 t".
Imports: errors, i18n, core.text, standard library.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Mapping

from cirkular_desktop.core.text import fold
from cirkular_desktop.i18n import N_, gettext as _

MASS, VOLUME, COUNT, ENERGY, TIME, AREA = "mass", "volume", "count", "energy", "time", "area"
# The unit each kind is summed in: tonnes, m³, items, MWh, hours, m².
BASE = {MASS: "t", VOLUME: "m3", COUNT: "pcs", ENERGY: "MWh", TIME: "h", AREA: "m2"}


@dataclass(frozen=True)
class Unit:
    code: str
    kind: str
    label: str          # English source, translated where shown
    symbol: str         # what follows a number: "t", "m³"
    factor: Decimal     # to the kind's base: tonnes, m³, items, MWh, hours, m²
    aliases: tuple[str, ...] = ()

    def display(self) -> str:
        return _(self.symbol)


UNITS: tuple[Unit, ...] = (
    Unit("t", MASS, N_("tonnes"), N_("t"), Decimal(1), ("ton", "tonn", "tonne", "tonnes", "tonnes")),
    Unit("kg", MASS, N_("kilograms"), N_("kg"), Decimal("0.001"), ("kilo", "kilogram")),
    Unit("m3", VOLUME, N_("cubic metres"), N_("m³"), Decimal(1), ("m³", "kubikmeter", "cbm")),
    Unit("l", VOLUME, N_("litres"), N_("l"), Decimal("0.001"), ("liter", "litre", "litres")),
    Unit("pcs", COUNT, N_("items"), N_("pcs"), Decimal(1), ("st", "stk", "items", "pieces")),
    Unit("MWh", ENERGY, N_("megawatt hours"), N_("MWh"), Decimal(1), ("mwh",)),
    Unit("kWh", ENERGY, N_("kilowatt hours"), N_("kWh"), Decimal("0.001"), ("kwh",)),
    Unit("h", TIME, N_("hours"), N_("h"), Decimal(1), ("hours", "timmar", "timer")),
    Unit("m2", AREA, N_("square metres"), N_("m²"), Decimal(1),
         ("m²", "sqm", "kvm", "kvadratmeter", "square metre", "square metres", "square meters")),
    Unit("ha", AREA, N_("hectares"), N_("ha"), Decimal(10_000), ("hektar", "hectare", "hectares")),
)
_BY_CODE = {u.code: u for u in UNITS}
_BY_ALIAS = {fold(alias): u for u in UNITS for alias in (u.code, *u.aliases)}

# How many times a basis occurs in a year; per batch needs batches_per_year.
PER_YEAR = {"per_year": Decimal(1), "per_month": Decimal(12), "per_week": Decimal(52), "once": Decimal(1)}


def codes() -> tuple[str, ...]:
    return tuple(u.code for u in UNITS)


def get(code: str | None) -> Unit | None:
    return _BY_CODE.get(code or "")


def find(text: str) -> Unit | None:
    """A unit by code or common alias, case-insensitive ("ton", "st", "m³")."""
    return _BY_CODE.get(text.strip()) or _BY_ALIAS.get(fold(text))


def _dec(value: Any) -> Decimal | None:
    if value in (None, ""):
        return None
    return value if isinstance(value, Decimal) else Decimal(str(value))


def tonnes(quantity: Any, unit_code: str | None, *, density: Any = None,
           mass_per_item: Any = None) -> Decimal | None:
    """Mass in tonnes of one quantity, or None when unit and data don't allow it."""
    amount, unit = _dec(quantity), get(unit_code)
    if amount is None or unit is None:
        return None
    if unit.kind == MASS:
        return amount * unit.factor
    if unit.kind == VOLUME:
        rho = _dec(density)  # tonnes per m³
        return None if rho is None else amount * unit.factor * rho
    if unit.kind == COUNT:
        item_kg = _dec(mass_per_item)
        return None if item_kg is None else amount * item_kg / Decimal(1000)
    return None


def tonnes_per_year(record: Mapping[str, Any]) -> Decimal | None:
    """Tonnes per year of a stream or need record, or None if it can't be known.

    A one-off quantity counts once, in the year it is available.
    """
    mass = tonnes(record.get("quantity"), record.get("unit"), density=record.get("density"),
                  mass_per_item=record.get("mass_per_item"))
    if mass is None:
        return None
    basis = record.get("basis") or "per_year"
    if basis == "per_batch":
        batches = _dec(record.get("batches_per_year"))
        return None if batches is None else mass * batches
    factor = PER_YEAR.get(basis)
    return None if factor is None else mass * factor


def yearly_amount(record: Mapping[str, Any]) -> tuple[Decimal, str] | None:
    """The quantity per year in its kind's base unit: (Decimal, "t"), (…, "m2"), (…, "MWh") …

    Mass (and volume or items that convert to mass) comes in tonnes, exactly as
    ``tonnes_per_year``; anything else stays in its own kind, so an area is
    summed in m² beside the tonnes instead of vanishing into them.
    """
    tonnes = tonnes_per_year(record)
    if tonnes is not None:
        return tonnes, "t"
    amount, unit = _dec(record.get("quantity")), get(record.get("unit"))
    if amount is None or unit is None:
        return None
    basis = record.get("basis") or "per_year"
    factor = _dec(record.get("batches_per_year")) if basis == "per_batch" else PER_YEAR.get(basis)
    if factor is None:
        return None
    return amount * unit.factor * factor, BASE[unit.kind]


def totals(records: Any) -> dict[str, Decimal]:
    """Per-year sums of some streams or needs by base unit ({"t": …, "m2": …}); unknown ones left out."""
    out: dict[str, Decimal] = {}
    for record in records:
        found = yearly_amount(record)
        if found is not None:
            out[found[1]] = out.get(found[1], Decimal(0)) + found[0]
    return out
