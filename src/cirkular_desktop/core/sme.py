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
Employees alone never make an SME; 250 or more make a large enterprise. When
one money figure is over a ceiling and the other is not recorded, the class is
open (the other could be within it): a recorded class the figures allow is
used, else the class of the known figures, marked as not settled.
Amounts in SEK or NOK are converted to euros at ``EUR_PER`` (approximate
rates, documented in docs/architecture.md) unless the caller passes rates.

Imports: standard library only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
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
    # With FIGURES: which of "employees", "annual_turnover", "balance_sheet_total" decided it.
    figures: tuple[str, ...] = field(default=(), compare=False)
    # The class a person recorded (``size_class`` field), shown beside a computed one that differs.
    recorded: str | None = field(default=None, compare=False)
    # False when a money figure not recorded could still make the class smaller.
    settled: bool = field(default=True, compare=False)

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


def _from_figures(staff: Decimal | None, turnover: Decimal | None,
                  balance: Decimal | None) -> tuple[str, tuple[str, ...], tuple[str, ...]] | None:
    """The class the figures give, the figures it rests on, and the classes it could still be.

    None when they say nothing (no headcount below 250, or no money figure). More than one
    possible class when a money figure over a ceiling leaves it open because the other is not
    known: that one could still be within the ceiling ("turnover OR balance sheet").
    """
    if staff is not None and staff >= 250:
        return "large", ("employees",), ("large",)
    if turnover is not None and balance is not None and turnover > 50 * _MILLION and balance > 43 * _MILLION:
        # Both ceilings of a medium enterprise exceeded: large whatever the headcount.
        return "large", ("annual_turnover", "balance_sheet_total"), ("large",)
    if staff is None or (turnover is None and balance is None):
        return None
    used = ("employees",) + (("annual_turnover",) if turnover is not None else ()) + \
        (("balance_sheet_total",) if balance is not None else ())
    possible: list[str] = []
    for name, fewer_than, max_turnover, max_balance in _CEILINGS:
        if staff >= fewer_than:
            continue
        if (turnover is not None and turnover <= max_turnover) or (balance is not None and balance <= max_balance):
            return name, used, (*possible, name)
        if turnover is None or balance is None:
            possible.append(name)  # the figure not known could still be within this class's ceiling
    return "large", used, (*possible, "large")


def assess(org: Mapping[str, Any], rates: Mapping[str, Decimal] | None = None) -> Assessment:
    """The organization's class and what it rests on.

    Figures that settle the class win over the recorded one; figures that leave it open (one
    money figure missing) give way to a recorded class they allow, else give the class of the
    known figures, marked ``settled=False``.
    """
    recorded = org.get("size_class") if org.get("size_class") in CLASSES else None
    if org.get("ownership") == "controlled":
        return Assessment(NOT_SME, CONTROLLED, recorded=recorded)
    if org.get("kind") in ("municipal", "public"):
        return Assessment(NOT_SME, PUBLIC_BODY, recorded=recorded)
    rates = EUR_PER if rates is None else rates
    found = _from_figures(_number(org.get("employees")), _in_eur(org, "annual_turnover", rates),
                          _in_eur(org, "balance_sheet_total", rates))
    if found is not None:
        name, used, possible = found
        if len(possible) == 1 or recorded not in possible:
            return Assessment(name, FIGURES, used, recorded, len(possible) == 1)
    if recorded is not None:
        return Assessment(recorded, RECORDED, recorded=recorded)
    return Assessment(None, UNKNOWN)


def size_class(organization: Mapping[str, Any]) -> str | None:
    """The organization's size class (one of ``CLASSES``), or None when unknown."""
    return assess(organization).size_class


def is_sme(organization: Mapping[str, Any]) -> bool | None:
    """True for a micro, small or medium enterprise; False for a large one or one that is not an SME."""
    return assess(organization).sme
