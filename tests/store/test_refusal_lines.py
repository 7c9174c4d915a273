"""Small refusals of issue #14.9: one line whatever the input holds, and a file where a folder belongs named.

A refusal that quotes the input shows its line breaks and control characters
as escapes, so it stays one line; control characters (tab, bidirectional
overrides) are refused in names; ``attachments`` being a file is said so,
not "it already exists".
"""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("args", [
    ("add", "organization", "name=Trä AB", "country=SE", "kind=com\npany"),
    ("add", "organization", "name=Trä AB", "country=SE\r\nNO"),
    ("add", "orga\nnization", "name=x"),
    ("add", "organization", "na\nme=x"),
    ("add", "organization", "name=Trä AB", "country=SE", "employees=1\n2"),
    ("add", "organization", "name=Trä AB", "country=SE", "website=a b\nc.se"),
], ids=["choice", "country", "table", "field", "number", "address"])
def test_a_refusal_quoting_a_line_break_is_one_line(cli, args):
    assert cli("init").code == 0
    result = cli(*args)
    assert result.code in (1, 2)
    lines = [line for line in result.err.splitlines() if line.startswith("cirkular")]
    assert len(lines) == 1 and result.err.count("\n") <= 3, result.err   # usage errors add argparse's usage line


@pytest.mark.parametrize("name, code", [("Trä\tAB", "0009"), ("\u202eBA särT", "202E"), ("Trä\u2066AB", "2066")])
def test_control_characters_in_names_are_refused(cli, name, code):
    assert cli("init").code == 0
    result = cli("add", "organization", f"name={name}", "country=SE")
    assert result.code == 1 and f"U+{code}" in result.err and len(result.err.strip().splitlines()) == 1


def test_an_attachments_file_is_named_not_called_existing(cli, data_dir):
    assert cli("init").code == 0
    (data_dir / "attachments").rmdir()
    (data_dir / "attachments").write_text("not a folder")
    result = cli("list", "organization")
    assert result.code == 1
    assert "attachments is a file where Cirkulär keeps a folder" in result.err
    assert "already exists" not in result.err
