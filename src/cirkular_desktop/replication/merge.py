"""Merge rules: the state of one record from the set of operations on it.

The log of field operations is the truth; a record's fields are a pure
function of the *set* of its operations, whatever order they arrived in, so
every replica that holds the same operations shows the same record (design
§4). Rules:

* Each field is a register: the operation with the highest stamp wins.
* An operation names, per field, the stamps of the values its author saw
  (``seen``); ``"*"`` in ``seen`` covers every field (used by deletes). A
  losing value whose stamp nobody saw was written concurrently and, if it
  differs from the winner, is kept as a conflict for review. Identical
  concurrent values are not conflicts.
* Existence is a register of its own (``_deleted``) where delete wins: once
  any operation deletes the record it stays deleted, and edits its author
  had not seen are kept as conflicts.
* Erasure (``_erase``: list of fields) blanks those fields for good: every
  value ever written to them, older or newer, is dropped, so no bundle can
  bring personal data back.
* Purging (``_purge``: list of fields, with the new values in the same
  operation) drops every value of those fields written before it, in
  whatever order they arrive, and keeps the new one and later ones: a text
  that held an erased person's name is replaced by its redacted form for
  good, and the field stays editable.

Imports: standard library only.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

DELETED = "_deleted"
ERASE = "_erase"
PURGE = "_purge"
ALL_FIELDS = "*"
SPECIAL = frozenset({DELETED, ERASE, PURGE})
STRIPS = frozenset({ERASE, PURGE})   # operations that blank values stored in other operations


# One encoder for every call: ``json.dumps`` with options builds a new encoder each time, and imports
# encode hundreds of thousands of values.
_ENCODER = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def canonical_json(value: Any) -> str:
    """The one text form of a value: sorted keys, no spaces, UTF-8 kept, no NaN."""
    return _ENCODER.encode(value)


# Not frozen (nothing changes an operation once made), with slots: an import builds one per line, and a
# frozen dataclass takes ten times as long to build.
@dataclass(slots=True)
class Operation:
    stamp: str
    table: str
    row_id: str
    data: Mapping[str, Any]
    seen: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    seq: int = 0
    # ``data`` as canonical JSON when already known (read from a bundle), so storing it needs no re-encoding.
    data_json: str | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class FieldConflict:
    table: str
    row_id: str
    field: str
    value: Any
    stamp: str
    winner_value: Any
    winner_stamp: str

    @property
    def id(self) -> str:
        digest = hashlib.sha256(f"{self.table}\x1f{self.row_id}\x1f{self.field}\x1f{self.stamp}".encode())
        return digest.hexdigest()[:24]


@dataclass
class RowState:
    table: str
    row_id: str
    values: dict[str, Any] = field(default_factory=dict)   # field (map keys flat: "answers.q1") -> value
    stamps: dict[str, str] = field(default_factory=dict)   # field -> stamp of the winning value
    deleted: bool = False
    deleted_stamp: str | None = None
    erased_fields: frozenset[str] = frozenset()
    erase_stamp: str | None = None
    purged: dict[str, str] = field(default_factory=dict)   # field -> stamp: values written before it are dropped
    conflicts: list[FieldConflict] = field(default_factory=list)
    first_stamp: str | None = None
    last_stamp: str | None = None

    @property
    def erased(self) -> bool:
        return bool(self.erased_fields)


def strip_erased(op: Operation, erased_fields: Iterable[str], purged: Mapping[str, str] | None = None) -> Operation:
    """The operation with values of erased fields, and of purged fields written before the purge, blanked
    (stored in place of the original)."""
    erased = set(erased_fields)
    purged = purged or {}
    if not erased and not purged:
        return op

    def gone(name: str) -> bool:
        return name in erased or (name in purged and op.stamp < purged[name])

    if not any(value is not None and gone(name) for name, value in op.data.items()):
        return op
    data = {name: (None if gone(name) else value) for name, value in op.data.items()}
    return Operation(op.stamp, op.table, op.row_id, data, op.seen, op.seq)


def fold(ops: Iterable[Operation]) -> RowState:
    """The record state that the given operations on one row produce."""
    ordered = sorted(ops, key=lambda o: o.stamp)
    if not ordered:
        raise ValueError("no operations")
    state = RowState(ordered[0].table, ordered[0].row_id)
    state.first_stamp, state.last_stamp = ordered[0].stamp, ordered[-1].stamp

    erased: set[str] = set()
    covered_all: set[str] = set()
    covered: dict[str, set[str]] = {}
    per_field: dict[str, list[Operation]] = {}
    for op in ordered:
        for name, stamps in op.seen.items():
            (covered_all if name == ALL_FIELDS else covered.setdefault(name, set())).update(stamps)
        for name, value in op.data.items():
            if name == DELETED:
                if value is True:
                    state.deleted = True
                    state.deleted_stamp = state.deleted_stamp or op.stamp
            elif name == ERASE:
                erased.update(value or ())
                state.erase_stamp = state.erase_stamp or op.stamp
            elif name == PURGE:
                for purged_field in value or ():
                    state.purged[purged_field] = op.stamp   # ordered by stamp: the last purge bounds
            else:
                per_field.setdefault(name, []).append(op)

    state.erased_fields = frozenset(erased)
    for name, field_ops in per_field.items():
        bound = state.purged.get(name)
        if bound is not None:
            field_ops = [op for op in field_ops if op.stamp >= bound]
            if not field_ops:
                state.values[name], state.stamps[name] = None, bound
                continue
        winner = field_ops[-1]  # ordered by stamp, so the last is the highest
        state.stamps[name] = winner.stamp
        if name in erased:
            state.values[name] = None
            continue
        winner_value = winner.data[name]
        state.values[name] = winner_value
        seen_here = covered.get(name, set()) | covered_all
        reported: set[str] = set()
        # On a deleted record every unseen edit is a conflict, the latest included.
        candidates = field_ops if state.deleted else field_ops[:-1]
        for op in reversed(candidates):
            if op.stamp in seen_here:
                continue
            value = op.data[name]
            text = canonical_json(value)
            if not state.deleted and text == canonical_json(winner_value):
                continue
            if text in reported:
                continue
            reported.add(text)
            lost_to: Any = winner_value
            lost_to_stamp = winner.stamp
            if state.deleted:   # the edit lost to the delete
                assert state.deleted_stamp is not None   # set together with ``deleted`` above
                lost_to, lost_to_stamp = None, state.deleted_stamp
            state.conflicts.append(FieldConflict(state.table, state.row_id, name, value, op.stamp, lost_to,
                                                 lost_to_stamp))
    state.conflicts.sort(key=lambda c: (c.field, c.stamp))
    return state
