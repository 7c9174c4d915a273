"""Report use cases against a real database: language choice, figures equal to the counts, batches."""

from __future__ import annotations

import re

import datetime as _dt
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "reports"))

from report_samples import make_database, page_texts, text_of  # noqa: E402

from cirkular_desktop import i18n  # noqa: E402
from cirkular_desktop.errors import NotFoundError, ValidationError  # noqa: E402
from cirkular_desktop.reports.figures import compute  # noqa: E402
from cirkular_desktop.services import records, reports  # noqa: E402


@pytest.fixture
def ids(app):
    return make_database(app)


def test_summary_defaults_to_the_contacts_language(app, ids):
    swedish = text_of(reports.visit_summary_pdf(app, ids["se_visit"]))
    norwegian = text_of(reports.visit_summary_pdf(app, ids["no_visit"]))
    assert "Sida 1 av" in swedish and "26 november 2026" in swedish
    assert "Side 1 av" in norwegian and "2. oktober 2026" in norwegian
    english = text_of(reports.visit_summary_pdf(app, ids["no_visit"], "en"))
    assert "Page 1 of" in english and "2 October 2026" in english


def test_summary_holds_the_visits_streams_ideas_and_photo(app, ids):
    pdf = reports.visit_summary_pdf(app, ids["se_visit"], "sv", invariant=True)
    text = text_of(pdf)
    for title in ("Spån från hyvling", "Spillolja från underhåll", "Kasserade lastpallar", "Pellets av spånet",
                  "Åsa Berg", "Anna Berg", "12,5 t"):
        assert title in text
    # The other organization's stream is not in the streams table, but named as the match of the need.
    opportunities = text.split("Möjligheter som hittats")[1].split("Nästa steg")[0]
    assert "Bark fra barking" in opportunities and "Marker Sag AS" in opportunities
    assert text.count("Bark fra barking") == 1
    from pypdf import PdfReader
    import io
    assert sum(len(p.images) for p in PdfReader(io.BytesIO(pdf)).pages) == 1


def test_a_partner_whose_stream_is_not_shared_is_not_named(app, ids):
    records.set_record(app, "stream", ids["no_stream"], {"visibility": "private"})
    text = text_of(reports.visit_summary_pdf(app, ids["se_visit"], "sv"))
    assert "Bark fra barking" not in text and "Marker Sag AS" not in text
    assert "en partner (namnges inte)" in text


def test_organization_without_visit_contact_falls_back_to_its_contact_and_country(app, ids):
    info = reports.visit_summary_info(app, ids["late_visit"])
    assert info["language"] == "nb"                          # Ola Nordmann, the organization's contact
    assert info["file_name"].startswith("2026-12-15_Marker-Sag-AS_")
    no_contact_org = records.add_record(app, "organization", {"name": "Ingen Kontakt AS", "country": "NO"}).value
    from cirkular_desktop.services import visits
    visit = visits.start_visit(app, no_contact_org, date="2026-01-05").value
    assert reports.visit_summary_info(app, visit)["language"] == "nb"


def test_partner_logos_sit_on_the_first_page_and_the_programme_logo_on_every_page(app, ids):
    from report_samples import png_bytes
    import io
    from pypdf import PdfReader

    folder = app.paths.data_dir / "logos"
    folder.mkdir()
    (folder / "1-saffle.png").write_bytes(png_bytes(300, 100, (0, 60, 140)))
    (folder / "2-marker.png").write_bytes(png_bytes(200, 100, (200, 30, 30)))
    (folder / "notes.txt").write_text("not a logo")
    pages = PdfReader(io.BytesIO(reports.project_report_pdf(app, "en"))).pages
    assert len(pages[0].images) == 2 and all(len(page.images) == 0 for page in pages[1:])
    document = reports.project_report_document(app, "en")
    assert any("programme's logo is missing" in w for w in document.warnings)
    source = folder.parent / "interreg.png"
    source.write_bytes(png_bytes(400, 120, (0, 40, 120)))
    from cirkular_desktop.services import report_settings

    report_settings.set_programme_logo(app, source)
    document = reports.project_report_document(app, "en")
    assert document.warnings == ()
    pages = PdfReader(io.BytesIO(document.pdf)).pages
    assert len(pages[0].images) == 3 and all(len(page.images) == 1 for page in pages[1:])


def test_unknown_visit_and_language_are_refused(app, ids):
    with pytest.raises(NotFoundError, match="no-such-visit"):
        reports.visit_summary_pdf(app, "no-such-visit")
    with pytest.raises(ValidationError, match="fi"):
        reports.visit_summary_pdf(app, ids["se_visit"], "fi")


def test_project_report_figures_equal_the_database_counts(app, ids):
    data = reports.project_data(app)
    figures = compute(data)
    assert figures.organizations == records.count_records(app, "organization") == 3
    assert figures.streams == records.count_records(app, "stream")
    assert figures.needs == records.count_records(app, "need")
    assert figures.ideas == records.count_records(app, "idea")
    assert figures.matches == records.count_records(app, "match")
    assert figures.visits == records.count_records(app, "visit")
    completed = records.list_records(app, "visit", where={"status": "completed"})
    assert figures.mapped == len({v["organization_id"] for v in completed}) == 2
    assert figures.visited == len({v["organization_id"] for v in records.list_records(app, "visit")})
    assert figures.cross_border_matches == 1
    # A removed record is no longer counted.
    records.remove_record(app, "need", records.add_record(app, "need", {
        "organization_id": ids["se"], "title": "Borttagen"}).value)
    assert compute(reports.project_data(app)).needs == figures.needs
    text = text_of(reports.project_report_pdf(app, "sv", invariant=True))
    with i18n.using_language("sv"):
        assert i18n.gettext("{done} of {target}").format(done=2, target=24) in text


def test_project_report_with_demo_data_counts_finished_visits(app):
    from cirkular_desktop.services import demo

    demo.add_demo(app, seed=5, scale=1)
    figures = compute(reports.project_data(app))
    finished = {v["id"]: v for v in records.list_records(app, "visit", where={"status": "completed"})}
    mapped = {v["organization_id"] for v in finished.values()}
    counted = [s for s in records.list_records(app, "stream")
               if (s["visit_id"] in finished if s.get("visit_id") else s["organization_id"] in mapped)]
    assert figures.organizations == records.count_records(app, "organization")
    assert figures.mapped == len(mapped)
    assert figures.streams == len(counted) < records.count_records(app, "stream")
    unfinished = {v["id"] for v in records.list_records(app, "visit") if v["id"] not in finished}
    assert figures.unfinished_streams == sum(1 for s in records.list_records(app, "stream")
                                             if s.get("visit_id") in unfinished)
    assert figures.matches == sum(figures.matches_by_stage.values()) == records.count_records(app, "match")
    pages = page_texts(reports.project_report_pdf(app, "nb"))
    assert len(pages) >= 3 and f"Side {len(pages)} av {len(pages)}" in pages[-1]
    text = " ".join(pages)
    unbroken = re.sub(r"(\w)- (\w)", r"\1\2", text)   # names in the appendix's columns may hyphenate
    with i18n.using_language("nb"):
        assert i18n.gettext("{done} of {target}").format(done=figures.smes, target=24) in text
        sentence = i18n.gettext("{streams} residual streams, {tonnes} per year in total; {hazardous} with "
                                "hazardous waste codes. Needs recorded: {needs} ({need_tonnes} per year).")
        streams = i18n.format_decimal(figures.streams, max_fraction=0).replace("\u00a0", " ")
        assert sentence.split("{tonnes}")[0].format(streams=streams) in text
    visited = {v["organization_id"] for v in records.list_records(app, "visit")}
    for org in records.list_records(app, "organization"):
        if org["id"] in visited:
            assert org["name"] in unbroken                          # every visited organization in the appendix


def test_project_report_for_a_period(app, ids):
    with pytest.raises(ValidationError, match="--from"):
        reports.project_data(app, date_from="2026-12-01", date_to="2026-01-01")
    with pytest.raises(ValidationError, match="--to"):
        reports.project_data(app, date_to="31/12/2026")
    autumn = compute(reports.project_data(app, date_from="2026-11-01", date_to="2026-11-30"))
    everything = compute(reports.project_data(app))
    assert (everything.mapped, autumn.mapped) == (2, 1)       # the NO visit is in October
    assert autumn.streams == 3 and everything.streams == 4


def test_batch_writes_one_summary_per_visit_in_the_range(app, ids, tmp_path):
    seen = []
    folder = tmp_path / "Sammanfattningar"
    written = reports.batch_summaries(app, "2026-10-01", _dt.date(2026, 11, 30), folder,
                                      progress=lambda done, total: seen.append((done, total)) or True)
    assert [p.name[:10] for p in written] == ["2026-10-02", "2026-11-26"]
    assert all(p.read_bytes().startswith(b"%PDF") for p in written)
    assert seen == [(0, 2), (1, 2), (2, 2)]
    assert "Side 1 av" in text_of(written[0].read_bytes())   # each participant in their own language
    assert "Sida 1 av" in text_of(written[1].read_bytes())
    forced = reports.batch_summaries(app, "2026-01-01", "2026-12-31", tmp_path / "en", lang="en")
    assert len(forced) == 3 and all("Page 1 of" in text_of(p.read_bytes()) for p in forced)


def test_batch_stops_when_cancelled_and_refuses_bad_ranges(app, ids, tmp_path):
    written = reports.batch_summaries(app, "2026-01-01", "2026-12-31", tmp_path / "out",
                                      progress=lambda done, total: done < 1)
    assert len(written) == 1 and len(list((tmp_path / "out").iterdir())) == 1
    with pytest.raises(ValidationError, match="date_from"):
        reports.batch_summaries(app, "2026-12-31", "2026-01-01", tmp_path / "x")
    with pytest.raises(ValidationError, match="date_to"):
        reports.batch_summaries(app, "2026-01-01", "31/12/2026", tmp_path / "x")
    a_file = tmp_path / "file.txt"
    a_file.write_text("x")
    with pytest.raises(ValidationError, match="not a folder"):
        reports.batch_summaries(app, "2026-01-01", "2026-12-31", a_file)
    assert not (tmp_path / "x").exists()


def test_the_summary_lists_the_matches_next_steps_and_rejection_reasons(app, ids):
    matches = records.list_records(app, "match")
    records.set_record(app, "match", matches[0]["id"], {"next_step": "Skicka prov på flisen",
                                                        "next_step_owner": "Kari Dahl",
                                                        "next_step_due": "2027-02-01"})
    other = records.add_record(app, "match", {"stream_id": ids["stream"], "need_id": ids["need"],
                                              "stage": "rejected", "rejection_reason": "distance",
                                              "rejection_note": "Över 300 km"}).value
    text = text_of(reports.visit_summary_pdf(app, ids["se_visit"], "sv"))
    steps = text.split("Nästa steg")[1]
    assert "Skicka prov på flisen" in steps and "Kari Dahl" in steps and "1 februari 2027" in steps
    with i18n.using_language("sv"):
        reason = records.list_records(app, "match", where={"id": other})[0] and i18n.gettext("Too far to transport")
    assert f"{reason}: Över 300 km" in text
