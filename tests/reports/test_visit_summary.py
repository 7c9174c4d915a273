"""The visit summary PDF, built from plain data and read back with pypdf."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pypdf import PdfReader  # noqa: E402
from report_samples import (  # noqa: E402
    BASE14, SAMI_NAME, STREAMS, fonts_of, noisy_png, page_texts, png_bytes, summary_data, text_of,
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
        labels = [i18n.gettext(s) for s in ("Residual streams", "Privacy notice", "Agreed next steps",
                                            "Waste code", "Current handling", "For the organization")]
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
    text = text_of(build_visit_summary(draft, "en"))
    assert "Preliminary" in text
