"""Use case: add realistic demo data (both countries) from the deterministic generator.

Imports: errors, i18n, core (demodata, records), store.blobs, services.app.
"""

from __future__ import annotations

from collections import Counter
from typing import Callable

from cirkular_desktop.core import demodata, records
from cirkular_desktop.errors import ConflictError, ValidationError
from cirkular_desktop.i18n import gettext as _
from cirkular_desktop.services.app import App, Result
from cirkular_desktop.store import blobs

Progress = Callable[[int, int], bool]  # (done, total) -> keep going?
MAX_SCALE = 200


def add_demo(app: App, *, seed: int = 1, scale: int = 1, progress: Progress | None = None,
             validate: bool = True) -> Result[dict[str, int]]:
    """Add the demo records of ``seed`` and ``scale`` in one transaction; returns counts per table.

    The same seed always gives the same records (ids included), so the data is
    refused if that seed's records are already there. An organization another
    seed already created (same organisation number, same id) is kept as it is.
    """
    if scale < 1 or scale > MAX_SCALE:
        raise ValidationError(_("--scale must be between 1 and {limit}").format(limit=MAX_SCALE), field="scale")
    if seed < 0:
        raise ValidationError(_("--seed must not be negative"), field="seed")
    counts: Counter[str] = Counter()
    estimated = demodata.estimated_count(scale) if hasattr(demodata, "estimated_count") else 0
    with app.uow() as uow:
        for index, record in enumerate(demodata.generate(seed=seed, scale=scale)):
            if index == 0 and uow.get(record.table, record.id, include_deleted=True) is not None:
                raise ConflictError(_("the demo data of seed {seed} is already in this database").format(seed=seed),
                                    field="seed")
            if record.table == "organization" and uow.get("organization", record.id, include_deleted=True):
                # Another seed registered the same organisation number: its records join that one.
                counts["existing organization"] += 1
                continue
            values = record.values
            if validate:
                values = records.validate_record(record.table, values, allow_internal=True, creating=True)
            if record.blob is not None:
                blobs.put(app.paths.attachments, record.blob)
            uow.create(record.table, values, record_id=record.id)
            counts[record.table] += 1
            if progress is not None and index % 500 == 0 and not progress(index, estimated):
                return Result(dict(counts), frozenset())  # cancelled: the transaction rolls back
        uow.commit()
    return Result(dict(counts), frozenset(uow.changes))
