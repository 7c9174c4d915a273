"""Questionnaire templates: the mapping template v1 and the questionnaire module."""

from __future__ import annotations

import copy
import datetime as dt
from decimal import Decimal

import pytest

from cirkular_desktop import i18n, resources
from cirkular_desktop.core import questionnaire as qn
from cirkular_desktop.errors import NotFoundError, ValidationError


@pytest.fixture
def data():
    return copy.deepcopy(resources.load_json("questionnaires", "mapping-v1.json"))


@pytest.fixture
def template():
    return qn.load("mapping", 1)


def answer(t, qid, value, **kw):
    return qn.validate_answer(t.question(qid), value, **kw)


# --- The mapping template v1 ----------------------------------------------------------------

def test_unit_codes_are_known_to_the_units_module():
    units = pytest.importorskip("cirkular_desktop.core.units")
    assert set(qn.UNIT_CODES) <= set(units.codes())


def test_mapping_v1_is_valid_and_listed(data):
    qn.validate_template(data)
    assert ("mapping", 1) in qn.available()


def test_mapping_v1_shape(template):
    assert template.id == "mapping" and template.version == 1
    assert 6 <= len(template.sections) <= 9
    assert 30 <= len(template.questions()) <= 50
    assert {q.type for q in template.questions()} == set(qn.QUESTION_TYPES)
    assert any(q.show_if for q in template.questions())
    assert all(q.text("sv") and q.text("nb") and q.text("en") for q in template.questions())
    assert template.title("nb") == "Kartlegging av reststrømmer"


def test_mapping_v1_walks_processes_and_asks_for_consent(template):
    areas = {o.value for o in template.question("process_areas").options}
    assert {"incoming", "production", "packing", "maintenance", "offices", "canteen", "outdoor"} <= areas
    consent = template.question("consent_share")
    assert consent.type == "yesno" and consent.required
    roles = {o.value for o in template.question("roles").options}
    assert {"supplier", "receiver"} <= roles
    currency = template.question("handling_currency")
    assert [o.value for o in currency.options] == ["SEK", "NOK", "EUR"]


def test_template_texts_are_nfc_and_trimmed(data):
    import unicodedata

    def strings(node):
        if isinstance(node, str):
            yield node
        elif isinstance(node, dict):
            for value in node.values():
                yield from strings(value)
        elif isinstance(node, list):
            for value in node:
                yield from strings(value)

    for text in strings(data):
        assert unicodedata.normalize("NFC", text) == text and text.strip() == text, text


def test_sv_and_nb_texts_differ(template):
    # Norwegian copied from Swedish would pass the "every language" check; it must not.
    # A few short words are the same in both (Telefon, E-post, Valuta).
    same = [q.id for q in template.questions() if q.text("sv") == q.text("nb")]
    assert len(same) <= len(template.questions()) // 10, same


def test_load_latest_cached_and_unknown():
    assert qn.load() is qn.load("mapping") is qn.load("mapping", 2) is qn.load("mapping", "2")
    assert qn.load("mapping", 1).version == 1   # older versions stay loadable: visits keep theirs
    with pytest.raises(NotFoundError):
        qn.load("nonexistent")
    with pytest.raises(NotFoundError):
        qn.load("mapping", 999)
    with pytest.raises(NotFoundError):
        qn.load("../materials", 1)
    with pytest.raises(KeyError):
        qn.load().question("no_such_question")


def test_sections_and_question_accessors(template):
    first = template.sections[0]
    assert first.title("sv") == "Verksamheten"
    assert first.intro("en")
    q = template.question("employees")
    assert q.section == "company" and q.unit == "pcs" and q.required
    assert q.help("nb") and q.text("xx") == q.text("en")
    assert template.question("org_kind").options[0].label("sv") == "Företag"
    assert [q.id for s in template.sections for q in s.questions] == [q.id for q in template.questions()]


# --- Visibility, missing answers, progress ---------------------------------------------------

def test_simple_condition(template):
    assert not template.is_visible("handling_cost", {})
    assert not template.is_visible("handling_cost", {"pays_for_handling": False})
    assert template.is_visible("handling_cost", {"pays_for_handling": True})
    assert template.is_visible("handling_cost", {"pays_for_handling": "ja"})  # raw typed value
    assert template.is_visible("employees", {})


def test_chained_condition(template):
    # pays_for_handling → handling_cost → handling_currency
    answers = {"pays_for_handling": True}
    assert not template.is_visible("handling_currency", answers)
    answers["handling_cost"] = {"value": "12000", "unit": None}
    assert template.is_visible("handling_currency", answers)
    # A stale cost answer must not keep the currency visible once its parent is hidden.
    answers["pays_for_handling"] = False
    assert not template.is_visible("handling_cost", answers)
    assert not template.is_visible("handling_currency", answers)
    ids = [q.id for q in template.visible_questions(answers)]
    assert "handling_cost" not in ids and "handling_currency" not in ids


def test_in_condition_on_multi(template):
    assert not template.is_visible("production_residues", {})
    answers = {"process_areas": ["offices", "production"]}
    assert template.is_visible("production_residues", answers)
    assert template.is_visible("office_residues", answers)
    assert not template.is_visible("canteen_residues", answers)
    assert not template.is_visible("spare_capacity_what", {"spare_capacity": ["none"]})
    assert template.is_visible("spare_capacity_what", {"spare_capacity": ["none", "premises"]})


def test_answered_condition(template):
    assert not template.is_visible("largest_stream_quantity", {"largest_stream": "  "})
    assert template.is_visible("largest_stream_quantity", {"largest_stream": "Offcuts"})


def test_missing_required_follows_visibility(template):
    missing = {q.id for q in template.missing_required({})}
    assert {"org_kind", "employees", "pays_for_handling", "consent_share"} <= missing
    assert "handling_currency" not in missing and "needs_what" not in missing
    answers = {"pays_for_handling": True, "handling_cost": "25000", "needs_resources": True}
    missing = {q.id for q in template.missing_required(answers)}
    assert {"handling_currency", "needs_what"} <= missing
    assert "pays_for_handling" not in missing
    answers.update(handling_currency="SEK", needs_what="Pallets", consent_share=False)
    missing = {q.id for q in template.missing_required(answers)}
    assert not {"handling_currency", "needs_what", "consent_share"} & missing  # "no" is an answer
    assert {q.id for q in template.missing_required({"roles": []})} >= {"roles"}


def test_progress(template):
    answered, visible = template.progress({})
    assert answered == 0 and visible == len(template.visible_questions({}))
    assert visible < len(template.questions())
    answered2, visible2 = template.progress({"pays_for_handling": True, "employees": 12})
    assert answered2 == 2 and visible2 == visible + 2  # cost and contract end appear
    answered3, visible3 = template.progress({"pays_for_handling": True, "handling_cost": 10})
    assert (answered3, visible3) == (2, visible + 3)


def test_progress_counts_only_visible_answers(template):
    answers = {"pays_for_handling": False, "handling_cost": 5000}
    assert template.progress(answers)[0] == 1


# --- Answers ------------------------------------------------------------------------------------

def test_text_answers(template):
    assert answer(template, "activity", "  Sawmill  ") == "Sawmill"
    assert answer(template, "activity", "Saw\nmill") == "Saw mill"
    assert answer(template, "activity", "Cafe\u0301") == "Café"  # NFC
    assert answer(template, "main_streams", "\n Bark\r\nSawdust \n") == "Bark\nSawdust"
    for empty in (None, "", "   "):
        assert answer(template, "activity", empty) is None
    with pytest.raises(ValidationError, match="activity"):
        answer(template, "activity", 12)
    with pytest.raises(ValidationError):
        answer(template, "activity", "x" * 5000)


def test_number_answers(template):
    assert answer(template, "employees", 12) == {"value": "12", "unit": "pcs"}
    assert answer(template, "largest_stream_quantity", "12.50") == {"value": "12.5", "unit": "t"}
    assert answer(template, "largest_stream_quantity", Decimal("3.000")) == {"value": "3", "unit": "t"}
    assert answer(template, "largest_stream_quantity", 0.1) == {"value": "0.1", "unit": "t"}
    assert answer(template, "largest_stream_quantity", {"value": "4", "unit": "m3"}) == {"value": "4", "unit": "m3"}
    assert answer(template, "largest_stream_quantity", {"value": "4", "unit": "KG"}) == {"value": "4", "unit": "kg"}
    assert answer(template, "largest_stream_quantity", {"value": None, "unit": "kg"}) is None
    assert answer(template, "needs_quantity", {"value": 5, "unit": "MWh"}) == {"value": "5", "unit": "MWh"}
    assert answer(template, "handling_cost", 12500) == {"value": "12500", "unit": None}
    assert answer(template, "largest_stream_quantity", 0) == {"value": "0", "unit": "t"}


def test_number_typed_in_the_users_language(template):
    with i18n.using_language("sv"):
        assert answer(template, "largest_stream_quantity", "1 234,5", from_text=True) == {
            "value": "1234.5", "unit": "t"}
        assert answer(template, "largest_stream_quantity", "12,5 kg", from_text=True) == {
            "value": "12.5", "unit": "kg"}
    with i18n.using_language("en"):
        assert answer(template, "largest_stream_quantity", "1,234.5", from_text=True)["value"] == "1234.5"
        assert answer(template, "needs_quantity", "30 m3", from_text=True) == {"value": "30", "unit": "m3"}


@pytest.mark.parametrize("qid,value", [
    ("largest_stream_quantity", -1),
    ("largest_stream_quantity", "-0.5"),
    ("largest_stream_quantity", "many"),
    ("largest_stream_quantity", "1,5"),          # not typed: no guessing at the decimal mark
    ("largest_stream_quantity", True),
    ("largest_stream_quantity", float("nan")),
    ("largest_stream_quantity", "1e20"),
    ("largest_stream_quantity", {"value": "4", "unit": "MWh"}),   # not in this question's units
    ("largest_stream_quantity", {"value": "4", "unit": "furlong"}),
    ("largest_stream_quantity", {"value": "4", "extra": 1}),
    ("employees", {"value": 3, "unit": "t"}),
    ("handling_cost", {"value": 3, "unit": "t"}),                  # a cost has no unit
    ("largest_stream_quantity", [1]),
])
def test_number_refusals(template, qid, value):
    with pytest.raises(ValidationError, match=qid):
        answer(template, qid, value)


def test_single_answers(template):
    assert answer(template, "org_kind", "company") == "company"
    assert answer(template, "handling_currency", "nok") == "NOK"
    assert answer(template, "org_kind", "Företag", from_text=True) == "company"
    with pytest.raises(ValidationError, match="org_kind: “bank” is not one of the choices"):
        answer(template, "org_kind", "bank")
    with pytest.raises(ValidationError):
        answer(template, "org_kind", "Företag")  # labels only for typed text
    with pytest.raises(ValidationError):
        answer(template, "org_kind", ["company"])


def test_multi_answers(template):
    assert answer(template, "roles", ["receiver", "supplier", "receiver"]) == ["supplier", "receiver"]
    assert answer(template, "roles", ("supplier",)) == ["supplier"]
    assert answer(template, "roles", "receiver, supplier", from_text=True) == ["supplier", "receiver"]
    assert answer(template, "roles", '["supplier"]', from_text=True) == ["supplier"]
    assert answer(template, "roles", []) is None
    with pytest.raises(ValidationError, match="roles"):
        answer(template, "roles", ["supplier", "banker"])
    with pytest.raises(ValidationError, match="roles"):
        answer(template, "roles", 3)


def test_yesno_answers(template):
    assert answer(template, "consent_share", True) is True
    assert answer(template, "consent_share", False) is False
    for word, expected in [("yes", True), ("Ja", True), ("true", True), ("no", False), ("nej", False),
                           ("NEI", False), ("false", False)]:
        assert answer(template, "consent_share", word, from_text=True) is expected
    for bad in ("maybe", 1, 0, [True]):
        with pytest.raises(ValidationError, match="consent_share"):
            answer(template, "consent_share", bad)


def test_date_answers(template):
    assert answer(template, "follow_up", "2026-03-01") == "2026-03-01"
    assert answer(template, "follow_up", dt.date(2026, 3, 1)) == "2026-03-01"
    assert answer(template, "follow_up", dt.datetime(2026, 3, 1, 12, 30)) == "2026-03-01"
    for bad in ("2026-02-30", "1/3/2026", "tomorrow", 20260301):
        with pytest.raises(ValidationError, match="follow_up"):
            answer(template, "follow_up", bad)


def test_refusal_messages_are_translated(template):
    with i18n.using_language("sv"), pytest.raises(ValidationError) as caught:
        answer(template, "org_kind", "bank")
    message = str(caught.value)
    assert message.startswith("org_kind: ") and "bank" in message and "\n" not in message
    assert caught.value.field == "org_kind"


# --- Template checks reject broken templates ---------------------------------------------------

def _question(data, qid):
    return next(q for s in data["sections"] for q in s["questions"] if q["id"] == qid)


def test_rejects_duplicate_id(data):
    data["sections"][1]["questions"][0]["id"] = "employees"
    with pytest.raises(ValueError, match="duplicate"):
        qn.validate_template(data)


def test_rejects_unknown_type(data):
    _question(data, "activity")["type"] = "essay"
    with pytest.raises(ValueError, match="unknown type"):
        qn.validate_template(data)


def test_rejects_missing_nb_text(data):
    del _question(data, "contact_role")["text"]["nb"]
    with pytest.raises(ValueError, match="nb"):
        qn.validate_template(data)


def test_rejects_missing_nb_option_label(data):
    del _question(data, "org_kind")["options"][0]["label"]["nb"]
    with pytest.raises(ValueError, match="nb"):
        qn.validate_template(data)


def test_rejects_forward_show_if(data):
    _question(data, "employees")["show_if"] = {"question": "consent_share", "equals": True}
    with pytest.raises(ValueError, match="earlier"):
        qn.validate_template(data)


def test_rejects_self_reference(data):
    _question(data, "employees")["show_if"] = {"question": "employees", "answered": True}
    with pytest.raises(ValueError, match="earlier"):
        qn.validate_template(data)


@pytest.mark.parametrize("change,match", [
    (lambda d: _question(d, "handling_cost")["show_if"].update(equals="yes"), "possible answer"),
    (lambda d: _question(d, "incoming_residues").update(show_if={"question": "process_areas", "in": ["garage"]}),
     "possible answer"),
    (lambda d: _question(d, "handling_currency").update(show_if={"question": "handling_cost", "equals": 5}),
     "answered"),
    (lambda d: _question(d, "handling_cost")["show_if"].update(answered=True), "exactly one"),
    (lambda d: _question(d, "org_kind").update(options=[]), "options"),
    (lambda d: _question(d, "activity").update(options=[{"value": "x", "label": {"en": "x", "sv": "x", "nb": "x"}}]),
     "options"),
    (lambda d: _question(d, "employees").update(unit="furlong"), "unit"),
    (lambda d: _question(d, "employees").update(units=["t"]), "default unit"),
    (lambda d: _question(d, "activity").update(unit="t"), "units"),
    (lambda d: _question(d, "employees").update(requird=True), "unknown key"),
    (lambda d: _question(d, "employees").update(id="Employees"), "id"),
    (lambda d: _question(d, "employees").update(id="x" * 41), "id"),
    (lambda d: _question(d, "employees").update(required="yes"), "required"),
    (lambda d: d.update(version=0), "version"),
    (lambda d: d["sections"][1].update(id="company"), "repeated"),
    (lambda d: d["sections"][0].update(questions=[]), "at least one question"),
    (lambda d: d.update(sections=[]), "section"),
    (lambda d: d["title"].pop("sv"), "sv"),
])
def test_rejects_other_mistakes(data, change, match):
    change(data)
    with pytest.raises(ValueError, match=match):
        qn.validate_template(data)


def test_build_from_minimal_template():
    texts = {"en": "Q", "sv": "F", "nb": "S"}
    data = {"id": "tiny", "version": 2, "title": texts, "sections": [
        {"id": "s", "title": texts, "questions": [
            {"id": "a", "type": "yesno", "text": texts},
            {"id": "b", "type": "number", "text": texts, "unit": "kg", "required": True,
             "show_if": {"question": "a", "in": [True]}},
        ]}]}
    qn.validate_template(data)
    t = qn.build(data)
    assert t.description("en") == "" and t.sections[0].intro() == ""
    assert t.missing_required({}) == []
    assert [q.id for q in t.missing_required({"a": True})] == ["b"]
    assert qn.validate_answer(t.question("b"), "7") == {"value": "7", "unit": "kg"}
    assert qn.validate_answer(t.question("b"), {"value": "7", "unit": "h"}) == {"value": "7", "unit": "h"}
