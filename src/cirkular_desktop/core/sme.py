"""An organization's enterprise size class, in one place for records, reports and indicators.

The Interreg indicator RCO01 counts enterprises supported by size class
(micro, small, medium, large). Every part of the app that needs an
organization's class asks ``size_class`` here, so the rule that decides it
lives in one function.

Today the class is what the project leader recorded in the organization's
``size_class`` field. The EU definition (Recommendation 2003/361: staff
headcount, annual turnover or balance-sheet total, and independence) belongs
here too, so callers do not change when it arrives.

Imports: standard library only.
"""

from __future__ import annotations

from typing import Any, Mapping

SIZE_CLASSES = ("micro", "small", "medium", "large")
SME_CLASSES = frozenset({"micro", "small", "medium"})


def size_class(organization: Mapping[str, Any]) -> str | None:
    """The organization's size class (one of ``SIZE_CLASSES``), or None when unknown."""
    value = organization.get("size_class")
    return value if value in SIZE_CLASSES else None


def is_sme(organization: Mapping[str, Any]) -> bool | None:
    """True for a micro, small or medium enterprise, False for a large one, None when unknown."""
    found = size_class(organization)
    return None if found is None else found in SME_CLASSES
