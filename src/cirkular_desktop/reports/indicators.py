"""The programme's common indicators (Interreg 2021–2027), counted from the records.

Each indicator is computed from records, never typed in, and carries the
definition the report prints in its appendix:

- **RCO01** enterprises supported, by size class (micro, small, medium,
  large): companies mapped at a finished visit in the period; the size
  class is ``core.sme.size_class`` (which applies the EU definition), and
  companies whose class is not known are counted apart.
- **RCO87** organisations cooperating across borders: organisations taking
  part in a cross-border match that has got past "proposed" (contacted or
  further, not rejected) by the end of the period — the stream's owner,
  the need's owner and a processor —, in a test environment with
  organisations of both countries that ran in the period (its match's
  parties, its partners, the organisation hosting it), or named as
  participants of a competence activity in the period that had
  participants from both countries.
- **RCO84** pilot actions developed jointly and implemented: test
  environments that ran in the period (running, evaluated or closed) and
  whose organisations (as above) are on both sides of the border.
- **RCO116** jointly developed solutions: cross-border matches that reached
  "agreed" or "implemented" by the end of the period.
- **RCR104** solutions taken up or up-scaled by organisations: of those,
  the ones implemented, or with a measured outcome in the period.

Imports: standard library, core (sme, records), reports (data, figures).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

from cirkular_desktop.core import records, sme
from cirkular_desktop.i18n import N_
from cirkular_desktop.reports.data import ProjectData

PAST_PROPOSED = frozenset({"contacted", "assessed", "testing", "agreed", "implemented"})
SOLUTION_STAGES = frozenset({"agreed", "implemented"})
RAN = frozenset({"running", "evaluated", "closed"})


@dataclass(frozen=True)
class Indicator:
    code: str
    title: str                  # source text, translated where printed
    value: int
    definition: str             # source text, translated where printed
    breakdown: Mapping[str, int] = field(default_factory=dict)


@dataclass
class Indicators:
    items: list[Indicator] = field(default_factory=list)

    def get(self, code: str) -> Indicator:
        return next(item for item in self.items if item.code == code)


TITLES = {
    "RCO01": N_("Enterprises supported (by size class)"),
    "RCO87": N_("Organisations cooperating across borders"),
    "RCO84": N_("Pilot actions developed jointly and implemented"),
    "RCO116": N_("Jointly developed solutions"),
    "RCR104": N_("Solutions taken up or up-scaled by organisations"),
}
DEFINITIONS = {
    "RCO01": N_("Companies mapped at a finished visit in the period, by size class (micro, small, medium, large) "
                "as the EU definition gives it: staff headcount together with turnover or balance-sheet total, "
                "and independence. Companies whose size class is not known are counted apart; municipal "
                "operations, schools and associations are not enterprises."),
    "RCO87": N_("Organisations taking part in a match across the border that has been taken further than "
                "“proposed” (contacted or later, not rejected) by the end of the period (the owner of the "
                "residual stream, the owner of the need and a processor), in a test environment of the period "
                "with organisations from both countries (the match's parties, its partners and the host), or "
                "named as participants of a competence activity of the period with participants from both "
                "countries; each counted once."),
    "RCO84": N_("Test environments that ran in the period (running, evaluated or closed) and whose "
                "organisations — the match's parties, the partners and the host — are on both sides of the "
                "border."),
    "RCO116": N_("Matches across the border that reached “agreed” or “implemented” by the end of the period: "
                 "a way of reusing a residual stream worked out together by organisations of both countries."),
    "RCR104": N_("Of the jointly developed solutions, those implemented by the end of the period or with a "
                 "measured outcome (tonnes diverted, cost saved) in the period."),
}


def _organisations_of(match: Mapping[str, Any], stream_org: Mapping[str, str | None],
                      need_org: Mapping[str, str | None]) -> set[str]:
    found = {stream_org.get(match.get("stream_id") or ""), need_org.get(match.get("need_id") or ""),
             match.get("processor_id")}
    return {oid for oid in found if oid}


def test_organisations(test: Mapping[str, Any], by_match: Mapping[str, Mapping[str, Any]],
                       stream_org: Mapping[str, str | None], need_org: Mapping[str, str | None]) -> set[str]:
    """A test environment's organisations: its match's parties, its partners and the one hosting it."""
    match = by_match.get(test.get("match_id") or "")
    found = _organisations_of(match, stream_org, need_org) if match else set()
    found |= {oid for oid in test.get("partners") or () if oid}
    if test.get("place_organization_id"):
        found.add(test["place_organization_id"])
    return found


def activity_countries(activity: Mapping[str, Any], orgs: Mapping[str, Mapping[str, Any]]) -> Counter[str]:
    """Participants of a competence activity per country (a group's own country, else its organisation's)."""
    found: Counter[str] = Counter()
    for group in activity.get("participants") or ():
        country = group.get("country") or (orgs.get(group.get("organization_id") or "") or {}).get("country")
        found[country or ""] += int(group.get("count") or 0)
    return found


def _countries(ids: set[str], orgs: Mapping[str, Mapping[str, Any]]) -> set[str]:
    return {orgs[oid]["country"] for oid in ids if oid in orgs and orgs[oid].get("country")}


def compute(data: ProjectData, period: Any, mapped_ids: Sequence[str],
            orgs: Mapping[str, Mapping[str, Any]]) -> Indicators:
    """The five indicators for the period (``figures.Period``) from the records in ``data``."""
    from cirkular_desktop.reports.figures import _stage_at, is_company

    sizes: Counter[str] = Counter()
    for oid in mapped_ids:
        org = orgs[oid]
        if is_company(org):
            sizes[sme.size_class(org) or ""] += 1
    order = records.table("organization").field("size_class").choice_values()
    rco01 = {k: sizes.get(k, 0) for k in order}
    if sizes.get(""):
        rco01[""] = sizes[""]

    stream_org = {s["id"]: s.get("organization_id") for s in data.streams}
    need_org = {n["id"]: n.get("organization_id") for n in data.needs}
    events: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for event in data.match_events:
        events[event.get("match_id") or ""].append(event)
    cooperating: set[str] = set()
    solutions: list[Mapping[str, Any]] = []
    stage_of: dict[str, str] = {}
    joint_matches: set[str] = set()
    for match in data.matches:
        stage = _stage_at(match, events.get(match["id"], []), period)
        if stage is None:
            continue
        stage_of[match["id"]] = stage
        parties = _organisations_of(match, stream_org, need_org)
        if len(_countries(parties, orgs)) < 2:
            continue
        joint_matches.add(match["id"])
        if stage in PAST_PROPOSED:
            cooperating |= parties
        if stage in SOLUTION_STAGES:
            solutions.append(match)

    by_match = {m["id"]: m for m in data.matches}
    pilots = 0
    for test in data.test_environments:
        if (test.get("status") or "planned") not in RAN:
            continue
        if not period.overlaps(test.get("start_date"), test.get("end_date")):
            continue
        parties = test_organisations(test, by_match, stream_org, need_org)
        if len(_countries(parties, orgs)) >= 2:
            pilots += 1
            cooperating |= parties
    for activity in data.activities:
        if not period.holds(activity.get("date")):
            continue
        if len({c for c, n in activity_countries(activity, orgs).items() if c and n}) >= 2:
            cooperating |= {g["organization_id"] for g in activity.get("participants") or ()
                            if g.get("organization_id")}

    measured = {o.get("match_id") for o in data.outcomes if period.holds(o.get("period_end"))
                and any(o.get(k) not in (None, "", "0") for k in ("tonnes_diverted", "cost_saved"))}
    taken_up = [m for m in solutions if stage_of.get(m["id"]) == "implemented" or m["id"] in measured]

    items = [
        Indicator("RCO01", TITLES["RCO01"], sum(rco01.values()), DEFINITIONS["RCO01"], rco01),
        Indicator("RCO87", TITLES["RCO87"], len(cooperating), DEFINITIONS["RCO87"],
                  dict(Counter(orgs[o].get("country") or "" for o in cooperating if o in orgs))),
        Indicator("RCO84", TITLES["RCO84"], pilots, DEFINITIONS["RCO84"]),
        Indicator("RCO116", TITLES["RCO116"], len(solutions), DEFINITIONS["RCO116"]),
        Indicator("RCR104", TITLES["RCR104"], len(taken_up), DEFINITIONS["RCR104"]),
    ]
    return Indicators(items)
