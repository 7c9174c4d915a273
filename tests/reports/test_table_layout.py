"""Report tables in every language: no word broken inside, shares rounded as people do, headings kept
with their tables."""

from __future__ import annotations

import re

import sys
from pathlib import Path

import pytest
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics

sys.path.insert(0, str(Path(__file__).resolve().parent))

from report_samples import page_texts  # noqa: E402

from cirkular_desktop import i18n  # noqa: E402
from cirkular_desktop.reports import layout, tables  # noqa: E402
from cirkular_desktop.reports.data import ProjectData  # noqa: E402
from cirkular_desktop.reports.project_report import _share, build_project_report  # noqa: E402


def _word(text: str, font: str, size: float) -> float:
    return max(pdfmetrics.stringWidth(w, font, size) for w in text.split(" "))


def test_numeric_columns_are_served_first_and_text_columns_keep_their_longest_word():
    layout.styles()
    header = ["Organisasjon", "Størrelsesklasse", "Reststrømmer", "Tonn per år"]
    rows = [["Berg Grafisk AS", "Mellomstor", "18", "2\u00a0407,7\u00a0t"],
            ["Nordre Ålands Trävaruaktiebolag", "Liten", "7", "169\u00a0148,2\u00a0t"]]
    total = 132 * mm
    fitted = tables.column_widths(header, rows, total, numeric=(2, 3))
    assert sum(fitted) == pytest.approx(total)
    # A number and its unit are never split: the whole widest value fits its column, in bold (totals).
    assert fitted[3] - 2 * tables.PAD >= pdfmetrics.stringWidth("169\u00a0148,2\u00a0t", layout.FONT_BOLD, 8.5)
    for index, word in ((0, "Trävaruaktiebolag"), (1, "Mellomstor")):
        assert fitted[index] - 2 * tables.PAD >= pdfmetrics.stringWidth(word, layout.FONT_BOLD, 8.5)
    assert fitted[1] - 2 * tables.PAD >= _word("Størrelsesklasse", layout.FONT_BOLD, 8)


def test_when_words_do_not_fit_only_the_longest_are_cut_to_one_width():
    layout.styles()
    rows = [["Återvinningscentralsföreståndarassistent", "Sverige", "SME", "12\u00a0t"]]
    fitted = tables.column_widths(["Organisation", "Land", "SME", "Ton"], rows, 60 * mm, numeric=(3,))
    assert sum(fitted) == pytest.approx(60 * mm)
    for index, word in ((1, "Sverige"), (2, "SME")):            # the short columns keep their words whole
        assert fitted[index] - 2 * tables.PAD >= pdfmetrics.stringWidth(word, layout.FONT_BOLD, 8.5)
    assert fitted[0] < pdfmetrics.stringWidth(rows[0][0], layout.FONT_BOLD, 8.5)


def test_widths_follow_the_content_not_the_given_split():
    fitted = tables.column_widths(["Name", "Land"], [["A", "B"]], 100 * mm, weights=[60 * mm, 40 * mm])
    assert sum(fitted) == pytest.approx(100 * mm) and fitted[0] > fitted[1]


def test_appendix_headers_are_whole_words_in_norwegian():
    orgs = [{"id": str(n), "name": f"Bedrift {n} AS", "country": "NO", "municipality": "NO-3122",
             "size_class": "medium", "kind": "company"} for n in range(3)]
    visits = [{"id": f"v{n}", "organization_id": str(n), "status": "completed"} for n in range(3)]
    pdf = build_project_report(ProjectData(organizations=orgs, visits=visits), "nb", invariant=True)
    appendix = page_texts(pdf)[-1]
    for word in ("Størrelsesklasse", "Reststrømmer", "Mellomstor"):
        assert word in appendix, appendix


def test_shares_round_half_up():
    with i18n.using_language("en"):
        assert _share(1, 8) == "13\u00a0%"
        assert _share(3, 8) == "38\u00a0%"
        assert _share(0, 5) == "0\u00a0%" and _share(1, 0) == ""


@pytest.mark.parametrize("lang", ["sv", "nb"])
def test_a_section_heading_starts_on_the_page_of_its_table(app, lang):
    """In the demo data this visit's answers fill page 2 almost to the end, where the streams heading fell."""
    from cirkular_desktop.services import demo, reports
    from cirkular_desktop.services import records as record_services

    demo.add_demo(app, seed=1)
    # The visits with the most answers: their answers run over a page, so the streams heading lands low.
    visits = sorted(record_services.list_records(app, "visit"), key=lambda v: -len(v.get("answers") or {}))[:4]
    with i18n.using_language(lang):
        heading, column = i18n.gettext("Residual streams"), i18n.gettext("Waste code")
    for visit in visits:
        for page in page_texts(reports.visit_summary_pdf(app, visit["id"], lang, invariant=True)):
            # The heading word also names the table's first column, and a key figure ("16 Residual streams")
            # on the first page; a lone heading has no column title.
            if re.search(rf"(?<!\d ){heading} ", page) and column not in page:
                pytest.fail(f"“{heading}” ends a page without its table: …{page[-200:]}")


def test_a_few_kilograms_are_not_printed_as_nothing():
    from decimal import Decimal

    from cirkular_desktop.reports import formatting as fmt

    with i18n.using_language("sv"):
        assert fmt.tonnes_text(Decimal("0.001")) == "under 0,01\u00a0t"
        assert fmt.tonnes_text(Decimal("0.006")) == "0,01\u00a0t"
        assert fmt.tonnes_text(Decimal(0)) == "0\u00a0t"


def test_the_municipality_chart_has_its_own_caption():
    orgs = [{"id": "a", "name": "Säffle Snickeri AB", "country": "SE", "municipality": "SE-1785", "kind": "company",
             "size_class": "small"}]
    visits = [{"id": "v", "organization_id": "a", "status": "completed"}]
    text = " ".join(page_texts(build_project_report(ProjectData(organizations=orgs, visits=visits), "sv",
                                                    invariant=True)))
    assert "Deltagande SMF per kommun" in text


def test_huge_values_are_cut_instead_of_stopping_the_document(app):
    """A table row cannot continue on the next page: a 10,000-character value once stopped the PDF."""
    from cirkular_desktop.services import records as record_services
    from cirkular_desktop.services import reports

    org = record_services.add_record(app, "organization", {"name": "x" * 10_000, "country": "SE",
                                                           "address": "Storgatan " * 900}).value
    record_services.add_record(app, "stream", {"organization_id": org, "title": "Spån " * 1_900,
                                               "description": "y" * 9_000, "quantity": "2", "unit": "t"})
    visit = record_services.add_record(app, "visit", {"organization_id": org, "date": "2026-01-01",
                                                      "notes": "z" * 9_999}).value
    for lang in ("sv", "nb"):
        pages = page_texts(reports.visit_summary_pdf(app, visit, lang, invariant=True))
        assert len(pages) < 10 and "…" in pages[0]
        assert page_texts(reports.project_report_pdf(app, lang, invariant=True))


def test_a_long_footer_is_cut_before_the_page_number():
    layout.styles()
    line = layout.fit_line("x" * 5_000, layout.FONT, 7.5, 100 * mm)  # noqa
    assert line.endswith("…") and pdfmetrics.stringWidth(line, layout.FONT, 7.5) <= 100 * mm
    assert layout.fit_line("Säffle Snickeri AB", layout.FONT, 7.5, 100 * mm) == "Säffle Snickeri AB"


def test_a_photo_with_an_essay_for_a_caption_still_prints():
    from report_samples import png_bytes, summary_data

    from cirkular_desktop.reports.data import Photo
    from cirkular_desktop.reports.visit_summary import build_visit_summary

    photos = tuple(Photo(png_bytes(), "Bildtext " * 1_200) for _ in range(2))
    pages = page_texts(build_visit_summary(summary_data(photos=photos), "sv", invariant=True))
    assert any("Bildtext Bildtext" in page and "…" in page for page in pages)


@pytest.mark.parametrize("lang, word", [("sv", "Återvinningscentralen"), ("nb", "Næringsavfallsmottaket")])
def test_a_word_wider_than_its_column_breaks_at_a_hyphenation_point(lang, word):
    import pyphen

    points = {word[:i] for i in pyphen.Pyphen(lang=layout.HYPHENATION[lang]).positions(word)}
    with i18n.using_language(lang):
        st = layout.styles()
        cell = tables.fit_cell("Sunne kommun – " + word, st.cell, 62)
        cell.wrap(62, 1000)
        lines = [" ".join(line[1]) if isinstance(line, tuple) else " ".join(w.text for w in line.words)
                 for line in cell.blPara.lines]
        broken = [line.split()[-1] for line in lines if line.endswith("-")]
        assert broken and broken[0][:-1] in points, (lines, points)     # "Återvinnings-", not "Återvinning-s…"
        assert "".join(lines[-2:]).replace("-", "").endswith(word[len(broken[0]) - 1:])
        # A column wide enough for every word wraps between words only.
        roomy = tables.fit_cell("Sunne kommun – " + word, st.cell, 120)
        roomy.wrap(120, 1000)
        assert "\u00ad" not in roomy.text and not any(
            (line[1] if isinstance(line, tuple) else [w.text for w in line.words])[-1].endswith("-")
            for line in roomy.blPara.lines)
