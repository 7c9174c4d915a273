"""Lazy faces: a command imports only its own module, ``--version`` none at all (design §6).

``cli.command_table`` names each command module with the commands it
registers; these tests hold the table to what the modules really register,
check in a fresh process what ``--version`` and ``list`` load, and that a
command the table does not name still runs (every module is loaded then).
"""

from __future__ import annotations

import argparse
import importlib
import json
import subprocess
import sys

import pytest

from cirkular_desktop.cli import command_table

# What a quick command must never pay for: the ORM, the migrations, PDFs, workbooks, encryption, images.
HEAVY = ("sqlalchemy", "sqlmodel", "alembic", "pydantic", "reportlab", "openpyxl", "cryptography", "PIL",
         "babel", "cirkular_desktop.reports", "cirkular_desktop.services.sync", "cirkular_desktop.sync.bundle",
         "cirkular_desktop.store.uow", "cirkular_desktop.store.schema")


def loaded_after(code: str) -> list[str]:
    script = f"import sys\n{code}\nprint(__import__('json').dumps(sorted(sys.modules)))\n"
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("module", sorted(command_table.COMMAND_MODULES))
def test_the_table_names_exactly_the_commands_each_module_registers(module):
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers()
    importlib.import_module(f"cirkular_desktop.cli.{module}").register(sub)
    assert tuple(sub.choices) == command_table.COMMAND_MODULES[module]


def test_every_command_module_of_the_package_is_in_the_table():
    from pathlib import Path

    folder = Path(command_table.__file__).parent
    modules = {p.stem for p in folder.glob("*_commands.py")}
    assert modules == set(command_table.COMMAND_MODULES)


def test_version_imports_no_command_module_nor_the_language_machinery():
    loaded = loaded_after("from cirkular_desktop.cli.main import main\nimport io\n"
                          "out = io.StringIO(); assert main(['--version'], out=out) == 0\n"
                          "assert out.getvalue() == 'cirkular ' + __import__('cirkular_desktop').__version__ + '\\n'")
    ours = [m for m in loaded if m.startswith("cirkular_desktop")]
    assert ours == ["cirkular_desktop", "cirkular_desktop.cli", "cirkular_desktop.cli.command_table",
                    "cirkular_desktop.cli.main"]
    assert "argparse" not in loaded


def test_list_imports_only_its_own_module_and_nothing_heavy(tmp_path, cli):
    cli("add", "organization", "name=Torsby Trä AB", "country=SE")
    data = tmp_path / "data"
    loaded = loaded_after("from cirkular_desktop.cli.main import main\nimport io\nout = io.StringIO()\n"
                          f"assert main(['--data-dir', {str(data)!r}, 'list', 'organization', '--format', 'json'],"
                          " out=out) == 0\nassert 'Torsby' in out.getvalue()")
    heavy = [m for m in loaded if any(m == h or m.startswith(h + ".") for h in HEAVY)]
    assert heavy == []
    commands = [m for m in loaded if m.endswith("_commands")]
    assert commands == ["cirkular_desktop.cli.record_commands"]


def test_a_command_the_table_does_not_name_still_runs(cli, monkeypatch):
    monkeypatch.setitem(command_table.COMMAND_MODULES, "record_commands", ("show", "add"))
    assert command_table.modules_for(["list", "organization"]) == tuple(command_table.COMMAND_MODULES)
    cli("add", "organization", "name=Sunne Sågverk", "country=SE")
    done = cli("list", "organization", "--format", "json")
    assert done.code == 0 and "Sunne Sågverk" in done.out


def test_which_modules_a_command_line_needs():
    assert command_table.modules_for(["--data-dir", "x", "--lang", "sv", "list", "stream"]) == ("record_commands",)
    assert command_table.modules_for(["--lang=nb", "report", "visit", "x"]) == ("report_commands",)
    everything = tuple(command_table.COMMAND_MODULES)
    assert command_table.modules_for(["--help"]) == everything
    assert command_table.modules_for(["lsit"]) == everything
    assert command_table.modules_for([]) == everything


def test_help_and_a_typo_still_name_every_command(cli, capsys):
    assert cli("lsit").code == 2
    said = capsys.readouterr().err   # argparse writes usage errors to the process's stderr
    for commands in command_table.COMMAND_MODULES.values():
        for command in commands:
            assert f"'{command}'" in said


@pytest.mark.parametrize("value", [
    [], {}, {"b": [1, {"z": None, "a": True}], "a": "Säffle ✓"}, [{"x": []}, {"y": {}}],
    {"id": "3f9c", "answers": {"q1": {"value": "12.5", "unit": "t"}}, "waste_codes": ["030105"]},
    {"big": 2**70}, {"score": 0.1}, {1: "int key"}, {"nested": [[[-(2**63)]]]},
])
def test_json_output_is_the_standard_library_s_bytes(value):
    from cirkular_desktop.cli import output

    assert output.to_json(value) == json.dumps(value, sort_keys=True, ensure_ascii=False, indent=2,
                                               allow_nan=False)
