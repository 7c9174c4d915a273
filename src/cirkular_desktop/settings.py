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


# --- Shipment rules for matchmaking (issue #12) -----------------------------------------------------
# Which EU waste shipment regulation Norway applies through the EEA is the coordinator's to confirm
# (with Miljødirektoratet); flags record the rule set they were computed with. The values are rule-set
# ids from resources/shipment/rule-sets.json; core.border falls back to the default for anything else.
SHIPMENT_RULES_NO = "shipment_rules_no"
SHIPMENT_RULES_NO_CONFIRMED_BY = "shipment_rules_no_confirmed_by"
SHIPMENT_RULES_NO_CONFIRMED_ON = "shipment_rules_no_confirmed_on"
DEFAULTS.update({SHIPMENT_RULES_NO: None, SHIPMENT_RULES_NO_CONFIRMED_BY: None, SHIPMENT_RULES_NO_CONFIRMED_ON: None})


def shipment_rules(paths: AppPaths) -> dict[str, Any]:
    """The Norwegian rule set chosen, and who confirmed it when (None when nobody has)."""
    stored = load(paths)
    chosen = stored.get(SHIPMENT_RULES_NO)
    by, on = stored.get(SHIPMENT_RULES_NO_CONFIRMED_BY), stored.get(SHIPMENT_RULES_NO_CONFIRMED_ON)
    return {"norway": chosen if isinstance(chosen, str) else None,
            "confirmed_by": by if isinstance(by, str) and by.strip() else None,
            "confirmed_on": on if isinstance(on, str) else None}
