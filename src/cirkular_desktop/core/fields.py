"""The vocabulary of records: field kinds and the Field and Table descriptions.

Split from ``core.records`` so the value checks (``core.checks``) and the
table definitions can both use it without importing each other.
Imports: errors, i18n, standard library.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from cirkular_desktop.errors import ValidationError
from cirkular_desktop.i18n import gettext as _


# --- Field kinds ----------------------------------------------------------------------------

TEXT = "text"            # one line
LONGTEXT = "longtext"    # several lines
CHOICE = "choice"        # one of ``choices``
MULTI = "multi"          # list of ``choices``
TAGS = "tags"            # list of free strings (e.g. visitor names)
BOOL = "bool"
INT = "int"
DECIMAL = "decimal"      # exact, stored as a canonical string
DATE = "date"            # ISO yyyy-mm-dd
DATETIME = "datetime"    # ISO with timezone, UTC
REF = "ref"              # id of a record in ``ref``
EMAIL = "email"
PHONE = "phone"
ORGNUMBER = "orgnumber"  # validated against the organization's country
MUNICIPALITY = "municipality"
MATERIAL = "material"    # code in the material category tree
WASTECODES = "wastecodes"  # list of six-digit List of Waste codes
WASTECODE = "wastecode"
SHIPMENT_ENTRY = "shipment_entry"  # an Annex III/IIIA/IIIB entry of the waste shipment regulation (core.border)
UNIT = "unit"
CURRENCY = "currency"
LANGUAGE = "language"
MAP = "map"              # string-keyed map; each key syncs as its own field ("answers.q1")
URL = "url"
INDUSTRY = "industry"    # NACE Rev. 2 class ("16.10"), optionally with a national fifth digit
NS9431 = "ns9431"        # Norwegian NS 9431 avfallsstoffnummer ("1251")
ITEMS = "items"          # list of small JSON objects of one ``item_shape`` (reasons, participants); one register
REFS = "refs"            # list of ids of records in ``ref``; one register
# Kinds whose values are lists or maps, kept in a column as canonical JSON text.
JSON_KINDS = frozenset((MULTI, TAGS, WASTECODES, MAP, ITEMS, REFS))


@dataclass(frozen=True)
class Choice:
    value: str
    label: str  # English source, marked with N_ and translated where shown


@dataclass(frozen=True)
class Field:
    name: str
    kind: str
    label: str
    required: bool = False
    personal: bool = False          # redacted by GDPR erasure
    choices: tuple[Choice, ...] = ()
    ref: str | None = None          # table a REF points to
    default: Any = None
    help: str = ""
    min_value: Decimal | None = None
    max_value: Decimal | None = None
    listed: bool = False            # a column of the table's lists, GUI and CLI (services.browse.columns)
    searchable: bool = False        # part of the full-text index
    internal: bool = False          # set by services only, not by add/set
    item_shape: str = ""            # ITEMS: which shape each item has (core.items)

    def choice_values(self) -> tuple[str, ...]:
        return tuple(c.value for c in self.choices)

    def choice_label(self, value: str | None) -> str:
        for c in self.choices:
            if c.value == value:
                return _(c.label)
        return value or ""


@dataclass(frozen=True)
class Table:
    name: str
    label: str
    plural: str
    fields: tuple[Field, ...]
    title_field: str = "title"
    cli: bool = True                # reachable as TABLE in the command contract
    erasable: bool = False          # has personal data that ``erase`` redacts

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise ValidationError(
            _("{table}: unknown field “{field}”").format(table=self.name, field=name), field=name)

    def has_field(self, name: str) -> bool:
        return any(f.name == name for f in self.fields)

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    @property
    def personal_fields(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields if f.personal)
