"""The documents' hyphenation and fonts cost only what a document uses (issue #18, `summary_pdf_cold`).

A visit summary printed as a whole process used to spend half a second
parsing a hyphenation dictionary and read three font files where it sets
text in two. These tests hold the quick dictionary reading to pyphen's own
patterns and break points, and prove the late loading: no dictionary for a
paragraph whose words fit, no pyphen parse at all, the oblique face read
only when text is set in it.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pyphen
import pytest
from reportlab.platypus import Paragraph

from cirkular_desktop import i18n
from cirkular_desktop.reports import hyphenation, layout

WORDS = ["Återvinningscentralen", "avfallshåndteringsselskapet", "kontaktopplysningene", "revisjonsperioden",
         "Interreg-prosjektet", "sågspån", "restströmmar", "gjenvinningsstasjon", "responsibilities",
         "manufacturing", "hyphenation", "träförädlingsindustrin", "plastemballasje", "a", "ab", "Ö"]


@pytest.fixture
def fresh_dictionaries(monkeypatch):
    monkeypatch.setattr(hyphenation.Hyphenator, "_dictionaries", {})
    monkeypatch.setattr(pyphen, "hdcache", {})


@pytest.mark.parametrize("code", sorted(set(hyphenation.HYPHENATION.values())))
def test_the_quick_reading_has_pyphen_s_patterns(code):
    path = pyphen.LANGUAGES[code]
    reference = pyphen.HyphDict(path)
    quick = hyphenation._quick_dict(path, pyphen)
    assert quick is not None, "our three dictionaries use the plain syntax"
    parsed = {key: quick.patterns.get(key) for key in list(dict.keys(quick.patterns))}
    assert {k: v for k, v in parsed.items() if v is not None} == {k: (s, tuple(v)) for k, (s, v) in
                                                                 reference.patterns.items()}
    assert quick.maxlen == reference.maxlen


@pytest.mark.parametrize("code", sorted(set(hyphenation.HYPHENATION.values())))
def test_the_break_points_are_pyphen_s(code, fresh_dictionaries):
    ours = hyphenation.open_dictionary(code)
    assert type(pyphen.hdcache[pyphen.LANGUAGES[code]].patterns) is hyphenation._Patterns
    reference = pyphen.Pyphen(filename=pyphen.LANGUAGES[code], cache=False)
    catalog = i18n.read_po(f"translations/{'nb' if code == 'nb_NO' else 'sv'}.po")[0] if code != "en_GB" else {}
    words = WORDS + [word for text in list(catalog.values())[:400] for word in str(text).split()]
    for word in words:
        assert ours.positions(word) == reference.positions(word), word
        assert list(ours.iterate(word)) == list(reference.iterate(word)), word


def test_a_dictionary_in_the_rarer_syntax_is_left_to_pyphen(tmp_path):
    escaped = tmp_path / "hyph_xx.dic"
    escaped.write_text("UTF-8\n.a^^e41b\n", encoding="utf-8")
    assert hyphenation._quick_dict(escaped, pyphen) is None
    alternative = tmp_path / "hyph_yy.dic"
    alternative.write_text("UTF-8\nc1k/k=k,1,1\n", encoding="utf-8")
    assert hyphenation._quick_dict(alternative, pyphen) is None


def test_pyphen_never_parses_a_dictionary_for_a_summary(fresh_dictionaries, monkeypatch):
    def refuse(self, path):
        raise AssertionError(f"pyphen parsed {path}")

    monkeypatch.setattr(pyphen.HyphDict, "__init__", refuse)
    with i18n.using_language("sv"):
        paragraph = Paragraph("Återvinningscentralen träförädlingsindustrin " * 6, layout.styles().body)
        paragraph.wrap(60, 1000)
    assert paragraph._hyphenations > 0, "the narrow paragraph was hyphenated, with the quick dictionary"


def test_no_dictionary_is_opened_when_every_word_fits(fresh_dictionaries):
    with i18n.using_language("nb"):
        paragraph = Paragraph("Kort tekst som får plass.", layout.styles().body)
        paragraph.wrap(400, 1000)
        assert hyphenation.Hyphenator._dictionaries == {}
        narrow = Paragraph("avfallshåndteringsselskapet kontaktopplysningene " * 3, layout.styles().body)
        narrow.wrap(70, 1000)
    assert hyphenation.Hyphenator._dictionaries.get("nb") is not None


def _in_fresh_process(code: str) -> dict:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_oblique_face_is_read_only_when_text_is_set_in_it(tmp_path):
    out = tmp_path / "italic.pdf"
    found = _in_fresh_process(
        "import json\nfrom cirkular_desktop.reports import fonts\nfrom reportlab.pdfbase import pdfmetrics\n"
        "from reportlab.platypus import SimpleDocTemplate, Paragraph\n"
        "from reportlab.lib.styles import ParagraphStyle\n"
        "fonts.register_fonts()\n"
        "late = '_late' in vars(pdfmetrics._fonts[fonts.FONT_ITALIC])\n"
        "style = ParagraphStyle('x', fontName=fonts.FONT, fontSize=10)\n"
        f"SimpleDocTemplate({str(out)!r}).build([Paragraph('rak <i>kursiv åäø</i> <b>fet</b>', style)])\n"
        "print(json.dumps({'late_before': late,"
        " 'late_after': '_late' in vars(pdfmetrics._fonts[fonts.FONT_ITALIC])}))")
    assert found == {"late_before": True, "late_after": False}
    data = out.read_bytes()
    assert b"DejaVuSans-Oblique" in data and b"DejaVuSans-Bold" in data
