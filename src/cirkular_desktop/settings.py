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
# What each known key may hold; a value of another kind (a hand edit, another program) reads as unset.
_KINDS: dict[str, tuple[type, ...]] = {
    "language": (str,), "default_unit": (str,), "default_currency": (str,), "window": (dict,),
    "last_view": (str,), "open_visit": (dict,), "organization_draft": (dict,),
    # The keys of the sections below, so that their readers never meet a value of another kind.
    "reports.target_basis": (str,), "reports.target_groups": (list,), "reports.programme_logo": (str,),
    "reports.partner_logos": (list,), "reports.contact": (dict,), "privacy": (dict,), "user_name": (str,),
    "welcomed": (bool,), "last_country": (str,), "list_columns": (dict,),
}
_CHOICES: dict[str, tuple[str, ...]] = {"language": ("sv", "nb", "en"), "default_currency": ("SEK", "NOK", "EUR")}


def _usable(key: str, value: Any) -> bool:
    kinds = _KINDS.get(key)
    if kinds is None or value is None:
        return True   # a key of a later version, or unset
    if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
        return False
    return key not in _CHOICES or value in _CHOICES[key]

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
    """The stored preferences over the defaults; anything unreadable or of the wrong kind reads as the default."""
    values = dict(DEFAULTS)
    try:
        stored = json.loads(paths.settings.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return values
    if isinstance(stored, dict):
        values.update({k: v for k, v in stored.items() if isinstance(k, str) and _usable(k, v)})
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


# --- Privacy: the notice's controller block per country side, and retention (issue #13) -------------------
#
# Kept under one key, ``"privacy"``:
#   {"controllers": {"SE": {...}, "NO": {...}},   each with the CONTROLLER_FIELDS and "legal_basis" (e or f)
#    "last_payment_year": 2028,                   the programme's audit period follows from it
#    "retention": {"contact": "2033-12-31"}}       a date per record kind; empty means "until the audit ends"
# ``core.privacy_notice`` says what the notice needs; ``services.privacy_access`` checks and saves values.

PRIVACY = "privacy"
PRIVACY_SIDES = ("SE", "NO")
CONTROLLER_FIELDS = ("name", "org_number", "address", "contact", "dpo")


def _mapping(value: Any) -> dict[Any, Any]:
    """A stored value that should be a JSON object; anything else reads as empty."""
    return value if isinstance(value, dict) else {}


def privacy(paths: AppPaths) -> dict[str, Any]:
    """The privacy settings with every key present (missing or malformed parts read as empty)."""
    stored = _mapping(load(paths).get(PRIVACY))
    controllers = _mapping(stored.get("controllers"))
    out: dict[str, Any] = {"controllers": {}, "last_payment_year": None, "retention": {}}
    for side in PRIVACY_SIDES:
        given = _mapping(controllers.get(side))
        block = {name: given[name].strip() if isinstance(given.get(name), str) else "" for name in CONTROLLER_FIELDS}
        block["legal_basis"] = given["legal_basis"] if given.get("legal_basis") in ("e", "f") else "e"
        out["controllers"][side] = block
    year = stored.get("last_payment_year")
    out["last_payment_year"] = year if isinstance(year, int) and not isinstance(year, bool) else None
    retention = _mapping(stored.get("retention"))
    out["retention"] = {k: v for k, v in retention.items() if isinstance(k, str) and isinstance(v, str)}
    return out


def save_privacy(paths: AppPaths, values: dict[str, Any]) -> None:
    save(paths, {PRIVACY: values})


# --- The desktop app: who is working, the first start, list columns, the last country used (issue #17) -----
#
#   "user_name": "Anna Berg"          the person using this computer; fills the visitors of a new visit
#   "welcomed": true                  the first-start step was done (or skipped)
#   "last_country": "NO"              the country of the organization registered last
#   "list_columns": {"stream": {"order": ["title", …], "hidden": ["quantity"], "shown": ["waste_codes"]}}
#                                     per list: the person's column order, columns hidden and columns shown
#                                     although empty (an always-empty column is otherwise left out)
# ``services.profile`` reads and writes the first three; ``list_columns`` below.

USER_NAME, WELCOMED, LAST_COUNTRY, LIST_COLUMNS = "user_name", "welcomed", "last_country", "list_columns"


def _names(value: Any) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def list_columns(paths: AppPaths, table: str) -> dict[str, list[str]]:
    """The column choice of one list; anything missing or malformed reads as "as the app lays it out"."""
    stored = load(paths).get(LIST_COLUMNS)
    choice = stored.get(table) if isinstance(stored, dict) else None
    choice = choice if isinstance(choice, dict) else {}
    return {key: _names(choice.get(key)) for key in ("order", "hidden", "shown")}


def save_list_columns(paths: AppPaths, table: str, choice: dict[str, list[str]] | None) -> bool:
    """Remember (or with None forget) one list's column choice; False when the file could not be written."""
    stored = load(paths).get(LIST_COLUMNS)
    every = dict(stored) if isinstance(stored, dict) else {}
    if choice is None:
        every.pop(table, None)
    else:
        every[table] = {key: list(choice.get(key) or []) for key in ("order", "hidden", "shown")}
    return save_quietly(paths, {LIST_COLUMNS: every})
