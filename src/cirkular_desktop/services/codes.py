"""Use cases of the code lists on records: the industries in use (the Organizations list's filter), and
whether an organization's industry lets it process a stream's material (a match's processor).

Reads go through the plain read path (``App.snapshot``) like ``services.browse``.
Imports: core (industry, records), errors, i18n, services.app.
"""

from __future__ import annotations

from typing import Any

from cirkular_desktop.core import industry
from cirkular_desktop.errors import NotFoundError
from cirkular_desktop.i18n import gettext as _
from cirkular_desktop.services.app import App


def industry_divisions(app: App) -> list[tuple[str, int]]:
    """(division code, number of live organizations) for every NACE division some organization is in, by code."""
    with app.snapshot() as conn:
        found = conn.execute("SELECT substr(industry_code, 1, 2), count(*) FROM organization "
                             "WHERE deleted = 0 AND industry_code IS NOT NULL AND industry_code != '' "
                             "GROUP BY 1 ORDER BY 1").fetchall()
    known = {d.code for d in industry.divisions()}
    return [(str(code), int(count)) for code, count in found if code in known]


def _one(conn: Any, table: str, record_id: str, columns: str) -> tuple[Any, ...]:
    row = conn.execute(f"SELECT {columns} FROM {table} WHERE id = ? AND deleted = 0", (record_id,)).fetchone()
    if row is None:
        raise NotFoundError(_("{table}: no record with id “{id}”").format(table=table, id=record_id), field="id")
    return tuple(row)


def processor_fit(app: App, stream_id: str, organization_id: str) -> dict[str, Any]:
    """Whether the organization's industry takes in the stream's material (``core.industry.takes_in``).

    ``{"fits": True/False/None, "industry_code": ..., "material": ...}``; None when the industry
    code or the material is not recorded, so nothing can be said.
    """
    with app.snapshot() as conn:
        (material,) = _one(conn, "stream", stream_id, "material_category")
        (code,) = _one(conn, "organization", organization_id, "industry_code")
    return {"fits": industry.takes_in(code, material), "industry_code": code, "material": material}
