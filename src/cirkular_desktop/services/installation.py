"""What an installation needs at run time beyond Qt, checked by ``cirkular-desktop --self-test``.

A frozen build (packaging/) can lack what the source tree always has: a
resource folder, the hyphenation dictionaries inside pyphen, keyring's entry
points (its backends are found through package metadata), a fallback font, a
migration script. Each function here uses the thing the way the app does — the
real loaders, ReportLab's font registry, Alembic's script folder — and raises
``InstallationProblem`` (one line in the user's language) naming what is
missing; otherwise it returns a short fact for the self-test's line.

``RESOURCE_CHECKS`` names every entry of ``resources/``;
tests/test_packaging_recipes.py holds it to the folder, so a new resource
cannot ship without a run-time check.

Imports: errors, i18n, resources, core (code lists, rules, demo data), reports (fonts, layout),
store (migrate, version) and, lazily, keyring and pyphen.
"""

from __future__ import annotations

import sys
from typing import Any, Callable

from cirkular_desktop import i18n, resources
from cirkular_desktop.errors import CirkularError
from cirkular_desktop.i18n import gettext as _


class InstallationProblem(CirkularError):
    """Something the app needs at run time is missing from this installation."""


# --- resources ------------------------------------------------------------------------------------

def _codelists() -> int:
    from cirkular_desktop.core import industry, municipalities, ns9431, wastecodes

    counts = {"waste-list-2014.json": len(wastecodes.all_codes()), "ns9431.json": len(ns9431.all_codes()),
              "nace-rev2.json": len(industry.all_classes()),
              "municipalities.json": len(municipalities.all_municipalities())}
    empty = [name for name, count in counts.items() if not count]
    if empty:
        raise InstallationProblem(_("empty code lists: {names}").format(names=", ".join(empty)))
    return sum(counts.values())


def _demo() -> int:
    from cirkular_desktop.core import demodata

    return sum(1 for _record in demodata.generate(seed=1))


def _fonts() -> int:
    # Which fonts the documents need, and that each one loads, is check_fonts' part.
    return len(list(resources.resource_path("fonts").glob("*.ttf")))


def _help() -> int:
    missing = [lang for lang in i18n.LANGUAGES if not resources.resource_path("help", lang, "index.md").is_file()]
    if missing:
        raise InstallationProblem(_("no user guide in {languages}").format(languages=", ".join(missing)))
    return sum(len(list(resources.resource_path("help", lang).glob("*.md"))) for lang in i18n.LANGUAGES)


def _icons() -> int:
    return len(list(resources.resource_path("icons").glob("*.svg")))


def _matching() -> int:
    return len(resources.load_json("matching", "rules.json"))


def _materials() -> int:
    from cirkular_desktop.core import materials

    return len(materials.all_materials())


def _questionnaires() -> int:
    from cirkular_desktop.core import questionnaire

    available = questionnaire.available()
    for template_id, version in available:
        questionnaire.load(template_id, version)
    return len(available)


def _shipment() -> int:
    from cirkular_desktop.core import border

    return len(border.rule_sets()) + len(border.entries())


# Every entry of resources/ → the loader that reads it as the app does, returning how many items it found.
RESOURCE_CHECKS: dict[str, Callable[[], int]] = {
    "codelists": _codelists, "demo": _demo, "fonts": _fonts, "help": _help, "icons": _icons,
    "matching": _matching, "materials.json": _materials, "questionnaires": _questionnaires,
    "shipment": _shipment,
}


def check_resources() -> dict[str, int]:
    """Each resource read by its own loader: name → items found. Raises naming every one that failed."""
    try:
        folder = resources.resources_dir()
    except FileNotFoundError as exc:
        raise InstallationProblem(_("no resources folder: {reason}").format(reason=exc)) from exc
    found: dict[str, int] = {}
    failed: list[str] = []
    for name, load in RESOURCE_CHECKS.items():
        try:
            found[name] = load()
        except Exception as exc:  # noqa: BLE001 - a missing file, bad JSON, an empty list: name it
            message = getattr(exc, "message", None) or str(exc) or type(exc).__name__
            failed.append(f"{name} ({message.splitlines()[0]})")
            continue
        if not found[name]:
            failed.append(_("{name} (empty)").format(name=name))
    if failed:
        raise InstallationProblem(_("in {folder}: {problems}").format(folder=folder, problems="; ".join(failed)))
    return found


# --- documents: fonts and hyphenation -------------------------------------------------------------

# A character only each fallback font draws (DejaVu Sans does not): a thumbs-up, a sextant block, a CJK "wood".
FALLBACK_PROBES = {"NotoEmoji": "\U0001F44D", "NotoSansSymbols2": "\U0001FB00", "DroidSansFallbackCJK": "\u6728"}
HYPHENATION_PROBE = "Återvinningscentralen"


def check_fonts() -> str:
    """DejaVu Sans and every fallback font registered with ReportLab, each drawing its probe character."""
    from cirkular_desktop.reports import fonts

    try:
        fonts.register_fonts()
    except Exception as exc:  # noqa: BLE001 - a missing or damaged font file
        raise InstallationProblem(_("the document font cannot be registered: {reason}").format(reason=exc)) from exc
    wrong = [name for name, char in FALLBACK_PROBES.items() if fonts.fallback_font(char) != name]
    names = [name for name, _filename in fonts.FALLBACKS]
    if wrong or sorted(names) != sorted(FALLBACK_PROBES):
        raise InstallationProblem(_("fallback fonts missing: {names}").format(names=", ".join(wrong or names)))
    return ", ".join([fonts.FONT, *names])


def check_hyphenation() -> str:
    """pyphen's dictionary of each language's documents is found and hyphenates a long word."""
    from cirkular_desktop.reports.layout import HYPHENATION

    try:
        import pyphen
    except ImportError as exc:
        raise InstallationProblem(_("no hyphenation (pyphen): {reason}").format(reason=exc)) from exc
    missing = []
    for lang in i18n.LANGUAGES:
        try:
            if not pyphen.Pyphen(lang=HYPHENATION[lang]).positions(HYPHENATION_PROBE):
                missing.append(HYPHENATION[lang])
        except KeyError:
            missing.append(HYPHENATION[lang])
    if missing:
        raise InstallationProblem(_("hyphenation dictionaries missing: {names}").format(names=", ".join(missing)))
    return ", ".join(HYPHENATION[lang] for lang in i18n.LANGUAGES)


# --- keyring ----------------------------------------------------------------------------------------

# The keyring backend module of each system (the first one must be listed among keyring's entry points).
KEYRING_BACKENDS = {"linux": "keyring.backends.SecretService", "win32": "keyring.backends.Windows",
                    "darwin": "keyring.backends.macOS"}


def _import_keyring_backend(platform: str) -> None:
    """Import this system's backend and the libraries it needs there: keyring imports them lazily and, when
    one is missing, only shows "no keyring", so the check imports them itself (named, for the import contracts)."""
    if platform == "linux":
        import jeepney  # noqa: F401
        import secretstorage  # noqa: F401

        import keyring.backends.SecretService  # noqa: F401
    elif platform == "win32":
        from win32ctypes.pywin32 import win32cred  # noqa: F401

        import keyring.backends.Windows  # noqa: F401
    elif platform == "darwin":
        import keyring.backends.macOS.api  # noqa: F401


def check_keyring() -> str:
    """keyring, its backend list (found through package metadata) and this system's backend import.

    Nothing is stored or read: a machine without a running secret store (a build
    server) passes, and says so; the app then offers no "remember".
    """
    from importlib.metadata import entry_points

    try:
        import keyring
    except ImportError as exc:
        raise InstallationProblem(_("keyring is missing: {reason}").format(reason=exc)) from exc
    points = entry_points(group="keyring.backends")
    listed = {point.value for point in points}
    platform = "linux" if sys.platform.startswith("linux") else sys.platform
    needed = KEYRING_BACKENDS.get(platform)
    if needed and needed not in listed:
        raise InstallationProblem(_("keyring does not list its backend {name} (package metadata missing)").format(
            name=needed))
    try:
        _import_keyring_backend(platform)
    except ImportError as exc:
        raise InstallationProblem(_("the keyring backend cannot load: {reason}").format(reason=exc)) from exc
    from cirkular_desktop.services import passphrases

    backend = keyring.get_keyring()
    name = f"{type(backend).__module__}.{type(backend).__name__}"
    if passphrases.available():
        return _("backend {name}").format(name=name)
    return _("backends {names} present; no system keyring running here").format(names=", ".join(sorted(point.name for point in points)))


# --- the database -----------------------------------------------------------------------------------

def check_schema(app: Any) -> str:
    """A new database carries every migration of this release: the chain of scripts ends at the release's HEAD."""
    from cirkular_desktop.store import migrate, version

    revisions = migrate.revisions()
    with app.uow(write=False) as uow:
        applied = migrate.current(uow.conn)
    if not revisions or revisions[-1] != version.HEAD or applied != version.HEAD:
        raise InstallationProblem(_("schema {applied}, scripts up to {found}, this release needs {head}").format(
            applied=applied or "-", found=revisions[-1] if revisions else "-", head=version.HEAD))
    return _("{count} migrations ({first}–{last}) applied").format(
        count=len(revisions), first=revisions[0], last=revisions[-1])
