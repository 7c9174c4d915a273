"""The EU emblem and the funding statement, drawn as vectors from the EU's published geometry.

Documents of an EU-funded project show the emblem with the statement
"Co-funded by the European Union" (Regulation (EU) 2021/1060, art. 47 and
50, Annex IX). The emblem is not an image file here: it is drawn from its
geometric description, so it is sharp at any size and carries no
third-party file:

- a blue rectangle whose width is one and a half times its height;
- twelve gold five-pointed stars, upright (one point straight up), set like
  the hours on a clock face on an invisible circle centred in the rectangle,
  whose radius is one third of the height;
- each star inscribed in a circle whose radius is one eighteenth of the
  height;
- colours Pantone Reflex Blue and Pantone Yellow, on screen and in PDF
  RGB 0/51/153 (#003399) and 255/204/0 (#FFCC00).

The statement is written in full beside the emblem, never abbreviated, in
the document's language, in a plain sans-serif font (ours is DejaVu Sans)
in reflex blue, black or white.

Imports: reportlab, reports.fonts, i18n.
"""

from __future__ import annotations

import math
from typing import Any

from reportlab.lib import colors

from cirkular_desktop.i18n import gettext as _
from cirkular_desktop.reports import fonts

REFLEX_BLUE = colors.Color(0 / 255, 51 / 255, 153 / 255)
EU_YELLOW = colors.Color(255 / 255, 204 / 255, 0 / 255)
WIDTH_PER_HEIGHT = 1.5
STAR_COUNT = 12
RING_RADIUS = 1 / 3          # of the height
STAR_RADIUS = 1 / 18         # of the height: the circle each star is inscribed in
# A regular five-pointed star: the inner corners lie on a circle of this share of the outer radius.
STAR_INNER = math.cos(math.radians(72)) / math.cos(math.radians(36))


def funding_statement() -> str:
    """The funding statement in the active language (the wording the EU publishes for it)."""
    return _("Co-funded by the European Union")


def star_points(cx: float, cy: float, radius: float) -> list[tuple[float, float]]:
    """The ten corners of an upright five-pointed star centred at (cx, cy), outer radius ``radius``."""
    points = []
    for index in range(10):
        angle = math.radians(90 + index * 36)
        r = radius if index % 2 == 0 else radius * STAR_INNER
        points.append((cx + r * math.cos(angle), cy + r * math.sin(angle)))
    return points


def star_centres(x: float, y: float, height: float) -> list[tuple[float, float]]:
    """Where the twelve stars sit in the emblem whose lower-left corner is (x, y)."""
    cx, cy = x + height * WIDTH_PER_HEIGHT / 2, y + height / 2
    ring = height * RING_RADIUS
    # Like the hours on a clock face: the first at twelve o'clock, then every 30 degrees.
    return [(cx + ring * math.cos(math.radians(90 - 30 * hour)), cy + ring * math.sin(math.radians(90 - 30 * hour)))
            for hour in range(STAR_COUNT)]


def draw_emblem(canvas: Any, x: float, y: float, height: float) -> float:
    """Draw the emblem with its lower-left corner at (x, y); returns its width."""
    width = height * WIDTH_PER_HEIGHT
    canvas.saveState()
    canvas.setFillColor(REFLEX_BLUE)
    canvas.setStrokeColor(REFLEX_BLUE)
    canvas.rect(x, y, width, height, stroke=0, fill=1)
    canvas.setFillColor(EU_YELLOW)
    for cx, cy in star_centres(x, y, height):
        path = canvas.beginPath()
        corners = star_points(cx, cy, height * STAR_RADIUS)
        path.moveTo(*corners[0])
        for corner in corners[1:]:
            path.lineTo(*corner)
        path.close()
        canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()
    return width


def statement_lines(text: str, font: str, size: float, room: float) -> list[str]:
    """The statement in at most two lines that fit ``room``, broken between words."""
    if fonts.string_width(text, font, size) <= room:
        return [text]
    words = text.split()
    best = [text]
    best_width = float("inf")
    for cut in range(1, len(words)):
        lines = [" ".join(words[:cut]), " ".join(words[cut:])]
        widest = max(fonts.string_width(line, font, size) for line in lines)
        if widest < best_width:
            best, best_width = lines, widest
    return best


def draw_funding_block(canvas: Any, right: float, top: float, height: float, font: str,
                       text_room: float) -> float:
    """The emblem with the statement to its right, ending at ``right``; returns the block's width.

    The statement is set in reflex blue, in a size tied to the emblem's
    height so the two read as one sign, and never wider than ``text_room``.
    """
    size = max(6.0, height * 0.3)
    lines = statement_lines(funding_statement(), font, size, text_room)
    while size > 5 and max(fonts.string_width(line, font, size) for line in lines) > text_room:
        size -= 0.25
    text_width = max(fonts.string_width(line, font, size) for line in lines)
    gap = height * 0.2
    block = height * WIDTH_PER_HEIGHT + gap + text_width
    x = right - block
    draw_emblem(canvas, x, top - height, height)
    canvas.saveState()
    canvas.setFillColor(REFLEX_BLUE)
    leading = size * 1.2
    first = top - height / 2 + (len(lines) * leading) / 2 - size * 0.85
    for index, line in enumerate(lines):
        fonts.draw_string(canvas, x + height * WIDTH_PER_HEIGHT + gap, first - index * leading, line, font, size)
    canvas.restoreState()
    return block
