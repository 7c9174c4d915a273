"""Bundles carry only values ``add`` would accept, in canonical form (issues #14.6, #14.3, #15.4).

One set of rules (``core.checks``) serves typed input and bundles. A value
``add`` refuses is refused from a bundle with the same sentence, after the
file and line; a value ``add`` accepts only in a typed form ("59,1",
"59.10", an id in capitals) must arrive canonical ("59.1", lowercase) and
the refusal says which form was expected. Either way the whole import is
refused in one line and nothing changes.
"""

from __future__ import annotations

import pytest
import sync_kit as kit

from cirkular_desktop.core import records
from cirkular_desktop.errors import BundleError, ValidationError
from cirkular_desktop.sync.bundle_reader import open_bundle

ROW = "4444aaaa-4444-4444-8444-4444444444bb"
ORG = "5555aaaa-5555-4555-8555-5555555555bb"
BASE = {"organization": {"name": "Gränsbygdens Trä AB", "country": "SE"},
        "stream": {"organization_id": ORG, "title": "Spån"},
        "contact": {"organization_id": ORG, "name": "Karin Berg"}}

# (table, values in the bundle's operation, the same values as typed to ``add``)
SAME_AS_ADD = {
    "NUL in a name": ("organization", {"name": "Trä\x00AB"}, {"name": "Trä\x00AB"}),
    "bell in a name": ("organization", {"name": "Trä\x07AB"}, {"name": "Trä\x07AB"}),
    "tab in a name": ("organization", {"name": "Trä\tAB"}, {"name": "Trä\tAB"}),
    "right-to-left override": ("organization", {"name": "\u202eBA särT"}, {"name": "\u202eBA särT"}),
    "line break in a name": ("organization", {"name": "Trä\nAB"}, {"name": "Trä\nAB"}),
    "line separator in a name": ("organization", {"name": "Trä\u2028AB"}, {"name": "Trä\u2028AB"}),
    "negative employees": ("organization", {"employees": -3}, {"employees": "-3"}),
    "employees beyond 64 bits": ("organization", {"employees": 2**70}, {"employees": str(2**70)}),
    "latitude beyond 90": ("organization", {"latitude": "91"}, {"latitude": "91"}),
    "a country in lowercase": ("organization", {"country": "se"}, {"country": "se"}),
    "date without leading zeros": ("stream", {"available_from": "2026-9-1"}, {"available_from": "2026-9-1"}),
    "date that does not exist": ("stream", {"available_from": "2026-02-30"}, {"available_from": "2026-02-30"}),
    "available from after available to": (
        "stream", {"available_from": "2026-10-01", "available_to": "2026-09-01"},
        {"available_from": "2026-10-01", "available_to": "2026-09-01"}),
    "not an e-mail address": ("contact", {"email": "karin.example.se"}, {"email": "karin.example.se"}),
    "too many decimals": ("stream", {"quantity": "0.1234567890123456"}, {"quantity": "0.1234567890123456"}),
    # Beyond what Python's decimal context holds: abs() raised decimal.Overflow, normalize() hid the decimals.
    "exponent beyond the decimal context": ("stream", {"quantity": "1e999999999"}, {"quantity": "1e999999999"}),
    "negative exponent beyond the context": ("stream", {"quantity": "1e-999999999"}, {"quantity": "1e-999999999"}),
}

# (table, values in the bundle's operation, the canonical form the refusal names)
NOT_CANONICAL = {
    "decimal comma": ("stream", {"quantity": "59,1"}, '"59.1"'),
    "trailing zero": ("stream", {"quantity": "59.10"}, '"59.1"'),
    "decimal as a JSON number": ("stream", {"quantity": 59}, None),
    "whole number written as text": ("organization", {"employees": "12"}, "12"),
    "whole number with a fraction": ("organization", {"employees": 12.0}, "12"),
    "id in capitals": ("stream", {"organization_id": ORG.upper()}, f'"{ORG}"'),
    "name with a trailing space": ("organization", {"name": "Trä AB "}, '"Trä AB"'),
    "name decomposed (not NFC)": ("organization", {"name": "Tra\u0308 AB"}, '"Trä AB"'),
    "empty text instead of null": ("organization", {"notes": ""}, "null"),
    "roles out of order": ("organization", {"roles": ["receiver", "supplier"]}, '["supplier", "receiver"]'),
    "waste code with spaces": ("stream", {"waste_codes": ["03 01 05"]}, None),
}


def _refusal(table: str, values: dict, **op_changes) -> str:
    operation = kit.op(1, ROW, dict(values), table=table)
    operation.update(op_changes)
    # The manifest as for a well-formed operation 1: the line itself is what is refused.
    manifest = {"covers": {kit.DEVICE: [[1, 1]]}, "holds": {kit.DEVICE: [[1, 1]]}}
    with pytest.raises(BundleError) as refused:
        open_bundle(kit.valid_bundle([operation], **manifest), name="b.cirkular").close()
    message = str(refused.value)
    assert "\n" not in message
    assert message.startswith("b.cirkular, line 1: "), message
    return message[len("b.cirkular, line 1: "):]


@pytest.mark.parametrize("case", list(SAME_AS_ADD))
def test_a_value_add_refuses_is_refused_from_a_bundle_with_the_same_sentence(case):
    table, in_bundle, typed = SAME_AS_ADD[case]
    with pytest.raises(ValidationError) as by_add:
        records.validate_record(table, dict(BASE[table], **typed), from_text=True, creating=True)
    assert "\n" not in by_add.value.message
    assert _refusal(table, in_bundle) == by_add.value.message


@pytest.mark.parametrize("case", list(NOT_CANONICAL))
def test_a_value_not_in_canonical_form_is_refused_and_the_canonical_form_named(case):
    table, in_bundle, canonical = NOT_CANONICAL[case]
    reason = _refusal(table, in_bundle)
    field = next(iter(in_bundle))
    assert reason.startswith(f"{table}.{field}: ")
    if canonical is not None:
        assert f"expected {canonical}" in reason


@pytest.mark.parametrize("changes, expected", [
    ({"seq": 2**70}, "sequence number"),
    ({"seq": 2**53}, "sequence number"),
    ({"row": ROW.upper()}, "not a record id"),
    ({"row": "org-1"}, "not a record id"),
    ({"seen": {"name": []}}, "“seen” of name"),
    ({"seen": {"name": [kit.stamp(counter=2), kit.stamp(counter=1)]}}, "ascending"),
], ids=["seq beyond 64 bits", "seq beyond 2^53", "row id in capitals", "row id not a UUID", "empty seen",
        "seen out of order"])
def test_an_operation_out_of_form_is_refused(changes, expected):
    assert expected in _refusal("organization", {"name": "Trä AB"}, **changes)


def test_an_answer_beyond_the_integer_range_is_refused():
    assert _refusal("visit", {"answers.q1": 2**70}) == "visit.answers.q1: is too large"
    assert _refusal("visit", {"answers.q1": [{"value": 1.5}]}).startswith("visit.answers.q1: is not a whole number")


def test_erasure_and_purge_list_their_fields_in_order_each_written_by_the_operation():
    good = {"_erase": ["email", "name"], "email": None, "name": None}
    open_bundle(kit.valid_bundle([kit.op(1, ROW, good, table="contact")])).close()
    open_bundle(kit.valid_bundle([kit.op(1, ROW, {"_purge": ["answers.q1"], "answers.q1": "[raderat]"},
                                         table="visit")])).close()
    for bad in ({"_erase": ["name", "email"], "email": None, "name": None},    # out of order
                {"_erase": ["name"], "name": "Karin"},                           # value kept
                {"_erase": ["name"]},                                            # not written
                {"_erase": ["shoe_size"], "shoe_size": None}):                   # no such field
        reason = _refusal("contact", bad)
        assert reason.startswith("contact._erase: ") or "unknown field" in reason
    assert _refusal("visit", {"_purge": ["notes"]}).startswith("visit._purge: ")


@pytest.mark.parametrize("values", [
    {"name": "Gränsbygdens Trä AB", "country": "SE", "org_number": "5560360793", "employees": 12,
     "latitude": "59.1", "roles": ["supplier", "receiver"], "municipality": "SE-1785"},
    {"org_number": "988077917"},           # a Norwegian number without the country: its length tells
], ids=["organization", "number without country"])
def test_canonical_values_pass(values):
    open_bundle(kit.valid_bundle([kit.op(1, ROW, values)])).close()


def test_code_lists_are_checked_for_their_form_only():
    """A newer code list on the sender (a municipality after a reform) must not make a bundle unreadable."""
    values = {"material_category": "wood.newly_added", "unit": "m2", "waste_codes": ["991299"],
              "primary_waste_code": "991299"}
    open_bundle(kit.valid_bundle([kit.op(1, ROW, values, table="stream")])).close()
    assert "stream.unit" in _refusal("stream", {"unit": "square metres"})


def test_big_numbers_through_the_command_are_one_line_not_a_trace(cli, tmp_path):
    assert cli("init").code == 0
    org = cli("add", "organization", "name=Trä AB", "country=SE").out.strip()
    for typed in (["stream", f"organization_id={org}", "title=Spån", "unit=t", "quantity=1e999999999"],
                  ["organization", "name=Trä AB", "country=SE", "employees=-1e999999999"]):
        result = cli("add", *typed)
        assert result.code == 1 and "Traceback" not in result.err and result.err.endswith("is too large\n")
    path = tmp_path / "big.cirkular"
    path.write_bytes(kit.valid_bundle([kit.op(1, ROW, {"name": "Trä AB", "employees": 2**70})]))
    for extra in ([], ["--dry-run"]):
        result = cli("import-bundle", str(path), *extra)
        assert result.code == 1 and "Traceback" not in result.err
        assert result.err.strip() == "cirkular: big.cirkular, line 1: organization.employees: is too large"


def test_the_command_line_and_a_bundle_give_the_same_sentence(cli, tmp_path):
    assert cli("init").code == 0
    typed = cli("add", "organization", "name=Trä AB", "country=SE", "employees=-3")
    path = tmp_path / "neg.cirkular"
    path.write_bytes(kit.valid_bundle([kit.op(1, ROW, {"name": "Trä AB", "country": "SE", "employees": -3})]))
    received = cli("import-bundle", str(path))
    assert typed.code == received.code == 1
    assert received.err == typed.err.replace("cirkular: ", "cirkular: neg.cirkular, line 1: ")
