"""The installed `cirkular` entry point, run as a separate process like a coordinator's script."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from cirkular_desktop import __version__


def cirkular_executable() -> list[str]:
    script = Path(sys.executable).with_name("cirkular")
    return [str(script)] if script.exists() else [sys.executable, "-m", "cirkular_desktop"]


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    full_env = {k: v for k, v in os.environ.items() if k != "CIRKULAR_DATA_DIR"}
    full_env.update(env or {})
    return subprocess.run([*cirkular_executable(), *args], capture_output=True, text=True, env=full_env,
                          timeout=120)


def test_version_and_help():
    result = run("--version")
    assert result.returncode == 0 and __version__ in result.stdout
    helped = run("--help")
    assert helped.returncode == 0
    for command in ("init", "demo", "list", "show", "add", "set", "remove", "erase", "dump", "backup",
                    "restore", "check"):
        assert command in helped.stdout


def test_exit_codes_and_one_line_errors(tmp_path):
    data = str(tmp_path / "d")
    assert run("--data-dir", data, "init").returncode == 0
    refused = run("--data-dir", data, "add", "organization", "name=X", "country=SE", "org_number=1")
    assert refused.returncode == 1
    assert len(refused.stderr.strip().splitlines()) == 1 and "org_number" in refused.stderr
    usage = run("--data-dir", data, "add")
    assert usage.returncode == 2


@pytest.mark.slow
def test_same_seed_gives_the_same_dump_in_two_data_directories(tmp_path):
    dumps = []
    for name in ("first", "second"):
        env = {"CIRKULAR_DATA_DIR": str(tmp_path / name)}
        assert run("demo", "--seed", "7", env=env).returncode == 0
        result = run("dump", env=env)
        assert result.returncode == 0
        dumps.append(result.stdout)
    assert dumps[0] == dumps[1] and len(dumps[0]) > 10_000
    other = tmp_path / "other-seed"
    assert run("demo", "--seed", "8", env={"CIRKULAR_DATA_DIR": str(other)}).returncode == 0
    assert run("dump", env={"CIRKULAR_DATA_DIR": str(other)}).stdout != dumps[0]
