"""Stored values as a person reads them, in the active language.

Shared by the CLI's tables, the GUI's lists and the reports, so a value looks
the same everywhere; ``os_reason`` words a failed file operation the same way.
Imports: i18n, core (records, text and code lists), standard library.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from cirkular_desktop import i18n
from cirkular_desktop.core import records
from cirkular_desktop.core.text import to_date
from cirkular_desktop.fileutil import os_reason  # noqa: F401 - words a failed file operation
from cirkular_desktop.i18n import N_, gettext as _


def human_value(f: records.Field, value: Any) -> str:
    """A stored value as a person reads it in the active language."""
    if value is None or value == [] or value == {}:
        return ""
    kind = f.kind
    if kind in (records.CHOICE, records.LANGUAGE):
        return f.choice_label(value) if f.choices else str(value)
    if kind == records.MULTI:
        return ", ".join(f.choice_label(v) for v in value)
    if kind == records.TAGS:
        return ", ".join(value)
    if kind == records.BOOL:
        return _("yes") if value else _("no")
    if kind == records.DECIMAL:
        return i18n.format_decimal(Decimal(value))
    if kind == records.DATE:
        day = to_date(value)
        return i18n.format_date(day, fmt="short") if day else str(value)
    if kind == records.WASTECODES:
        from cirkular_desktop.core import wastecodes

        return ", ".join(wastecodes.format_code(v) for v in value)
    if kind == records.WASTECODE:
        from cirkular_desktop.core import wastecodes

        return wastecodes.format_code(value)
    if kind == records.MATERIAL:
        from cirkular_desktop.core import materials

        found = materials.get(value)
        return found.path_name() if found else value
    if kind == records.MUNICIPALITY:
        from cirkular_desktop.core import municipalities

        found_m = municipalities.get(value)
        return found_m.name if found_m else value
    if kind == records.ORGNUMBER:
        from cirkular_desktop.core import orgnumber

        # Swedish numbers have 10 digits, Norwegian 9: the length tells the country.
        return orgnumber.format_number("SE" if len(value) == 10 else "NO", value)
    if kind == records.UNIT:
        from cirkular_desktop.core import units

        unit = units.get(value)
        return unit.display() if unit else value
    if kind == records.INDUSTRY:
        from cirkular_desktop.core import industry

        return industry.label(value)
    if kind == records.NS9431:
        from cirkular_desktop.core import ns9431

        return ns9431.label(value)
    if kind == records.MAP:
        return _("{count} answers").format(count=len(value))
    if kind == records.ITEMS:
        return items_text(f, value)
    if kind == records.REFS:
        # Ids only here; the CLI, exports and the GUI show what they point at.
        return ", ".join(str(v)[:8] for v in value)
    return str(value).replace("\n", " ")



def items_text(f: records.Field, value: Any) -> str:
    """A list of items in words: reasons and flags in the active language, participants by country."""
    from cirkular_desktop.core import items, legacy_reasons

    value = legacy_reasons.stored_items(value) or []
    if f.item_shape == items.EXPLANATION:
        from cirkular_desktop.core import explain

        return "; ".join(explain.describe_all(value))
    if f.item_shape == items.PARTICIPANTS:
        return participants_text(value)
    return "; ".join(str(v) for v in value)


def participants_text(value: Any, names: dict[str, str] | None = None) -> str:
    """"12 (SE), 4 (NO) Moelven": a group's count, its country, and whom it came from when known."""
    parts = []
    for item in value or ():
        who = item.get("name") or (names or {}).get(item.get("organization_id") or "", "")
        text = _("{count} ({country})").format(count=item.get("count"), country=item.get("country") or "?")
        parts.append(f"{text} {who}".strip())
    return ", ".join(parts)


# What an SME class rests on (``core.sme.Assessment``), put into words where it is shown.
_SME_FIGURES = {
    ("employees",): N_("from the number of employees (250 or more)"),
    ("annual_turnover", "balance_sheet_total"): N_("from turnover and balance-sheet total (both over the "
                                                   "ceilings of a medium-sized enterprise)"),
    ("employees", "annual_turnover"): N_("from employees and annual turnover"),
    ("employees", "balance_sheet_total"): N_("from employees and balance-sheet total"),
    ("employees", "annual_turnover", "balance_sheet_total"): N_("from employees, annual turnover and "
                                                                "balance-sheet total"),
}


def sme_class_text(organization: Any) -> str:
    """The organization's size class by the EU definition, in the active language ("Small enterprise")."""
    from cirkular_desktop.core import sme

    found = sme.assess(organization)
    if found.size_class is None:
        return _("Size not known")
    return records.table("organization").field("size_class").choice_label(found.size_class)


def sme_basis_text(organization: Any) -> str:
    """What the size class rests on, in the active language ("from employees and annual turnover")."""
    from cirkular_desktop.core import sme

    found = sme.assess(organization)
    if found.basis == sme.FIGURES:
        text = _(_SME_FIGURES[found.figures])
        if not found.settled and "balance_sheet_total" not in found.figures:
            text = _("{basis}; the balance-sheet total, not recorded, could make it smaller").format(basis=text)
        elif not found.settled:
            text = _("{basis}; the annual turnover, not recorded, could make it smaller").format(basis=text)
        if found.recorded and found.recorded != found.size_class:
            recorded = records.table("organization").field("size_class").choice_label(found.recorded)
            text = _("{basis} (recorded: {size_class})").format(basis=text, size_class=recorded)
        return text
    if found.basis == sme.RECORDED:
        return _("as recorded; employees with turnover or balance-sheet total would compute it")
    if found.basis == sme.PUBLIC_BODY:
        return _("a municipal operation or other public body")
    if found.basis == sme.CONTROLLED:
        return _("25 % or more held by a public body or a large enterprise")
    return _("record employees and turnover or balance-sheet total, or the class")


def sme_text(organization: Any) -> str:
    """"Small enterprise — from employees and annual turnover": the class and what it rests on."""
    return _("{size_class} — {basis}").format(size_class=sme_class_text(organization),
                                              basis=sme_basis_text(organization))


# Values computed from a record and shown beside its fields: (table, after field, label, how).
_COMPUTED = (("organization", "size_class", N_("Size class (EU definition)"), sme_text),)


def computed_values(table: str, record: Any) -> list[tuple[str, str, str]]:
    """(after which field, label, text) of what is computed from ``record`` and shown with it."""
    return [(after, _(label), how(record)) for name, after, label, how in _COMPUTED if name == table]


def list_cell(table: str, f: records.Field, row: Any) -> str:
    """A list's cell: the stored value, except where a list shows what is computed from it.

    An organization's size column shows its class by the EU definition (the figures when they
    settle it, else the recorded class), as the reports count it.
    """
    if table == "organization" and f.name == "size_class":
        return sme_class_text(row) if row.get("size_class") or _has_figures(row) else ""
    return human_value(f, row.get(f.name))


def _has_figures(row: Any) -> bool:
    return any(row.get(k) not in (None, "") for k in ("employees", "annual_turnover", "balance_sheet_total")) \
        or row.get("ownership") == "controlled" or row.get("kind") in ("municipal", "public")
