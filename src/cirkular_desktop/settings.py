"""User preferences kept beside the data: language, device name, default units, window state.

Stored as JSON in the data directory and written atomically. A missing or
broken file gives the defaults; it never stops the app. A file that cannot be
written (read-only folder, full disk) is a one-line ``StoreError``: callers
that only remember where the user was (window geometry, the open visit) let it
pass, the Preferences dialog shows it. Imports: errors, fileutil, i18n, paths,
standard library.
"""

from __future__ import annotations

import json
from typing import Any

from cirkular_desktop import fileutil
from cirkular_desktop.errors import StoreError
from cirkular_desktop.i18n import gettext as _
from cirkular_desktop.paths import AppPaths

DEFAULTS: dict[str, Any] = {"language": None, "default_unit": "t", "default_currency": None}

# --- Reports (issue #16) ------------------------------------------------------------------------------
# Read and checked by services.report_settings; edited on the Reports page of Preferences.
#   reports.target_basis     "year" or "region": how the target of 24 participating SMEs is split
#   reports.target_groups    [{"name": str, "target": int, "years": [int], "municipalities": [key]}]
#   reports.programme_logo   file name in <data dir>/logos, beside the EU emblem on every page
#   reports.partner_logos    file names in <data dir>/logos, at the foot of the first page
#                            (None: every other image in that folder, in file-name order)
#   reports.contact          {"name", "role", "phone", "email"}: the printing user, for visit summaries
REPORT_DEFAULTS: dict[str, Any] = {
    "reports.target_basis": "year",
    "reports.target_groups": [{"name": str(year), "target": 8, "years": [year]} for year in (2025, 2026, 2027)],
    "reports.programme_logo": None,
    "reports.partner_logos": None,
    "reports.contact": {},
}
DEFAULTS.update(REPORT_DEFAULTS)


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
    try:
        paths.data_dir.mkdir(parents=True, exist_ok=True)
        fileutil.atomic_write_text(paths.settings, json.dumps(merged, indent=2, sort_keys=True, ensure_ascii=False))
    except OSError as exc:
        raise StoreError(_("cannot save the settings in {path}: {reason}").format(
            path=paths.settings, reason=fileutil.os_reason(exc))) from None


def save_quietly(paths: AppPaths, values: dict[str, Any]) -> bool:
    """``save`` for state that is only a convenience (where the user was); False when it could not be written."""
    try:
        save(paths, values)
    except StoreError:
        return False
    return True
