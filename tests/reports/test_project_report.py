"""The project report: indicators counted from plain records, and the PDF that shows them."""

from __future__ import annotations

import sys
from decimal import Decimal
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from report_samples import BASE14, fonts_of, page_texts, text_of  # noqa: E402

from cirkular_desktop import i18n  # noqa: E402
from cirkular_desktop.reports.data import ProjectData  # noqa: E402
from cirkular_desktop.reports.figures import compute  # noqa: E402
from cirkular_desktop.reports.project_report import build_project_report  # noqa: E402


def _org(oid, name, country, municipality, size="small", kind="company"):
    return {"id": oid, "name": name, "country": country, "municipality": municipality, "size_class": size,
            "kind": kind}


@pytest.fixture
def data():
    orgs = [_org("a", "Säffle Snickeri AB", "SE", "SE-1785", "micro"),
            _org("b", "Torsby Trä AB", "SE", "SE-1737", "small"),
            _org("c", "Marker Sag AS", "NO", "NO-3122", "medium"),
            _org("d", "Säffle kommun", "SE", "SE-1785", None, "municipal"),
            _org("e", "Aldri besøkt AS", "NO", "NO-3122")]
    visits = [{"id": "v1", "organization_id": "a", "status": "completed"},
              {"id": "v2", "organization_id": "a", "status": "completed"},
              {"id": "v3", "organization_id": "b", "status": "draft"},
              {"id": "v4", "organization_id": "c", "status": "completed"},
              {"id": "v5", "organization_id": "d", "status": "completed"}]
    streams = [{"id": "s1", "organization_id": "a", "material_category": "wood.sawdust", "quantity": "12.5",
                "unit": "t", "basis": "per_year", "waste_codes": ["030105"]},
               {"id": "s2", "organization_id": "a", "material_category": "oils", "quantity": "1000", "unit": "kg",
                "basis": "per_month", "waste_codes": ["130205"]},
               {"id": "s3", "organization_id": "c", "material_category": "wood", "quantity": "300", "unit": "t",
                "basis": "per_year"},
               {"id": "s4", "organization_id": "c", "quantity": "5", "unit": "m3", "basis": "per_year"}]
    needs = [{"id": "n1", "organization_id": "b", "quantity": "100", "unit": "t", "basis": "per_year"}]
    matches = [{"id": "m1", "stream_id": "s3", "need_id": "n1", "stage": "testing"},
               {"id": "m2", "stream_id": "s1", "need_id": "n1", "stage": "proposed"},
               {"id": "m3", "stream_id": "s2", "need_id": None, "stage": "rejected"}]
    ideas = [{"id": "i1", "status": "new", "hierarchy": "reuse"}, {"id": "i2", "status": "chosen"}]
    tests = [{"id": "t1", "status": "running", "title": "Pallvirke till slöjden", "place": "Säffle",
              "start_date": "2026-09-01"}]
    outcomes = [{"id": "o1", "tonnes_diverted": "40", "cost_saved": "12000", "cost_saved_currency": "SEK",
                 "jobs_created": 2}]
    return ProjectData(organizations=orgs, visits=visits, streams=streams, needs=needs, ideas=ideas,
                       matches=matches, test_environments=tests, outcomes=outcomes)


def test_figures_count_the_records(data):
    f = compute(data)
    assert (f.organizations, f.visited, f.mapped, f.target) == (5, 4, 3, 24)
    assert (f.visits, f.visits_completed) == (5, 4)
    assert f.mapped_by_country == {"SE": 2, "NO": 1}
    assert f.mapped_by_municipality == {"SE-1785": 2, "NO-3122": 1}
    # Only companies count as enterprises: the municipality's own operation does not.
    assert {k: v for k, v in f.enterprises_by_size.items() if v} == {"micro": 1, "medium": 1}
    assert f.streams == 4 and f.streams_without_tonnes == 1
    assert f.tonnes == Decimal("12.5") + Decimal("12") + Decimal("300")
    assert f.streams_by_material["wood"] == (2, Decimal("312.5"))
    assert f.streams_by_material[""] == (1, Decimal(0))
    assert list(f.streams_by_material)[-1] == ""                 # "not categorised" comes last
    assert f.hazardous_streams == 1
    assert f.matches_by_stage["testing"] == 1 and f.matches_by_stage["proposed"] == 1
    assert list(f.matches_by_stage)[:3] == ["proposed", "contacted", "assessed"]
    assert f.cross_border_matches == 1                          # s3 (NO) → n1 (SE)
    assert f.ideas_by_status["new"] == 1 and f.ideas_by_status["chosen"] == 1
    assert f.test_environments_by_status["running"] == 1
    assert f.tonnes_diverted == 40 and f.cost_saved == {"SEK": Decimal(12000)} and f.jobs_created == 2
    assert [r.name for r in f.organization_rows] == ["Säffle kommun", "Säffle Snickeri AB", "Torsby Trä AB",
                                                     "Marker Sag AS"]


@pytest.mark.parametrize("lang", ["sv", "nb", "en"])
def test_report_prints_the_figures_in_the_language(data, lang):
    pdf = build_project_report(data, lang, invariant=True)
    text = text_of(pdf)
    with i18n.using_language(lang):
        assert i18n.gettext("{done} of {target}").format(done=3, target=24) in text
        for label in ("Organizations mapped", "Enterprises by size class", "Residual streams by material",
                      "Matches by stage", "Appendix: visited organizations"):
            assert i18n.gettext(label) in text, label
        assert i18n.format_decimal(Decimal("324.5"), max_fraction=1) + " t" in text
    for name in ("Säffle Snickeri AB", "Torsby Trä AB", "Marker Sag AS", "Pallvirke till slöjden"):
        assert name in text
    assert "Aldri besøkt AS" not in text
    fonts = fonts_of(pdf)
    assert all(fonts.values()) and not {n.split("+")[-1] for n in fonts} & BASE14


def test_empty_database_still_gives_a_report():
    pages = page_texts(build_project_report(ProjectData(), "en", invariant=True))
    assert "0 of 24" in pages[0]
    assert "No organizations visited yet." in pages[-1]
