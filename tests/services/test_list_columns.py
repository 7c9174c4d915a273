"""One definition of what a list shows: the fields marked ``listed`` in core.records (plus computed columns).

The GUI's lists and the CLI's ``list`` take their columns from
``services.browse.columns``, which derives them from ``core.records``; a field
marked ``listed`` appears in both, and nothing else decides.
"""

from __future__ import annotations

import dataclasses

import pytest

from cirkular_desktop.core import records
from cirkular_desktop.services import browse, records as record_services


@pytest.mark.parametrize("table", browse.LISTED)
def test_every_list_column_comes_from_a_listed_field_or_a_computed_column(table):
    spec = records.table(table)
    computed = {c.key for _after, c in browse.COMPUTED.get(table, ())}
    listed = {browse.ref_key(f) if f.kind == records.REF else f.name for f in spec.fields if f.listed}
    keys = [c.key for c in browse.columns(table)]
    assert set(keys) == listed | computed and len(keys) == len(set(keys))
    assert keys[0] == (spec.title_field if spec.field(spec.title_field).listed else keys[0])
    assert sum(c.stretch for c in browse.columns(table)) == 1


def test_every_cli_table_has_columns():
    for table in records.CLI_TABLES:
        assert browse.columns(table), table


def test_marking_a_field_listed_adds_the_column_everywhere(monkeypatch):
    stream = records.TABLES["stream"]
    fields = tuple(dataclasses.replace(f, listed=True) if f.name == "hauler" else f for f in stream.fields)
    monkeypatch.setitem(records.TABLES, "stream", dataclasses.replace(stream, fields=fields))
    assert "hauler" in [c.key for c in browse._columns_of("stream")]


@pytest.mark.parametrize("table", ["organization", "stream", "visit", "match"])
def test_the_cli_table_shows_the_list_columns(app, cli, table):
    org = record_services.add_record(app, "organization", {"name": "Säffle Snickeri AB", "country": "SE",
                                                           "org_number": "5560360793"}).value
    stream = record_services.add_record(app, "stream", {"organization_id": org, "title": "Spån från hyvling",
                                                        "quantity": "12.5", "unit": "t"}).value
    need = record_services.add_record(app, "need", {"organization_id": org, "title": "Flis"}).value
    record_services.add_record(app, "match", {"stream_id": stream, "need_id": need, "title": "Spån till flis"},
                               allow_internal=True)
    from cirkular_desktop.services import visits

    visits.start_visit(app, org, date="2026-11-26")
    done = cli("list", table)
    assert done.code == 0, done.err
    header = done.out.splitlines()[0]
    for column in browse.columns(table):
        from cirkular_desktop.i18n import gettext as _

        assert _(column.label) in header
    if table == "stream":
        assert "12.5 t per year" in done.out and "Säffle Snickeri AB" in done.out
    if table == "organization":
        assert "556036-0793" in done.out
