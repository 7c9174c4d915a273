"""Two laptops move the same match to different stages: after exchanging bundles both hold the same data,
both stage events are in the history, and the two stages are a conflict the coordinator sees and settles."""

from __future__ import annotations

import pytest

from cirkular_desktop.services import pipeline, sync
from cirkular_desktop.services import records as rec
from cirkular_desktop.services.app import open_app


@pytest.fixture
def laptops(tmp_path):
    with open_app(tmp_path / "anna") as anna, open_app(tmp_path / "ola") as ola:
        yield anna, ola


def _exchange(a, b, tmp_path, name):
    one, two = tmp_path / f"{name}-a.cirkular", tmp_path / f"{name}-b.cirkular"
    sync.export_bundle(a, one)
    sync.export_bundle(b, two)
    sync.import_bundles(b, [one])
    sync.import_bundles(a, [two])


def test_concurrent_stage_changes_converge_as_a_conflict(laptops, tmp_path):
    anna, ola = laptops
    se = rec.add_record(anna, "organization", {"name": "Säffle Snickeri AB", "country": "SE"}).value
    no = rec.add_record(anna, "organization", {"name": "Marker Bygg AS", "country": "NO"}).value
    stream = rec.add_record(anna, "stream", {"organization_id": se, "title": "Kutterspån",
                                             "material_category": "wood.sawdust", "quantity": "40", "unit": "t"}).value
    need = rec.add_record(anna, "need", {"organization_id": no, "title": "Strø",
                                         "material_category": "wood.sawdust", "quantity": "30", "unit": "t"}).value
    match = pipeline.accept(anna, stream, need, by="Anna").value
    _exchange(anna, ola, tmp_path, "first")
    assert rec.get_record(ola, "match", match)["stage"] == "proposed"

    pipeline.set_stage(anna, match, "contacted", note="Ringt mottagaren", by="Anna")
    pipeline.set_stage(ola, match, "assessed", note="Vurdert på befaring", by="Ola")
    _exchange(anna, ola, tmp_path, "second")

    assert rec.dump(anna) == rec.dump(ola)
    shown = {app: pipeline.show(app, match) for app in (anna, ola)}
    stages = {e["stage"]: e["by"] for e in shown[anna]["history"]}
    assert stages == {"proposed": "Anna", "contacted": "Anna", "assessed": "Ola"}
    assert shown[anna]["history"] == shown[ola]["history"]
    for app in (anna, ola):
        found = [c for c in sync.conflicts(app) if c["table"] == "match" and c["field"] == "stage"]
        assert len(found) == 1, found
        assert {found[0]["value"], found[0]["current_value"]} == {"contacted", "assessed"}

    # The coordinator settles it; the settlement travels and the conflict is gone everywhere.
    conflict = next(c for c in sync.conflicts(anna) if c["field"] == "stage")
    sync.resolve(anna, conflict["id"], "assessed")
    _exchange(anna, ola, tmp_path, "third")
    for app in (anna, ola):
        assert rec.get_record(app, "match", match)["stage"] == "assessed"
        assert [c for c in sync.conflicts(app) if c["field"] == "stage"] == []
    assert rec.dump(anna) == rec.dump(ola)


def test_a_rejection_travels_and_the_pair_stays_out_of_suggestions(laptops, tmp_path):
    anna, ola = laptops
    se = rec.add_record(anna, "organization", {"name": "Sunne Trä AB", "country": "SE"}).value
    no = rec.add_record(anna, "organization", {"name": "Rakkestad Gård", "country": "NO"}).value
    stream = rec.add_record(anna, "stream", {"organization_id": se, "title": "Sågspån",
                                             "material_category": "wood.sawdust", "quantity": "10", "unit": "t"}).value
    need = rec.add_record(anna, "need", {"organization_id": no, "title": "Strø",
                                         "material_category": "wood.sawdust", "quantity": "8", "unit": "t"}).value
    assert any(s.stream_id == stream for s in pipeline.suggestions(anna, need_id=need))
    pipeline.reject(anna, stream, need, "distance", note="För långt")
    _exchange(anna, ola, tmp_path, "first")
    assert not any(s.stream_id == stream for s in pipeline.suggestions(ola, need_id=need))
    record = rec.list_records(ola, "match")[0]
    assert (record["rejection_reason"], record["rejection_note"]) == ("distance", "För långt")
    pipeline.unreject(ola, stream, need)
    _exchange(anna, ola, tmp_path, "second")
    assert any(s.stream_id == stream for s in pipeline.suggestions(anna, need_id=need))
