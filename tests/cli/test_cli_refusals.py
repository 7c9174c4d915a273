"""What a coordinator trips over at the command line: id prefixes, odd bytes, ``-o`` files, help.

Every refusal: exit 1, one line on stderr naming the field or file, nothing changed.
"""

from __future__ import annotations

from collections import defaultdict

import pytest
from openpyxl import load_workbook


def _refused(cli, *args, named: str, lang: str | None = None):
    before = cli("dump").out
    result = cli(*args, lang=lang)
    assert result.code == 1, result
    lines = result.err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("cirkular: ") and named in lines[0], result
    assert "Traceback" not in result.err
    assert cli("dump").out == before
    return lines[0]


@pytest.fixture
def org(cli):
    return cli("add", "organization", "name=Säffle Snickeri AB", "country=SE").out.strip()


def test_references_take_the_short_id_that_list_prints(cli, org):
    visit = cli("add", "visit", f"organization_id={org[:8]}", "date=2026-03-02").out.strip()
    stream = cli("add", "stream", f"organization_id={org[:8]}", "title=Spån", f"visit_id={visit[:6]}")
    assert stream.code == 0, stream
    record = cli("show", "stream", stream.out.strip()[:8], "--format", "json").out
    assert f'"organization_id": "{org}"' in record and f'"visit_id": "{visit}"' in record
    assert cli("set", "stream", stream.out.strip()[:8], f"visit_id={visit[:8].upper()}").code == 0


def test_a_prefix_of_several_ids_is_refused_by_name(cli):
    by_first: dict[str, list[str]] = defaultdict(list)
    for n in range(17):  # 17 ids over 16 hex digits: two share their first character
        by_first[cli("add", "organization", f"name=Org {n}", "country=NO").out.strip()[0]].append("x")
    shared = next(first for first, ids in by_first.items() if len(ids) > 1)
    line = _refused(cli, "add", "contact", f"organization_id={shared}", "name=Kari", named="organization_id")
    assert "more than one" in line
    _refused(cli, "show", "organization", shared, named=shared)
    assert "mer än ett" in _refused(cli, "remove", "organization", shared, named=shared, lang="sv")


def test_bytes_that_are_not_utf8_are_refused(cli, org):
    # Python hands undecodable argument bytes over as lone surrogates.
    _refused(cli, "add", "organization", "name=Bad\udcff\udcfeName", "country=NO", named="name=Bad")
    _refused(cli, "list", "organization", "--search", "Bad\udcff", named="Bad")
    _refused(cli, "set", "organization", org, "notes=\udce9", named="notes")


@pytest.mark.parametrize("value", ["Evil\x1b[31mRed", "Bell\x07", "Del\x7fete", "C1\x85mid"])
def test_control_characters_are_refused(cli, org, value):
    line = _refused(cli, "set", "organization", org, f"name={value}", named="organization.name")
    assert "U+" in line


def test_tabs_and_line_breaks_stay_allowed_where_they_belong(cli, org):
    assert cli("set", "organization", org, "notes=first line\n\tsecond line").code == 0
    _refused(cli, "set", "organization", org, "name=two\nlines", named="organization.name")


def test_spreadsheet_export_drops_control_characters_of_older_data(cli, org, data_dir, tmp_path):
    from cirkular_desktop.services.app import open_app

    with open_app(data_dir) as app, app.uow() as uow:   # as an older version or another device wrote it
        uow.update("organization", org, {"notes": "bell\x07 and escape\x1b[0m"})
        uow.commit()
    out = tmp_path / "orgs.xlsx"
    result = cli("export-table", "organization", "-o", str(out))
    assert result.code == 0, result
    values = [cell for row in load_workbook(out).active.iter_rows(values_only=True) for cell in row]
    assert "bell and escape[0m" in values


def test_output_files_are_checked_before_anything_is_written(cli, org, data_dir, tmp_path):
    missing = tmp_path / "no-such-folder"
    for args in (("report", "project", "-o", str(missing / "r.pdf")),
                 ("export-table", "stream", "-o", str(missing / "s.csv")),
                 ("backup", "-o", str(missing / "b.sqlite"))):
        _refused(cli, *args, named=str(missing))
    assert not missing.exists()
    _refused(cli, "backup", "-o", str(tmp_path), named=str(tmp_path))
    a_file = tmp_path / "plain.txt"
    a_file.write_text("x")
    _refused(cli, "report", "project", "-o", str(a_file / "r.pdf"), named=str(a_file))


def test_backup_never_overwrites_the_live_database(cli, org, data_dir):
    database = data_dir / "cirkular.sqlite"
    before = database.stat().st_mtime_ns
    _refused(cli, "backup", "-o", str(database), named="cirkular.sqlite")
    _refused(cli, "backup", "-o", str(data_dir / "." / "cirkular.sqlite-wal"), named="cirkular.sqlite-wal")
    assert database.stat().st_mtime_ns == before
    assert cli("check").code == 0


def test_list_ends_with_a_count_line_in_plain_words(cli, org):
    assert cli("list", "organization").out.splitlines()[-1] == "Organizations: 1"
    assert cli("list", "stream", lang="sv").out.splitlines()[-1] == "Restströmmar: 0"


@pytest.mark.parametrize("lang, fields_heading", [("en", "Fields of each table"), ("sv", "Fält i varje tabell"),
                                                  ("nb", "Felt i hver tabell")])
def test_add_and_set_help_name_every_field(cli, capsys, lang, fields_heading):
    from cirkular_desktop.core import records

    for command in ("add", "set"):
        assert cli("--lang", lang, command, "--help").code == 0
        text = capsys.readouterr().out
        assert fields_heading in text
        for table in records.CLI_TABLES:
            for f in records.table(table).fields:
                if not f.internal:
                    assert f.name in text, (command, table, f.name)


def test_every_argument_of_these_commands_is_explained(cli):
    from cirkular_desktop.cli.main import build_parser

    parser = build_parser()
    commands = {"init", "demo", "dump", "backup", "restore", "check", "list", "show", "add", "set", "remove",
                "erase", "report", "export-table", "match"}
    subparsers = next(a for a in parser._actions if a.dest == "command")
    todo = [(name, p) for name, p in subparsers.choices.items() if name in commands]
    assert {name for name, _p in todo} == commands
    while todo:
        name, p = todo.pop()
        assert p.description, name
        for action in p._actions:
            if action.dest == "help":
                continue
            if action.choices and isinstance(action.choices, dict):   # nested subcommands
                todo += [(f"{name} {n}", sub) for n, sub in action.choices.items()]
                continue
            assert action.help, (name, action.dest)


def test_a_file_that_cannot_be_written_is_one_line_in_the_language(cli, org, tmp_path, monkeypatch):
    import errno

    from cirkular_desktop import fileutil
    from cirkular_desktop.services import maintenance

    def read_only(*args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system", str(tmp_path / ".kopia.sqlite.x1y2z3.tmp"))

    monkeypatch.setattr(maintenance, "backup", read_only)
    line = _refused(cli, "backup", "-o", str(tmp_path / "kopia.sqlite"), named=str(tmp_path / "kopia.sqlite"),
                    lang="sv")
    assert line.endswith("filsystemet är skrivskyddat") and ".tmp" not in line

    def denied(path, data):
        raise PermissionError(errno.EACCES, "Permission denied", str(path))

    monkeypatch.setattr(fileutil, "atomic_write_bytes", denied)
    line = _refused(cli, "report", "project", "-o", str(tmp_path / "r.pdf"), named="r.pdf", lang="nb")
    assert line.endswith("(mangler tilgang)")
    assert "mangler tilgang" in _refused(cli, "export-table", "stream", "-o", str(tmp_path / "s.csv"),
                                         named="s.csv", lang="nb")


def test_references_show_what_they_point_at(cli, org):
    need_org = cli("add", "organization", "name=Rakkestad Trelast AS", "country=NO").out.strip()
    stream = cli("add", "stream", f"organization_id={org}", "title=Spån från hyvling").out.strip()
    need = cli("add", "need", f"organization_id={need_org}", "title=Flis til fyring").out.strip()
    assert cli("add", "match", f"stream_id={stream}", f"need_id={need}").code == 0
    listed = cli("list", "match").out
    assert "Spån från hyvling" in listed and "Flis til fyring" in listed
    shown = cli("show", "stream", stream, lang="sv").out
    assert f"{org}  (Säffle Snickeri AB)" in shown
    cli("add", "visit", f"organization_id={need_org}", "date=2026-03-02")
    assert "Rakkestad Trelast AS" in cli("list", "visit").out


def test_an_empty_data_dir_is_a_usage_error_not_the_default_folder(capsys, monkeypatch, tmp_path):
    from cirkular_desktop.cli.main import main

    monkeypatch.setenv("CIRKULAR_DATA_DIR", str(tmp_path / "never"))
    assert main(["--data-dir", "", "--lang", "sv", "list", "organization"]) == 2
    assert "--data-dir" in capsys.readouterr().err
    assert not (tmp_path / "never").exists()


def test_check_counts_records_in_the_users_words(cli, org):
    result = cli("check", lang="sv")
    assert result.code == 0
    assert "Poster: organisationer 1" in result.out.splitlines()   # privacy warnings may follow


def test_refusals_name_things_as_the_user_knows_them(cli):
    org = cli("add", "organization", "name=Torsby Trä AB", "country=SE", "municipality=Torsby").out.strip()
    line = _refused(cli, "set", "organization", org, "country=NO", named="municipality", lang="nb")
    assert "«Torsby»" in line and "SE-1737" not in line
    cli("add", "visit", f"organization_id={org}", "date=2026-03-02")
    line = _refused(cli, "remove", "organization", org, named="Torsby Trä AB", lang="sv")
    assert line.startswith("cirkular: Organisation ”Torsby Trä AB” används fortfarande av 1 × Besök")


@pytest.mark.parametrize("assignment, reason", [("latitude=200", "at most 90"), ("latitude=-90,5", "at least -90"),
                                                ("longitude=-500", "at least -180"), ("longitude=181", "at most 180")])
def test_coordinates_outside_the_globe_are_refused(cli, org, assignment, reason):
    assert reason in _refused(cli, "set", "organization", org, assignment, named=assignment.split("=")[0])


def test_coordinates_on_the_globe_are_kept(cli, org):
    assert cli("set", "organization", org, "latitude=59,38", "longitude=12,93").code == 0


def test_control_characters_of_older_data_never_reach_the_terminal(cli, org, data_dir):
    from cirkular_desktop.services.app import open_app

    with open_app(data_dir) as app, app.uow() as uow:   # as an older version or another device wrote it
        uow.update("organization", org, {"name": "Evil\x1b[2J\tCo", "notes": "ring\x07"})
        uow.commit()
    for args in (("list", "organization"), ("show", "organization", org)):
        out = cli(*args).out
        assert "\x1b" not in out and "\x07" not in out and "\t" not in out
        assert "Evil\ufffd[2J Co" in out


def test_a_visit_is_finished_and_reopened_as_the_app_does_it(cli, org, app):
    from cirkular_desktop.services import demo, visits
    from cirkular_desktop.services import records as record_services
    from cirkular_desktop.services.app import open_app

    fresh = cli("add", "visit", f"organization_id={org}", "date=2026-03-02").out.strip()
    assert "required question" in _refused(cli, "set", "visit", fresh, "status=completed", named="visit")
    _refused(cli, "set", "visit", fresh, "status=completed", "notes=x", named="visit.status")
    _refused(cli, "add", "visit", f"organization_id={org}", "date=2026-03-02", "status=completed",
             named="visit.status")
    demo.add_demo(app, seed=3)
    finished = next(v for v in record_services.list_records(app, "visit") if v["status"] == "completed")
    before = len(visits.submissions(app, finished["id"]))
    app.close()
    assert cli("set", "visit", finished["id"], "status=draft").code == 0
    assert cli("set", "visit", finished["id"], "status=completed").code == 0
    shown = cli("show", "visit", finished["id"], "--format", "json").out
    assert '"status": "completed"' in shown
    with open_app(app.paths.data_dir) as again:
        assert len(visits.submissions(again, finished["id"])) == before + 1


def test_a_quantity_needs_a_unit(cli, org):
    line = _refused(cli, "add", "stream", f"organization_id={org}", "title=Spån", "quantity=5", named="stream.unit")
    assert "unit" in line
    stream = cli("add", "stream", f"organization_id={org}", "title=Spån", "quantity=5", "unit=t").out.strip()
    _refused(cli, "set", "stream", stream, "unit=", named="stream.unit")
    assert "enhet" in _refused(cli, "add", "need", f"organization_id={org}", "title=Flis", "quantity=2",
                               named="need.unit", lang="sv")
    # A unit with no quantity yet is fine (the app sets the preferred unit first), and so is clearing both.
    assert cli("add", "stream", f"organization_id={org}", "title=Kutterspån", "unit=m3").code == 0
    assert cli("set", "stream", stream, "quantity=", "unit=").code == 0
