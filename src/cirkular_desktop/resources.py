"""Find the read-only resources (code lists, templates, fonts, catalogs).

The top-level ``resources/`` and ``translations/`` folders live outside the
package in the source tree. A built wheel carries copies inside the package
(``cirkular_desktop/_resources`` and ``cirkular_desktop/locale``, see
``pyproject.toml``) and a frozen app carries them beside its executable, so
lookup tries those places in order. Imports: standard library only.
"""

from __future__ import annotations

import json
import sys
from functools import lru_cache
from pathlib import Path
from typing import Any

_PACKAGE_DIR = Path(__file__).resolve().parent
_SOURCE_ROOT = _PACKAGE_DIR.parent.parent  # src/cirkular_desktop -> repository root


def _candidates(installed_name: str, source_name: str) -> list[Path]:
    places = [_PACKAGE_DIR / installed_name]
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        places.append(Path(frozen_root) / "cirkular_desktop" / installed_name)
        places.append(Path(frozen_root) / source_name)
    places.append(_SOURCE_ROOT / source_name)
    return places


@lru_cache(maxsize=None)
def resources_dir() -> Path:
    """The folder holding code lists, questionnaires, fonts and demo data."""
    for place in _candidates("_resources", "resources"):
        if (place / "codelists").is_dir():
            return place
    raise FileNotFoundError("Cirkulär resources folder not found; the installation is incomplete")


@lru_cache(maxsize=None)
def translations_dir() -> Path | None:
    """The folder with gettext catalogs: compiled ``locale/`` or the source ``translations/``."""
    for place in _candidates("locale", "translations"):
        if place.is_dir():
            return place
    return None


def resource_path(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


@lru_cache(maxsize=None)
def load_json(*parts: str) -> Any:
    """Load a JSON resource once; callers must treat the result as read-only."""
    with resource_path(*parts).open("r", encoding="utf-8") as handle:
        return json.load(handle)
