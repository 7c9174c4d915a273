"""A change to the record descriptions must come with a new bundle schema version.

Bundles carry ``schema_version`` (``sync.bundle.SCHEMA_VERSION``): a laptop
refuses operations on tables or fields it does not know, and values of a kind
or choice it does not know, so a new field travelling under the old version
makes an older laptop call a good bundle damaged. This test fingerprints what
travels — every table of ``core.records`` with its fields' names, kinds,
choice values and references (not labels or help texts) — and holds it to
the fingerprint recorded for the current version below.

When it fails, decide: if the current version has been released (laptops may
hold bundles of it), bump ``SCHEMA_VERSION`` in ``sync/bundle.py`` and add the
fingerprint the failure prints under the new number; if it is this release's
own, still unreleased version (one step per release), record the new
fingerprint under it. Keep the old entries: they are the history of what each
version carried.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json

from cirkular_desktop.core import records
from cirkular_desktop.sync import bundle

# version -> fingerprint of what it carries. A released version's entry never changes again.
FINGERPRINTS = {
    1: "78c2d3c523e292ed",   # the first release
    2: "e9a1c984c01acbc6",   # this release: matchmaking workspace, code fields, consents, matching engine (not released yet)
}


def description() -> dict:
    return {name: [[f.name, f.kind, sorted(c.value for c in f.choices or ()), f.ref or ""] for f in table.fields]
            for name, table in sorted(records.TABLES.items())}


def fingerprint() -> str:
    text = json.dumps(description(), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def test_the_record_descriptions_match_the_schema_version():
    version, found = bundle.SCHEMA_VERSION, fingerprint()
    assert version in FINGERPRINTS, (
        f"sync.bundle.SCHEMA_VERSION is {version}, but no fingerprint is recorded for it: add {version}: "
        f'"{found}" to FINGERPRINTS in tests/test_schema_version.py')
    assert found == FINGERPRINTS[version], (
        f"the record descriptions (core.records) changed since schema version {version} was recorded. If "
        f"version {version} has been released, bump SCHEMA_VERSION in sync/bundle.py to {version + 1} and record "
        f'{version + 1}: "{found}"; if it is this release\'s unreleased version, record {version}: "{found}" '
        f"(tests/test_schema_version.py)")


def with_stream_fields(monkeypatch, change) -> str:
    """The fingerprint with the stream table's fields changed by ``change``; restored afterwards."""
    stream = records.TABLES["stream"]
    monkeypatch.setitem(records.TABLES, "stream", dataclasses.replace(stream, fields=tuple(change(stream.fields))))
    try:
        return fingerprint()
    finally:
        monkeypatch.undo()


def test_the_fingerprint_sees_a_new_field_a_new_kind_and_a_new_choice_but_not_a_label(monkeypatch):
    before = fingerprint()

    def swap(name, **changes):
        return lambda fields: [dataclasses.replace(f, **changes) if f.name == name else f for f in fields]

    assert with_stream_fields(monkeypatch, lambda fields: [*fields, records.Field("nace", records.TEXT, "NACE")]) \
        != before
    assert with_stream_fields(monkeypatch, swap("quantity", kind=records.INT)) != before
    basis = records.TABLES["stream"].field("basis")
    assert with_stream_fields(monkeypatch, swap("basis", choices=(*basis.choices, records.Choice("x", "x")))) \
        != before
    assert with_stream_fields(monkeypatch, swap("title", label="Another label")) == before   # labels stay home
    assert fingerprint() == before
