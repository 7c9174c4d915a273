"""Questionnaire answers that live on a record: the visit's contact, its organization, or its first need.

A question bound to a record field (``"organization_field": "employees"``,
``"need_field": "current_price"`` in a template; contact questions use
``"contact_field"``, see ``core.questionnaire``) is not kept in the visit's
answers: the answer is written to that field and read back from it, so the
organization's industry code, SME figures and permit, and what it pays today
for the material it needs, are recorded once, where lists, matching and the
reports look for them, and every later edit of the record shows in the
questionnaire too.

Which fields may be bound, and which question types fit each field's kind, is
said here; ``check_binding`` holds a template to it (``ValueError`` in English:
the message is for whoever edits the template file). ``to_field`` turns a
canonical answer into the field's value and ``to_answer`` the other way
(a number question's ``{"value", "unit"}`` against a plain number field).

Imports: core (records, checks), standard library.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Mapping

from cirkular_desktop.core import records
from cirkular_desktop.core.checks import canonical_decimal

# Fields of the organization and of a need that a question may hold.
ORGANIZATION_FIELDS = ("kind", "industry_code", "employees", "annual_turnover", "balance_sheet_total",
                       "financials_currency", "ownership", "waste_permit", "waste_permit_scope")
NEED_FIELDS = ("current_source", "current_price", "current_price_currency", "current_price_basis")
TABLE_OF_KEY = {"organization_field": ("organization", ORGANIZATION_FIELDS), "need_field": ("need", NEED_FIELDS)}
# The question types that can hold a value of each field kind.
TYPES_FOR_KIND = {
    records.TEXT: ("text", "longtext"), records.LONGTEXT: ("longtext", "text"), records.INDUSTRY: ("text",),
    records.INT: ("number",), records.DECIMAL: ("number",), records.CHOICE: ("single",),
    records.CURRENCY: ("single",), records.BOOL: ("yesno",), records.DATE: ("date",),
}
CURRENCIES = ("SEK", "NOK", "EUR")


def check_binding(q: Mapping[str, Any], key: str, where: str) -> None:
    """Raise ValueError unless question ``q`` (template data) can hold the field its ``key`` names."""
    table, allowed = TABLE_OF_KEY[key]
    name = q[key]
    if not isinstance(name, str) or name not in allowed:
        raise ValueError(f"{where}: {name!r} is not a field of the {table} a question may hold "
                         f"({', '.join(allowed)})")
    f = records.table(table).field(name)
    if q["type"] not in TYPES_FOR_KIND.get(f.kind, ()):
        raise ValueError(f"{where}: a {q['type']} question cannot hold the {table}'s {name}")
    if q["type"] == "single":
        choices = CURRENCIES if f.kind == records.CURRENCY else f.choice_values()
        extra = [o["value"] for o in q["options"] if o["value"] not in choices]
        if extra:
            raise ValueError(f"{where}: option {extra[0]!r} is not a value of the {table}'s {name}")


def _kind(table: str, name: str) -> str:
    return records.table(table).field(name).kind


def to_field(question: Any, answer: Any) -> Any:
    """The value to store in the bound field for a canonical ``answer`` (None clears the field)."""
    if answer is None:
        return None
    if question.type == "number":
        return answer.get("value")
    return answer


def to_answer(question: Any, value: Any) -> Any:
    """The canonical answer for a stored field value; None when the field is empty."""
    if value is None or value == "":
        return None
    if question.type == "number":
        return {"value": canonical_decimal(Decimal(str(value))), "unit": question.unit}
    return value


def with_records(template: Any, answers: Mapping[str, Any],
                 found: Mapping[str, Mapping[str, Any] | None]) -> dict[str, Any]:
    """``answers`` without copies of bound questions, plus every bound answer read from its record."""
    bound = {q.id: q for q in template.questions() if q.record_field}
    merged = {k: v for k, v in answers.items() if k not in bound}
    for qid, q in bound.items():
        table, name = q.record_field
        record = found.get(table)
        if not record:
            continue
        answer = to_answer(q, record.get(name))
        if answer is not None:
            merged[qid] = answer
    return merged
