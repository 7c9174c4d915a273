"""The visit-status rule lives in one service: every face that sets ``status`` finishes or reopens the visit.

``records.set_record(app, "visit", id, {"status": …})`` — what ``cirkular set
visit ID status=completed`` and any editor call — goes through
``visits.change_status``: finishing checks the required answers and saves a
numbered version, exactly like the visit screen's Finish button.
"""

from __future__ import annotations

import pytest

from cirkular_desktop.errors import ValidationError
from cirkular_desktop.services import records, visits

REQUIRED = {"org_kind": "company", "activity": "Sawmill", "employees": "40", "process_areas": ["production"],
            "main_streams": "Bark and sawdust", "largest_stream": "Sawdust", "pays_for_handling": "no",
            "needs_resources": "no", "roles": ["supplier"], "contact_name": "Kari Nordmann", "consent_share": "yes",
            "consent_contact": "yes"}


@pytest.fixture
def visit(app):
    org = records.add_record(app, "organization", {"name": "Marker Sag", "country": "NO"}).value
    return visits.start_visit(app, org, visitors=["Ola"]).value


def test_set_record_cannot_finish_a_visit_with_unanswered_questions(app, visit):
    with pytest.raises(ValidationError) as caught:
        records.set_record(app, "visit", visit, {"status": "completed"})
    assert caught.value.field == "activity"   # org_kind is answered by the organization's kind (a company)
    stored = records.get_record(app, "visit", visit)
    assert stored["status"] == "draft" and stored["version"] == 0
    assert visits.submissions(app, visit) == []


def test_set_record_finishes_and_reopens_through_the_visit_rule(app, visit):
    visits.save_answers(app, visit, REQUIRED, from_text=True)
    done = records.set_record(app, "visit", visit, {"status": "completed"}, from_text=True)
    assert done.value == {"status", "version"} and "submission" in done.changes
    assert [s["version"] for s in visits.submissions(app, visit)] == [1]
    assert records.set_record(app, "visit", visit, {"status": "completed"}).value == set()  # already finished
    assert records.set_record(app, "visit", visit, {"status": "draft"}).value == {"status"}
    assert records.get_record(app, "visit", visit)["status"] == "draft"
    records.set_record(app, "visit", visit, {"status": "completed"})
    assert [s["version"] for s in visits.submissions(app, visit)] == [1, 2]


def test_the_status_changes_on_its_own_and_a_new_visit_starts_in_progress(app, visit):
    with pytest.raises(ValidationError, match="on its own"):
        records.set_record(app, "visit", visit, {"status": "completed", "notes": "done"})
    assert records.get_record(app, "visit", visit)["notes"] is None
    org = records.get_record(app, "visit", visit)["organization_id"]
    with pytest.raises(ValidationError, match="starts in progress"):
        records.add_record(app, "visit", {"organization_id": org, "date": "2026-12-01", "status": "completed"})
    with pytest.raises(ValidationError, match="status"):
        records.set_record(app, "visit", visit, {"status": "finished"}, from_text=True)
