"""A settings.json edited by hand or damaged never stops a command (issue #14.3).

Values of the wrong kind read as unset; a file that is not JSON, or JSON
nested beyond what the parser takes, reads as the defaults; keys a later
version writes are kept.
"""

from __future__ import annotations

import json

import pytest

from cirkular_desktop import settings
from cirkular_desktop.paths import AppPaths


@pytest.mark.parametrize("content", [
    {"language": 5}, {"language": "klingon"}, {"language": ["sv"]}, {"language": True},
    {"default_currency": 12}, {"default_unit": {"t": 1}}, {"window": "big"}, {"open_visit": 7},
    {"last_view": ["organization"]},
    # Read by the documents' settings, which `check` looks at: a number where a list belongs stopped it.
    {"reports.target_groups": 5}, {"reports.target_groups": True}, {"reports.contact": "Anna"},
    {"reports.partner_logos": "logo.png"}, {"welcomed": "yes"}, {"user_name": 5}, {"list_columns": []},
], ids=json.dumps)
def test_a_value_of_the_wrong_kind_reads_as_unset_and_every_command_still_runs(cli, data_dir, content):
    assert cli("init").code == 0
    (data_dir / "settings.json").write_text(json.dumps(content), encoding="utf-8")
    loaded = settings.load(AppPaths(data_dir))
    key = next(iter(content))
    assert loaded.get(key) == settings.DEFAULTS.get(key)
    for args in (("list", "organization"), ("dump",), ("check",), ("--version",)):
        result = cli(*args)
        assert result.code == 0 and "Traceback" not in result.err, (args, result)


@pytest.mark.parametrize("raw", [b"{", b"\xff\xfe", b"[" * 100_000, b"null", b'"sv"', b""],
                         ids=["broken", "not UTF-8", "deep", "null", "a string", "empty"])
def test_a_file_that_is_not_settings_gives_the_defaults(cli, data_dir, raw):
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / "settings.json").write_bytes(raw)
    assert settings.load(AppPaths(data_dir)) == settings.DEFAULTS
    assert cli("list", "organization").code == 0


def test_good_values_and_keys_of_later_versions_are_kept(data_dir):
    data_dir.mkdir(parents=True, exist_ok=True)
    stored = {"language": "nb", "default_currency": "NOK", "window": {"sidebar": False}, "future_key": [1, 2]}
    (data_dir / "settings.json").write_text(json.dumps(stored), encoding="utf-8")
    loaded = settings.load(AppPaths(data_dir))
    assert {k: loaded[k] for k in stored} == stored
