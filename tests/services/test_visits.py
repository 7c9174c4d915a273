"""Visit use cases: answers one at a time, finish, correct, the visit's streams/needs/ideas, open state."""

from __future__ import annotations

import pytest

from cirkular_desktop.errors import ConflictError, NotFoundError, ValidationError
from cirkular_desktop.services import records, visits

REQUIRED = {"org_kind": "company", "activity": "Sawmill", "employees": "40", "process_areas": ["production"],
            "main_streams": "Bark and sawdust", "largest_stream": "Sawdust", "pays_for_handling": "no",
            "needs_resources": "no", "roles": ["supplier"], "contact_name": "Kari Nordmann", "consent_share": "yes",
            "consent_contact": "yes"}


@pytest.fixture
def org(app):
    return records.add_record(app, "organization", {"name": "Marker Sag", "country": "NO"}).value


@pytest.fixture
def visit(app, org):
    return visits.start_visit(app, org, visitors=["Ola"]).value


def test_save_answer_one_at_a_time_reads_typed_numbers(app, visit):
    from cirkular_desktop import i18n

    i18n.set_language("nb")
    visits.save_answer(app, visit, "handling_cost", "1 234,5", from_text=True)
    visits.save_answer(app, visit, "activity", "  Sagbruk ")
    answers = records.get_record(app, "visit", visit)["answers"]
    assert answers == {"handling_cost": {"value": "1234.5", "unit": None}, "activity": "Sagbruk"}
    visits.save_answer(app, visit, "activity", "")
    assert "activity" not in records.get_record(app, "visit", visit)["answers"]


def test_a_bad_answer_is_refused_naming_the_question_and_nothing_changes(app, visit):
    visits.save_answer(app, visit, "activity", "Sawmill")
    with pytest.raises(ValidationError) as caught:
        visits.save_answers(app, visit, {"activity": "Planing", "employees": "many"}, from_text=True)
    assert caught.value.field == "employees" and "many" in caught.value.message
    assert records.get_record(app, "visit", visit)["answers"] == {"activity": "Sawmill"}
    with pytest.raises(ValidationError, match="no question"):
        visits.save_answer(app, visit, "shoe_size", "42")


def test_finish_needs_every_visible_required_answer_then_versions_accumulate(app, visit):
    with pytest.raises(ValidationError) as caught:
        visits.complete_visit(app, visit)
    assert caught.value.field == "activity"   # org_kind is answered by the organization's kind (a company)
    visits.save_answers(app, visit, {**REQUIRED, "pays_for_handling": "yes", "handling_cost": "1000"},
                        from_text=True)
    with pytest.raises(ValidationError) as caught:  # the currency appears once a cost is given, and is required
        visits.complete_visit(app, visit)
    assert caught.value.field == "handling_currency"
    visits.save_answer(app, visit, "handling_currency", "NOK")
    assert visits.complete_visit(app, visit).value == 1
    with pytest.raises(ConflictError):
        visits.save_answer(app, visit, "activity", "Planing mill")
    assert visits.reopen_visit(app, visit).value == 2
    visits.save_answer(app, visit, "activity", "Planing mill")
    assert visits.complete_visit(app, visit).value == 2
    history = visits.submissions(app, visit)
    assert [s["version"] for s in history] == [1, 2]
    assert [s["answers"]["activity"] for s in history] == ["Sawmill", "Planing mill"]
    assert history[0]["submitted_by"] == "Ola"


def test_streams_needs_and_ideas_of_a_visit(app, org, visit):
    other_visit = visits.start_visit(app, org).value
    stream = visits.add_visit_item(app, visit, "stream", {"title": "Bark", "quantity": "12,5", "unit": "t"},
                                   from_text=True)
    assert stream.changes == {"stream"}
    visits.add_visit_item(app, other_visit, "stream", {"title": "Sawdust"})
    need = visits.add_visit_item(app, visit, "need", {"title": "Pallets"}).value
    idea = visits.add_visit_item(app, visit, "idea", {"title": "Bark as mulch", "stream_id": stream.value}).value
    general = visits.add_visit_item(app, visit, "idea", {"title": "Share a container"}).value
    stored = records.get_record(app, "stream", stream.value)
    assert (stored["organization_id"], stored["visit_id"], stored["quantity"]) == (org, visit, "12.5")
    assert [s["title"] for s in visits.visit_items(app, visit, "stream")] == ["Bark"]
    assert [n["id"] for n in visits.visit_items(app, visit, "need")] == [need]
    assert {i["id"] for i in visits.visit_items(app, visit, "idea")} == {idea, general}
    overview = visits.visit_overview(app, visit)
    assert overview["organization"]["name"] == "Marker Sag"
    assert [s["id"] for s in overview["streams"]] == [stream.value]
    assert overview["photo_counts"] == {stream.value: 0, need: 0}
    assert overview["submissions"] == [] and overview["contact"] is None
    with pytest.raises(ValidationError):
        visits.add_visit_item(app, visit, "stream", {"quantity": "3"})  # a title is required
    with pytest.raises(ValidationError):
        visits.visit_items(app, visit, "organization")
    with pytest.raises(NotFoundError):
        visits.visit_overview(app, "missing")


def test_visit_details_change_only_the_visit_fields(app, org, visit):
    contact = records.add_record(app, "contact", {"organization_id": org, "name": "Kari"}).value
    visits.set_visit_details(app, visit, {"visitors": "Ola, Anna", "contact_id": contact, "date": "2026-03-01"},
                             from_text=True)
    stored = records.get_record(app, "visit", visit)
    assert (stored["visitors"], stored["contact_id"], stored["date"]) == (["Ola", "Anna"], contact, "2026-03-01")
    with pytest.raises(ValidationError, match="status"):
        visits.set_visit_details(app, visit, {"status": "completed"})
    with pytest.raises(ValidationError, match="date"):
        visits.set_visit_details(app, visit, {"date": "yesterday"}, from_text=True)
    assert visits.visit_overview(app, visit)["contact"]["name"] == "Kari"


def test_the_open_visit_is_remembered_until_closed(app, org, visit):
    assert visits.open_visit_state(app) is None
    visits.remember_open_visit(app, visit, "processes")
    assert visits.open_visit_state(app) == {"id": visit, "section": "processes"}
    visits.forget_open_visit(app, "another-visit")
    assert visits.open_visit_state(app) == {"id": visit, "section": "processes"}
    visits.forget_open_visit(app, visit)
    assert visits.open_visit_state(app) is None
    visits.remember_open_visit(app, visit, "@streams")
    records.remove_record(app, "visit", visit)
    assert visits.open_visit_state(app) is None  # a removed visit is not reopened


def test_showcase_visit_prefers_streams_with_photos(app, org, visit):
    from cirkular_desktop.services import attachments

    assert visits.showcase_visit(app) == visit  # only visit, no streams yet
    other = visits.start_visit(app, org).value
    visits.add_visit_item(app, visit, "stream", {"title": "Bark"})
    visits.add_visit_item(app, visit, "stream", {"title": "Sawdust"})
    photographed = visits.add_visit_item(app, other, "stream", {"title": "Pallets"}).value
    assert visits.showcase_visit(app) == visit
    attachments.add_photo(app, "stream", photographed, data=_png(), filename="pallets.png")
    assert visits.showcase_visit(app) == other
    visits.save_answers(app, other, REQUIRED, from_text=True)
    visits.complete_visit(app, other)
    assert visits.showcase_visit(app) == other
    assert visits.showcase_visit(app, in_progress=True) == visit


def _png() -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (8, 8), "brown").save(out, format="PNG")
    return out.getvalue()
