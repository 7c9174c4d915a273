"""User preferences kept beside the data: language, device name, default units, window state.

Stored as JSON in the data directory and written atomically. A missing or
broken file gives the defaults; it never stops the app. Imports: fileutil,
paths, standard library.
"""

from __future__ import annotations

import json
from typing import Any

from cirkular_desktop import fileutil
from cirkular_desktop.paths import AppPaths

DEFAULTS: dict[str, Any] = {"language": None, "default_unit": "t", "default_currency": None}


def load(paths: AppPaths) -> dict[str, Any]:
    values = dict(DEFAULTS)
    try:
        stored = json.loads(paths.settings.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return values
    if isinstance(stored, dict):
        values.update({k: v for k, v in stored.items() if isinstance(k, str)})
    return values


def save(paths: AppPaths, values: dict[str, Any]) -> None:
    merged = load(paths)
    merged.update(values)
    paths.data_dir.mkdir(parents=True, exist_ok=True)
    fileutil.atomic_write_text(paths.settings, json.dumps(merged, indent=2, sort_keys=True, ensure_ascii=False))
