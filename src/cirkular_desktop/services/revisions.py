"""Use cases behind the desktop app's Undo and Redo: change back, bring back a removed record.

Undo never rewrites history: each step is an ordinary edit that syncs like
any other. Changing a field back is done only while the field still holds
the value the undone step wrote (``set_if_unchanged``), so an edit that
arrived since (another window, an imported bundle) is kept, never silently
overwritten. A removed record cannot be revived under its id — a removal
wins everywhere sync carries it — so bringing one back (``restore``) makes
a new record with the same values and re-attaches its photos, whose files
stay in the attachments folder after a removal.

Imports: errors, i18n, core.records, store.blobs, services (app, records, visits).
"""

from __future__ import annotations

import json
from typing import Any, Mapping

from cirkular_desktop.core import records
from cirkular_desktop.errors import ConflictError, NotFoundError
from cirkular_desktop.i18n import gettext as _
from cirkular_desktop.services.app import App, Result
from cirkular_desktop.services.records import add_record, display_title, set_record
from cirkular_desktop.store import blobs

# Fields a copy must not take over: they describe the stored row, not the record.
_SKIPPED = {"id", "deleted", "erased"}


def _same(a: Any, b: Any) -> bool:
    empty: tuple[Any, ...] = (None, "", [], {})
    if a in empty and b in empty:
        return True
    return json.dumps(a, sort_keys=True, default=str) == json.dumps(b, sort_keys=True, default=str)


def snapshot(app: App, table: str, record_id: str) -> dict[str, Any]:
    """A record and its photos as they are now, for bringing them back after a removal."""
    records.table(table)
    with app.uow(write=False) as uow:
        record = uow.require(table, record_id)
        photos = uow.select("attachment", where={"owner_table": table, "owner_id": record_id},
                            order_by=("first_stamp",)) if table != "attachment" else []
    return {"table": table, "record": record, "photos": photos}


def _values(table: str, record: Mapping[str, Any]) -> dict[str, Any]:
    spec = records.table(table)
    return {f.name: record[f.name] for f in spec.fields
            if f.name not in _SKIPPED and record.get(f.name) not in (None, "", [], {})}


def restore(app: App, saved: Mapping[str, Any], *, owner_id: str | None = None) -> Result[dict[str, str]]:
    """Make a new record from ``snapshot`` output; returns the new id of each old one (record first).

    ``owner_id`` puts a restored photo on another record (its owner was itself
    brought back under a new id). A record that points at something removed
    since is refused with the reason.
    """
    table, record = saved["table"], dict(saved["record"])
    if record.get("erased"):
        raise ConflictError(_("{table}: the personal data of this record was erased; it cannot be brought back")
                            .format(table=table), field="id")
    values = _values(table, record)
    changes: set[str] = set()
    if table == "attachment":
        if owner_id:
            values["owner_id"] = owner_id
        if not blobs.has(app.paths.attachments, values.get("sha256", "")):
            raise NotFoundError(_("{file}: the photo file is no longer in the data folder").format(
                file=values.get("filename", "")), field="file")
    result = add_record(app, table, values, allow_internal=True)
    changes |= result.changes
    new_ids = {record["id"]: result.value}
    for photo in saved.get("photos") or ():
        try:
            done = restore(app, {"table": "attachment", "record": photo}, owner_id=result.value)
        except NotFoundError:
            continue  # the file went with a cleanup: the record comes back without that photo
        changes |= done.changes
        new_ids.update(done.value)
    return Result(new_ids, frozenset(changes))


def set_if_unchanged(app: App, table: str, record_id: str, expected: Mapping[str, Any],
                     values: Mapping[str, Any]) -> Result[set[str]]:
    """Write ``values`` (stored form) if the fields still hold ``expected``; else refuse and change nothing."""
    with app.uow(write=False) as uow:
        current = uow.require(table, record_id)
    for name, value in expected.items():
        if not _same(current.get(name), value):
            raise ConflictError(_("“{title}” was changed again since; that newer change is kept").format(
                title=display_title(table, current)), field=name)
    if not values:
        return Result(set(), frozenset())
    return set_record(app, table, record_id, values, allow_internal=True)


def answers_if_unchanged(app: App, visit_id: str, expected: Mapping[str, Any],
                         values: Mapping[str, Any]) -> Result[set[str]]:
    """Set questionnaire answers back (stored form; None removes one) if they still hold ``expected``.

    Answers are a map field, one synced value per question: only the questions named are touched,
    so an answer given meanwhile to another question stays. A finished visit is refused as any
    answer to it is (its answers change only through a correction).
    """
    from cirkular_desktop.services import visits

    with app.uow(write=False) as uow:
        visit = uow.require("visit", visit_id)
    current = visit.get("answers") or {}
    for question, value in expected.items():
        if not _same(current.get(question), value):
            raise ConflictError(_("the answer was changed again since; that newer answer is kept"), field=question)
    if not values:
        return Result(set(), frozenset())
    return visits.save_answers(app, visit_id, dict(values))

