"""An organization still named by the workspace's records is not removed: as the place or a partner of a test
environment, the organizer or a participant group of a competence activity, or the processor of a match. The
refusal is one line naming what refers to it, and nothing changes; once those references are gone it goes."""

from __future__ import annotations

import pytest

from cirkular_desktop.errors import ConflictError
from cirkular_desktop.services import records as services


def _org(app, name, country="SE"):
    return services.add_record(app, "organization", {"name": name, "country": country}).value


@pytest.fixture
def world(app):
    supplier, receiver = _org(app, "Säffle Snickeri AB"), _org(app, "Marker Bygg AS", "NO")
    stream = services.add_record(app, "stream", {"organization_id": supplier, "title": "Kutterspån",
                                                 "material_category": "wood.sawdust"}).value
    need = services.add_record(app, "need", {"organization_id": receiver, "title": "Strø",
                                             "material_category": "wood.sawdust"}).value
    match = services.add_record(app, "match", {"stream_id": stream, "need_id": need, "title": "Spån till strö"}).value
    return {"supplier": supplier, "receiver": receiver, "match": match}


def _refused(app, org):
    before = services.dump(app)
    with pytest.raises(ConflictError) as caught:
        services.remove_record(app, "organization", org)
    assert services.dump(app) == before          # nothing changed
    message = caught.value.message
    assert "\n" not in message and "still used by" in message
    return message


def test_an_organization_named_by_a_workspace_record_is_refused_with_what_names_it(app, world):
    place, partner, organizer, guest, processor = (_org(app, n) for n in (
        "Säffle kommun", "Karlstads universitet", "Region Värmland", "Årjäng Återbruk", "Fliseriet AS"))
    test = services.add_record(app, "test_environment", {
        "match_id": world["match"], "title": "Provleverans 10 t", "place_organization_id": place,
        "partners": [partner]}).value
    activity = services.add_record(app, "activity", {
        "title": "Workshop om återbruk", "date": "2026-11-12", "organizer_id": organizer,
        "participants": [{"organization_id": guest, "count": 4}, {"country": "NO", "count": 6}]}).value
    services.set_record(app, "match", world["match"], {"processor_id": processor})

    assert "1 × Test environment (“Provleverans 10 t”)" in _refused(app, place)
    assert "1 × Test environment (“Provleverans 10 t”)" in _refused(app, partner)       # a partner (a list)
    assert "1 × Competence activity (“Workshop om återbruk”)" in _refused(app, organizer)
    assert "1 × Competence activity (“Workshop om återbruk”)" in _refused(app, guest)   # a participant group
    assert "1 × Match (“Spån till strö”)" in _refused(app, processor)

    # Once nothing names them any more, they go.
    services.set_record(app, "test_environment", test, {"partners": [], "place_organization_id": None})
    services.set_record(app, "activity", activity, {"participants": [{"country": "NO", "count": 6}],
                                                    "organizer_id": None})
    services.set_record(app, "match", world["match"], {"processor_id": None})
    for org in (place, partner, organizer, guest, processor):
        services.remove_record(app, "organization", org)
        assert services.count_records(app, "organization", where={"id": org}) == 0


def test_the_refusal_names_a_few_and_counts_the_rest(app, world):
    partner = _org(app, "Karlstads universitet")
    for title in ("Prov A", "Prov B", "Prov C", "Prov D"):
        services.add_record(app, "test_environment", {"match_id": world["match"], "title": title,
                                                      "partners": [world["receiver"], partner]})
    message = _refused(app, partner)
    assert "4 × Test environment (“Prov A”, “Prov B”, “Prov C”, …)" in message
    # The receiver is named by its need and by the partners' lists: both are said, each once.
    message = _refused(app, world["receiver"])
    assert "1 × Need (“Strø”)" in message and "4 × Test environment" in message


def test_a_match_with_a_test_environment_is_refused_but_its_stage_changes_go_with_it(app, world):
    services.add_record(app, "test_environment", {"match_id": world["match"], "title": "Provleverans"})
    with pytest.raises(ConflictError, match="1 × Test environment"):
        services.remove_record(app, "match", world["match"])
    (test,) = services.list_records(app, "test_environment")
    services.remove_record(app, "test_environment", test["id"])
    services.remove_record(app, "match", world["match"])   # its stage events are its own
    assert services.list_records(app, "match") == []
