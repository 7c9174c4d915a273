"""Applying received operations (``store.apply``): the direct row of a new record equals the full fold.

A first import builds most rows straight from one operation instead of
folding the record's log; these tests hold the two ways to the same bytes,
on the demo data (every table, map fields, lists) and on awkward values.
"""

from __future__ import annotations

import itertools

import pytest
import sqlalchemy as sa

from cirkular_desktop.core import records
from cirkular_desktop.replication import merge
from cirkular_desktop.replication.merge import canonical_json
from cirkular_desktop.services import demo, sync
from cirkular_desktop.services import records as rec
from cirkular_desktop.services.app import open_app
from cirkular_desktop.store import apply, schema
from cirkular_desktop.sync.bundle_reader import open_bundle

STAMP = "001764201600000-00000-3f9c2a7d1b6e4c50"


@pytest.fixture(scope="module")
def demo_bundle(tmp_path_factory):
    root = tmp_path_factory.mktemp("apply")
    with open_app(root / "source") as source:
        demo.add_demo(source, seed=3, scale=1)
        sync.export_bundle(source, root / "all.cirkular", full=True)
        dump = rec.dump(source)
    return root / "all.cirkular", dump


def _folded_row(uow, op: merge.Operation) -> tuple:
    spec = records.table(op.table)
    row = uow._materialized(spec, merge.fold([op]))
    columns = [f.name for f in spec.fields] + list(schema.BOOKKEEPING)
    return (op.row_id, *(row[c] for c in columns))


def test_direct_rows_of_the_demo_data_equal_the_fold(demo_bundle, tmp_path):
    path, _dump = demo_bundle
    tables = set()
    with open_app(tmp_path / "empty") as app, app.uow() as uow, open_bundle(path, keep_ops=0) as bundle:
        for op in itertools.chain.from_iterable(bundle.operations()):
            assert op.data_json is not None   # canonical lines: the stamps are written without sorting
            assert apply.single_row(op.table, op) == _folded_row(uow, op)
            tables.add(op.table)
    assert {"organization", "stream", "need", "visit", "submission", "contact"} <= tables


@pytest.mark.parametrize("table, data", [
    ("stream", {"title": 'quote " and back\\slash', "waste_codes": ["170405", 'a"b', "x\\y", "tab\there"],
                "notes": "line\nbreak\x01", merge.DELETED: False}),
    ("stream", {"waste_codes": [], "title": "åäö ÆØ 💡", "material_category": "plastic.ldpe"}),
    ("organization", {"name": "Säffle", "municipality": "1785", "tags": ["a", "b"], merge.DELETED: True}),
    ("visit", {"answers.q1": "ja", "answers.q2": {"x": [1, 2]}, "answers.q3": None, "notes": None}),
    ("visit", {merge.DELETED: False, "answers.z": 3, "answers.a": "först"}),
    ("visit", {"notes": "no answers at all"}),
    ("visit", {"answers.q1": None}),
    ("idea", {"title": None}),
])
def test_direct_rows_of_awkward_values_equal_the_fold(tmp_path, table, data):
    spec = records.table(table)
    data = {k: v for k, v in data.items() if k in merge.SPECIAL or spec.has_field(k.partition(".")[0])}
    # Keys in any order (data_json None) and, for the same content, in canonical order with its text.
    unordered = merge.Operation(STAMP, table, "r-1", dict(reversed(list(data.items()))))
    text = canonical_json(data)
    ordered = merge.Operation(STAMP, table, "r-1", dict(sorted(data.items())), data_json=text)
    with open_app(tmp_path / "d") as app, app.uow() as uow:
        assert apply.single_row(table, unordered) == _folded_row(uow, unordered)
        assert apply.single_row(table, ordered) == _folded_row(uow, ordered)


@pytest.mark.parametrize("keys", [[], ["b", "a"], ['we"ird', "back\\", "ctl\x02", "ok"], ["å", "z"]])
def test_stamps_text_is_canonical_json(keys):
    expected = canonical_json(dict.fromkeys(keys, STAMP))
    assert apply.stamps_json(list(keys), STAMP) == expected
    assert apply.stamps_json(sorted(keys), STAMP, ordered=True) == expected


def test_a_first_import_leaves_what_recomputing_every_record_gives(demo_bundle, tmp_path):
    path, dump = demo_bundle
    with open_app(tmp_path / "target") as app:
        sync.import_bundles(app, [path])
        assert rec.dump(app) == dump
        with app.uow() as uow:
            for table, t in schema.RECORD_TABLES.items():
                before = [tuple(r) for r in uow.execute(t.select().order_by(t.c.id))]
                ids = [r[0] for r in before]
                for start in range(0, len(ids), 500):
                    uow._rematerialize_many(table, ids[start:start + 500])
                after = [tuple(r) for r in uow.execute(t.select().order_by(t.c.id))]
                assert after == before, table


def test_a_bulk_load_in_small_batches_rebuilds_every_index_and_folds_records_seen_again(tmp_path):
    """Records touched again in a later batch are read back by record: the log's index exists by then."""
    device = "3f9c2a7d1b6e4c50"
    ops = []
    for n in range(1, 9):
        stamp = f"{1764201600000 + n:015d}-00000-{device}"
        record = f"org-{n % 3}"
        ops.append(merge.Operation(stamp, "organization", record, {"name": f"Name {n}", "country": "SE"}, seq=n))
    with open_app(tmp_path / "bulk") as app:
        def indexes():
            with app.uow(write=False) as uow:
                return sorted(r[0] for r in uow.execute(sa.text(
                    "SELECT sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")))
        before = indexes()
        with app.uow() as uow:
            report = uow.apply_remote(ops, batch=2, bulk=True)
            uow.commit()
        assert indexes() == before
        assert report.new == {("organization", f"org-{k}") for k in range(3)}
        with app.uow(write=False) as uow:
            for k in range(3):
                last = max(n for n in range(1, 9) if n % 3 == k)
                assert uow.get("organization", f"org-{k}")["name"] == f"Name {last}"
