"""The fast JSON path of bundle checking accepts a line only when the careful path would, unchanged.

``sync.bundle._strict_json`` first tries orjson: a line it parses and
re-encodes to the same bytes is taken as canonical. These properties pin down
that this shortcut never accepts text the standard-library path would refuse
or spell differently, whatever the values and whichever encoder wrote them.

Imports: hypothesis, orjson, cirkular_desktop.sync.
"""

from __future__ import annotations

import json

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cirkular_desktop.errors import BundleError
from cirkular_desktop.sync import bundle
from cirkular_desktop.sync.merge import canonical_json

# Floats near the points where orjson and the standard library spell them differently (1e-05, 1e+16).
tricky_floats = st.sampled_from([1e-05, 1.5e-05, -4.3e-05, 1e16, 1.25e17, 0.0001, 123456789012345.6, 5e-324])
scalars = (st.none() | tricky_floats | st.booleans() | st.integers(min_value=-(2**70), max_value=2**70)
           | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=20))
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
        parsed, text = bundle._strict_json(raw, "ops.jsonl:1")
        assert parsed == json.loads(raw)
        if text is not None:
            assert text == canonical_json(parsed) and text.encode("utf-8") == raw
    # The canonical spelling itself is always recognised as canonical.
    assert bundle._strict_json(canonical_json(value).encode("utf-8"), "x")[1] is not None


@pytest.mark.parametrize("raw", [
    b'{"a":1,"a":2}',                 # duplicate key: orjson keeps the last, the re-encoding differs
    b'{"a":NaN}', b'{"a":Infinity}', b'[-Infinity]',
    b'"\\ud800"',                     # an escaped lone surrogate
    b'\xef\xbb\xbf{"a":1}',           # BOM
    b'{"a":"\xff"}',                  # invalid UTF-8
    b'{"a":1}{"b":2}',
])
def test_what_the_careful_path_refuses_the_fast_path_does_not_let_through(raw):
    with pytest.raises(BundleError):
        bundle._strict_json(raw, "ops.jsonl:1")
