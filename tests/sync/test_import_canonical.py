"""Operation lines must be canonical JSON, and are stored as they came (docs/bundle-format.md §3).

A line that is valid JSON but not canonical (keys out of order, spaces,
needless escapes) is refused with one sentence naming the file and line:
canonical JSON gives every operation one byte form, so two copies of it can
be compared byte for byte. A large bundle is read twice; the second read
takes each operation's data text straight from its line.
"""

from __future__ import annotations

import itertools
import json

import pytest
import sqlalchemy as sa
import sync_kit as kit

from cirkular_desktop.errors import BundleError
from cirkular_desktop.replication.merge import canonical_json
from cirkular_desktop.services.app import open_app
from cirkular_desktop.sync.bundle_reader import open_bundle

ROW = "22222222-2222-4222-8222-222222222222"


def _stored_data(tmp_path, ops_bytes: bytes, ops: list[dict]) -> dict[int, str]:
    data = kit.with_ops_bytes(ops_bytes, ops)
    with open_app(tmp_path / "target") as app, open_bundle(data, keep_ops=0) as bundle:   # streamed twice
        with app.uow() as uow:
            uow.apply_remote(itertools.chain.from_iterable(bundle.operations()))
            rows = uow.execute(sa.text("SELECT seq, data FROM op ORDER BY seq")).all()
            uow.commit()
    return {seq: text for seq, text in rows}


def _ops() -> list[dict]:
    return [kit.op(1, ROW, {"name": "Årjängs Såg", "country": "SE", "_deleted": False}),
            kit.op(2, ROW, {"roles": ["supplier", "receiver"], "notes": "Film och spån"})]


def test_canonical_lines_are_stored_as_their_data_text(tmp_path):
    ops = _ops()
    stored = _stored_data(tmp_path, b"".join(kit.line(o) for o in ops), ops)
    assert stored == {1: canonical_json(ops[0]["data"]), 2: canonical_json(ops[1]["data"])}


@pytest.mark.parametrize("keep", [0, 5000], ids=["streamed", "kept"])
@pytest.mark.parametrize("spell", [
    lambda o: json.dumps(o, ensure_ascii=False) + "\n",                                   # spaces
    lambda o: json.dumps(o, sort_keys=True, ensure_ascii=True, separators=(",", ":")) + "\n",   # \u escapes
    lambda o: ('{"data":{"notes":"spån","name":"Årjängs Såg AB"},"row":"' + ROW + '","seen":{},"seq":2,'
               '"stamp":"' + o["stamp"] + '","table":"organization"}\n'),               # data keys unsorted
], ids=["spaces", "ascii escapes", "unsorted keys"])
def test_a_line_that_is_not_canonical_is_refused(spell, keep):
    ops = _ops()
    data = kit.with_ops_bytes(kit.line(ops[0]) + spell(ops[1]).encode("utf-8"), ops)
    with pytest.raises(BundleError) as refused:
        open_bundle(data, name="b.cirkular", keep_ops=keep).close()
    assert str(refused.value).startswith("b.cirkular, line 2: ")
    assert "canonical JSON" in str(refused.value)
