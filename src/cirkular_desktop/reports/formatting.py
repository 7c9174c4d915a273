"""Values as a document prints them: answers, quantities, waste codes, money.

Runs in the document's language (the caller wraps the build in
``i18n.using_language``), so labels and number formats follow it.

Imports: babel, i18n, core (records, questionnaire, units, wastecodes, ns9431, materials,
municipalities, display), standard library.
"""

from __future__ import annotations

import datetime as _dt
from decimal import Decimal, InvalidOperation
from typing import Any, Mapping

from babel import numbers as _bnumbers

from cirkular_desktop import i18n
from cirkular_desktop.core import display, materials, municipalities, ns9431, records, units, wastecodes
from cirkular_desktop.core.questionnaire import Question
from cirkular_desktop.i18n import gettext as _


def dec(value: Any) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return value if isinstance(value, Decimal) else Decimal(str(value))
    except InvalidOperation:
        return None


def date_long(value: Any) -> str:
    if not value:
        return ""
    day = value if isinstance(value, _dt.date) else _dt.date.fromisoformat(str(value)[:10])
    return i18n.format_date(day, fmt="long")


def field_text(table: str, name: str, record: Mapping[str, Any]) -> str:
    """A record's field as ``core.display`` shows it (choice labels, code lists)."""
    return display.human_value(records.table(table).field(name), record.get(name))


def answer_text(question: Question, value: Any) -> str:
    """A questionnaire answer in words: option labels, "Yes"/"No", numbers with unit."""
    lang = i18n.get_language()
    kind = question.type
    if kind == "number" and isinstance(value, Mapping):
        number = dec(value.get("value"))
        if number is None:
            return ""
        unit = units.get(value.get("unit"))
        shown = i18n.format_decimal(number)
        return _("{number} {unit}").format(number=shown, unit=unit.display()).replace(" ", "\u00a0") if unit else shown
    if kind == "single":
        option = question.option(value)
        return option.label(lang) if option else str(value)
    if kind == "multi":
        labels = []
        for item in value or ():
            option = question.option(item)
            labels.append(option.label(lang) if option else str(item))
        return ", ".join(labels)
    if kind == "yesno":
        return _("Yes") if value else _("No")
    if kind == "date":
        return date_long(value)
    return str(value)


def quantity_text(record: Mapping[str, Any]) -> str:
    """The stated quantity with unit and basis: "300 pcs per batch"."""
    number = dec(record.get("quantity"))
    if number is None:
        return ""
    unit = units.get(record.get("unit"))
    basis = field_text("stream", "basis", record) if record.get("basis") else ""
    shown = i18n.format_decimal(number) + ("\u00a0" + unit.display() if unit else "")
    return " ".join(part for part in (shown, basis) if part)


def yearly_quantity_text(record: Mapping[str, Any]) -> str:
    """A quantity that cannot become tonnes, per year in its own unit ("480 pcs"), else as stated."""
    number = dec(record.get("quantity"))
    unit = units.get(record.get("unit"))
    factor = units.PER_YEAR.get(record.get("basis") or "per_year")
    if record.get("basis") == "per_batch" and dec(record.get("batches_per_year")) is not None:
        factor = dec(record.get("batches_per_year"))
    if number is None or factor is None or unit is None:
        return quantity_text(record)
    return "{}\u00a0{}".format(i18n.format_decimal(number * factor), unit.display())


def tonnes_text(tonnes: Decimal | None) -> str:
    if tonnes is None:
        return ""
    if 0 < tonnes < Decimal("0.005"):
        # A few kilograms would round to "0 t", as if nothing were there.
        text = _("less than {number} t").format(number=i18n.format_decimal(Decimal("0.01"), max_fraction=2))
        return text.replace(" t", "\u00a0t")
    # A no-break space: the number and its unit are one value and stay on one line.
    return _("{number} t").format(number=i18n.format_decimal(tonnes, max_fraction=1 if tonnes >= 10 else 2)).replace(
        " ", "\u00a0")


def yearly_tonnes(record: Mapping[str, Any]) -> Decimal | None:
    return units.tonnes_per_year(record)


def yearly_cost(record: Mapping[str, Any]) -> Decimal | None:
    """The current handling cost per year, when the stated cost basis allows it."""
    cost = dec(record.get("handling_cost"))
    if cost is None:
        return None
    basis = record.get("handling_cost_basis") or "per_year"
    if basis == "per_year":
        return cost
    if basis == "per_tonne":
        tonnes = yearly_tonnes(record)
        return None if tonnes is None else cost * tonnes
    if basis == "per_batch":
        batches = dec(record.get("batches_per_year"))
        return None if batches is None else cost * batches
    if basis == "per_unit":
        per_year = dec(record.get("quantity"))
        factor = units.PER_YEAR.get(record.get("basis") or "per_year")
        return None if per_year is None or factor is None else cost * per_year * factor
    return None


# The currency a document's language calls "kr"; any other currency is written with its ISO code.
LOCAL_CURRENCY = {"sv": "SEK", "nb": "NOK"}


_locales: dict[str, Any] = {}


def _locale(lang: str) -> Any:
    if lang not in _locales:
        _locales[lang] = i18n.babel_locale(lang)
    return _locales[lang]


def money(value: Decimal | None, currency: str | None) -> str:
    """Money written one way in every document: "3 800 kr", "3 800 NOK" (sv, nb) or "SEK 3,800" (en).

    Whole units from 100 up, as a table has little room; the language's own
    currency is "kr", every other currency its ISO code, so a reader never
    meets "Nkr" or "NOK3,800". No-break spaces keep the amount on one line.
    """
    if value is None:
        return ""
    value = Decimal(value)
    digits = 0 if abs(value) >= 100 else 2
    amount = value.quantize(Decimal(1) if digits == 0 else Decimal("0.01"))
    locale = _locale(i18n.get_language())
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    number = _bnumbers.format_decimal(amount, format=pattern, locale=locale).replace(" ", "\u00a0")
    if not currency:
        return number
    lang = i18n.get_language()
    if lang in LOCAL_CURRENCY:
        sign = "kr" if currency == LOCAL_CURRENCY[lang] else currency
        return f"{number}\u00a0{sign}"
    return f"{currency}\u00a0{number}"


def energy_per_year(record: Mapping[str, Any]) -> Decimal | None:
    """A quantity of energy per year in MWh (heat, electricity), or None for anything else."""
    number = dec(record.get("quantity"))
    unit = units.get(record.get("unit"))
    if number is None or unit is None or unit.kind != units.ENERGY:
        return None
    factor = units.PER_YEAR.get(record.get("basis") or "per_year")
    if record.get("basis") == "per_batch":
        factor = dec(record.get("batches_per_year"))
    return None if factor is None else number * unit.factor * factor


def mwh_text(mwh: Decimal | None) -> str:
    if mwh is None:
        return ""
    return _("{number} MWh").format(number=i18n.format_decimal(mwh, max_fraction=1 if mwh >= 10 else 2)).replace(
        " ", "\u00a0")


def cost_text(record: Mapping[str, Any]) -> str:
    """The handling cost per year, or as stated ("450 kr per tonne") when it cannot be converted."""
    currency = record.get("handling_cost_currency")
    per_year = yearly_cost(record)
    if per_year is not None:
        return money(per_year, currency)
    cost = dec(record.get("handling_cost"))
    if cost is None:
        return ""
    basis = field_text("stream", "handling_cost_basis", record)
    return " ".join(part for part in (money(cost, currency), basis) if part)


def waste_code_lines(record: Mapping[str, Any]) -> list[tuple[str, bool]]:
    """(display code, hazardous) for each waste code of a stream, primary first."""
    codes = list(record.get("waste_codes") or [])
    primary = record.get("primary_waste_code")
    if primary in codes:
        codes.remove(primary)
        codes.insert(0, primary)
    out = []
    for code in codes:
        entry = wastecodes.get(code)
        if entry is None:
            out.append((wastecodes.format_code(code), False))
        else:
            hazardous = entry.hazardous or (entry.mirror and record.get("hazard_assessment") == "hazardous")
            out.append((entry.display(), hazardous))
    return out


def ns9431_text(record: Mapping[str, Any]) -> str:
    """The Norwegian NS 9431 number beside the EU code ("NS 1615 Gips"), in the document's language."""
    code = record.get("ns9431_code")
    if not code:
        return ""
    return _("NS {number}").format(number=ns9431.label(code, i18n.get_language()))


def material_text(code: str | None) -> str:
    if not code:
        return ""
    found = materials.get(code)
    return found.path_name(i18n.get_language()) if found else code


def material_leaf_text(code: str | None) -> str:
    """The most specific name only ("Sawdust and chips"), for narrow table columns."""
    if not code:
        return ""
    found = materials.get(code)
    return found.name(i18n.get_language()) if found else code


def material_top_text(code: str | None) -> str:
    found = materials.get(code) if code else None
    if found is None:
        return _("Not categorised")
    top = materials.get(found.top)
    return (top or found).name(i18n.get_language())


def municipality_text(key: str | None) -> str:
    if not key:
        return ""
    found = municipalities.get(key)
    return found.label if found else key
