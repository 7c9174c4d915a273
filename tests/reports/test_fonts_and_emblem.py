"""Characters DejaVu Sans cannot draw, and the EU emblem drawn from its published geometry."""

from __future__ import annotations

import io
import math
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from report_samples import STREAMS, fonts_of, summary_data, text_of  # noqa: E402

from cirkular_desktop.reports import emblem, fonts  # noqa: E402
from cirkular_desktop.reports.visit_summary import build_visit_summary  # noqa: E402

EMOJI, CJK = "♻️👍🌲", "山田製材所"


def _with_titles(*titles: str):
    return summary_data(streams=[dict(STREAMS[0], title=title) for title in titles])


def test_emoji_and_cjk_print_in_an_embedded_fallback_font_and_stay_searchable():
    with fonts.collecting() as missing:
        pdf = build_visit_summary(_with_titles("Pallar " + EMOJI, CJK + " spån"), "sv", invariant=True)
    assert not missing
    text = text_of(pdf)   # characters beyond U+FFFF included: the ToUnicode map has them as UTF-16
    assert "Pallar ♻👍🌲" in text and CJK in text            # the emoji selector (U+FE0F) is not a glyph
    used = {name.split("+")[-1] for name, embedded in fonts_of(pdf).items() if embedded}
    assert any(n.startswith("NotoEmoji") for n in used) and any(n.startswith("DroidSansFallback") for n in used)
    assert all(fonts_of(pdf).values())


def test_a_character_no_font_has_is_replaced_visibly_and_reported():
    unknown = "\U00010900"   # Phoenician: in none of the shipped fonts
    assert not fonts.has_glyph(unknown) and fonts.fallback_font(unknown) is None
    with fonts.collecting() as missing:
        pdf = build_visit_summary(_with_titles("Skylt " + unknown), "sv", invariant=True)
    assert missing == {unknown}
    assert "Skylt \ufffd" in text_of(pdf)
    with fonts.collecting() as again:
        build_visit_summary(_with_titles("Skylt utan konstigheter"), "sv", invariant=True)
    assert not again


def test_the_service_warns_before_saving_when_characters_were_replaced(app):
    from cirkular_desktop.services import records, reports, visits

    org = records.add_record(app, "organization", {"name": "Skylt \U00010900 AB", "country": "SE"}).value
    visit = visits.start_visit(app, org, date="2026-05-04").value
    document = reports.visit_summary_document(app, visit, "sv")
    assert document.replaced == "\U00010900"
    assert any("\U00010900" in warning and "�" in warning for warning in document.warnings)


def test_runs_keep_plain_text_in_one_piece():
    assert fonts.runs("Säffle Snickeri AB") == [(None, "Säffle Snickeri AB")]
    assert fonts.runs("Spån 👍 bra") == [(None, "Spån "), ("NotoEmoji", "👍"), (None, " bra")]
    assert fonts.markup("a < b 👍") == 'a &lt; b <font name="NotoEmoji">👍</font>'


# --- The EU emblem --------------------------------------------------------------------------------

def test_the_emblem_follows_the_published_geometry():
    height = 60.0
    centres = emblem.star_centres(0, 0, height)
    assert len(centres) == 12
    cx, cy = height * 1.5 / 2, height / 2
    for x, y in centres:
        assert math.hypot(x - cx, y - cy) == pytest.approx(height / 3)      # the ring: a third of the height
    assert centres[0] == pytest.approx((cx, cy + height / 3))              # one star at twelve o'clock
    assert centres[3] == pytest.approx((cx + height / 3, cy))              # and at three, like a clock face
    points = emblem.star_points(0, 0, height / 18)
    assert len(points) == 10
    assert points[0] == pytest.approx((0, height / 18))                    # upright: one point straight up
    assert max(math.hypot(x, y) for x, y in points) == pytest.approx(height / 18)
    assert (emblem.REFLEX_BLUE.rgb(), emblem.EU_YELLOW.rgb()) == ((0, 0.2, 0.6), (1, 0.8, 0))


def test_the_emblem_is_drawn_as_vectors_on_every_page():
    from pypdf import PdfReader

    pdf = build_visit_summary(summary_data(streams=[dict(STREAMS[0], title=f"S {n}") for n in range(60)]), "en")
    pages = PdfReader(io.BytesIO(pdf)).pages
    assert len(pages) >= 2
    for page in pages:
        content = page.get_contents().get_data().decode("latin-1")
        assert "0 .2 .6 rg" in content and "1 .8 0 rg" in content          # reflex blue field, yellow stars
        assert not page.images                                            # no image: the emblem is vector
