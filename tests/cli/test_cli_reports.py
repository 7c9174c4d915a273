"""``cirkular report visit|project`` and ``cirkular export-table``: files, languages, refusals."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "reports"))

from openpyxl import load_workbook  # noqa: E402
from report_samples import make_database, text_of  # noqa: E402

from cirkular_desktop.services.app import open_app  # noqa: E402


@pytest.fixture
def ids(data_dir):
    with open_app(data_dir) as app:
        return make_database(app)


def test_report_visit_writes_the_summary_in_the_participants_language(cli, ids, tmp_path):
    out = tmp_path / "besök.pdf"
    result = cli("report", "visit", ids["no_visit"], "-o", str(out))
    assert result.code == 0, result
    assert str(out) in result.out
    assert "Side 1 av" in text_of(out.read_bytes())


def test_report_visit_language_and_short_id(cli, ids, tmp_path):
    out = tmp_path / "v.pdf"
    assert cli("report", "visit", ids["no_visit"][:8], "-o", str(out), "--lang", "sv").code == 0
    assert "Sida 1 av" in text_of(out.read_bytes())
    # The global --lang chooses the document's language too.
    assert cli("report", "visit", ids["no_visit"], "-o", str(out), lang="en").code == 0
    assert "Page 1 of" in text_of(out.read_bytes())


def test_report_project(cli, ids, tmp_path):
    out = tmp_path / "rapport.pdf"
    result = cli("report", "project", "-o", str(out), lang="sv")
    assert result.code == 0, result
    text = text_of(out.read_bytes())
    assert "Sida 1 av" in text and "Säffle Snickeri AB" in text


@pytest.mark.parametrize("args, word", [
    (("report", "visit", "nosuch", "-o", "x.pdf"), "nosuch"),
    (("report", "visit", "ID", "-o", "x.txt"), "x.txt"),
    (("report", "project", "-o", "rapport.docx"), "rapport.docx"),
    (("export-table", "stream", "-o", "s.ods"), "s.ods"),
    (("export-table", "nosuch", "-o", "s.csv"), "nosuch"),
])
def test_bad_input_is_refused_with_one_line_and_nothing_written(cli, ids, tmp_path, monkeypatch, args, word):
    monkeypatch.chdir(tmp_path)
    result = cli(*args)
    assert result.code == 1, result
    assert result.err.count("\n") == 1 and word in result.err
    assert [p.name for p in tmp_path.iterdir() if p.name != "data"] == []


def test_usage_errors_exit_2(cli, ids):
    assert cli("report").code == 2
    assert cli("report", "visit", "x").code == 2                    # -o is required
    assert cli("report", "project", "-o", "x.pdf", "--lang", "fi").code == 2
    assert cli("export-table", "stream").code == 2


def test_export_table_xlsx_and_csv(cli, ids, tmp_path):
    xlsx, csv_file = tmp_path / "strömmar.xlsx", tmp_path / "strömmar.csv"
    assert cli("export-table", "stream", "-o", str(xlsx), lang="nb").code == 0
    sheet = load_workbook(xlsx).active
    assert sheet.max_row == 1 + 4 and sheet.freeze_panes == "A2"
    assert cli("export-table", "organization", "-o", str(csv_file), lang="sv").code == 0
    text = csv_file.read_bytes()
    assert text.startswith(b"\xef\xbb\xbf") and "Säffle Snickeri AB".encode() in text


def test_report_project_for_a_period_warns_about_the_missing_programme_logo(cli, ids, tmp_path):
    whole, autumn = tmp_path / "alla.pdf", tmp_path / "hosten.pdf"
    assert cli("report", "project", "-o", str(whole), lang="sv").code == 0
    result = cli("report", "project", "-o", str(autumn), "--from", "2026-11-01", "--to", "2026-11-30", lang="sv")
    assert result.code == 0 and "varning:" in result.err and "logotyp" in result.err
    assert "1 november 2026 – 30 november 2026" in text_of(autumn.read_bytes())
    assert "Marker Sag AS" in text_of(whole.read_bytes()) and "Marker Sag AS" not in text_of(autumn.read_bytes())
    refused = cli("report", "project", "-o", str(tmp_path / "x.pdf"), "--from", "2026-12-01", "--to", "2026-01-01")
    assert refused.code == 1 and refused.err.count("\n") == 1 and "--from" in refused.err
    assert not (tmp_path / "x.pdf").exists()


def test_export_submission_latest_and_the_workbook(cli, ids, tmp_path):
    out = tmp_path / "svar.xlsx"
    assert cli("export-table", "submission", "--latest", "-o", str(out), lang="sv").code == 0
    assert load_workbook(out).active["A1"].value == "ID"
    refused = cli("export-table", "stream", "--latest", "-o", str(tmp_path / "s.xlsx"))
    assert refused.code == 1 and "--latest" in refused.err and not (tmp_path / "s.xlsx").exists()
    book = tmp_path / "allt.xlsx"
    result = cli("export-workbook", "-o", str(book), lang="nb")
    assert result.code == 0 and str(book) in result.out
    assert "Organisasjoner" in load_workbook(book).sheetnames
    assert cli("export-workbook", "-o", str(tmp_path / "allt.csv")).code == 1
    assert cli("export-workbook").code == 2


def test_files_are_saved_with_the_users_normal_permissions(cli, ids, tmp_path):
    import os
    import stat

    previous = os.umask(0o022)
    try:
        out = tmp_path / "v.pdf"
        assert cli("report", "visit", ids["se_visit"], "-o", str(out)).code == 0
        assert stat.S_IMODE(out.stat().st_mode) == 0o644
    finally:
        os.umask(previous)
