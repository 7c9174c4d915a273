"""What an edit says it has seen (issue #14.2): no copy lists a conflict its author had already seen.

Two laptops write the same value at about the same time; the later stamp
wins and the other is no conflict (identical). When the first laptop then
edits the field again, its operation must list its own earlier value as
seen: otherwise every other copy, which holds that value too, shows it as a
conflict against the new value, and the conflict lists of the copies differ.
The same holds for a delete, which lists every value its author had seen.
"""

from __future__ import annotations

import itertools

import pytest

from cirkular_desktop.services import records as rec
from cirkular_desktop.services import sync
from cirkular_desktop.services.app import open_app


@pytest.fixture
def three(tmp_path):
    apps = [open_app(tmp_path / name) for name in ("a", "b", "coordinator")]
    yield apps
    for app in apps:
        app.close()


_numbers = itertools.count()


def _send(source, targets, folder):
    path = folder / f"b{next(_numbers)}.cirkular"
    sync.export_bundle(source, path)
    for target in targets:
        sync.import_bundles(target, [path])


def _conflicts(app):
    return sorted((c["record_id"], c["field"], c["stamp"], repr(c["value"])) for c in sync.conflicts(app))


def _identical_concurrent_values(a, b, coordinator, tmp_path):
    org = rec.add_record(a, "organization", {"name": "Säffle Snickeri", "country": "SE"}).value
    _send(a, [b, coordinator], tmp_path)
    rec.set_record(a, "organization", org, {"notes": "spån"})       # concurrently, the same value ...
    rec.set_record(b, "organization", org, {"notes": "spån"})       # ... b's stamp is later and wins
    _send(b, [a], tmp_path)
    assert _conflicts(a) == []                                     # identical: no conflict
    return org


def test_editing_again_after_an_identical_concurrent_value_makes_no_conflict_anywhere(three, tmp_path):
    a, b, coordinator = three
    org = _identical_concurrent_values(a, b, coordinator, tmp_path)
    rec.set_record(a, "organization", org, {"notes": "bark"})       # a has seen both "spån"
    _send(a, [b, coordinator], tmp_path)
    _send(b, [coordinator], tmp_path)
    for app in three:
        assert _conflicts(app) == [], app.paths.data_dir.name
        assert rec.get_record(app, "organization", org)["notes"] == "bark"
    assert rec.dump(a) == rec.dump(b) == rec.dump(coordinator)


def test_a_delete_after_an_identical_concurrent_value_makes_no_conflict_anywhere(three, tmp_path):
    a, b, coordinator = three
    org = _identical_concurrent_values(a, b, coordinator, tmp_path)
    rec.remove_record(a, "organization", org)
    _send(a, [b, coordinator], tmp_path)
    _send(b, [coordinator], tmp_path)
    for app in three:
        assert _conflicts(app) == [], app.paths.data_dir.name
    assert rec.dump(a) == rec.dump(b) == rec.dump(coordinator)


def test_an_edit_does_not_settle_a_real_conflict(three, tmp_path):
    a, b, coordinator = three
    org = rec.add_record(a, "organization", {"name": "Säffle Snickeri", "country": "SE"}).value
    _send(a, [b, coordinator], tmp_path)
    rec.set_record(a, "organization", org, {"notes": "spån"})
    rec.set_record(b, "organization", org, {"notes": "bark"})
    _send(b, [a], tmp_path)
    before = _conflicts(a)
    assert len(before) == 1
    rec.set_record(a, "organization", org, {"notes": "flis"})       # an edit, not a resolution
    _send(a, [b, coordinator], tmp_path)
    _send(b, [coordinator], tmp_path)
    lists = [_conflicts(app) for app in three]
    assert lists[0] == lists[1] == lists[2] and len(lists[0]) >= 1
