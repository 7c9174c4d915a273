"""The `cirkular` command on records: the contract's names, outputs and exit codes."""

from __future__ import annotations

import json

import pytest

SAFFLE = ["name=Säffle Snickeri AB", "country=SE", "org_number=556036-0793", "size_class=small"]


def test_init_add_list_show_set_remove(cli):
    assert cli("init").code == 0
    added = cli("add", "organization", *SAFFLE)
    assert added.code == 0, added
    org_id = added.out.strip()
    assert len(org_id) == 36
    listed = cli("list", "organization", "--format", "json")
    rows = json.loads(listed.out)
    assert [r["name"] for r in rows] == ["Säffle Snickeri AB"] and rows[0]["org_number"] == "5560360793"
    table = cli("list", "organization")
    assert "Säffle Snickeri AB" in table.out and "Small" in table.out
    assert cli("set", "organization", org_id, "name=Säffle Snickeri & Trä AB").code == 0
    shown = json.loads(cli("show", "organization", org_id, "--format", "json").out)
    assert shown["name"] == "Säffle Snickeri & Trä AB"
    assert "Organisation number" in cli("show", "organization", org_id).out
    stream = cli("add", "stream", f"organization_id={org_id}", "title=Spån från hyvling", "quantity=12,5",
                 "unit=t", "basis=per_year", "waste_codes=03 01 05, 170201")
    assert stream.code == 0, stream
    stream_row = json.loads(cli("show", "stream", stream.out.strip(), "--format", "json").out)
    assert stream_row["quantity"] == "12.5" and stream_row["waste_codes"] == ["030105", "170201"]
    assert stream_row["primary_waste_code"] == "030105" and stream_row["low_version"]
    # An organization still used by a stream is not removed.
    refused = cli("remove", "organization", org_id)
    assert refused.code == 1 and "still used" in refused.err
    assert cli("remove", "stream", stream.out.strip()).code == 0
    assert cli("remove", "organization", org_id).code == 0
    assert json.loads(cli("list", "organization", "--format", "json").out) == []
    dumped = json.loads(cli("dump").out)
    assert {"id": org_id, "deleted": True} in dumped["tables"]["organization"]


def test_list_search_and_csv(cli):
    cli("add", "organization", *SAFFLE)
    cli("add", "organization", "name=Rakkestad Trelast AS", "country=NO")
    assert json.loads(cli("list", "organization", "--search", "rakk", "--format", "json").out)[0]["country"] == "NO"
    csv_out = cli("list", "organization", "--format", "csv").out.splitlines()
    assert csv_out[0].startswith("id,name,country") and len(csv_out) == 3


def test_same_company_on_two_laptops_gets_the_same_id(cli, tmp_path):
    one = cli("add", "organization", *SAFFLE, data=tmp_path / "one")
    two = cli("add", "organization", "name=Säffle Snickeri", "country=SE", "org_number=5560360793",
              data=tmp_path / "two")
    assert one.out == two.out and one.code == two.code == 0
    again = cli("add", "organization", *SAFFLE, data=tmp_path / "one")
    assert again.code == 1 and "org_number" in again.err


def test_environment_variable_names_the_data_directory(tmp_path, monkeypatch):
    import io

    from cirkular_desktop.cli.main import main

    monkeypatch.setenv("CIRKULAR_DATA_DIR", str(tmp_path / "env-data"))
    out = io.StringIO()
    assert main(["init"], out=out, err=io.StringIO()) == 0
    assert (tmp_path / "env-data" / "cirkular.sqlite").exists()


def test_erase_contact(cli):
    org = cli("add", "organization", *SAFFLE).out.strip()
    contact = cli("add", "contact", f"organization_id={org}", "name=Anna Berg", "email=anna@example.se").out.strip()
    erased = cli("erase", "contact", contact)
    assert erased.code == 0
    shown = json.loads(cli("show", "contact", contact, "--format", "json").out)
    assert shown["name"] is None and shown["email"] is None and shown["erased"] is True
    refill = cli("set", "contact", contact, "name=Anna Berg")
    assert refill.code == 1 and "erased" in refill.err


def test_usage_errors_exit_2(cli):
    assert cli().code == 2
    assert cli("list").code == 2
    assert cli("frobnicate").code == 2
    assert cli("list", "organization", "--format", "yaml").code == 2
    assert cli("erase", "organization", "x").code == 2


def test_version(cli, capsys):
    from cirkular_desktop import __version__
    from cirkular_desktop.cli.main import main

    with pytest.raises(SystemExit):
        from cirkular_desktop.cli.main import build_parser

        build_parser().parse_args(["--version"])
    assert __version__ in capsys.readouterr().out
    assert main(["--version"]) == 0
