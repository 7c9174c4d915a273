"""The read path's record queries (``store.queries``) return what the unit of work returns."""

from __future__ import annotations

import pytest

from cirkular_desktop.core import records as spec
from cirkular_desktop.services import demo, records
from cirkular_desktop.store import queries


@pytest.fixture(scope="module")
def filled(tmp_path_factory):
    from cirkular_desktop.services.app import open_app

    app = open_app(tmp_path_factory.mktemp("queries") / "data")
    demo.add_demo(app, seed=3, scale=1)
    gone = records.add_record(app, "organization", {"name": "Borta AB", "country": "SE"}).value
    records.remove_record(app, "organization", gone)
    yield app
    app.close()


@pytest.mark.parametrize("table", sorted(spec.TABLES))
def test_select_matches_the_unit_of_work(filled, table):
    with filled.uow(write=False) as uow, filled.snapshot() as conn:
        assert queries.select_records(conn, table) == uow.select(table)
        assert queries.select_records(conn, table, include_deleted=True) == uow.select(table, include_deleted=True)
        assert queries.count_records(conn, table) == uow.count(table)
        rows = uow.select(table, limit=3, offset=2, descending=True)
        assert queries.select_records(conn, table, limit=3, offset=2, descending=True) == rows
        for row in rows:
            assert queries.get_record(conn, table, row["id"]) == uow.get(table, row["id"])


@pytest.mark.parametrize("table, search", [("organization", "säf"), ("stream", "spån"), ("stream", "03 01"),
                                           ("need", "flis"), ("contact", "a"), ("attachment", "jpg")])
def test_search_and_where_match_the_unit_of_work(filled, table, search):
    with filled.uow(write=False) as uow, filled.snapshot() as conn:
        assert queries.select_records(conn, table, search=search) == uow.select(table, search=search)
        assert queries.count_records(conn, table, search=search) == uow.count(table, search=search)
        some = uow.select(table, limit=1)
        if some and table in ("stream", "need", "contact"):
            where = {"organization_id": some[0]["organization_id"]}
            assert queries.select_records(conn, table, where=where) == uow.select(table, where=where)


def test_ids_by_their_first_characters(filled):
    organizations = records.list_records(filled, "organization")
    first = organizations[0]["id"]
    with filled.snapshot() as conn:
        assert queries.ids_starting_with(conn, "organization", first[:8]) == [first]
        assert queries.ids_starting_with(conn, "organization", "zzzz") == []
        assert len(queries.ids_starting_with(conn, "organization", "", limit=2)) == 2
    with filled.uow(write=False) as uow:
        gone = [r["id"] for r in uow.select("organization", include_deleted=True) if r["deleted"]]
    with filled.snapshot() as conn:  # a removed record is not found by its prefix
        assert len(gone) == 1 and queries.ids_starting_with(conn, "organization", gone[0][:12]) == []
