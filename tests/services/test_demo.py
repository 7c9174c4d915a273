"""Demo data through the service: one transaction, valid records, seeds combine."""

from __future__ import annotations

import pytest

from cirkular_desktop.errors import ConflictError, ValidationError
from cirkular_desktop.services import demo, maintenance
from cirkular_desktop.services import records as services


def test_demo_adds_valid_data_in_both_countries(app):
    result = demo.add_demo(app, seed=3)
    assert result.value["organization"] == 40 and "stream" in result.changes
    countries = {row["country"] for row in services.list_records(app, "organization")}
    assert countries == {"SE", "NO"}
    report = maintenance.check(app)
    assert report.ok, report.problems


def test_same_seed_twice_is_refused_and_changes_nothing(app):
    demo.add_demo(app, seed=3)
    before = services.dump(app)
    with pytest.raises(ConflictError, match="seed 3"):
        demo.add_demo(app, seed=3)
    assert services.dump(app) == before


def test_two_seeds_combine(app):
    first = demo.add_demo(app, seed=3).value
    second = demo.add_demo(app, seed=4).value
    total = first["organization"] + second["organization"]
    assert services.count_records(app, "organization") == total - second.get("existing organization", 0)


def test_cancelling_adds_nothing(app):
    assert demo.add_demo(app, seed=5, progress=lambda done, total: False).changes == frozenset()
    assert services.count_records(app, "organization") == 0


def test_bad_scale_and_seed(app):
    with pytest.raises(ValidationError):
        demo.add_demo(app, scale=0)
    with pytest.raises(ValidationError):
        demo.add_demo(app, seed=-1)


def test_demo_visits_keep_no_copies_of_contact_details(app):
    """Answered with questionnaire version 2: `cirkular check` finds no contact details copied into answers."""
    from cirkular_desktop.services import privacy_access

    demo.add_demo(app, seed=3)
    with app.uow(write=False) as uow:
        assert privacy_access.contact_copies(uow) == []
    assert not [line for line in privacy_access.check_findings(app) if "copies" in line]
    visits = services.list_records(app, "visit")
    assert visits and {v["template_version"] for v in visits} == {2}
