"""The demo's matchmaking workspace: matches with their history and next step, tests, outcomes, activities.

A mixin of ``core.demodata``'s generator, kept apart so that module stays
short. It draws chance only through the generator's own helpers, after every
organization, stream and need is made, so the records before it stay what
they were for a seed; a few choices that must not move the random stream are
taken from a hash of the records concerned (``_hashed``).

The demo's day is ``PRESENT`` (the last day of its visits). Relative to it
the workspace reads as a coordinator would find it: a match still in the
pipeline moved lately and has a next step with who and when; a running test
has started and not ended, a planned one starts later; outcomes are measured
periods that have ended, each with the route its tonnes were diverted from
and the CO₂e factor used; competence activities are spread over the
project's years with participants from both countries.

Imports: core (records, demo_answers, demo_random) and the standard library.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import math
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from cirkular_desktop.core.demo_answers import CURRENCY, FIRST_DAY, PRESENT
from cirkular_desktop.core.demo_random import DemoRandom
from cirkular_desktop.core.records import canonical_decimal

PATH = ("proposed", "contacted", "assessed", "testing", "agreed", "implemented")
OPEN_STAGES = ("proposed", "contacted", "assessed", "testing")   # still moving: the last step was lately
NEXT_STEP_STAGES = (*OPEN_STAGES, "agreed")
# The matches of each scale unit: the whole pipeline, so every stage has something to show.
STAGE_PLAN = ("proposed", "proposed", "contacted", "assessed", "testing", "agreed", "implemented", "rejected")
ACTIVITIES_PER_SCALE = 4
KM_PER_DEG_LAT, KM_PER_DEG_LON = 111.2, 56.4   # the region lies around 59.5° N
QUARTER = 91   # days: outcomes are measured per quarter after the match is agreed or implemented


def _hashed(key: str, low: int, high: int) -> int:
    """A whole number in [low, high] chosen by a hash of ``key``: chance that draws nothing."""
    digest = hashlib.sha256(key.encode()).digest()
    return low + int.from_bytes(digest[:8], "big") % (high - low + 1)


def _days(n: int) -> _dt.timedelta:
    return _dt.timedelta(days=n)


class WorkspaceMixin(DemoRandom):
    """Matches, their stage history, test environments, outcomes and activities for ``core.demodata``."""

    d: dict[str, Any]
    scale: int
    orgs: dict[str, dict[str, Any]]
    streams: dict[str, list[dict[str, Any]]]
    needs: list[dict[str, Any]]

    # --- matches ------------------------------------------------------------------------------------
    def matches(self) -> Iterator[Any]:
        candidates = [n for n in self.needs if any(s["org"] is not n["org"] for k in n["spec"]["matches"]
                                                    for s in self.streams.get(k, ()))]
        processors = [o for o in self.orgs.values() if "processor" in o["roles"]]
        used: set[tuple[str, str]] = set()
        plan = [s for _ in range(self.scale) for s in self.shuffled(STAGE_PLAN)]
        for stage in plan:
            if not candidates:
                return
            for _attempt in range(20):
                need = self.pick(candidates)
                streams = [s for k in need["spec"]["matches"] for s in self.streams.get(k, ())
                           if s["org"] is not need["org"]]
                # Most of the project's point is the border: prefer a partner on the other side.
                across = [s for s in streams if s["org"]["country"] != need["org"]["country"]]
                stream = self.pick(across if across and self.chance(0.5) else streams)
                if (stream["id"], need["id"]) not in used:
                    break
            used.add((stream["id"], need["id"]))
            yield from self.match(stream, need, stage, processors)

    def _timeline(self, stream: dict[str, Any], need: dict[str, Any], stage: str, path: list[str],
                  steps: list[int], lead: int, quarters: int) -> dict[str, _dt.date]:
        """The day of each stage on the path; the last one never after PRESENT, the outcomes' quarters too."""
        total = _days(sum(steps))
        known = max(stream["since"], need["since"])
        if stage in OPEN_STAGES:
            # Still in the pipeline: its last step was taken in the last weeks, not a year ago.
            start = max(PRESENT - total - _days(lead - 7), known)
        else:
            start = known + _days(lead)
        start = max(FIRST_DAY, min(start, PRESENT - total - _days(QUARTER * quarters)))
        dates, day = {}, start
        for i, step in enumerate(path):
            if i:
                day += _days(steps[i - 1])
            dates[step] = day
        return dates

    def match(self, stream: dict[str, Any], need: dict[str, Any], stage: str,
              processors: list[dict[str, Any]]) -> Iterator[Any]:
        from cirkular_desktop.core.demodata import DemoRecord, _dec

        supplier, receiver = stream["org"], need["org"]
        lang, texts = supplier["lang"], self.d["texts"]
        north = KM_PER_DEG_LAT * (supplier["lat"] - receiver["lat"])
        east = KM_PER_DEG_LON * (supplier["lon"] - receiver["lon"])
        km = math.sqrt(north * north + east * east)
        path = list(PATH[:self.integer(1, 4)]) + ["rejected"] if stage == "rejected" else list(
            PATH[:PATH.index(stage) + 1])
        steps = [self.integer(10, 45) for _ in path[1:]]
        lead = self.integer(7, 60)
        measured = stage == "implemented" or (stage == "agreed" and self.chance(0.5))
        quarters = (2 if stage == "implemented" else 1) if measured else 0
        dates = self._timeline(stream, need, stage, path, steps, lead, quarters)
        values: dict[str, Any] = {
            "stream_id": stream["id"], "need_id": need["id"], "title": f"{stream['title']} → {receiver['name']}",
            "stage": stage, "score": _dec(self.uniform(0.35, 0.95), 2),
            # Reasons as data (core.explain): the same material and the distance between the parties.
            "reasons": [{"code": "same_material", "material": stream["material"].code},
                        {"code": "distance", "km": int(km + 0.5)}],
            "cross_border": supplier["country"] != receiver["country"],
        }
        processor = self.pick(processors) if processors and self.chance(0.15) else None
        if processor is not None:
            values["processor_id"] = processor["id"]
        if stage == "rejected":
            # The demo's rejection texts are written in the order of these reason codes.
            index = self.integer(0, len(texts["rejection_reasons"][lang]) - 1)
            values["rejection_reason"] = ("distance", "quality", "legal", "other_partner")[index]
            values["rejection_note"] = texts["rejection_reasons"][lang][index]
        if stage != "proposed":
            # Contacted: the people on both sides are known.
            values.update(supplier_contact_id=supplier["contacts"][0]["id"],
                          receiver_contact_id=receiver["contacts"][0]["id"])
        if self.chance(0.5):
            values["notes"] = self.pick(texts["match_notes"][lang])
        match_id = self.uuid()
        leader = self.pick(self.d["people"]["project_leaders"][supplier["country"]])
        if stage in NEXT_STEP_STAGES:
            key = f"{match_id}:next"
            options = texts["match_next_steps"][stage][lang]
            due = dates[stage] + _days(_hashed(key, 14, 45))
            if due < PRESENT - _days(20):   # a step long due has been put off to the coming weeks
                due = PRESENT + _days(_hashed(key + ":again", 7, 40))
            values.update(next_step=options[_hashed(key, 0, len(options) - 1)], next_step_owner=leader,
                          next_step_due=due.isoformat())
        yield DemoRecord("match", match_id, values)
        previous = None
        for step in path:
            event = {"match_id": match_id, "stage": step, "date": dates[step].isoformat(), "by": leader}
            if previous:
                event["from_stage"] = previous
            if self.chance(0.6):
                event["note"] = texts["event_notes"][step][lang]
            previous = step
            yield DemoRecord("match_event", self.uuid(), event)
        test_id = None
        # The first implemented match was always tried first, so the demo shows an evaluated test too.
        tried = stage == "implemented" and (not getattr(self, "_tried_before", False) or self.chance(0.5))
        if tried:
            self._tried_before = True
        if stage == "testing" or tried:
            test_id = self.uuid()
            yield DemoRecord("test_environment", test_id,
                             self.test_environment(match_id, stream, need, stage, dates, processor))
        if measured:
            yield from self.outcomes(match_id, stream, dates[stage], test_id, quarters)

    def test_environment(self, match_id: str, stream: dict[str, Any], need: dict[str, Any], stage: str,
                         dates: dict[str, _dt.date], processor: dict[str, Any] | None) -> dict[str, Any]:
        supplier, receiver = stream["org"], need["org"]
        lang, texts = supplier["lang"], self.d["texts"]
        if stage == "testing":
            status = self.pick(("planned", "running"))
            if status == "running":   # started when the match moved to testing, and not over yet
                begin = min(dates["testing"] + _days(_hashed(match_id, 0, 10)), PRESENT)
                end = max(begin + _days(self.integer(30, 120)), PRESENT + _days(14))
            else:                     # arranged, starting in the coming weeks
                begin = PRESENT + _days(_hashed(match_id, 10, 75))
                end = begin + _days(self.integer(30, 120))
        else:                         # tried before the parties agreed
            status = self.pick(("evaluated", "closed"))
            begin = dates["testing"]
            end = min(begin + _days(self.integer(30, 120)), dates["agreed"])
        partners = [supplier["id"], receiver["id"]] + ([processor["id"]] if processor else [])
        test = {"match_id": match_id, "title": texts["test_titles"][lang].format(title=stream["title"]),
                "place_organization_id": receiver["id"], "place": receiver["town"],
                "partners": list(dict.fromkeys(partners)), "start_date": begin.isoformat(),
                "end_date": end.isoformat(), "status": status,
                "description": self.pick(texts["test_descriptions"][lang])}
        if status in ("evaluated", "closed"):
            test["evaluation"] = self.pick(texts["test_evaluations"][lang])
        return test

    def outcomes(self, match_id: str, stream: dict[str, Any], since: _dt.date, test_id: str | None,
                 count: int) -> Iterator[Any]:
        from cirkular_desktop.core.demodata import DemoRecord, _dec, _round2

        supplier = stream["org"]
        lang, currency = supplier["lang"], CURRENCY[supplier["country"]]
        factors = self.d["streams"]["rules"]["co2e_per_tonne_diverted"]
        factor = _dec(factors.get(stream["material"].top, factors["*"]), 3)
        yearly = stream["tonnes"] or 5.0
        for i in range(count):
            end = since + _days(QUARTER * (i + 1))
            tonnes = _dec(_round2(max(yearly / 4 * self.uniform(0.3, 0.9), 0.1)), 2)
            values: dict[str, Any] = {
                "match_id": match_id, "period_end": end.isoformat(), "year": end.year, "tonnes_diverted": tonnes,
                "diverted_from": stream["route"],
                "cost_saved": _dec(round(float(tonnes) * self.uniform(300, 1500) / 100) * 100, 0),
                "cost_saved_currency": currency,
                # As services.workspace_rules computes it from the factor used.
                "co2e_factor": factor, "co2e_factor_source": self.d["texts"]["co2e_source"][lang],
                "co2e_saved": canonical_decimal(Decimal(tonnes) * Decimal(factor)),
                "jobs_created": self.integer(0, 1), "jobs_kept": self.integer(0, 2)}
            if stream.get("terms") == "sell":
                values.update(revenue=_dec(round(float(tonnes) * self.uniform(200, 900) / 100) * 100, 0),
                              revenue_currency=currency)
            if test_id and self.chance(0.5):
                values["test_environment_id"] = test_id
            if self.chance(0.5):
                values["notes"] = self.pick(self.d["texts"]["outcome_notes"][lang])
            yield DemoRecord("outcome", self.uuid(), values)

    # --- competence activities ------------------------------------------------------------------------
    def activities(self) -> Iterator[Any]:
        """Lectures, study visits, workshops … over the project's years, each with both countries taking part."""
        from cirkular_desktop.core.demodata import DemoRecord

        specs = self.d["texts"]["activities"]
        by_country = {c: [o for o in self.orgs.values() if o["country"] == c] for c in ("SE", "NO")}
        if not all(by_country.values()):
            return
        hosts = {c: [o for o in orgs if o["kind"] in ("school", "municipal", "association")] or orgs
                 for c, orgs in by_country.items()}
        for _n in range(ACTIVITIES_PER_SCALE * self.scale):
            spec = self.pick(specs)
            country = self.pick(("SE", "NO"))
            lang = "sv" if country == "SE" else "nb"
            organizer = self.pick(hosts[country])
            participants = []
            for side in (country, "NO" if country == "SE" else "SE"):
                for org in self.shuffled(by_country[side])[:self.integer(1, 3)]:
                    participants.append({"organization_id": org["id"], "country": side, "count": self.integer(1, 4)})
            if organizer["kind"] == "school" and spec["kind"] in ("lecture", "workshop"):
                participants.append({"name": self.d["texts"]["pupils"][lang].format(place=organizer["name"]),
                                     "country": country, "count": self.integer(12, 28)})
            values = {"kind": spec["kind"], "title": spec[lang], "date": self.day(FIRST_DAY, PRESENT).isoformat(),
                      "place": organizer["town"], "organizer_id": organizer["id"], "participants": participants,
                      "description": spec[f"about_{lang}"]}
            yield DemoRecord("activity", self.uuid(), values)
