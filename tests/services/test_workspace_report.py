"""The project report sums what the workspace records: outcomes per year (routes, CO₂e factors and their
sources, money per currency, jobs) within the reporting period, and competence activities."""

from __future__ import annotations

import io
from decimal import Decimal

from pypdf import PdfReader

from cirkular_desktop.reports import workspace_results
from cirkular_desktop.services import reports
from cirkular_desktop.services import records as rec

OUTCOMES = [
    {"year": 2026, "tonnes_diverted": "10", "diverted_from": "incineration", "co2e_saved": "4",
     "co2e_factor": "0.4", "co2e_factor_source": "IVL 2019", "cost_saved": "4500", "cost_saved_currency": "SEK",
     "jobs_created": 1},
    {"year": 2026, "tonnes_diverted": "2.5", "diverted_from": "landfill", "co2e_saved": "1",
     "revenue": "800", "revenue_currency": "NOK", "jobs_kept": 2},
    {"period_end": "2027-03-31", "tonnes_diverted": "3", "co2e_factor": "0.4", "co2e_factor_source": "IVL 2019"},
]
def test_outcomes_are_summed_per_year_with_routes_money_and_factors():
    years = workspace_results.outcome_years(OUTCOMES)
    assert [y["year"] for y in years] == [2026, 2027]
    first = years[0]
    assert (first["tonnes"], first["co2e"]) == (Decimal("12.5"), Decimal("5"))
    assert dict(first["saved"]) == {"SEK": Decimal("4500")} and dict(first["revenue"]) == {"NOK": Decimal("800")}
    assert (first["jobs_created"], first["jobs_kept"]) == (1, 2)
    assert dict(first["routes"]) == {"incineration": Decimal("10"), "landfill": Decimal("2.5")}
    assert workspace_results.factor_sources(OUTCOMES) == ["0.4 t CO₂e per tonne (IVL 2019)"]


def test_the_project_report_shows_them(app):
    org = rec.add_record(app, "organization", {"name": "Säffle kommun", "country": "SE"}).value
    rec.add_record(app, "activity", {"kind": "study_visit", "title": "Studiebesök", "date": "2026-10-02",
                                     "organizer_id": org, "participants": "SE:12, NO:5"}, from_text=True)
    pdf = reports.project_report_pdf(app, "sv", invariant=True)
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Kompetensinsatser" in text and "17 deltagare" in text


def test_outcomes_per_year_follow_the_reporting_period(app):
    from cirkular_desktop.reports.figures import Period
    import datetime as dt

    assert workspace_results.sections(OUTCOMES, Period(dt.date(2028, 1, 1), None)) == []
    assert len(workspace_results.sections(OUTCOMES, Period(dt.date(2027, 1, 1), None))) == 1
    assert len(workspace_results.sections(OUTCOMES, None)) == 1
