"""Store-side queries for sync: what this database holds, exported and was acknowledged.

* ``held_ranges``: per origin device, the operation sequence numbers held
  (from the ``op`` table; gaps are changes that never arrived);
* acknowledgements: each bundle's manifest says what its exporter holds, so
  an import records it per peer; ``exported`` records what this database
  has put into bundles. Export sends the union of "never exported" and "some
  peer has not acknowledged it", so a lost bundle is sent again;
* the history of imported and exported bundles, for the Sync view;
* streaming the operations of an export in order (the exporter writes them as bundle lines).

This bookkeeping is device-local: it lives in the ``meta`` table under
``sync.*`` keys, never appears in ``dump``, and is written in the same
transaction as the import or export it describes.

Imports: core.records, store.meta, store.schema, replication (merge, ranges), SQLAlchemy.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Iterator, Mapping

import sqlalchemy as sa

from cirkular_desktop.core import records
from cirkular_desktop.replication import merge, ranges
from cirkular_desktop.replication.merge import canonical_json
from cirkular_desktop.store import meta, schema

if TYPE_CHECKING:  # pragma: no cover
    from cirkular_desktop.store.uow import UnitOfWork

_op = schema.OP
_meta = schema.META

EXPORTED = meta.SYNC_EXPORTED
ACK_PREFIX = "sync.ack."
PEER_PREFIX = "sync.peer."
LOG_PREFIX = "sync.log."
LOG_NEXT = "sync.log_next"


# --- applying received operations (used by UnitOfWork.apply_remote) --------------------------------


def fold_one(op: merge.Operation) -> merge.RowState:
    """``merge.fold`` of a record with a single operation (most records in a first import), without its loops."""
    if not merge.STRIPS.isdisjoint(op.data):
        return merge.fold([op])
    state = merge.RowState(op.table, op.row_id, first_stamp=op.stamp, last_stamp=op.stamp)
    for name, value in op.data.items():
        if name == merge.DELETED:
            if value is True:
                state.deleted, state.deleted_stamp = True, op.stamp
        else:
            state.values[name] = value
            state.stamps[name] = op.stamp
    return state


@dataclass
class Tracker:
    """Per record touched by an import: its state before, and its bucket after (see apply_remote)."""

    first: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)   # records held before only
    old_conflicts: set[str] = field(default_factory=set)
    bucket: dict[tuple[str, str], str] = field(default_factory=dict)
    erased: bool = False   # an erasure arrived or stored values were purged

    def classify(self, key: tuple[str, str], after: Mapping[str, Any], state: merge.RowState) -> str:
        """The bucket of a record held before the import, from its state then and now."""
        before = self.first[key]
        if any(c.id not in self.old_conflicts for c in state.conflicts):
            return "conflicting"
        if after["deleted"] and not before["deleted"]:
            return "deleted"
        return "updated" if before != after else "unchanged"


# --- what is held ---------------------------------------------------------------------------------


def held_ranges(uow: "UnitOfWork") -> dict[str, ranges.Ranges]:
    """Per origin device, the sequence numbers of the operations held here."""
    out: dict[str, ranges.Ranges] = {}
    rows = uow.execute(sa.select(_op.c.device, sa.func.min(_op.c.seq), sa.func.max(_op.c.seq),
                                 sa.func.count()).group_by(_op.c.device)).all()
    for device, low, high, count in rows:
        if high - low + 1 == count:
            out[device] = [[int(low), int(high)]]   # the usual case: no holes, no need to read them
        else:
            seqs = uow.execute(sa.select(_op.c.seq).where(_op.c.device == device)).scalars()
            out[device] = ranges.from_numbers(seqs)
    return out


def op_count(uow: "UnitOfWork") -> int:
    return int(uow.execute(sa.select(sa.func.count()).select_from(_op)).scalar() or 0)


# --- meta-backed bookkeeping ------------------------------------------------------------------------


def _load(uow: "UnitOfWork", key: str, default: Any) -> Any:
    text = uow.meta_get(key)
    return json.loads(text) if text else default


def _save(uow: "UnitOfWork", key: str, value: Any) -> None:
    uow.meta_put(key, canonical_json(value))


def _keys(uow: "UnitOfWork", prefix: str) -> list[tuple[str, str]]:
    rows = uow.execute(sa.select(_meta.c.key, _meta.c.value).where(
        _meta.c.key >= prefix, _meta.c.key < prefix + "\uffff").order_by(_meta.c.key)).all()
    return [(k, v) for k, v in rows]


def exported(uow: "UnitOfWork") -> dict[str, ranges.Ranges]:
    found: dict[str, ranges.Ranges] = _load(uow, EXPORTED, {})   # written by add_exported below
    return found


def add_exported(uow: "UnitOfWork", covers: Mapping[str, ranges.Ranges]) -> None:
    current = exported(uow)
    for origin, rs in covers.items():
        current[origin] = ranges.union(current.get(origin, []), rs)
    _save(uow, EXPORTED, dict(sorted(current.items())))


def acknowledgements(uow: "UnitOfWork") -> dict[str, dict[str, ranges.Ranges]]:
    """Per peer device: what it said it holds, per origin device."""
    return {key[len(ACK_PREFIX):]: json.loads(value) for key, value in _keys(uow, ACK_PREFIX)}


def add_acknowledgement(uow: "UnitOfWork", peer: str, holds: Mapping[str, ranges.Ranges]) -> None:
    current = _load(uow, ACK_PREFIX + peer, {})
    for origin, rs in holds.items():
        current[origin] = ranges.union(current.get(origin, []), rs)
    _save(uow, ACK_PREFIX + peer, dict(sorted(current.items())))


def peers(uow: "UnitOfWork") -> dict[str, dict[str, Any]]:
    return {key[len(PEER_PREFIX):]: json.loads(value) for key, value in _keys(uow, PEER_PREFIX)}


def record_peer(uow: "UnitOfWork", device: str, name: str, bundle_id: str, at: str) -> None:
    _save(uow, PEER_PREFIX + device, {"name": name, "last_bundle": bundle_id, "last_seen": at})


def log_bundle(uow: "UnitOfWork", entry: Mapping[str, Any]) -> int:
    number = int(uow.meta_get(LOG_NEXT, "1") or 1)
    _save(uow, f"{LOG_PREFIX}{number:09d}", dict(entry, id=number))
    uow.meta_put(LOG_NEXT, str(number + 1))
    return number


def history(uow: "UnitOfWork") -> list[dict[str, Any]]:
    """Every logged import and export, newest first."""
    return [json.loads(value) for _key, value in reversed(_keys(uow, LOG_PREFIX))]


def device_names(uow: "UnitOfWork") -> dict[str, str]:
    names = {device: info.get("name", "") for device, info in peers(uow).items()}
    names[uow.device] = uow.meta_get(meta.DEVICE_NAME) or ""
    return names


# --- export ---------------------------------------------------------------------------------------


def wanted_for_export(uow: "UnitOfWork", *, full: bool) -> dict[str, ranges.Ranges]:
    """Per origin device, the ranges an export should carry.

    Full: everything held. Otherwise this device's changes it never exported,
    plus whatever some known peer has not acknowledged (so a lost bundle is
    sent again, and a coordinator relays each laptop's changes to the
    others). Before any peer is known, everything never exported goes out.
    Peers are the devices whose bundles were imported here; a new laptop
    that has never sent a bundle gets everything with ``full``.
    """
    held = held_ranges(uow)
    if full:
        return held
    done = exported(uow)
    own = {uow.device} | set(filter(None, (uow.meta_get(meta.INCARNATIONS, "") or "").split(",")))
    acks = {peer: holds for peer, holds in acknowledgements(uow).items() if peer not in own}
    wanted: dict[str, ranges.Ranges] = {}
    for origin, have in held.items():
        need = ranges.subtract(have, done.get(origin, [])) if (origin in own or not acks) else []
        for holds in acks.values():
            need = ranges.union(need, ranges.subtract(have, holds.get(origin, [])))
        if need:
            wanted[origin] = need
    return wanted


def export_rows(uow: "UnitOfWork", wanted: Mapping[str, ranges.Ranges]
                ) -> Iterator[tuple[str, str, int, str, str, str, str]]:
    """(stamp, device, seq, table, row id, data JSON, seen JSON) of the wanted operations, by device and sequence.

    The bundle's wire format is the exporter's (``sync.bundle.operation_line``): the store hands out rows.
    """
    columns = (_op.c.stamp, _op.c.device, _op.c.seq, _op.c.tbl, _op.c.row_id, _op.c.data, _op.c.seen)
    for device in sorted(wanted):
        for low, high in wanted[device]:
            result = uow.execute(sa.select(*columns).where(
                _op.c.device == device, _op.c.seq >= low, _op.c.seq <= high).order_by(_op.c.seq))
            for stamp, dev, seq, tbl, row_id, data, seen in result:
                yield stamp, dev, seq, tbl, row_id, data, seen


def pending_count(uow: "UnitOfWork") -> int:
    """Operations written here that were never exported."""
    done = exported(uow)
    total = 0
    rows = uow.execute(sa.select(_op.c.device, sa.func.count()).where(_op.c.local.is_(True))
                       .group_by(_op.c.device)).all()
    for device, count in rows:
        total += int(count)
        for low, high in done.get(device, []):
            total -= int(uow.execute(sa.select(sa.func.count()).select_from(_op).where(
                _op.c.device == device, _op.c.local.is_(True), _op.c.seq >= low, _op.c.seq <= high)).scalar() or 0)
    return total


# --- conflicts ------------------------------------------------------------------------------------


def write_resolution(uow: "UnitOfWork", table: str, record_id: str, field_name: str, value: Any,
                     stamps: list[str]) -> None:
    """An ordinary edit of one (possibly map-key) field whose ``seen`` names the competing values.

    It syncs like any edit; every replica that receives it sees the losing
    stamps as seen, so the conflict disappears everywhere.
    """
    held = uow.seen_stamps(table, record_id, [field_name])[field_name]
    seen = sorted(set(stamps) | set(held))
    op = uow.new_op(table, record_id, {field_name: value}, {field_name: seen})
    uow.insert_ops([op])
    uow.rematerialize(table, record_id)


def titles(uow: "UnitOfWork", table: str, record_ids: list[str]) -> dict[str, str]:
    """Record id → title for import reports, a few hundred ids per query."""
    spec = records.table(table)
    t = schema.RECORD_TABLES[table]
    out: dict[str, str] = {}
    for start in range(0, len(record_ids), 500):
        chunk = record_ids[start:start + 500]
        for record_id, title in uow.execute(sa.select(t.c.id, t.c[spec.title_field]).where(t.c.id.in_(chunk))):
            if title not in (None, ""):
                out[record_id] = str(title)
    return out


# --- applied bundles --------------------------------------------------------------------------------

APPLIED_PREFIX = "sync.applied."


def applied_ops(uow: "UnitOfWork") -> dict[str, dict[str, int]]:
    """SHA-256 of every ``ops.jsonl`` checked and applied here → records it touched per table.

    Every operation of such a member is held, so importing it again needs
    only its hash checked (re-import is fast and changes nothing).
    """
    return {key[len(APPLIED_PREFIX):]: json.loads(value) for key, value in _keys(uow, APPLIED_PREFIX)}


def remember_applied(uow: "UnitOfWork", sha: str, by_table: Mapping[str, int]) -> None:
    _save(uow, APPLIED_PREFIX + sha, dict(sorted(by_table.items())))
