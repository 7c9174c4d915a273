"""The visit summary PDF, built from plain data and read back with pypdf."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pypdf import PdfReader  # noqa: E402
from report_samples import (  # noqa: E402
    BASE14, SAMI_NAME, STREAMS, fonts_of, lines_of, noisy_png, page_texts, png_bytes, summary_data, text_of,
)

from cirkular_desktop import i18n  # noqa: E402
from cirkular_desktop.core import questionnaire  # noqa: E402
from cirkular_desktop.reports.data import Photo  # noqa: E402
from cirkular_desktop.reports.visit_summary import build_visit_summary  # noqa: E402

# What each language must show: the visit date, 12.5 t with its decimal mark, the page label.
EXPECTED = {
    "sv": {"date": "26 november 2026", "tonnes": "12,5 t", "page": "Sida 1 av"},
    "nb": {"date": "26. november 2026", "tonnes": "12,5 t", "page": "Side 1 av"},
    "en": {"date": "26 November 2026", "tonnes": "12.5 t", "page": "Page 1 of"},
}


@pytest.fixture(scope="module")
def pdfs() -> dict[str, bytes]:
    return {lang: build_visit_summary(summary_data(), lang, invariant=True) for lang in ("sv", "nb", "en")}


@pytest.mark.parametrize("lang", ["sv", "nb", "en"])
def test_summary_shows_localized_labels_dates_numbers_and_every_stream(pdfs, lang):
    text = text_of(pdfs[lang])
    expected = EXPECTED[lang]
    assert expected["date"] in text
    assert expected["tonnes"] in text
    assert expected["page"] in text
    with i18n.using_language(lang):
        labels = [i18n.gettext(s) for s in ("Residual streams", "Privacy notice", "Next steps", "Key figures",
                                            "Opportunities found", "Waste code", "Current handling",
                                            "For the organization")]
        template = questionnaire.load("mapping", 1)
        labels.append(template.sections[0].title())                       # a questionnaire section
        labels.append(template.question("activity").text())               # a question in the language
    for label in labels:
        assert label in text, label
    for stream in STREAMS:
        assert stream["title"] in text
    # Both project names head every page, whatever the language.
    for page in page_texts(pdfs[lang]):
        assert "Cirkulärt samarbete över gränsen" in page and "Sirkulært samarbeid over grensen" in page


def test_answers_are_printed_in_words(pdfs):
    text = text_of(pdfs["nb"])
    template = questionnaire.load("mapping", 1)
    with i18n.using_language("nb"):
        assert template.question("org_kind").option("company").label("nb") in text
        assert "15. januar 2027" in text                    # a date answer, written out
        assert "Snickeri" in text


def test_quantities_costs_and_hazard_marks(pdfs):
    text = text_of(pdfs["sv"])
    with i18n.using_language("sv"):
        hazardous = i18n.gettext("hazardous")
        pieces = i18n.gettext("pcs")
    assert "13 02 05* " + hazardous in text                  # the starred code carries the word too
    assert "03 01 05 " + hazardous not in text
    text = text.replace("\u00a0", " ")
    assert "0,72 t" in text                                  # 800 l × 0.9 t/m³
    assert "45 000 kr" in text                               # cost per year, whole kronor
    assert "2,52 kr" in text                                 # 3.50 kr per tonne × 0.72 t
    assert f"480 {pieces}" in text                           # 40 pallets a month cannot become tonnes
    assert "13,2 t" in text                                  # total of the convertible streams


def test_every_font_is_embedded_and_no_base14_font_is_left(pdfs):
    for lang, pdf in pdfs.items():
        fonts = fonts_of(pdf)
        assert fonts, lang
        assert all(fonts.values()), fonts
        assert not {name.split("+")[-1] for name in fonts} & BASE14, fonts


def test_sami_letters_and_decomposed_text_print_composed(pdfs):
    text = text_of(pdfs["sv"])
    assert SAMI_NAME in text
    assert "Åsa Ødegård" in text                              # given decomposed (NFD), printed as NFC
    assert "A\u030a" not in text


def test_metadata_title_author_and_language(pdfs):
    reader = PdfReader(io.BytesIO(pdfs["nb"]))
    assert "Säffle Snickeri AB" in reader.metadata.title
    assert "26. november 2026" in reader.metadata.title
    assert reader.metadata.author == f"Anna Berg, {SAMI_NAME}"
    assert reader.trailer["/Root"]["/Lang"] == "nb-NO"
    assert PdfReader(io.BytesIO(pdfs["sv"])).trailer["/Root"]["/Lang"] == "sv-SE"


def test_invariant_mode_gives_the_same_bytes(pdfs):
    assert build_visit_summary(summary_data(), "sv", invariant=True) == pdfs["sv"]


def test_a_long_visit_splits_its_stream_table_over_pages_with_the_header_repeated():
    streams = [dict(STREAMS[0], title=f"Restström nummer {n:02d}") for n in range(70)]
    pdf = build_visit_summary(summary_data(streams=streams), "sv", invariant=True)
    pages = page_texts(pdf)
    with i18n.using_language("sv"):
        header = i18n.gettext("Quantity per year")
        page_label = i18n.gettext("Page {page} of {pages}")
    with_rows = [p for p in pages if "Restström nummer" in p]
    assert len(with_rows) >= 2
    assert all(header in p for p in with_rows)
    for n in range(70):
        assert f"Restström nummer {n:02d}" in " ".join(pages)
    assert page_label.format(page=len(pages), pages=len(pages)) in pages[-1]
    assert "875 t" in pages[-1] or "875 t" in " ".join(pages)   # 70 × 12.5 t in the total row


def test_photos_are_downscaled_and_a_broken_photo_is_left_out():
    big = noisy_png(1600, 1200)
    photos = (Photo(big, "Spånhögen"), Photo(b"not an image", "trasig"), Photo(png_bytes(), "", "liten.png"))
    pdf = build_visit_summary(summary_data(photos=photos), "sv", invariant=True)
    assert len(pdf) < len(big) / 2
    images = [img for page in PdfReader(io.BytesIO(pdf)).pages for img in page.images]
    assert len(images) == 2
    assert max(max(img.image.size) for img in images) <= 900
    text = text_of(pdf)
    assert "Spånhögen" in text and "liten.png" in text and "trasig" not in text


def test_a_draft_visit_is_marked_preliminary():
    data = summary_data()
    draft = type(data)(**{**data.__dict__, "visit": {**data.visit, "status": "draft"}})
    pages = page_texts(build_visit_summary(draft, "en"))
    assert len(pages) >= 2 and all("Preliminary" in page for page in pages)
    assert not any("Preliminary" in page for page in page_texts(build_visit_summary(data, "en")))


@pytest.mark.parametrize("lang", ["sv", "nb", "en"])
def test_the_manager_reads_figures_opportunities_and_next_steps_first_and_the_answers_last(pdfs, lang):
    text = text_of(pdfs[lang])
    with i18n.using_language(lang):
        order = [i18n.gettext(s) for s in ("Key figures", "Opportunities found", "Next steps",
                                           "Your contacts in the project", "Residual streams", "Photos",
                                           "Privacy notice", "Appendix: the answers given during the visit")]
        answer = questionnaire.load("mapping", 1).question("activity").text()
    position = 0
    for heading in order[:5] + order[6:]:                        # this visit has no photos
        found = text.find(heading, position)
        assert found >= 0, (heading, text[position:position + 300])
        position = found + len(heading)
    streams_table = text.find("Kasserade lastpallar", text.find(order[1]))
    assert text.find(answer) > streams_table > 0                 # the answers come after the streams


def test_opportunities_show_partner_and_stage_and_leave_out_what_has_no_reason(pdfs):
    text = text_of(pdfs["sv"])
    with i18n.using_language("sv"):
        contacted = i18n.gettext("Contacted")
    assert "Marker Sag AS" in text and "Flis till pannan" in text and contacted in text
    with i18n.using_language("sv"):
        quality = i18n.gettext("Quality does not fit")
    assert "Torsby Häst AB" in text and f"{quality}: För fuktigt" in text   # rejected, with its reason
    assert "ungefär 38 km" in text or "38 km" in text             # why it was suggested, in Swedish
    assert "Hemlig AB" not in text                               # rejected without a reason: left out
    assert "Pellets av spånet" in text
    assert "Pallar till eldning" not in text                     # a discarded idea is left out


def test_next_steps_have_who_and_when():
    from cirkular_desktop.reports.visit_summary import parse_steps

    steps = parse_steps("- Skicka prover — Åsa Ødegård, 2027-01-15\n• Boka möte (Anna Berg, 3.2.2027)\n"
                        "Ta kontakt med Moelven\nRing kunden; Kari; 2027-02-01")
    import datetime as dt

    assert steps == [("Skicka prover", "Åsa Ødegård", dt.date(2027, 1, 15)),
                     ("Boka möte", "Anna Berg", dt.date(2027, 2, 3)),
                     ("Ta kontakt med Moelven", "", None),
                     ("Ring kunden", "Kari", dt.date(2027, 2, 1))]
    data = summary_data()
    data = type(data)(**{**data.__dict__, "visit": {**data.visit, "next_steps": "Skicka prover — Kari Dahl, 2027-01-20"}})
    lines = lines_of(build_visit_summary(data, "sv"))
    at = lines.index("Skicka prover")                            # each cell is a line of its own
    assert lines[at + 1:at + 3] == ["Kari Dahl", "20 januari 2027"]
    # The follow-up date of the questionnaire is a step of the visitors.
    at = lines.index("15 januari 2027")
    assert "Anna Berg" in lines[at - 1]


HUGE = [{"title": "Verksamhetsavfallsbehållarrengöringsrester från byggarbetsplatsens sorteringsstation",
         "material_category": "wood", "waste_codes": ["170201", "170904"], "quantity": "169148.2", "unit": "t",
         "basis": "per_year", "current_handling": "hazardous_treatment", "handling_cost": "12345678",
         "handling_cost_currency": "NOK", "handling_cost_basis": "per_year"},
        {"title": "Byggnadsställningsplankor", "material_category": "wood", "quantity": "2500", "unit": "MWh",
         "basis": "per_year", "handling_cost": "987654", "handling_cost_currency": "SEK"}]


@pytest.mark.parametrize("lang", ["sv", "nb"])
def test_no_number_is_split_across_a_line_even_with_long_compounds_and_huge_values(lang):
    data = summary_data(streams=HUGE)
    org = {**data.organization, "name": "Ödegårdens Återvinningsanläggningsförvaltning Aktiebolag"}
    contact = {**data.contact, "email": "asa.odegard.verksamhetsansvarig@aterbruksanlaggningen-saffle.se"}
    pdf = build_visit_summary(type(data)(**{**data.__dict__, "organization": org, "contact": contact}), lang)
    lines = lines_of(pdf)
    foreign, local = ("12 345 678 NOK", "987 654 kr") if lang == "sv" else ("12 345 678 kr", "987 654 SEK")
    for value in ("169 148,2 t", foreign, local, "2 500 MWh"):
        assert any(value in line for line in lines), (value, [l for l in lines if value.split()[0] in l])
    assert any(contact["email"] in line for line in lines)       # an e-mail address is never split
    assert not any(line.endswith(("verksam", "verksam-")) for line in lines)
    assert "0 t" not in [line.split()[-2:] and " ".join(line.split()[-2:]) for line in lines]


@pytest.mark.parametrize("lang, statement", [("sv", "Medfinansieras av Europeiska unionen"),
                                             ("nb", "Medfinansiert av Den europeiske union"),
                                             ("en", "Co-funded by the European Union")])
def test_every_page_carries_the_eu_funding_statement(lang, statement):
    data = summary_data(streams=[dict(STREAMS[0], title=f"Ström {n}") for n in range(60)])
    pages = page_texts(build_visit_summary(data, lang))
    assert len(pages) >= 2
    assert all(statement in page for page in pages), pages[0][:300]


def test_photos_are_captioned_with_their_stream():
    photos = (Photo(png_bytes(), "Högen bakom verkstaden", "a.png", "Spån från hyvling"),)
    lines = lines_of(build_visit_summary(summary_data(photos=photos), "sv"))
    at = next(i for i, line in enumerate(lines) if "Högen bakom verkstaden" in line)
    assert "Spån från hyvling" in " ".join(lines[at - 2:at + 1])


def test_money_is_written_one_way_per_language():
    from decimal import Decimal

    from cirkular_desktop.reports import formatting as fmt

    cases = {"sv": ("3\u00a0800\u00a0kr", "3\u00a0800\u00a0NOK"), "nb": ("3\u00a0800\u00a0SEK", "3\u00a0800\u00a0kr"),
             "en": ("SEK\u00a03,800", "NOK\u00a03,800")}
    for lang, (sek, nok) in cases.items():
        with i18n.using_language(lang):
            assert fmt.money(Decimal(3800), "SEK") == sek
            assert fmt.money(Decimal(3800), "NOK") == nok
            assert "Nkr" not in fmt.money(Decimal(12), "NOK")
