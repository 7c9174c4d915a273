"""The unit of work: every write is logged as an operation in the same transaction."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from cirkular_desktop.errors import NotFoundError


def _ops(app):
    with app.uow(write=False) as uow:
        return uow.execute(sa.text("SELECT stamp, device, seq, tbl, row_id, data, seen FROM op ORDER BY seq")).all()


def test_create_update_delete_are_logged(app):
    with app.uow() as uow:
        org = uow.create("organization", {"name": "A", "country": "SE"})
        uow.commit()
    with app.uow() as uow:
        assert uow.update("organization", org, {"name": "B", "country": "SE"}) == {"name"}
        uow.commit()
    with app.uow() as uow:
        uow.delete("organization", org)
        uow.commit()
    ops = _ops(app)
    assert [o.seq for o in ops] == [1, 2, 3]
    assert [o.stamp for o in ops] == sorted(o.stamp for o in ops)
    assert json.loads(ops[1].data) == {"name": "B"}
    assert json.loads(ops[1].seen) == {"name": [ops[0].stamp]}
    assert json.loads(ops[2].data) == {"_deleted": True}
    with app.uow(write=False) as uow:
        assert uow.get("organization", org) is None
        assert uow.get("organization", org, include_deleted=True)["deleted"] is True


def test_uncommitted_work_is_rolled_back_with_its_operations(app):
    with app.uow() as uow:
        uow.create("organization", {"name": "A", "country": "SE"})
    assert _ops(app) == []
    with pytest.raises(RuntimeError):
        with app.uow() as uow:
            uow.create("organization", {"name": "A", "country": "SE"})
            raise RuntimeError("crash in the middle of a use case")
    assert _ops(app) == []


def test_clock_and_sequence_persist_across_units_of_work(app):
    for name in ("A", "B"):
        with app.uow() as uow:
            uow.create("organization", {"name": name, "country": "NO"})
            uow.commit()
    ops = _ops(app)
    assert [o.seq for o in ops] == [1, 2] and ops[0].stamp < ops[1].stamp


def test_map_fields_sync_per_key(app):
    with app.uow() as uow:
        org = uow.create("organization", {"name": "A", "country": "SE"})
        visit = uow.create("visit", {"organization_id": org, "date": "2026-01-02", "answers": {"a": 1}})
        uow.commit()
    with app.uow() as uow:
        uow.update("visit", visit, {"answers": {"a": 1, "b": "x"}})
        uow.update("visit", visit, {"answers": {"b": "x"}})
        uow.commit()
    data = [json.loads(o.data) for o in _ops(app)][-2:]
    assert data == [{"answers.b": "x"}, {"answers.a": None}]
    with app.uow(write=False) as uow:
        assert uow.get("visit", visit)["answers"] == {"b": "x"}


def test_full_text_search_finds_word_prefixes(app):
    with app.uow() as uow:
        uow.create("organization", {"name": "Säffle Snickeri AB", "country": "SE"})
        uow.create("organization", {"name": "Rakkestad Trelast AS", "country": "NO"})
        uow.commit()
    with app.uow(write=False) as uow:
        assert [r["name"] for r in uow.select("organization", search="säf")] == ["Säffle Snickeri AB"]
        assert [r["name"] for r in uow.select("organization", search="SNICK säffle")] == ["Säffle Snickeri AB"]
        assert uow.select("organization", search="trelast rakke")[0]["country"] == "NO"
        assert uow.select("organization", search='"; DROP TABLE op; --') == []


def test_require_unknown_id(app):
    with app.uow(write=False) as uow, pytest.raises(NotFoundError, match="no record"):
        uow.require("stream", "00000000-0000-4000-8000-000000000000")


def test_erase_purges_values_from_the_log(app):
    with app.uow() as uow:
        org = uow.create("organization", {"name": "A", "country": "SE"})
        contact = uow.create("contact", {"organization_id": org, "name": "Anna Berg", "phone": "070 123"})
        uow.commit()
    with app.uow() as uow:
        uow.erase("contact", contact, ["name", "phone"])
        uow.commit()
    raw = " ".join(o.data for o in _ops(app))
    assert "Anna" not in raw and "070 123" not in raw
    with app.uow(write=False) as uow:
        record = uow.get("contact", contact)
        assert record["name"] is None and record["erased"] is True


def test_erased_values_do_not_linger_in_the_database_file(app):
    from cirkular_desktop.services import records as services

    org = services.add_record(app, "organization", {"name": "A", "country": "SE"}).value
    contact = services.add_record(app, "contact", {"organization_id": org, "name": "Zebulon Quixotesson",
                                                   "email": "zebulon@example.se"}).value
    services.set_record(app, "contact", contact, {"name": "Zebulon Q. Quixotesson"})
    services.erase_contact(app, contact)
    app.close()
    raw = b"".join(p.read_bytes() for p in app.paths.data_dir.glob("cirkular.sqlite*"))
    assert b"Quixotesson" not in raw and b"zebulon@" not in raw
