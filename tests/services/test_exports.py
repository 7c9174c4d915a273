"""Spreadsheet exports: XLSX read back with openpyxl matches ``dump``; CSV opens in Excel."""

from __future__ import annotations

import csv
import datetime as _dt
import io
import json
import sys
from decimal import Decimal
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "reports"))

from openpyxl import load_workbook  # noqa: E402
from report_samples import make_database  # noqa: E402

from cirkular_desktop import i18n  # noqa: E402
from cirkular_desktop.core import materials, municipalities, records, units, wastecodes  # noqa: E402
from cirkular_desktop.errors import ValidationError  # noqa: E402
from cirkular_desktop.services import exports  # noqa: E402
from cirkular_desktop.services import records as record_services  # noqa: E402


@pytest.fixture
def ids(app):
    made = make_database(app)
    record_services.add_record(app, "stream", {"organization_id": made["se"], "title": "=HYPERLINK(\"x\")",
                                               "available_from": "2027-03-01"})
    record_services.remove_record(app, "need", record_services.add_record(app, "need", {
        "organization_id": made["se"], "title": "Borttagen"}).value)
    return made


def _expected(table: str, f: records.Field, value, dump_tables) -> object:
    """What a cell must hold for a dumped value, worked out here independently of the exporter."""
    if value in (None, "", []):
        return None
    kind = f.kind
    if kind == records.DECIMAL:
        return Decimal(value)
    if kind == records.INT:
        return int(value)
    if kind == records.DATE:
        return _dt.datetime.fromisoformat(value)        # openpyxl reads dates back as datetimes
    if kind == records.BOOL:
        return bool(value)
    if kind in (records.CHOICE, records.LANGUAGE):
        return f.choice_label(value)
    if kind == records.MATERIAL:
        return materials.get(value).path_name()
    if kind == records.MUNICIPALITY:
        return municipalities.get(value).name
    if kind == records.UNIT:
        return units.get(value).display()
    if kind == records.MULTI:
        return ", ".join(f.choice_label(v) for v in value)
    if kind == records.WASTECODE:
        return wastecodes.format_code(value)
    if kind == records.WASTECODES:
        return ", ".join(wastecodes.format_code(c) for c in value)
    if kind == records.REF:
        target = records.table(f.ref)
        row = next(r for r in dump_tables[f.ref] if r["id"] == value)
        return str(row[target.title_field])
    if kind == records.TAGS:
        return ", ".join(value)
    return value


@pytest.mark.parametrize("table", ["stream", "organization", "visit", "need", "match", "contact", "idea"])
def test_xlsx_read_back_matches_dump(app, ids, tmp_path, table):
    i18n.set_language("sv")
    path = exports.export_table(app, table, tmp_path / f"{table}.xlsx")
    dumped = json.loads(record_services.dump(app))["tables"]
    live = [r for r in dumped[table] if not r.get("deleted")]
    sheet = load_workbook(path).active
    rows = list(sheet.iter_rows(values_only=True))
    fields = exports.export_fields(table)
    assert rows[0] == ("ID", *(i18n.gettext(f.label) for f in fields))
    assert sheet.freeze_panes == "A2"
    by_id = {row[0]: row for row in rows[1:]}
    assert set(by_id) == {r["id"] for r in live}                    # deleted records left out
    for record in live:
        row = by_id[record["id"]]
        for column, f in enumerate(fields, start=1):
            expected = _expected(table, f, record.get(f.name), dumped)
            got = row[column]
            if f.kind == records.TEXT and isinstance(expected, str) and expected.startswith("="):
                expected = "'" + expected                              # never a live formula
            if isinstance(expected, Decimal):
                assert isinstance(got, (int, float)) and Decimal(str(got)) == expected, (f.name, got)
            else:
                assert got == expected, (table, f.name, got, expected)


def test_xlsx_has_typed_cells_and_sensible_widths(app, ids, tmp_path):
    path = exports.export_table(app, "stream", tmp_path / "s.xlsx")
    sheet = load_workbook(path).active
    header = [c.value for c in sheet[1]]
    quantity = header.index("Quantity") + 1
    available = header.index("Available from") + 1
    cells = [sheet.cell(row=r, column=quantity) for r in range(2, sheet.max_row + 1)]
    assert any(c.data_type == "n" and c.value == 12.5 for c in cells)
    dates = [sheet.cell(row=r, column=available) for r in range(2, sheet.max_row + 1)]
    assert any(c.is_date and c.value == _dt.datetime(2027, 3, 1) for c in dates)
    widths = [sheet.column_dimensions[c.column_letter].width for c in sheet[1]]
    assert all(exports.MIN_WIDTH <= w <= exports.MAX_WIDTH for w in widths)
    assert sheet.auto_filter.ref


def test_csv_is_utf8_with_bom_and_follows_the_language(app, ids, tmp_path):
    i18n.set_language("sv")
    path = exports.export_table(app, "stream", tmp_path / "s.csv")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw[3:].decode("utf-8")), delimiter=";"))
    assert rows[0][0] == "ID" and i18n.gettext("Title") in rows[0]
    titles = {row[rows[0].index(i18n.gettext("Title"))] for row in rows[1:]}
    assert {"Spån från hyvling", "Kasserade lastpallar", "'=HYPERLINK(\"x\")"} <= titles
    assert "12,5" in {row[rows[0].index(i18n.gettext("Quantity"))] for row in rows[1:]}
    i18n.set_language("en")
    english = exports.export_table(app, "organization", tmp_path / "o.csv").read_bytes()[3:].decode("utf-8")
    rows = list(csv.reader(io.StringIO(english)))
    assert rows[0][:3] == ["ID", "Name", "Country"]
    assert {"Säffle Snickeri AB", "Marker Sag AS"} <= {row[1] for row in rows[1:]}


def test_other_extensions_and_tables_are_refused_and_nothing_is_written(app, ids, tmp_path):
    with pytest.raises(ValidationError, match=r"\.xlsx or \.csv"):
        exports.export_table(app, "stream", tmp_path / "s.ods")
    with pytest.raises(ValidationError, match="nosuch"):
        exports.export_table(app, "nosuch", tmp_path / "s.csv")
    assert not (tmp_path / "s.ods").exists() and not (tmp_path / "s.csv").exists()
