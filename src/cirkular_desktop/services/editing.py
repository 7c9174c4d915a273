"""What an editor of a residual stream, need or idea needs when it is opened from a list.

Inside a visit the visit screen already knows the visit, the organization's
country and the visit's streams and needs (an idea's pick lists). Opened
from a list, the editor gets the same from ``edit_context`` in one read.

Imports: errors, i18n, services (app, visits).
"""

from __future__ import annotations

from typing import Any

from cirkular_desktop.errors import ValidationError
from cirkular_desktop.i18n import gettext as _
from cirkular_desktop.services.app import App
from cirkular_desktop.services.visits import ITEM_TABLES


def edit_context(app: App, table: str, record_id: str) -> dict[str, Any]:
    """The record, its visit (None for an idea of the organization as a whole), organization and pick lists.

    An idea's visit is that of the stream or need it is about; its pick lists
    are that visit's streams and needs, or the organization's when it has none.
    """
    if table not in ITEM_TABLES:
        raise ValidationError(_("visit: “{table}” is not recorded during a visit").format(table=table), field="table")
    with app.uow(write=False) as uow:
        record = uow.require(table, record_id)
        visit_id = record.get("visit_id")
        if table == "idea":
            for ref, ref_table in (("stream_id", "stream"), ("need_id", "need")):
                linked = uow.get(ref_table, record[ref]) if record.get(ref) else None
                if linked is not None and linked.get("visit_id"):
                    visit_id = linked["visit_id"]
                    break
        visit = uow.get("visit", visit_id) if visit_id else None
        organization = uow.get("organization", record["organization_id"]) if record.get("organization_id") else None
        streams: list[dict[str, Any]] = []
        needs: list[dict[str, Any]] = []
        if table == "idea" and (visit or record.get("organization_id")):
            where = {"visit_id": visit["id"]} if visit else {"organization_id": record["organization_id"]}
            streams = uow.select("stream", where=where, order_by=("first_stamp",))
            needs = uow.select("need", where=where, order_by=("first_stamp",))
    return {"record": record, "visit": visit, "organization": organization or {}, "streams": streams,
            "needs": needs}
