"""What a match across the Swedish–Norwegian border must take care of.

Shipments of waste between Sweden and Norway fall under the EU Waste
Shipment Regulation (EU) No 1013/2006 — in Norway through the EEA agreement
and avfallsforskriften kapittel 13. Its successor (EU) 2024/1157 applies in
the EU mostly from 2026; whether Norway has taken it over was not confirmed,
so every check records the rule set it used (``RULE_SET``).

The checks raise flags for a person to follow up; they never decide:

* a by-product or product is not waste — no shipment rules, but the other
  side's authority may disagree with the holder's own assessment;
* legal status undecided — settle it before anything moves;
* hazardous waste, an unassessed mirror entry, or waste going to disposal —
  prior written notification and consent (Norway: through Altinn, with a
  financial guarantee; consent usually for one year);
* otherwise, non-hazardous green-listed waste for recovery — no consent, but
  an Annex VII movement document travels with the load, a contract with the
  receiver is needed and records are kept three years; Norway adds a
  Norwegian-registered exporter, a customs declaration and no hazardous
  contamination;
* any ``*`` code needs a receiver whose permit covers it.

Imports: i18n, core (explain, wastecodes), standard library.
"""

from __future__ import annotations

from typing import Any, Mapping

from cirkular_desktop.core import explain
from cirkular_desktop.i18n import N_

RULE_SET = "EU 1013/2006 (SE: direct; NO: EEA, avfallsforskriften kap. 13)"

NOT_WASTE = "not_waste"
STATUS_UNDECIDED = "status_undecided"
NOTIFICATION = "notification"
GREEN_LIST = "green_list"
PERMIT = "receiver_permit"

for _code, _text in {
    NOT_WASTE: N_("By-product or product: not waste, so no shipment rules apply — but the receiving "
                  "country's authority may assess it differently."),
    STATUS_UNDECIDED: N_("Legal status undecided: settle whether it is waste, by-product or product "
                         "before anything crosses the border."),
    NOTIFICATION: N_("Prior notification and consent needed (hazardous waste, an unassessed mirror entry or "
                     "disposal); in Norway through Altinn with a financial guarantee."),
    GREEN_LIST: N_("Green-listed waste for recovery: an Annex VII movement document with each load, a contract "
                   "with the receiver, records kept three years; from Norway a Norwegian-registered exporter "
                   "and a customs declaration."),
    PERMIT: N_("Hazardous waste code: the receiver needs a permit that covers it."),
}.items():
    explain.register(_code, "flag", _text)


def flag(code: str, **values: Any) -> dict[str, Any]:
    """A flag as stored: a code with values (``core.explain``), put into words when shown."""
    return explain.item(code, **values)


def hazard(stream: Mapping[str, Any]) -> str:
    """"hazardous", "unassessed" (a mirror entry nobody assessed) or "none"."""
    from cirkular_desktop.core import wastecodes

    assessment = stream.get("hazard_assessment")
    codes = [c for c in (wastecodes.get(code) for code in stream.get("waste_codes") or ()) if c is not None]
    if assessment == "hazardous" or any(c.entry_type == "AH" for c in codes):
        return "hazardous"
    if any(c.mirror for c in codes) and assessment != "non_hazardous":
        return "unassessed"
    return "none"

def check(stream: Mapping[str, Any], supplier_country: str | None,
          receiver_country: str | None) -> list[dict[str, Any]]:
    """Flags for moving ``stream`` from the supplier's to the receiver's country."""
    if not supplier_country or not receiver_country or supplier_country == receiver_country:
        return []
    status = stream.get("legal_status") or "undecided"
    if status in ("by_product", "product", "end_of_waste"):
        return [flag(NOT_WASTE)]
    flags: list[dict[str, Any]] = []
    if status == "undecided":
        flags.append(flag(STATUS_UNDECIDED))
    level = hazard(stream)
    # A match sends the stream to a receiver who uses it: recovery, never disposal.
    if level in ("hazardous", "unassessed"):
        flags.append(flag(NOTIFICATION))
    else:
        flags.append(flag(GREEN_LIST))
    if level == "hazardous" or (level == "unassessed" and _has_star(stream)):
        flags.append(flag(PERMIT))
    return flags


def _has_star(stream: Mapping[str, Any]) -> bool:
    from cirkular_desktop.core import wastecodes

    return any((wastecodes.get(code) and wastecodes.get(code).hazardous) for code in stream.get("waste_codes") or ())
