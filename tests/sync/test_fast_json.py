"""The fast JSON path of bundle checking accepts a line only when it is exactly canonical JSON.

``sync.bundle.canonical_line`` first tries orjson: a line it parses and
re-encodes to the same bytes is taken as canonical. These properties pin down
that this shortcut never accepts text that ``canonical_json`` (the one
definition of the canonical form) would spell differently or the careful
standard-library path would refuse, whichever encoder wrote it. Floats are
not part of the canonical form of a bundle at all: every value check refuses
them (last test).

Imports: hypothesis, orjson, cirkular_desktop.sync.
"""

from __future__ import annotations

import json

import orjson
import pytest
import sync_kit as kit
from hypothesis import given, settings
from hypothesis import strategies as st

from cirkular_desktop.errors import BundleError
from cirkular_desktop.replication.merge import canonical_json
from cirkular_desktop.sync import bundle

scalars = (st.none() | st.booleans() | st.integers(min_value=-(2**70), max_value=2**70)
           | st.text(max_size=20))
values = st.recursive(scalars, lambda children: st.lists(children, max_size=4)
                      | st.dictionaries(st.text(max_size=8), children, max_size=4), max_leaves=20)


def _encodings(value):
    """The same value as several writers would spell it."""
    yield canonical_json(value).encode("utf-8")
    yield json.dumps(value, sort_keys=True).encode("utf-8")                      # ASCII escapes, spaces
    yield json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode("utf-8")   # keys unsorted
    try:
        yield orjson.dumps(value, option=orjson.OPT_SORT_KEYS)
    except orjson.JSONEncodeError:   # integers beyond 64 bits
        pass


@settings(max_examples=300, deadline=None)
@given(values)
def test_a_line_taken_as_canonical_is_exactly_the_canonical_form(value):
    for raw in _encodings(value):
        try:
            parsed, text = bundle.canonical_line(raw, "ops.jsonl:1")
        except BundleError:
            assert raw != canonical_json(value).encode("utf-8")
            continue
        assert parsed == json.loads(raw)
        assert text == canonical_json(parsed) and text.encode("utf-8") == raw
    # The canonical spelling itself is always recognised as canonical.
    assert bundle.canonical_line(canonical_json(value).encode("utf-8"), "x")[1] == canonical_json(value)


@pytest.mark.parametrize("raw", [
    b'{"a":1,"a":2}',                 # duplicate key: orjson keeps the last, the re-encoding differs
    b'{"a":NaN}', b'{"a":Infinity}', b'[-Infinity]',
    b'"\\ud800"',                   # an escaped lone surrogate
    b'\xef\xbb\xbf{"a":1}',          # BOM
    b'{"a":"\xff"}',                  # invalid UTF-8
    b'{"a":1}{"b":2}',
    b'{"b":1,"a":2}', b'{"a": 1}', b'{"a":"\\u00e5"}', b'{"a":1E3}',
])
def test_what_the_careful_path_refuses_the_fast_path_does_not_let_through(raw):
    with pytest.raises(BundleError):
        bundle.canonical_line(raw, "ops.jsonl:1")


ROW = "11111111-1111-4111-8111-111111111111"


@pytest.mark.parametrize("data", [
    {"employees": 12.0}, {"latitude": 59.1}, {"answers.q1": 1.5}, {"answers.q1": {"value": 2.5}},
    {"name": 1e16},
], ids=str)
def test_no_float_passes_the_value_checks(data):
    table = "visit" if any(k.startswith("answers") for k in data) else "organization"
    line = canonical_json({"data": data, "row": ROW, "seen": {}, "seq": 1, "stamp": kit.stamp(),
                           "table": table}).encode()
    with pytest.raises(BundleError):
        bundle.parse_operation(line, "ops.jsonl:1")
