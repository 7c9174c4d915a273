"""Deterministic sample data for ``cirkular demo --seed N --scale N``.

``generate`` yields records in dependency order (a record refers only to ids
yielded before it), each already as ``records.validate_record(table, values,
allow_internal=True, creating=True)`` returns it. Per scale unit: 40
organizations in the project's region, half Swedish, half Norwegian, with
contacts, ~3 visits answered with questionnaire version 2 (the answers about
the contact person on the contact record) and submissions, ~15 residual
streams and 2.5 needs each, ideas; 8 matches with stage history and next
steps, test environments, outcomes, 4 photos and 4 competence activities
(``core.demo_workspace``).

Same (seed, scale), same records on any machine and day: chance comes only
from ``random.Random(seed).random()`` and ``getrandbits()``, whose sequences
Python keeps stable (``randint``, ``choice`` and ``shuffle`` have changed
before); float maths is + - * / and sqrt, rounded alike by IEEE 754; dates
count from fixed days; PNGs use stored deflate blocks, since compressed bytes
differ between zlib builds. Names and phrases live in ``resources/demo/``;
user-visible text is in the organization's language (sv for SE, nb for NO).

Imports: errors, resources, core (records, orgnumber, municipalities,
materials, wastecodes, questionnaire, units, border, text, demo_random, demo_answers, demo_workspace) and the
standard library.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any, Mapping

from cirkular_desktop import resources
from cirkular_desktop.core import (
    border, demo_images, materials, municipalities, orgnumber, questionnaire, units, wastecodes,
)
from cirkular_desktop.core import demo_answers as _answers
from cirkular_desktop.core.demo_answers import CURRENCY, FIRST_DAY, HORIZON, LAST_DAY
from cirkular_desktop.core.demo_workspace import WorkspaceMixin
from cirkular_desktop.core.records import canonical_decimal
from cirkular_desktop.core.text import compatible, nfc, plain

# Version 2 keeps the answers about the contact person on the contact record (one home for personal data).
TEMPLATE_ID, TEMPLATE_VERSION = "mapping", 2
ORGS_PER_SCALE, PHOTOS_PER_SCALE = 40, 4
SIZES = (("micro", 1, 9), ("small", 10, 49), ("medium", 50, 249), ("large", 250, 900))
# How far into a stream's or need's quantity range an organization of each size reaches: a micro
# bakery's needs and residues stay at the low end, a large sawmill's can reach the top.
SIZE_REACH = {"micro": 0.35, "small": 0.6, "medium": 0.85, "large": 1.0}
LANG = {"SE": "sv", "NO": "nb"}


@dataclass(frozen=True)
class DemoRecord:
    table: str                 # a name in core.records.TABLES
    id: str                    # record id (str uuid)
    values: dict[str, Any]     # canonical field values, ready to store
    blob: bytes | None = None  # file content for table "attachment"


def generate(seed: int = 1, scale: int = 1) -> Iterator[DemoRecord]:
    """Yield the demo records for ``seed`` and ``scale`` (0 yields nothing)."""
    if isinstance(scale, bool) or not isinstance(scale, int) or scale < 0:
        raise ValueError("scale must be a whole number, 0 or more")
    return _Generator(seed, scale).run()


def _material(code: str) -> materials.Material:
    """A material the demo's own tables name: one missing from the tree is a broken resource file."""
    found = materials.get(code)
    if found is None:
        raise ValueError(f"demo streams: {code!r} is not a material category")
    return found


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    """Pools and tables read once; the generator itself never touches a file."""
    # A deep copy (the cached resource stays untouched) with every text in NFC, as records stores it.
    data = {name: json.loads(nfc(json.dumps(resources.load_json("demo", f"{name}.json"), ensure_ascii=False)))
            for name in ("places", "people", "organizations", "streams", "texts")}
    streams = {s["key"]: s for s in data["streams"]["streams"]}
    for s in streams.values():
        s["_entries"] = [e for e in map(wastecodes.get, s["codes"]) if e is not None]
        s["_codes"] = [e.code for e in s["_entries"]]
        # A second, non-hazardous code from the material tree, as people often add one.
        s["_extra"] = [c for c in _material(s["material"]).waste_codes if c not in s["_codes"]
                       and (e := wastecodes.get(c)) is not None and not e.hazardous]
    data["stream_by_key"] = streams
    data["need_by_key"] = {n["key"]: n for n in data["streams"]["needs"]}
    data["template"] = questionnaire.load(TEMPLATE_ID, TEMPLATE_VERSION)
    data["region"] = {c: {"project": [m for m in municipalities.project_municipalities() if m.country == c],
                          "neighbour": [m for m in municipalities.region_municipalities()
                                        if m.country == c and m.neighbour]} for c in ("SE", "NO")}
    return data


def _slug(text: str) -> str:
    """ASCII words for file names, e-mail addresses and web sites: "Säffle Såg AB" → "saffle-sag"."""
    text = plain(compatible(text.lower().replace("æ", "ae").replace("ø", "o")))
    words = "".join((c if c.isalnum() else " ") for c in text if c.isascii()).split()
    return "-".join(w for w in words if w not in ("ab", "as", "iks"))


def _dec(value: float, places: int) -> str:
    return canonical_decimal(Decimal(repr(round(value, places))))


def _round2(value: float) -> float:
    """Two significant digits, as people estimate quantities: 1 234 → 1 200 (float formatting is exact)."""
    return float(f"{value:.2g}")


class _Generator(_answers.AnswerMixin, WorkspaceMixin):
    def __init__(self, seed: int, scale: int) -> None:
        self.seed(seed)
        self.scale = scale
        self.d = _data()
        self.numbers: set[tuple[str, str]] = set()
        self.names: set[str] = set()
        self.orgs: dict[str, dict[str, Any]] = {}       # id → facts later records need
        self.streams: dict[str, list[dict[str, Any]]] = {}   # template key → stream facts
        self.needs: list[dict[str, Any]] = []
        self.all_streams: list[dict[str, Any]] = []

    # --- the whole data set -------------------------------------------------------------------
    def run(self) -> Iterator[DemoRecord]:
        for index in range(ORGS_PER_SCALE * self.scale):
            yield from self.organization(index)
        yield from self.matches()
        yield from self.photos()
        yield from self.activities()

    def organization(self, index: int) -> Iterator[DemoRecord]:
        country = "SE" if index % 2 == 0 else "NO"
        lang, region = LANG[country], self.d["region"][country]
        muni = self.pick(region["project"] if self.chance(0.75) else region["neighbour"])
        profile = self.weighted([(p, p["weight"]) for p in self.d["organizations"]["profiles"]])
        town = self.pick(self.d["places"]["towns"][muni.key])
        name = self.org_name(profile, lang, town[0], muni.name)
        number = self.org_number(country, profile["numbers"])
        org_id = orgnumber.organization_id(country, number) if number else self.uuid()
        size = self.weighted(list(zip(SIZES, profile["sizes"])))
        employees = self.integer(size[1], size[2])
        roles = [r for r in ("supplier", "receiver", "processor") if self.chance(profile["roles"][r])]
        values: dict[str, Any] = {
            "name": name, "country": country, "kind": profile["kind"], "municipality": muni.key,
            "sector": profile["sector"][lang], "size_class": size[0], "employees": employees,
            "roles": roles or ["supplier"],
            "address": f"{self.pick(self.d['places']['streets'][country])} {self.integer(1, 60)}",
            "postcode": town[1], "city": town[0],
            "latitude": _dec(town[2] + self.uniform(-0.015, 0.015), 4),
            "longitude": _dec(town[3] + self.uniform(-0.03, 0.03), 4),
        }
        if number:
            values["org_number"] = number
        values.update(_code_fields_for_organization(profile))
        if profile["kind"] in ("company", "association") and self.chance(0.6):
            values["website"] = f"www.{_slug(name)}.{country.lower()}"
        org = {"id": org_id, "country": country, "lang": lang, "name": name, "profile": profile,
               "town": town[0], "lat": float(values["latitude"]), "lon": float(values["longitude"]),
               "roles": values["roles"], "employees": employees, "kind": profile["kind"], "size": size[0]}
        self.orgs[org_id] = org
        yield DemoRecord("organization", org_id, values)
        org["visit_dates"] = sorted(self.day(FIRST_DAY, LAST_DAY) for _ in range(self.integer(1, 5)))
        yield from self.contacts(org)
        org["plan"], org["need_plan"] = self.plan_streams(org), self.plan_needs(org)
        yield from self.visits(org)
        for key in org["plan"]:
            yield from self.stream(org, self.d["stream_by_key"][key])
        for key in org["need_plan"]:
            yield from self.need(org, self.d["need_by_key"][key])

    def org_name(self, profile: dict[str, Any], lang: str, town: str, muni: str) -> str:
        suffixes = self.d["organizations"]["name_suffixes"][lang]
        for attempt in range(12):
            surname = self.pick(self.d["people"]["last_names"]["SE" if lang == "sv" else "NO"])
            name: str = self.pick(profile["names"][lang]).format(
                place=town, municipality=muni, surname=surname,
                surname_gen=surname if surname[-1] in "sxz" else surname + "s")
            if attempt >= 4:  # the region is small: tell namesakes apart the way companies do
                base, legal = (name[:-3], name[-3:]) if name.endswith((" AB", " AS")) else (name, "")
                name = f"{base} {self.pick(suffixes)}{legal}"
            if name not in self.names:
                break
        self.names.add(name)
        return name

    def org_number(self, country: str, kind: str) -> str | None:
        if kind == "none":
            return None
        while True:
            if country == "SE":
                body = ("802" if kind == "association" else self.pick(("556", "559"))) + self.digits(6)
                # Luhn over the nine digits, doubling from the first.
                total = sum(d if i % 2 else (2 * d - 9 if d > 4 else 2 * d) for i, d in enumerate(map(int, body)))
                number = body + str(-total % 10)
            else:
                body = self.pick("998") + self.digits(7)
                rest = 11 - sum(int(c) * w for c, w in zip(body, (3, 2, 7, 6, 5, 4, 3, 2))) % 11
                if rest == 10:
                    continue  # no valid check digit: Brønnøysund never issues such a number
                number = body + str(0 if rest == 11 else rest)
            if (country, number) not in self.numbers and orgnumber.is_valid(country, number):
                self.numbers.add((country, number))
                return orgnumber.normalise(country, number)

    def contacts(self, org: dict[str, Any]) -> Iterator[DemoRecord]:
        country, lang = org["country"], org["lang"]
        people = self.d["people"]
        role_pool = people["roles"].get(org["kind"], people["roles"]["company"])
        org["contacts"] = []
        for _n in range(1 if self.chance(0.6) else 2):
            first, last = self.pick(people["first_names"][country]), self.pick(people["last_names"][country])
            contact_id = self.uuid()
            if country == "SE":
                phone = f"+46 7{self.pick('0236')} {self.integer(100, 999)} {self.integer(10, 99)} {self.integer(10, 99)}"
            else:
                phone = f"+47 {self.pick('49')}{self.integer(10, 99)} {self.integer(10, 99)} {self.integer(100, 999)}"
            domain = _slug(org["name"].split(" – ")[0]) or "post"
            consent = self.chance(0.85)
            values = {"organization_id": org["id"], "name": f"{first} {last}", "role": self.pick(role_pool[country]),
                      "phone": phone, "email": f"{_slug(first)}.{_slug(last)}@{domain}.{country.lower()}",
                      "language": lang, "consent": consent}
            if consent:
                values["consent_date"] = org["visit_dates"][0].isoformat()  # asked at the first visit
            # Consent (a), to be recorded and contacted, given at the first visit by everyone registered.
            values.update(consent_contact=True, consent_contact_date=org["visit_dates"][0].isoformat())
            org["contacts"].append({"id": contact_id, "name": values["name"], "role": values["role"],
                                    "phone": phone, "email": values["email"], "consent": consent,
                                    "consent_contact": True})
            yield DemoRecord("contact", contact_id, values)

    def plan_streams(self, org: dict[str, Any]) -> list[str]:
        own = self.shuffled(org["profile"]["streams"])
        generic = [k for k in self.shuffled(self.d["streams"]["generic_streams"]) if k not in own]
        return (own + generic)[:self.integer(10, 22)]

    def plan_needs(self, org: dict[str, Any]) -> list[str]:
        # Only what an organization of its kind would want: a bakery never asks for wood fuel. The draws
        # of the earlier mix are still made, so every later record of a seed stays what it was.
        own = self.shuffled(org["profile"]["needs"])
        self.shuffled(self.d["need_by_key"])
        count = self.integer(1, 4)
        self.chance(0.85)
        return own[:max(2, count)]

    # --- visits and questionnaire answers -----------------------------------------------------
    def visits(self, org: dict[str, Any]) -> Iterator[DemoRecord]:
        leaders, dates = self.d["people"]["project_leaders"], org["visit_dates"]
        org["visits"] = []
        for i, date in enumerate(dates):
            visitors = [self.pick(leaders[org["country"]])]
            if self.chance(0.25):  # a second project leader, from either side of the border
                visitors += [v for v in [self.pick(leaders[self.pick(("SE", "NO"))])] if v not in visitors]
            draft = self.chance(0.35) if i == len(dates) - 1 else self.chance(0.04)
            answers = self.answers(org, date, draft)
            visit_id = self.uuid()
            values = {"organization_id": org["id"], "contact_id": org["contacts"][0]["id"],
                      "date": date.isoformat(), "visitors": visitors, "template_id": TEMPLATE_ID,
                      "template_version": TEMPLATE_VERSION, "answers": answers,
                      "status": "draft" if draft else "completed", "version": 0 if draft else 1}
            if not draft and self.chance(0.6):
                values["next_steps"] = self.pick(self.d["texts"]["next_steps"][org["lang"]])
            if self.chance(0.4):
                values["notes"] = self.pick(self.d["texts"]["visit_notes"][org["lang"]])
            org["visits"].append({"id": visit_id, "date": date, "visitors": visitors})
            yield DemoRecord("visit", visit_id, values)
            if not draft:
                at = _dt.datetime(date.year, date.month, date.day, self.integer(9, 15), self.integer(0, 59),
                                  tzinfo=_dt.UTC)
                yield DemoRecord("submission", self.uuid(), {
                    "visit_id": visit_id, "version": 1, "template_id": TEMPLATE_ID,
                    "template_version": TEMPLATE_VERSION, "answers": json.loads(json.dumps(answers)),
                    "submitted_at": at.isoformat(timespec="seconds"), "submitted_by": visitors[0]})

    # --- residual streams, needs and ideas ----------------------------------------------------
    def quantity(self, spec: dict[str, Any], org: dict[str, Any] | None = None) -> float:
        low, high = spec["qty"]
        # Squaring skews toward small amounts, as real streams are, without exp/log; size sets the reach.
        share = self.rng.random() * (SIZE_REACH[org["size"]] if org else 1.0)
        value = low + (high - low) * share * share
        return float(round(value)) if spec["unit"] == "pcs" else _round2(value)

    def stream(self, org: dict[str, Any], spec: dict[str, Any]) -> Iterator[DemoRecord]:
        lang, country, rules = org["lang"], org["country"], self.d["streams"]["rules"]
        visit = self.pick(org["visits"]) if self.chance(0.85) else None
        since = visit["date"] if visit else FIRST_DAY
        qty, basis = self.quantity(spec, org), spec.get("basis", "per_year")
        regularity = spec.get("regularity") or self.weighted({"continuous": 8, "seasonal": 1.5, "one_off": 0.5})
        if regularity == "one_off":
            basis = "once"
        elif basis == "per_year" and spec["unit"] in ("t", "kg") and qty >= 24 and self.chance(0.15):
            basis, qty = "per_month", _round2(qty / 12)
        route, material = self.weighted(spec["handling"]), _material(spec["material"])
        values: dict[str, Any] = {**_ns9431_for(org["country"], spec["material"]),
            "organization_id": org["id"], "title": spec["title"][lang],
            "resource_type": spec.get("type", "material"), "material_category": spec["material"],
            "quantity": _dec(qty, 2), "unit": spec["unit"], "basis": basis, "regularity": regularity,
            "estimated": self.chance(0.8), "visibility": "private" if self.chance(0.1) else "shared",
            "available_from": since.isoformat(), "current_handling": route, "handling_cost_basis": "per_year",
            "logistics": self.weighted({"must_be_collected": 6, "either": 3, "can_deliver": 2}),
        }
        if visit:
            values["visit_id"] = visit["id"]
        if self.chance(0.5):
            values["contact_id"] = self.pick(org["contacts"])["id"]
        if basis == "once":
            values["available_to"] = min(since + _dt.timedelta(days=self.integer(30, 180)), HORIZON).isoformat()
        for key, name in (("form", "physical_form"), ("condition", "condition"), ("density", "density"),
                          ("mass", "mass_per_item")):
            if spec.get(key) is not None:
                values[name] = _dec(spec[key], 3) if key in ("density", "mass") else spec[key]
        codes = list(spec["_codes"])
        if codes and spec["_extra"] and self.chance(0.2):
            codes.append(self.pick(spec["_extra"]))
        if codes:
            # Every code here is one the list has: _data keeps only those.
            listed = [e for e in map(wastecodes.get, codes) if e is not None]
            values.update(waste_codes=codes, primary_waste_code=codes[0], low_version=wastecodes.LIST_ID)
            if any(e.hazardous for e in listed):
                values["hazard_assessment"] = "hazardous"
            elif any(e.mirror for e in listed):  # a mirror entry needs an assessment, not always made yet
                values["hazard_assessment"] = "non_hazardous" if self.chance(0.7) else "not_assessed"
            elif self.chance(0.5):
                values["hazard_assessment"] = "non_hazardous"
        tonnes = units.tonnes(Decimal(values["quantity"]), spec["unit"], density=spec.get("density"),
                              mass_per_item=spec.get("mass"))
        yearly = float(tonnes) * float(units.PER_YEAR[basis]) if tonnes is not None else None
        if route in rules["rates_per_tonne"] and yearly is not None:
            # NOK and SEK are close in value; a touch higher in Norway reads plausibly.
            rate = self.uniform(*rules["rates_per_tonne"][route]) * (1.05 if country == "NO" else 1.0)
            cost = max(500.0, round((yearly * rate + self.uniform(1500, 9000)) / 100) * 100)
            values.update(handling_cost=_dec(cost, 0), handling_cost_currency=CURRENCY[country])
        code = rules["recovery_codes"].get(f"{route}:{material.top}") or rules["recovery_codes"].get(route)
        if code:
            values.update(handling_code=code, hauler=self.pick(self.d["people"]["haulers"][country]))
            if self.chance(0.4):
                values["contract_end"] = self.day(_dt.date(2025, 6, 1), HORIZON).isoformat()
        if spec.get("terms"):
            values["business_terms"] = self.pick(spec["terms"])
        # Packaging and goods at the end of their use are waste or products, never by-products of production.
        by_route = rules["legal_by_route_goods" if spec.get("origin") == "goods" else "legal_by_route"]
        legal = spec.get("legal") or by_route.get(route, by_route["*"])
        values["legal_status"] = self.weighted(legal)
        if values["legal_status"] in ("by_product", "end_of_waste", "product") and self.chance(0.7):
            values.update(legal_assessed_by=self.pick(org["contacts"])["name"], legal_assessed_on=since.isoformat())
        entries = border.suggest_entries(values) if values["legal_status"] in ("waste", "undecided") else []
        # Half of them confirmed, chosen by a hash of the organization and the stream (no draw from the
        # random stream, so the records after it stay what they were).
        if entries and hashlib.sha256(f"{org['id']}:{spec['key']}".encode()).digest()[0] < 128:
            # A project leader confirmed the green-list entry the waste falls under, as the flags ask.
            values.update(shipment_entry=entries[0].code, shipment_entry_by=self.pick(org["contacts"])["name"],
                          shipment_entry_on=since.isoformat())
        phrases = self.d["streams"]["phrases"]
        for field in ("quality", "contamination"):
            if self.chance(0.4):
                values[field] = self.pick(phrases[field].get(material.top, phrases[field]["*"])[lang])
        if regularity == "seasonal":
            values["seasonality"] = self.pick(phrases["seasonality"][lang])
        if self.chance(0.2):
            values["notes"] = self.pick(phrases["notes"][lang])
        stream_id = self.uuid()
        facts = {"id": stream_id, "org": org, "title": values["title"], "since": since, "tonnes": yearly,
                 "material": material, "route": route, "terms": values.get("business_terms")}
        self.streams.setdefault(spec["key"], []).append(facts)
        self.all_streams.append(facts)
        yield DemoRecord("stream", stream_id, values)
        yield from self.idea(org, spec, facts, visit)

    def idea(self, org: dict[str, Any], spec: dict[str, Any], facts: dict[str, Any],
             visit: dict[str, Any] | None) -> Iterator[DemoRecord]:
        ideas = spec.get("ideas")
        if not self.chance(0.42 if ideas else 0.15):
            return
        lang, texts = org["lang"], self.d["texts"]
        chosen = self.pick(ideas or texts["generic_ideas"])
        status = self.weighted({"new": 5, "explored": 2.5, "chosen": 1.5, "discarded": 1})
        values = {"stream_id": facts["id"], "organization_id": org["id"], "title": chosen[lang],
                  "hierarchy": chosen["level"], "status": status,
                  "proposed_by": self.pick(visit["visitors"]) if visit else self.pick(org["contacts"])["name"]}
        if self.chance(0.4):
            values["description"] = self.pick(texts["idea_descriptions"][lang])
        yield DemoRecord("idea", self.uuid(), values)

    def need(self, org: dict[str, Any], spec: dict[str, Any]) -> Iterator[DemoRecord]:
        lang, country = org["lang"], org["country"]
        visit = self.pick(org["visits"]) if self.chance(0.8) else None
        since = (visit["date"] if visit else FIRST_DAY) + _dt.timedelta(days=self.integer(0, 120))
        qty = self.quantity(spec, org)
        price_basis, low, high = spec["price"]
        values: dict[str, Any] = {
            "organization_id": org["id"], "title": spec["title"][lang], "resource_type": spec.get("type", "material"),
            "material_category": spec["material"], "quantity": _dec(qty, 2), "unit": spec["unit"],
            "basis": spec.get("basis", "per_year"), "estimated": self.chance(0.85),
            "visibility": "private" if self.chance(0.08) else "shared",
            "available_from": min(since, HORIZON).isoformat(), "current_source": spec["source"][lang],
            "current_price": _dec(_round2(self.uniform(low, high)), 2), "current_price_currency": CURRENCY[country],
            "current_price_basis": price_basis, "regularity": "continuous" if self.chance(0.8) else "seasonal",
        }
        if visit:
            values["visit_id"] = visit["id"]
        if self.chance(0.5):
            values["contact_id"] = self.pick(org["contacts"])["id"]
        if spec["unit"] != "pcs" or qty >= 10:
            values["min_lot"] = _dec(_round2(max(qty * self.uniform(0.05, 0.3), 1.0)), 2)
        for key, name in (("density", "density"), ("mass", "mass_per_item")):
            if spec.get(key) is not None:
                values[name] = _dec(spec[key], 3)
        if self.chance(0.2):
            values["available_to"] = min(since + _dt.timedelta(days=self.integer(90, 540)), HORIZON).isoformat()
        need_id = self.uuid()
        self.needs.append({"id": need_id, "org": org, "spec": spec, "since": since})
        yield DemoRecord("need", need_id, values)

    def photos(self) -> Iterator[DemoRecord]:
        colours = self.d["streams"]["rules"]["photo_colours"]
        pictured = [s for s in self.all_streams if s["material"].top in colours]
        for _n in range(PHOTOS_PER_SCALE * self.scale if pictured else 0):
            stream = self.pick(pictured)
            top, bottom = (tuple(c) for c in colours[stream["material"].top])
            blob = demo_images.png(64, 48, top, bottom, self.integer(0, 63), self.rng.getrandbits(8 * 48).to_bytes(48, "little"))
            values = {"owner_table": "stream", "owner_id": stream["id"], "sha256": hashlib.sha256(blob).hexdigest(),
                      "filename": f"{_slug(stream['title']) or 'photo'}.png", "media_type": "image/png",
                      "size": len(blob), "caption": stream["title"]}
            yield DemoRecord("attachment", self.uuid(), values, blob)


# --- Code fields (issue #20), derived without drawing from the random stream, so the rest of the
# demo data stays as it is for a seed. ------------------------------------------------------------

_INDUSTRY_BY_SECTOR = {
    "Bakery": "10.71", "Building firm": "41.20", "Catering": "56.29", "Energy and district heating": "35.30",
    "Farming": "01.41", "Food production": "10.51", "Gardening and landscaping": "81.30",
    "Grocery store": "47.11", "Haulage": "49.41", "Hotel and restaurant": "55.10", "Joinery": "16.23",
    "Metal workshop": "25.62", "Plastics manufacturing": "22.29", "Printing": "18.12",
    "Property management": "68.20", "Reuse": "47.79", "Sawmill": "16.10", "School": "85.31",
    "Waste and recycling": "38.32",
}


def _code_fields_for_organization(profile: Mapping[str, Any]) -> dict[str, Any]:
    code = _INDUSTRY_BY_SECTOR.get(profile["sector"]["en"])
    return {"industry_code": code} if code else {}


def _ns9431_for(country: str, material: str) -> dict[str, Any]:
    """Norwegian streams carry the NS 9431 number hauliers would use, where one maps clearly."""
    if country != "NO":
        return {}
    from cirkular_desktop.core import ns9431

    found = ns9431.codes_for_material(material)
    return {"ns9431_code": found[0].code} if found and found[0].material == material else {}
