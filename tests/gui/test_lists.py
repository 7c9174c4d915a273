"""Lists: filter as you type through the full-text index, sorting in SQL, record counts, paging, detail pane."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from cirkular_desktop.gui import models
from cirkular_desktop.services import browse, records

CTRL = Qt.KeyboardModifier.ControlModifier


def test_typing_filters_after_a_short_pause(window, ctx, filled_app, qtbot):
    window.show_page("organization")
    page = window.list_pages["organization"]
    page.refresh()
    everything = page.model.total
    QTest.keyClick(window, Qt.Key.Key_F, CTRL)
    assert page.search.hasFocus()
    qtbot.keyClicks(page.search, "skipt")  # QTest types ASCII only; "säf" is tested on the model below
    assert page.model.search == ""  # debounced: nothing queried while typing
    qtbot.waitUntil(lambda: page.model.search == "skipt", timeout=2000)
    expected = browse.count(filled_app, "organization", search="skipt")
    assert 0 < page.model.total == expected < everything
    assert all("Skiptvet" in r["name"] or r["municipality"] == "NO-3116" for r in page.model.rows)
    assert page.count_label.text().startswith(str(expected))
    page.model.set_search("säf")
    assert page.model.total == browse.count(filled_app, "organization", search="säf") > 0
    page.search.clear()
    qtbot.waitUntil(lambda: page.model.total == everything, timeout=2000)


def test_filter_matches_word_prefixes_in_derived_text(ctx, filled_app):
    model = models.RecordListModel(ctx, "stream")
    model.reload()
    model.set_search("17 02 01")  # a waste code as people write it, with spaces
    while model.canFetchMore():
        model.fetchMore()
    found = {row["id"] for row in model.rows}
    with_code = {r["id"] for r in records.list_records(filled_app, "stream") if "170201" in (r["waste_codes"] or [])}
    assert with_code and with_code <= found
    for row in model.rows:  # every typed word starts a word of the record
        words = " ".join(f"{c[:2]} {c[2:4]} {c[4:]}" for c in row["waste_codes"] or []).split()
        assert {"17", "02", "01"} <= set(words) or row["title"]


def test_no_hits_shows_an_empty_list_not_the_first_run_text(window, ctx, filled_app, qtbot):
    page = window.list_pages["organization"]
    page.search.setText("xyzzyqq")
    page.apply_filter()
    assert page.model.total == 0
    assert page.stack.currentWidget() is page.view
    assert page.count_label.text().startswith("0")


def test_clicking_a_header_sorts_in_sql(window, ctx, filled_app, qtbot):
    window.show_page("stream")
    page = window.list_pages["stream"]
    column = [c.key for c in page.model.columns].index("tonnes_per_year")
    header = page.view.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=header.rect().center().__class__(x, 5))
    first = page.model.sort_key, page.model.descending
    assert first[0] == "tonnes_per_year"
    values = [r["tonnes_per_year"] for r in page.model.rows if r["tonnes_per_year"] is not None]
    assert values == sorted(values, reverse=first[1])
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=header.rect().center().__class__(x, 5))
    assert page.model.descending != first[1]
    values = [r["tonnes_per_year"] for r in page.model.rows if r["tonnes_per_year"] is not None]
    assert values == sorted(values, reverse=page.model.descending)


def test_rows_arrive_in_pages(ctx, filled_app):
    model = models.RecordListModel(ctx, "stream", page_size=100)
    model.reload()
    total = browse.count(filled_app, "stream")
    assert model.rowCount() == 100 and model.total == total
    assert model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == 200
    while model.canFetchMore():
        model.fetchMore()
    assert model.rowCount() == total
    assert len({r["id"] for r in model.rows}) == total


def test_cells_are_formatted_in_the_language(ctx, app):
    from cirkular_desktop import i18n

    org = records.add_record(app, "organization", {"name": "Skiptvet Sag AS", "country": "NO",
                                                    "org_number": "988077917"}).value
    records.add_record(app, "stream", {"organization_id": org, "title": "Bark", "quantity": "1234.5",
                                       "unit": "t", "basis": "per_year"})
    model = models.RecordListModel(ctx, "stream")
    model.reload()
    col = [c.key for c in model.columns]
    i18n.set_language("sv")
    model.retranslate()
    assert model.data(model.index(0, col.index("quantity"))) == "1\u00a0234,5 t per år"
    assert model.data(model.index(0, col.index("organization"))) == "Skiptvet Sag AS"
    orgs = models.RecordListModel(ctx, "organization")
    orgs.reload()
    assert orgs.data(orgs.index(0, [c.key for c in orgs.columns].index("org_number"))) == "988 077 917"


def test_selecting_a_row_shows_its_details(window, ctx, filled_app, qtbot):
    window.show_page("stream")
    page = window.list_pages["stream"]
    page.view.selectRow(2)
    detail = window.details["stream"]
    record = records.get_record(filled_app, "stream", page.model.rows[2]["id"])
    assert detail.record["id"] == record["id"]
    assert detail.title.text() == record["title"]
    qtbot.mouseClick(detail.org_button, Qt.MouseButton.LeftButton)
    assert window.editor is not None and window.editor.organization_id == record["organization_id"]


def test_time_filter_hook_measures_a_keystroke(ctx, filled_app):
    model = models.RecordListModel(ctx, "stream")
    model.reload()
    seconds = models.time_filter(model, "trä")
    assert seconds > 0
    assert model.search == "trä" and model.total == browse.count(filled_app, "stream", search="trä")


def test_fast_number_format_matches_babel():
    from decimal import Decimal

    from cirkular_desktop import i18n

    values = [Decimal("0"), Decimal("0.0015"), Decimal("1234.5"), Decimal("9.9995"), Decimal("1000000"),
              Decimal("31.25"), 17, Decimal("-2.5")]
    for lang in ("sv", "nb", "en"):
        i18n.set_language(lang)
        for value in values:
            for places in (2, 3):
                assert models.number(value, places) == i18n.format_decimal(Decimal(str(value)), max_fraction=places)


def test_a_one_letter_filter_counts_up_to_a_cap(ctx, filled_app, monkeypatch):
    monkeypatch.setattr(models, "COUNT_CAP", 50)
    model = models.RecordListModel(ctx, "stream", page_size=40)
    model.set_search("a")
    assert model.capped and model.total == 50
    assert browse.count(filled_app, "stream", search="a") > 50
    from cirkular_desktop.gui.list_page import count_text

    assert count_text("stream", model.total, True, model.capped) == "more than 50 found"
    fetched = 0
    while model.canFetchMore() and fetched < 20:
        model.fetchMore()
        fetched += 1
    assert model.rowCount() == browse.count(filled_app, "stream", search="a")


def test_details_leave_out_a_unit_or_cost_basis_without_its_amount(window, app):
    """'Cost basis: per year' under a stream with no cost only raises the question which cost."""
    from PySide6.QtWidgets import QLabel

    org = records.add_record(app, "organization", {"name": "Sunne Bageri AB", "country": "SE"}).value
    plain = records.add_record(app, "stream", {"organization_id": org, "title": "Brödsvinn"}).value
    costed = records.add_record(app, "stream", {"organization_id": org, "title": "Mjölsäckar", "quantity": "2", "unit": "t",
                                                "handling_cost": "1200", "handling_cost_currency": "SEK"}).value
    detail = window.details["stream"]

    def captions():
        return {w.text() for w in detail.findChildren(QLabel, "fieldCaption") if not w.isHidden()}

    detail.show_record(plain)
    assert not captions() & {"Unit", "Basis", "Quantity is an estimate", "Cost basis", "Currency of handling cost"}
    detail.show_record(costed)
    assert {"Unit", "Basis", "Cost basis", "Currency of handling cost"} <= captions()
