"""Code lists in the documents: the project report by industry division, NS 9431 in Norwegian visit summaries."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from report_samples import STREAMS, lines_of, summary_data, text_of  # noqa: E402

from cirkular_desktop.core import industry  # noqa: E402
from cirkular_desktop.reports.data import ProjectData  # noqa: E402
from cirkular_desktop.reports.figures import compute  # noqa: E402
from cirkular_desktop.reports.project_report import build_project_report  # noqa: E402
from cirkular_desktop.reports.visit_summary import build_visit_summary  # noqa: E402


def _project() -> ProjectData:
    orgs = [{"id": "a", "name": "Sågen AB", "country": "SE", "kind": "company", "size_class": "small",
             "industry_code": "16.10"},
            {"id": "b", "name": "Sagbruket AS", "country": "NO", "kind": "company", "size_class": "large",
             "industry_code": "16.101"},
            {"id": "c", "name": "Returkraft AS", "country": "NO", "kind": "company", "size_class": "micro",
             "industry_code": "38.32"},
            {"id": "d", "name": "Säffle kommun", "country": "SE", "kind": "municipal"},
            {"id": "e", "name": "Aldri ferdig AS", "country": "NO", "kind": "company", "size_class": "small",
             "industry_code": "62.01"}]
    visits = [{"id": f"v{o}", "organization_id": o, "status": "completed", "date": "2026-05-01"} for o in "abcd"]
    visits.append({"id": "ve", "organization_id": "e", "status": "draft", "date": "2026-05-01"})
    return ProjectData(organizations=orgs, visits=visits)


def test_mapped_organizations_and_smes_by_industry_division():
    f = compute(_project())
    # Divisions by code, those without a code last; an unfinished visit (e) counts nowhere.
    assert f.mapped_by_industry == {"16": 2, "38": 1, "": 1}
    assert f.smes_by_industry == {"16": 1, "38": 1, "": 0}
    assert sum(f.smes_by_industry.values()) == f.smes


def test_the_project_report_has_a_section_by_industry_in_the_readers_language():
    for lang, heading, none in (("nb", "Etter næring", "Ingen næringskode registrert"),
                                ("sv", "Per bransch", "Ingen branschkod angiven")):
        text = text_of(build_project_report(_project(), lang, invariant=True))
        assert heading in text and none in text
        # Each division by its code and name in the document's language, with SMEs and all mapped.
        assert f"16 {industry.division('16.10').name(lang)} 1 2" in text
        assert f"38 {industry.division('38.32').name(lang)} 1 1" in text
        assert industry.division("62.01").name(lang) not in text


def _norwegian_visit(streams: list[dict]) -> object:
    data = summary_data(streams=streams)
    org = {**data.organization, "name": "Sagbruket AS", "country": "NO", "org_number": "974760673",
           "municipality": "NO-3401"}
    return type(data)(**{**data.__dict__, "organization": org})


def test_a_norwegian_visit_summary_shows_the_ns9431_number_beside_the_eu_code():
    streams = [{**STREAMS[0], "ns9431_code": "1149"},            # beside an EU code
               {**STREAMS[1], "ns9431_code": "7011"},            # beside a hazardous EU code
               {"title": "Kontorpapir", "ns9431_code": "1251", "quantity": "2", "unit": "t"},  # alone
               STREAMS[2]]                                         # none: nothing added
    nb = lines_of(build_visit_summary(_norwegian_visit(streams), "nb", invariant=True))
    text = "\n".join(nb)
    # The number and the name in the document's language, under the EU code of the same row.
    assert "NS 1149 Blandet trevirke" in text
    assert "NS 7011 Spillolje," in text and "refusjonsberettiget" in text
    assert "NS 1251 Kontorpapir" in text
    assert text.count("NS 1") + text.count("NS 7") == 3
    code_line = next(i for i, line in enumerate(nb) if "03 01 05" in line)
    assert "NS 1149" in " ".join(nb[code_line:code_line + 2])
    assert "avfallsstoffnummer etter NS 9431" in text
    # Swedish too, when a number is set, with the Swedish name.
    sv = text_of(build_visit_summary(_norwegian_visit(streams), "sv", invariant=True))
    assert "NS 1251 Kontorspapper" in sv and "avfallsstoffnummer, NS 9431" in sv


def test_a_visit_summary_without_ns9431_numbers_has_no_ns_note():
    text = text_of(build_visit_summary(summary_data(), "nb", invariant=True))
    assert "NS 9431" not in text and "NS 1" not in text


def _with_streams() -> ProjectData:
    data = _project()
    streams = [
        {"id": "s1", "organization_id": "b", "visit_id": "vb", "title": "Kapp", "ns9431_code": "1149",
         "quantity": "12", "unit": "t", "basis": "per_year"},
        {"id": "s2", "organization_id": "b", "visit_id": "vb", "title": "Olje", "ns9431_code": "7011",
         "quantity": "2", "unit": "t", "basis": "per_year"},
        {"id": "s3", "organization_id": "c", "visit_id": "vc", "title": "Asbest", "ns9431_code": "7250",
         "quantity": "1", "unit": "t", "basis": "per_year"},
        {"id": "s4", "organization_id": "c", "visit_id": "vc", "title": "Ukjent", "ns9431_code": "1999"},
        {"id": "s5", "organization_id": "a", "visit_id": "va", "title": "Spån", "quantity": "5", "unit": "t",
         "basis": "per_year"},                                                   # no number: not counted here
        {"id": "s6", "organization_id": "e", "visit_id": "ve", "title": "Utkast", "ns9431_code": "1251",
         "quantity": "9", "unit": "t", "basis": "per_year"},                     # an unfinished visit: not counted
    ]
    return type(data)(**{**data.__dict__, "streams": streams})


def test_the_project_report_counts_streams_by_ns9431_group():
    f = compute(_with_streams())
    # 7250 has no two-digit group of its own: it counts in the hazardous group 70.
    assert f.streams_by_ns9431 == {"11": (1, 12), "19": (1, 0), "70": (2, 3)}
    for lang, heading, group in (("nb", "Etter NS 9431-gruppe", "70 Farlig avfall"),
                                 ("sv", "Per NS 9431-grupp", "70 Farligt avfall")):
        lines = lines_of(build_project_report(_with_streams(), lang, invariant=True))
        text = "\n".join(lines)
        assert heading in text, lang
        # Each cell is a line of its own: the group, its streams and its tonnes per year.
        at = lines.index(group, lines.index(heading))
        assert lines[at + 1:at + 3] == ["2", "3 t"], lang
        at = lines.index("19", lines.index(heading))                  # no group known: its digits, no tonnes
        assert lines[at + 1:at + 3] == ["1", "–"], lang


def test_a_project_without_ns9431_numbers_has_no_ns_section():
    text = text_of(build_project_report(_project(), "nb", invariant=True))
    assert "NS 9431" not in text
