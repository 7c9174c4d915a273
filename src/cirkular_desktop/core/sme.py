"""An organization's enterprise size class by the EU definition, in one place for records, reports and indicators.

The Interreg indicator RCO01 counts enterprises supported by size class. The
EU definition (Commission Recommendation 2003/361/EC, annex articles 2–3):

============  =================  ==========================================
class         staff headcount    and annual turnover OR balance-sheet total
============  =================  ==========================================
micro         fewer than 10      ≤ EUR 2 million     or ≤ EUR 2 million
small         fewer than 50      ≤ EUR 10 million    or ≤ EUR 10 million
medium        fewer than 250     ≤ EUR 50 million    or ≤ EUR 43 million
large         anything else
============  =================  ==========================================

and an enterprise 25 % or more of whose capital or votes is held by a public
body (or, as the project records it, by a large enterprise) is not an SME
whatever its size ("not_sme"). A partner or linked enterprise's figures must
include its partners' and linked enterprises' shares; the app takes the
figures as recorded, and the form says so.

``assess`` says which class and on what basis: from the figures when they
decide it, else the class a person recorded (``size_class``), else unknown.
Employees alone never make an SME; 250 or more make a large enterprise.
Amounts in SEK or NOK are converted to euros at ``EUR_PER`` (approximate
rates, documented in docs/architecture.md) unless the caller passes rates.

Imports: standard library only.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, Mapping

SIZE_CLASSES = ("micro", "small", "medium", "large")
NOT_SME = "not_sme"
CLASSES = SIZE_CLASSES + (NOT_SME,)
SME_CLASSES = frozenset({"micro", "small", "medium"})
OWNERSHIP = ("independent", "partner_or_linked", "controlled")

# Basis of an assessment: a code, put into words where shown.
FIGURES, RECORDED, PUBLIC_BODY, CONTROLLED, UNKNOWN = "figures", "recorded", "public_body", "controlled", "unknown"

# Euros per unit of currency. Approximate (2024–2025); the Recommendation uses the rate of the
# accounts' closing date, so a coordinator reporting near a threshold should pass the exact rate.
EUR_PER: Mapping[str, Decimal] = {"EUR": Decimal(1), "SEK": Decimal("0.087"), "NOK": Decimal("0.085")}
_HOME_CURRENCY = {"SE": "SEK", "NO": "NOK"}
_MILLION = Decimal(1_000_000)
# (class, fewer than staff, turnover ceiling, balance-sheet ceiling) in EUR, smallest first.
_CEILINGS = (("micro", 10, 2 * _MILLION, 2 * _MILLION),
             ("small", 50, 10 * _MILLION, 10 * _MILLION),
             ("medium", 250, 50 * _MILLION, 43 * _MILLION))


@dataclass(frozen=True)
class Assessment:
    size_class: str | None     # one of CLASSES, or None when unknown
    basis: str                 # FIGURES, RECORDED, PUBLIC_BODY, CONTROLLED or UNKNOWN

    @property
    def sme(self) -> bool | None:
        return None if self.size_class is None else self.size_class in SME_CLASSES


def _number(value: Any) -> Decimal | None:
    if value in (None, "") or isinstance(value, bool):
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() and number >= 0 else None


def _in_eur(org: Mapping[str, Any], field: str, rates: Mapping[str, Decimal]) -> Decimal | None:
    amount = _number(org.get(field))
    if amount is None:
        return None
    currency = org.get("financials_currency") or _HOME_CURRENCY.get(org.get("country") or "")
    rate = rates.get(currency or "")
    return None if rate is None else amount * Decimal(rate)


def _from_figures(staff: Decimal | None, turnover: Decimal | None, balance: Decimal | None) -> str | None:
    """The class the figures decide, or None when they leave it open."""
    if staff is not None and staff >= 250:
        return "large"
    if turnover is not None and balance is not None and turnover > 50 * _MILLION and balance > 43 * _MILLION:
        return "large"  # both ceilings of a medium enterprise exceeded: large whatever the headcount
    if staff is None or (turnover is None and balance is None):
        return None
    for name, fewer_than, max_turnover, max_balance in _CEILINGS:
        within = (turnover is not None and turnover <= max_turnover) or \
                 (balance is not None and balance <= max_balance)
        if staff < fewer_than and within:
            return name
    return "large"


def assess(org: Mapping[str, Any], rates: Mapping[str, Decimal] | None = None) -> Assessment:
    """The organization's class and what it rests on."""
    if org.get("ownership") == "controlled":
        return Assessment(NOT_SME, CONTROLLED)
    if org.get("kind") in ("municipal", "public"):
        return Assessment(NOT_SME, PUBLIC_BODY)
    rates = EUR_PER if rates is None else rates
    found = _from_figures(_number(org.get("employees")), _in_eur(org, "annual_turnover", rates),
                          _in_eur(org, "balance_sheet_total", rates))
    if found is not None:
        return Assessment(found, FIGURES)
    recorded = org.get("size_class")
    if recorded in CLASSES:
        return Assessment(recorded, RECORDED)
    return Assessment(None, UNKNOWN)


def size_class(organization: Mapping[str, Any]) -> str | None:
    """The organization's size class (one of ``CLASSES``), or None when unknown."""
    return assess(organization).size_class


def is_sme(organization: Mapping[str, Any]) -> bool | None:
    """True for a micro, small or medium enterprise; False for a large one or one that is not an SME."""
    return assess(organization).sme
