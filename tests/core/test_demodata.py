"""The demo data generator: valid canonical records, dependency order, determinism and scale."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import subprocess
import sys
import uuid
from collections import Counter, defaultdict

import pytest

from cirkular_desktop.core import demodata, materials, municipalities, orgnumber, questionnaire, records, wastecodes


@pytest.fixture(scope="module")
def recs() -> list[demodata.DemoRecord]:
    return list(demodata.generate(seed=1, scale=1))


def _by_table(recs):
    out = defaultdict(list)
    for r in recs:
        out[r.table].append(r)
    return out


def _snapshot(recs):
    return [(r.table, r.id, r.values, r.blob) for r in recs]


@pytest.mark.parametrize("seed", [1, 2, 99])
def test_every_record_is_valid_and_canonical(seed):
    for r in demodata.generate(seed=seed, scale=1):
        assert r.table in records.TABLES
        assert records.is_uuid(r.id)
        out = records.validate_record(r.table, r.values, allow_internal=True, creating=True)
        assert out == r.values, (r.table, {k: (r.values.get(k), out.get(k)) for k in set(out) | set(r.values)
                                           if out.get(k) != r.values.get(k)})


def test_references_point_to_earlier_records(recs):
    seen: dict[str, str] = {}
    for r in recs:
        assert r.id not in seen, "ids are unique"
        spec = records.table(r.table)
        for name, value in r.values.items():
            f = spec.field(name)
            if f.kind == records.REF and value is not None:
                assert seen.get(value) == f.ref, (r.table, name)
        if r.table == "attachment":
            assert seen.get(r.values["owner_id"]) == r.values["owner_table"]
        seen[r.id] = r.table


def test_same_seed_same_records_other_seed_other_records():
    first = _snapshot(demodata.generate(seed=3, scale=1))
    assert first == _snapshot(demodata.generate(seed=3, scale=1))
    other = _snapshot(demodata.generate(seed=4, scale=1))
    assert first != other
    assert not {row[1] for row in first} & {row[1] for row in other if row[0] != "organization"}
    assert [row[2]["name"] for row in first if row[0] == "organization"] != \
        [row[2]["name"] for row in other if row[0] == "organization"]


_DIGEST = """
import hashlib, json
from cirkular_desktop.core import demodata
h = hashlib.sha256()
for r in demodata.generate(seed=5, scale=1):
    h.update(json.dumps([r.table, r.id, r.values], sort_keys=True).encode() + (r.blob or b""))
print(h.hexdigest())
"""


def test_same_records_in_another_process_with_another_hash_seed():
    digests = set()
    for hash_seed in ("0", "4711"):
        env = dict(os.environ, PYTHONHASHSEED=hash_seed)
        done = subprocess.run([sys.executable, "-c", _DIGEST], env=env, capture_output=True, text=True, check=True)
        digests.add(done.stdout.strip())
    assert len(digests) == 1


def test_scale_zero_and_bad_scale():
    assert list(demodata.generate(seed=1, scale=0)) == []
    with pytest.raises(ValueError):
        demodata.generate(seed=1, scale=-1)
    with pytest.raises(ValueError):
        demodata.generate(seed=1, scale=1.5)  # type: ignore[arg-type]


def test_counts_per_scale_unit_and_linear_growth(recs):
    one = Counter(r.table for r in recs)
    two = Counter(r.table for r in demodata.generate(seed=1, scale=2))
    assert one["organization"] == 40 and two["organization"] == 80
    assert one["match"] == 8 and two["match"] == 16
    assert one["attachment"] == 4 and two["attachment"] == 8
    assert 1.0 <= one["contact"] / 40 <= 2.0
    assert 2.3 <= one["visit"] / 40 <= 3.7
    assert 12 <= one["stream"] / 40 <= 18
    assert 1.8 <= one["need"] / 40 <= 3.2
    assert 0.2 <= one["idea"] / one["stream"] <= 0.4
    assert 1 <= one["test_environment"] <= 3 and 1 <= one["outcome"] <= 5
    for table in ("contact", "visit", "submission", "stream", "need", "idea", "match_event"):
        assert 1.6 <= two[table] / one[table] <= 2.4, table


def test_organizations(recs):
    orgs = _by_table(recs)["organization"]
    assert Counter(o.values["country"] for o in orgs) == {"SE": 20, "NO": 20}
    region = {m.key: m for m in municipalities.region_municipalities()}
    assert all(o.values["municipality"] in region for o in orgs)
    in_project = sum(region[o.values["municipality"]].project for o in orgs)
    assert in_project >= 20
    assert len({o.values["name"] for o in orgs}) == len(orgs)
    numbers = [(o.values["country"], o.values["org_number"]) for o in orgs if "org_number" in o.values]
    assert len(numbers) == len(set(numbers)) >= 20
    for o in orgs:
        country, number = o.values["country"], o.values.get("org_number")
        if number:
            assert orgnumber.normalise(country, number) == number
            assert o.id == orgnumber.organization_id(country, number)
            assert not orgnumber.is_personal(country, number)
        else:
            assert o.values["kind"] in ("municipal", "school")
        assert o.values["name"].endswith(" AB") or country != "SE" or o.values["kind"] != "company"
        assert o.values["name"].endswith(" AS") or country != "NO" or o.values["kind"] != "company"
    sizes = Counter(o.values["size_class"] for o in orgs)
    assert sizes["micro"] + sizes["small"] > sizes["medium"] + sizes["large"]


def test_contacts_speak_their_country(recs):
    tables = _by_table(recs)
    country = {o.id: o.values["country"] for o in tables["organization"]}
    per_org = Counter(c.values["organization_id"] for c in tables["contact"])
    assert set(per_org) == set(country) and set(per_org.values()) <= {1, 2}
    for c in tables["contact"]:
        assert c.values["language"] == {"SE": "sv", "NO": "nb"}[country[c.values["organization_id"]]]
        assert c.values["phone"].startswith({"SE": "+46", "NO": "+47"}[country[c.values["organization_id"]]])
    assert sum(c.values["consent"] for c in tables["contact"]) > len(tables["contact"]) / 2


def test_visits_answers_and_submissions(recs):
    tables = _by_table(recs)
    template = questionnaire.load("mapping", 2)
    contacts = {c.id: c.values for c in tables["contact"]}
    about_contact = template.contact_questions()
    subs = {s.values["visit_id"]: s for s in tables["submission"]}
    statuses = Counter(v.values["status"] for v in tables["visit"])
    assert statuses["completed"] > statuses["draft"] > 0
    for v in tables["visit"]:
        values = v.values
        assert values["template_id"] == "mapping" and values["template_version"] == 2
        assert dt.date(2025, 1, 1) <= dt.date.fromisoformat(values["date"]) <= dt.date(2026, 12, 31)
        assert values["visitors"]
        answers = values["answers"]
        # The answers about the contact person are on the contact record, not copied into the visit.
        assert not set(answers) & set(about_contact)
        contact = contacts[values["contact_id"]]
        assert contact["organization_id"] == values["organization_id"]
        assert template.missing_required(template.with_contact(answers, contact)) == []
        visible = {q.id for q in template.visible_questions(answers)}
        assert set(answers) <= visible
        for qid, value in answers.items():
            assert questionnaire.validate_answer(template.question(qid), value) == value
        if values["status"] == "completed":
            sub = subs[v.id]
            assert values["version"] == 1 and sub.values["version"] == 1
            assert sub.values["answers"] == answers
            assert sub.values["submitted_at"].startswith(values["date"] + "T")
            assert sub.values["submitted_at"].endswith("+00:00")
            assert sub.values["submitted_by"] in values["visitors"]
        else:
            assert values["version"] == 0 and v.id not in subs


def test_streams_and_needs_are_plausible(recs):
    tables = _by_table(recs)
    org = {o.id: o.values for o in tables["organization"]}
    demo = demodata._data()
    titles = {lang: {s["title"][lang] for s in demo["streams"]["streams"] + demo["streams"]["needs"]}
              for lang in ("sv", "nb")}
    for r in tables["stream"] + tables["need"]:
        values, owner = r.values, org[r.values["organization_id"]]
        lang = {"SE": "sv", "NO": "nb"}[owner["country"]]
        assert values["title"] in titles[lang]
        assert materials.get(values["material_category"]) is not None
        for code in values.get("waste_codes", []):
            assert wastecodes.get(code) is not None
        if values.get("waste_codes"):
            assert values["primary_waste_code"] == values["waste_codes"][0]
            assert values["low_version"] == wastecodes.LIST_ID
            hazardous = any(wastecodes.get(c).hazardous for c in values["waste_codes"])
            assert (values.get("hazard_assessment") == "hazardous") == hazardous
        if values["unit"] == "m3":
            assert values.get("density") or values["resource_type"] != "material"
        for field in ("handling_cost_currency", "current_price_currency"):
            if field in values:
                assert values[field] == {"SE": "SEK", "NO": "NOK"}[owner["country"]]
    assert sum("visit_id" in r.values for r in tables["stream"]) > len(tables["stream"]) / 2
    assert {r.values["legal_status"] for r in tables["stream"]} >= {"waste", "by_product"}
    assert {r.values["unit"] for r in tables["stream"]} >= {"t", "kg", "m3", "pcs"}


def test_matches_history_tests_and_outcomes(recs):
    tables = _by_table(recs)
    stream_org = {s.id: s.values["organization_id"] for s in tables["stream"]}
    need_org = {n.id: n.values["organization_id"] for n in tables["need"]}
    country = {o.id: o.values["country"] for o in tables["organization"]}
    events = defaultdict(list)
    for e in tables["match_event"]:
        events[e.values["match_id"]].append(e.values)
    stages = {m.values["stage"] for m in tables["match"]}
    assert stages == {c.value for c in records.MATCH_STAGES}
    for m in tables["match"]:
        values = m.values
        supplier, receiver = stream_org[values["stream_id"]], need_org[values["need_id"]]
        assert supplier != receiver
        assert values["cross_border"] == (country[supplier] != country[receiver])
        history = events[m.id]
        assert history[0]["stage"] == "proposed" and history[-1]["stage"] == values["stage"]
        dates = [e["date"] for e in history]
        assert dates == sorted(dates) and dates[-1] <= "2026-12-31"
        assert (values["stage"] == "rejected") == bool(values.get("rejection_reason"))
    assert any(m.values["cross_border"] for m in tables["match"])
    match_ids = {m.id for m in tables["match"]}
    assert all(t.values["match_id"] in match_ids for t in tables["test_environment"])
    assert all(float(o.values["tonnes_diverted"]) > 0 for o in tables["outcome"])


def test_photos_are_small_deterministic_pngs(recs):
    photos = _by_table(recs)["attachment"]
    for p in photos:
        assert p.blob is not None and p.blob.startswith(b"\x89PNG\r\n\x1a\n")
        assert p.values["sha256"] == hashlib.sha256(p.blob).hexdigest()
        assert p.values["size"] == len(p.blob)
        assert p.values["media_type"] == "image/png" and p.values["owner_table"] == "stream"
        assert p.values["filename"].endswith(".png") and p.values["filename"].isascii()
    image = pytest.importorskip("PIL.Image")
    with image.open(io.BytesIO(photos[0].blob)) as picture:
        picture.load()
        assert picture.size == (64, 48) and picture.mode == "RGB"


def test_ids_are_version_4_uuids(recs):
    for r in recs:
        if r.table != "organization" or "org_number" not in r.values:
            assert uuid.UUID(r.id).version == 4


@pytest.mark.slow
def test_regional_benchmark_scale_runs():
    """The benchmark's data set: ~2,000 organizations, 6,000 visits, 30,000 streams, 5,000 needs."""
    counts = Counter(r.table for r in demodata.generate(seed=1, scale=50))
    assert counts["organization"] == 2000
    assert 5000 <= counts["visit"] <= 7000
    assert 26000 <= counts["stream"] <= 34000
    assert 4000 <= counts["need"] <= 6000
    assert counts["match"] == 400
