"""The fast checks of bundle values give the verdicts of the one set of rules (``core.checks.check_stored``).

An import accepts common canonical values with a few quick tests (inline in
``sync.bundle._checked``, and per field in ``core.canonical.stored_checker``)
and asks ``check_stored`` about anything else. These properties pin down that
the shortcuts never accept a value the rules refuse, nor refuse one they
accept, for every field of every table and values chosen to sit on the
edges: white space and controls, Unicode forms, decimal spellings, integers
at the limits, lists out of order.
"""

from __future__ import annotations

import pytest
import sync_kit as kit
from hypothesis import given, settings
from hypothesis import strategies as st

from cirkular_desktop.core import canonical, checks, records
from cirkular_desktop.errors import BundleError, ValidationError
from cirkular_desktop.replication.merge import canonical_json
from cirkular_desktop.sync import bundle

ROW = "8888aaaa-8888-4888-8888-8888888888bb"
FIELDS = [(t.name, f) for t in records.TABLES.values() for f in t.fields if f.kind != records.MAP]

tricky_text = st.lists(st.sampled_from(
    list("aåÄ ö-.,1") + ["a\u0308", "\t", "\n", "\r", "\x00", "\x07", "\x85", "\u00a0", "\u2028", "\u202e", "\u3000",
                         "\U0001F600"]), max_size=8).map("".join)
decimals = st.sampled_from(["0", "-0", "12.5", "12.50", "12,5", "1e3", "0.1234567890123456", "999999999999999",
                            "1000000000000000", "-90", "91", " 1", "01", ".5", "5."])
values = st.one_of(
    st.none(), st.booleans(), tricky_text, decimals,
    st.integers(min_value=-(2**64), max_value=2**64), st.sampled_from([0, -1, 1, 10**15 - 1, 10**15, 2000, 2101]),
    st.sampled_from(["2026-09-01", "2026-9-1", "2026-02-30", "2026-09-21T10:00:00+00:00", "SE-1785", "se-1785",
                     "NO-3122", "wood.sawdust", "Wood", "030105", "03 01 05", "t", "ton", "SEK", "sek", "sv", "SV",
                     "16.10", "16.1", "1251", "5560360793", "556036-0793", "988077917", ROW, ROW.upper(),
                     "a@b.se", "+46 70 123", "x.se", "supplier"]),
    st.lists(st.sampled_from(["supplier", "receiver", "processor", "030105", "170201", ROW, "Anna", "Anna ", ""]),
             max_size=3),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
)


def _verdict(check, *args) -> bool:
    try:
        check(*args)
    except ValidationError:
        return False
    return True


@settings(max_examples=400, deadline=None)
@given(field=st.sampled_from(FIELDS), value=values, country=st.sampled_from([None, "SE", "NO"]))
def test_the_fast_checker_of_a_field_agrees_with_the_rules(field, value, country):
    table, f = field
    context = {"country": country} if country else {}
    expected = _verdict(checks.check_stored, table, f, value, context)
    assert _verdict(canonical.stored_checker(table, f), value, context) == expected, (table, f.name, value)


@settings(max_examples=400, deadline=None)
@given(field=st.sampled_from(FIELDS), value=values)
def test_an_operation_is_accepted_exactly_when_its_value_is(field, value):
    table, f = field
    expected = _verdict(checks.check_stored, table, f, value, {})
    try:
        line = canonical_json({"data": {f.name: value}, "row": ROW, "seen": {}, "seq": 1, "stamp": kit.stamp(),
                               "table": table}).encode("utf-8")
    except ValueError:
        return
    try:
        bundle.parse_operation(line, "x")
        accepted = True
    except BundleError:
        accepted = False
    assert accepted == expected, (table, f.name, value)


@pytest.mark.parametrize("table, name, value", [
    ("organization", "name", "Trä AB"), ("organization", "notes", "rad 1\nrad 2\tmed tab"),
    ("stream", "quantity", "59.1"), ("stream", "waste_codes", ["030105", "170201"]),
    ("organization", "roles", ["supplier", "processor"]), ("visit", "visitors", ["Anna Lind", "Per"]),
])
def test_common_canonical_values_pass(table, name, value):
    f = records.table(table).field(name)
    checks.check_stored(table, f, value)
    canonical.stored_checker(table, f)(value, {})
