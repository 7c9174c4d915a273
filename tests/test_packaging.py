"""An installed, non-editable wheel finds its resources and catalogs and runs.

Builds the wheel from this checkout, installs it (without dependencies, they
are already here) into a private folder, and runs the command from there with
the working directory elsewhere, so nothing can come from the source tree.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    wheels = tmp_path_factory.mktemp("wheels")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                    "-w", str(wheels), str(ROOT)], check=True, capture_output=True)
    wheel = next(wheels.glob("cirkular_desktop-*.whl"))
    target = tmp_path_factory.mktemp("site")
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target),
                    str(wheel)], check=True, capture_output=True)
    return target


def run_installed(target: Path, code: str, tmp_path: Path) -> str:
    env = dict(os.environ, PYTHONPATH=str(target), PYTHONNOUSERSITE="1")
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_wheel_carries_resources_and_compiled_catalogs(installed, tmp_path):
    out = run_installed(installed, (
        "import cirkular_desktop, cirkular_desktop.resources as r, cirkular_desktop.i18n as i\n"
        "print(cirkular_desktop.__file__)\n"
        "print(r.resources_dir())\n"
        "print(r.translations_dir())\n"
        "print(sorted(p.name for p in r.resources_dir().iterdir()))\n"), tmp_path)
    package_file, resources_dir, translations_dir, listing = out.splitlines()
    assert package_file.startswith(str(installed))
    assert resources_dir.startswith(str(installed)) and resources_dir.endswith("_resources")
    assert translations_dir.startswith(str(installed)) and translations_dir.endswith("locale")
    for name in ("codelists", "questionnaires", "materials.json"):
        assert name in listing
    for lang in ("sv", "nb"):
        assert (Path(translations_dir) / lang / "LC_MESSAGES" / "cirkular.mo").is_file()


def test_installed_command_runs(installed, tmp_path):
    out = run_installed(installed, (
        "import sys\n"
        "from cirkular_desktop.cli.main import main\n"
        f"sys.exit(main(['--data-dir', {str(tmp_path / 'data')!r}, 'init']))\n"), tmp_path)
    assert "schema" in out
