"""What the self-test checks beyond Qt (services.installation): it passes here, and each check fails,
naming the part, when the part a frozen build could lack is taken away.

The breakages are real ones: a copy of ``resources/`` without a folder, pyphen
without its dictionaries, keyring without its package metadata or its
backend's library, a fallback font file gone, the newest migration script gone.
"""

from __future__ import annotations

import functools
import shutil
import sys
from pathlib import Path

import pytest

from cirkular_desktop import resources
from cirkular_desktop.services import installation

RESOURCES = Path(__file__).resolve().parents[2] / "resources"


def _clear_caches() -> None:
    """Forget every resource read once (the loaders cache what they read)."""
    import cirkular_desktop.core as core_package

    resources.load_json.cache_clear()
    for name, module in list(sys.modules.items()):
        if not name.startswith(core_package.__name__ + "."):
            continue
        for value in vars(module).values():
            if isinstance(value, functools._lru_cache_wrapper):
                value.cache_clear()


@pytest.fixture
def resources_copy(tmp_path, monkeypatch):
    copy = tmp_path / "resources"
    shutil.copytree(RESOURCES, copy)
    monkeypatch.setattr(resources, "resources_dir", lambda: copy)
    _clear_caches()
    yield copy
    monkeypatch.undo()
    _clear_caches()


def test_this_installation_passes_every_check(app):
    found = installation.check_resources()
    assert set(found) == {p.name for p in RESOURCES.iterdir()} and all(found.values())
    assert installation.check_fonts() == "DejaVuSans, NotoEmoji, NotoSansSymbols2, DroidSansFallbackCJK"
    assert installation.check_hyphenation() == "sv, nb_NO, en_GB"
    assert "SecretService" in installation.check_keyring() or not sys.platform.startswith("linux")
    assert installation.check_schema(app).endswith("applied")


@pytest.mark.parametrize("entry", sorted(installation.RESOURCE_CHECKS))
def test_a_missing_resource_is_named(resources_copy, entry):
    target = resources_copy / entry
    shutil.rmtree(target) if target.is_dir() else target.unlink()
    with pytest.raises(installation.InstallationProblem) as caught:
        installation.check_resources()
    assert f"{entry} (" in caught.value.message     # (demo data also needs the code lists: both are named then)


def test_one_missing_code_list_is_named(resources_copy):
    (resources_copy / "codelists" / "nace-rev2.json").unlink()
    with pytest.raises(installation.InstallationProblem, match="codelists .*nace-rev2.json"):
        installation.check_resources()


def test_a_missing_translation_of_the_guide_is_named(resources_copy):
    shutil.rmtree(resources_copy / "help" / "nb")
    with pytest.raises(installation.InstallationProblem, match="no user guide in nb"):
        installation.check_resources()


def test_pyphen_without_its_dictionaries_fails(monkeypatch):
    import pyphen

    monkeypatch.setattr(pyphen, "LANGUAGES", {k: v for k, v in pyphen.LANGUAGES.items() if not k.startswith("nb")})
    with pytest.raises(installation.InstallationProblem, match="hyphenation dictionaries missing: nb_NO$"):
        installation.check_hyphenation()


def test_a_missing_fallback_font_fails(resources_copy, monkeypatch):
    from cirkular_desktop.reports import fonts

    (resources_copy / "fonts" / "NotoEmoji-Regular.ttf").unlink()
    monkeypatch.setattr(fonts, "_fallback_chars", {})   # as in a fresh process: nothing loaded yet
    monkeypatch.setattr(fonts, "_font_for", {})
    with pytest.raises(installation.InstallationProblem, match="fallback fonts missing: NotoEmoji$"):
        installation.check_fonts()


def test_keyring_without_its_metadata_fails(monkeypatch):
    import importlib.metadata

    if not sys.platform.startswith(("linux", "win32", "darwin")):
        pytest.skip("no keyring backend is expected on this system")
    monkeypatch.setattr(importlib.metadata, "entry_points", lambda **kwargs: [])
    with pytest.raises(installation.InstallationProblem, match="package metadata missing"):
        installation.check_keyring()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the Secret Service backend is Linux's")
def test_keyring_without_its_backends_library_fails(monkeypatch):
    monkeypatch.setitem(sys.modules, "secretstorage", None)     # what a build without it would do
    with pytest.raises(installation.InstallationProblem, match="backend cannot load.*secretstorage"):
        installation.check_keyring()


def test_a_missing_migration_script_fails(app, tmp_path, monkeypatch):
    from cirkular_desktop.store import migrate

    copy = tmp_path / "migrations"
    shutil.copytree(migrate.MIGRATIONS_DIR, copy, ignore=shutil.ignore_patterns("__pycache__"))
    newest = sorted((copy / "versions").glob("0*.py"))[-1]
    newest.unlink()
    monkeypatch.setattr(migrate, "MIGRATIONS_DIR", copy)
    with pytest.raises(installation.InstallationProblem, match="scripts up to"):
        installation.check_schema(app)
