"""Test environments, outcomes and competence activities through add/set/list/show/remove/export-table."""

from __future__ import annotations

import json

from openpyxl import load_workbook


def _match(cli):
    org_se = cli("add", "organization", "name=Säffle Snickeri AB", "country=SE").out.strip()
    org_no = cli("add", "organization", "name=Marker Bygg AS", "country=NO").out.strip()
    stream = cli("add", "stream", f"organization_id={org_se}", "title=Kutterspån", "material_category=wood.sawdust",
                 "quantity=40", "unit=t").out.strip()
    need = cli("add", "need", f"organization_id={org_no}", "title=Strø til hestestaller",
               "material_category=wood.sawdust", "quantity=30", "unit=t").out.strip()
    match = cli("add", "match", f"stream_id={stream}", f"need_id={need}", "stage=testing")
    assert match.code == 0, match
    return org_se, org_no, match.out.strip()


def test_workspace_tables_round_trip_through_the_cli(cli, tmp_path):
    org_se, org_no, match = _match(cli)
    test = cli("add", "test_environment", f"match_id={match[:8]}", "title=Provleverans 10 t",
               f"place_organization_id={org_no}", f"partners={org_se},{org_no}", "start_date=2026-09-01",
               "end_date=2026-10-31", "status=running", "description=Strø i to staller i fire uker")
    assert test.code == 0, test
    test_id = test.out.strip()
    shown = json.loads(cli("show", "test_environment", test_id, "--format", "json").out)
    assert shown["partners"] == [org_se, org_no] and shown["match_id"] == match
    assert cli("set", "test_environment", test_id[:8], "status=evaluated", "evaluation=Fungerte bra").code == 0
    assert "Provleverans 10 t" in cli("list", "test_environment", "--search", "provleverans").out

    outcome = cli("add", "outcome", f"match_id={match}", f"test_environment_id={test_id}", "year=2026",
                  "tonnes_diverted=10", "diverted_from=incineration", "co2e_factor=0,05",
                  "co2e_factor_source=IVL 2019", "cost_saved=4500", "cost_saved_currency=SEK", "jobs_kept=1")
    assert outcome.code == 0, outcome
    stored = json.loads(cli("show", "outcome", outcome.out.strip(), "--format", "json").out)
    assert stored["co2e_saved"] == "0.5" and stored["year"] == 2026  # computed from the factor
    text = cli("show", "outcome", outcome.out.strip()).out
    assert "Incineration" in text and "IVL 2019" in text

    activity = cli("add", "activity", "kind=workshop", "title=Workshop om återbruk", "date=2026-11-12",
                   "place=Säffle", f"organizer_id={org_se}", f"participants=SE:12, {org_no}:5")
    assert activity.code == 0, activity
    listed = cli("list", "activity")
    assert "Workshop om återbruk" in listed.out and "Workshop" in listed.out
    assert "12 (SE), 5 (NO) Marker Bygg AS" in cli("show", "activity", activity.out.strip()).out
    assert "Säffle Snickeri AB, Marker Bygg AS" in cli("show", "test_environment", test_id).out

    for table in ("test_environment", "outcome", "activity"):
        target = tmp_path / f"{table}.xlsx"
        assert cli("export-table", table, "-o", str(target)).code == 0
        sheet = load_workbook(target).active
        assert sheet.max_row == 2, table
    # A match with results is not removed under them; the results go first.
    refused = cli("remove", "match", match)
    assert refused.code == 1 and "still used" in refused.err
    for table, record in (("outcome", outcome.out.strip()), ("test_environment", test_id),
                          ("activity", activity.out.strip())):
        assert cli("remove", table, record).code == 0
        assert json.loads(cli("list", table, "--format", "json").out) == []


def test_bad_workspace_input_is_one_line_and_changes_nothing(cli):
    _org_se, _org_no, match = _match(cli)
    before = cli("dump").out
    for args in (("add", "outcome", f"match_id={match}", "tonnes_diverted=3"),                 # no year
                 ("add", "outcome", f"match_id={match}", "year=2026", "cost_saved=100"),       # no currency
                 ("add", "outcome", f"match_id={match}", "year=2026", "tonnes_diverted=10", "co2e_factor=0.1",
                  "co2e_saved=7"),                                                              # disagree
                 ("add", "test_environment", "title=Lost"),                                     # no match or idea
                 ("add", "test_environment", f"match_id={match}", "title=x", "start_date=2026-05-01",
                  "end_date=2026-04-01"),
                 ("add", "activity", "title=x", "date=2026-01-01", "participants=Sverige"),
                 ("add", "activity", "title=x", "kind=party", "date=2026-01-01")):
        result = cli(*args)
        assert result.code == 1, (args, result)
        assert len(result.err.strip().splitlines()) == 1, result.err
    assert cli("dump").out == before


def test_removing_an_organization_the_workspace_names_is_one_line_saying_what_names_it(cli):
    org_se, org_no, match = _match(cli)
    place = cli("add", "organization", "name=Säffle kommun", "country=SE").out.strip()
    partner = cli("add", "organization", "name=Karlstads universitet", "country=SE").out.strip()
    guest = cli("add", "organization", "name=Årjäng Återbruk", "country=SE").out.strip()
    processor = cli("add", "organization", "name=Fliseriet AS", "country=NO").out.strip()
    assert cli("add", "test_environment", f"match_id={match}", "title=Provleverans 10 t",
               f"place_organization_id={place}", f"partners={partner}").code == 0
    assert cli("add", "activity", "title=Workshop om återbruk", "date=2026-11-12", f"organizer_id={org_se}",
               f"participants={guest}:4, NO:6").code == 0
    assert cli("set", "match", match, f"processor_id={processor}").code == 0
    before = cli("dump").out
    for org, named in ((place, "1 × Test environment (“Provleverans 10 t”)"),
                       (partner, "1 × Test environment (“Provleverans 10 t”)"),
                       (guest, "1 × Competence activity (“Workshop om återbruk”)"),
                       (org_se, "1 × Competence activity (“Workshop om återbruk”)"),
                       (processor, "1 × Match")):
        result = cli("remove", "organization", org)
        assert result.code == 1, result
        assert len(result.err.strip().splitlines()) == 1 and named in result.err, result.err
    assert cli("dump").out == before
    # In the reader's language too.
    swedish = cli("remove", "organization", partner, lang="sv")
    assert swedish.code == 1 and "Testmiljö" in swedish.err and "Provleverans 10 t" in swedish.err, swedish.err
