"""Questions answered on the organization and the visit's need (issue #20 item 7): industry code, SME figures,
permit to take in waste, and what the organization pays today for virgin material."""

from __future__ import annotations

import copy
import json
import uuid

import pytest

from cirkular_desktop import i18n, resources
from cirkular_desktop.core import questionnaire
from cirkular_desktop.errors import ValidationError
from cirkular_desktop.services import records, visits


@pytest.fixture
def org(app):
    return records.add_record(app, "organization", {"name": "Marker Sag", "country": "NO"}).value


@pytest.fixture
def visit(app, org):
    return visits.start_visit(app, org, visitors=["Ola"]).value


def test_the_current_questionnaire_asks_for_the_codes_and_binds_them():
    template = questionnaire.load("mapping")
    assert template.version == 2
    assert template.bound_questions("organization") == {
        "org_kind": "kind", "employees": "employees", "industry_code": "industry_code", "ownership": "ownership",
        "annual_turnover": "annual_turnover", "balance_sheet_total": "balance_sheet_total",
        "financials_currency": "financials_currency", "receiver_permit": "waste_permit",
        "receiver_permit_scope": "waste_permit_scope"}
    assert template.bound_questions("need") == {"needs_price": "current_price",
                                                "needs_price_currency": "current_price_currency",
                                                "needs_price_basis": "current_price_basis"}
    for q in template.questions():
        assert set(q.texts) == {"sv", "nb", "en"}, q.id
        assert all(set(o.labels) == {"sv", "nb", "en"} for o in q.options), q.id
    assert questionnaire.load("mapping", 1).bound_questions("organization") == {}   # released: unchanged


def test_organization_answers_live_on_the_organization(app, org, visit):
    i18n.set_language("sv")
    visits.save_answers(app, visit, {"industry_code": "16.10", "employees": "12", "annual_turnover": "8 500 000",
                                     "financials_currency": "NOK", "ownership": "independent"}, from_text=True)
    stored = records.get_record(app, "organization", org)
    assert (stored["industry_code"], stored["employees"], stored["annual_turnover"], stored["financials_currency"],
            stored["ownership"]) == ("16.10", 12, "8500000", "NOK", "independent")
    assert not records.get_record(app, "visit", visit)["answers"]            # no copy in the answers
    answers = visits.visit_overview(app, visit)["answers"]
    assert answers["employees"] == {"value": "12", "unit": "pcs"}
    assert answers["annual_turnover"] == {"value": "8500000", "unit": None}
    assert answers["org_kind"] == "company"                                  # the organization's kind
    # An edit of the organization is what the questionnaire shows next.
    records.set_record(app, "organization", org, {"employees": 14, "industry_code": "16.21"})
    answers = visits.visit_overview(app, visit)["answers"]
    assert answers["employees"]["value"] == "14" and answers["industry_code"] == "16.21"
    # Clearing an answer clears the field.
    visits.save_answer(app, visit, "ownership", None)
    assert records.get_record(app, "organization", org)["ownership"] is None


def test_a_refused_organization_answer_names_the_question_and_changes_nothing(app, org, visit):
    with pytest.raises(ValidationError) as caught:
        visits.save_answers(app, visit, {"activity": "Sawmill", "industry_code": "sågverk"}, from_text=True)
    assert caught.value.field == "industry_code" and caught.value.message.startswith("industry_code: ")
    with pytest.raises(ValidationError) as caught:
        visits.save_answer(app, visit, "employees", "12,5", from_text=True)
    assert caught.value.field == "employees" and caught.value.message == "employees: must be a whole number"
    assert not records.get_record(app, "visit", visit)["answers"]
    assert records.get_record(app, "organization", org)["employees"] is None


def test_the_permit_to_take_in_waste(app, org, visit):
    visits.save_answers(app, visit, {"needs_resources": "yes", "needs_what": "Flis", "receiver_permit": "hazardous",
                                     "receiver_permit_scope": "17 02 04*, 500 t/år, Statsforvalteren i Østfold"},
                        from_text=True)
    stored = records.get_record(app, "organization", org)
    assert stored["waste_permit"] == "hazardous" and stored["waste_permit_scope"].startswith("17 02 04*")
    template = questionnaire.load("mapping")
    assert template.is_visible("receiver_permit_scope", visits.visit_overview(app, visit)["answers"])
    with pytest.raises(ValidationError):
        visits.save_answer(app, visit, "receiver_permit", "perhaps")


def test_the_price_of_virgin_material_lives_on_the_visits_first_need(app, org, visit):
    visits.save_answers(app, visit, {"needs_resources": "yes", "needs_what": "Tørr flis til fyring\nhele året"},
                        from_text=True)
    assert visits.visit_items(app, visit, "need") == []
    # The first price answer makes the need, titled after what is needed; the next ones go to it.
    visits.save_answers(app, visit, {"needs_price": "450", "needs_price_currency": "NOK",
                                     "needs_price_basis": "per_tonne"}, from_text=True)
    (need,) = visits.visit_items(app, visit, "need")
    assert (need["title"], need["current_price"], need["current_price_currency"], need["current_price_basis"],
            need["organization_id"]) == ("Tørr flis til fyring", "450", "NOK", "per_tonne", org)
    visits.save_answer(app, visit, "needs_price", "480")
    assert [n["current_price"] for n in visits.visit_items(app, visit, "need")] == ["480"]
    assert visits.visit_overview(app, visit)["answers"]["needs_price"] == {"value": "480", "unit": None}
    # Two laptops answering the same visit make the same need.
    assert need["id"] == str(uuid.uuid5(visits._NEED_NAMESPACE, f"{visit}:1"))
    # Removed, it is not brought back: the next price answer makes a new one.
    records.remove_record(app, "need", need["id"])
    visits.save_answer(app, visit, "needs_price", "500")
    (again,) = visits.visit_items(app, visit, "need")
    assert again["id"] != need["id"] and again["current_price"] == "500"


def test_the_price_goes_on_a_need_already_recorded_at_the_visit(app, org, visit):
    first = visits.add_visit_item(app, visit, "need", {"title": "Flis"}).value
    visits.add_visit_item(app, visit, "need", {"title": "Bark"})
    visits.save_answers(app, visit, {"needs_resources": "yes", "needs_what": "Flis", "needs_price": "300"},
                        from_text=True)
    assert records.get_record(app, "need", first)["current_price"] == "300"
    assert len(visits.visit_items(app, visit, "need")) == 2


def test_a_finished_version_keeps_the_organizations_answers_but_not_the_contacts(app, org, visit):
    required = {"activity": "Sawmill", "employees": "40", "process_areas": ["production"],
                "main_streams": "Bark", "largest_stream": "Bark", "pays_for_handling": "no",
                "needs_resources": "no", "roles": ["supplier"], "contact_name": "Kari Nordmann",
                "consent_share": "yes", "consent_contact": "yes", "industry_code": "16.10"}
    visits.save_answers(app, visit, required, from_text=True)
    visits.complete_visit(app, visit)
    (version,) = visits.submissions(app, visit)
    assert version["answers"]["employees"] == {"value": "40", "unit": "pcs"}
    assert version["answers"]["industry_code"] == "16.10" and version["answers"]["org_kind"] == "company"
    assert "contact_name" not in version["answers"]
    # A later change of the organization does not rewrite the finished version.
    records.set_record(app, "organization", org, {"employees": 45})
    assert visits.submissions(app, visit)[0]["answers"]["employees"]["value"] == "40"


def _template_with(change):
    data = copy.deepcopy(resources.load_json("questionnaires", "mapping-v2.json"))
    question = next(q for s in data["sections"] for q in s["questions"] if q["id"] == "industry_code")
    change(question)
    return data


@pytest.mark.parametrize("change, message", [
    (lambda q: q.update(organization_field="name"), "is not a field of the organization"),
    (lambda q: q.update(organization_field="employees"), "cannot hold the organization's employees"),
    (lambda q: q.update(need_field="current_price"), "lives on one record only"),
    (lambda q: (q.pop("organization_field"), q.update(need_field="title")), "is not a field of the need"),
    (lambda q: q.update(type="single", organization_field="ownership",
                        options=[{"value": "public", "label": {"sv": "x", "nb": "x", "en": "x"}}]),
     "option 'public' is not a value"),
])
def test_a_template_that_binds_a_question_wrongly_is_refused(change, message):
    with pytest.raises(ValueError, match=message):
        questionnaire.validate_template(_template_with(change))
    json.dumps(_template_with(lambda q: None))   # the untouched copy is valid JSON data
    questionnaire.validate_template(_template_with(lambda q: None))
