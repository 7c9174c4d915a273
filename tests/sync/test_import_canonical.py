"""Operations are stored as canonical JSON even when a bundle's lines are not canonical.

Readers must accept any valid JSON (docs/bundle-format.md §3). A large
bundle is read twice; the second read may take an operation's data text
straight from its line only when the first read found every line canonical.
"""

from __future__ import annotations

import itertools
import json

import sqlalchemy as sa
import sync_kit as kit

from cirkular_desktop.services.app import open_app
from cirkular_desktop.sync.bundle_reader import open_bundle
from cirkular_desktop.sync.merge import canonical_json

ROW = "22222222-2222-4222-8222-222222222222"


def _stored_data(tmp_path, ops_bytes: bytes, ops: list[dict]) -> dict[int, str]:
    data = kit.with_ops_bytes(ops_bytes, ops)
    with open_app(tmp_path / "target") as app, open_bundle(data, keep_ops=0) as bundle:   # streamed twice
        with app.uow() as uow:
            uow.apply_remote(itertools.chain.from_iterable(bundle.operations()))
            rows = uow.execute(sa.text("SELECT seq, data FROM op ORDER BY seq")).all()
            uow.commit()
    return {seq: text for seq, text in rows}


def test_data_keys_out_of_order_are_stored_canonically(tmp_path):
    ops = [kit.op(1, ROW, {"name": "Årjängs Såg", "country": "SE", "_deleted": False}),
           kit.op(2, ROW, {"notes": "spån", "name": "Årjängs Såg AB"})]
    first = kit.line(ops[0])
    # Canonical everywhere except the order of the keys inside "data".
    second = ('{"data":{"notes":"spån","name":"Årjängs Såg AB"},"row":"' + ROW + '","seen":{},"seq":2,'
              '"stamp":"' + ops[1]["stamp"] + '","table":"organization"}\n').encode()
    stored = _stored_data(tmp_path, first + second, ops)
    assert stored == {1: canonical_json(ops[0]["data"]), 2: canonical_json(ops[1]["data"])}


def test_spaced_lines_are_stored_canonically(tmp_path):
    ops = [kit.op(1, ROW, {"name": "Eda Plast", "country": "SE", "_deleted": False}),
           kit.op(2, ROW, {"roles": ["supplier", "receiver"], "notes": "Film och spill"})]
    lines = b"".join((json.dumps(o, ensure_ascii=False) + "\n").encode() for o in ops)
    stored = _stored_data(tmp_path, lines, ops)
    assert stored == {1: canonical_json(ops[0]["data"]), 2: canonical_json(ops[1]["data"])}
