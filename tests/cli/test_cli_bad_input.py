"""Refused input: exit 1, one line on stderr naming the field and reason, nothing changed."""

from __future__ import annotations

import pytest


@pytest.fixture
def seeded(cli):
    org = cli("add", "organization", "name=Säffle Snickeri AB", "country=SE", "org_number=556036-0793").out.strip()
    return org


BAD = [
    (["add", "organization", "name=X", "country=SE", "org_number=556036-0794"], "org_number"),
    (["add", "organization", "name=X", "country=NO", "org_number=12345"], "org_number"),
    (["add", "organization", "name=X", "country=DK"], "country"),
    (["add", "spaceship", "name=X"], "spaceship"),
    (["add", "organization", "name=X", "colour=red"], "colour"),
    (["add", "organization", "name"], "FIELD=VALUE"),
    (["add", "organization", "country=SE"], "name"),
    (["add", "stream", "organization_id={org}", "title=T", "quantity=-3"], "quantity"),
    (["add", "stream", "organization_id={org}", "title=T", "unit=bushel"], "unit"),
    (["add", "stream", "organization_id={org}", "title=T", "waste_codes=99 99 99"], "waste_codes"),
    (["add", "stream", "organization_id={org}", "title=T", "waste_codes=17-02"], "waste_codes"),
    (["add", "stream", "organization_id=00000000-0000-4000-8000-000000000000", "title=T"], "organization_id"),
    (["set", "organization", "00000000-0000-4000-8000-000000000000", "name=Y"], "00000000"),
    (["show", "stream", "00000000-0000-4000-8000-000000000000"], "00000000"),
    (["remove", "need", "00000000-0000-4000-8000-000000000000"], "00000000"),
    (["set", "organization", "{org}"], "FIELD=VALUE"),
    (["set", "organization", "{org}", "size_class=enormous"], "size_class"),
    (["list", "spaceship"], "spaceship"),
    (["restore", "/nonexistent/backup.sqlite"], "backup.sqlite"),
]


@pytest.mark.parametrize("args, named", BAD, ids=[" ".join(a[:3]) for a, _ in BAD])
def test_refused_input_changes_nothing(cli, seeded, args, named):
    before = cli("dump").out
    result = cli(*[a.replace("{org}", seeded) for a in args])
    assert result.code == 1, result
    lines = result.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("cirkular: ")
    assert named in lines[0]
    assert "Traceback" not in result.err
    assert cli("dump").out == before


def test_damaged_or_foreign_database_is_a_clear_error(cli, data_dir):
    data_dir.mkdir(parents=True)
    (data_dir / "cirkular.sqlite").write_text("not a database at all\n" * 50)
    for command in (["list", "organization"], ["dump"], ["init"], ["check"]):
        result = cli(*command)
        assert result.code == 1 and "not a Cirkulär database" in result.err
        assert "Traceback" not in result.err


def test_check_reports_a_damaged_database(cli, data_dir):
    cli("add", "organization", "name=A", "country=SE")
    db = data_dir / "cirkular.sqlite"
    data = bytearray(db.read_bytes())
    data[100:4096] = b"\x00" * (4096 - 100)
    db.write_bytes(bytes(data))
    for suffix in ("-wal", "-shm"):
        (data_dir / f"cirkular.sqlite{suffix}").unlink(missing_ok=True)
    result = cli("list", "organization")
    assert result.code == 1 and ("damaged" in result.err or "Cirkulär" in result.err)
    assert "Traceback" not in result.err
