"""The baseline of ``summary_pdf_cold``: a bare ReportLab script, run as a whole process.

``python benchmarks/drivers/pdf_bare.py CONTENT.json OUT.pdf`` reads the text
lines and photo files that ``pdf_cold --prepare`` wrote (the content of the
app's visit summary) and lays them out with ReportLab's ``SimpleDocTemplate``
in the same embedded DejaVu Sans — a script a person would write to print
that content. Run as a file, not ``-m``: it imports nothing but ReportLab and
the standard library, so the process is what such a script costs.
"""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path
from xml.sax.saxutils import escape

FONT_FILE = Path(__file__).resolve().parents[2] / "resources" / "fonts" / "DejaVuSans.ttf"


def main(content_file: str, out_file: str) -> int:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import Image, PageBreak, Paragraph, SimpleDocTemplate

    content = json.loads(Path(content_file).read_text(encoding="utf-8"))
    pdfmetrics.registerFont(TTFont("BenchSans", str(FONT_FILE)))
    style = ParagraphStyle("plain", fontName="BenchSans", fontSize=9.5, leading=12)
    story: list = []
    for number, lines in enumerate(content["pages"]):
        if number:
            story.append(PageBreak())
        story.extend(Paragraph(escape(line), style) for line in lines)
    for photo in content["photos"]:
        data = Path(photo).read_bytes()
        width, height = ImageReader(io.BytesIO(data)).getSize()
        scale = min(80 * mm / width, 60 * mm / height, 1.0)
        story.append(Image(io.BytesIO(data), width * scale, height * scale))
    SimpleDocTemplate(out_file, pagesize=A4).build(story)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1], sys.argv[2]))
