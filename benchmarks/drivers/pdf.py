"""Time one visit summary PDF against a bare ReportLab document with the same content, and a batch.

The visit measured is the one with the most residual streams among the
visits that have photos (ties broken by id), so the summary has every
section. The **subject** is ``services.reports.visit_summary_pdf`` — what a
user waits for: reading the visit, its streams, needs, ideas and photos, and
laying out the document. The **baseline** is a bare ReportLab
``SimpleDocTemplate`` holding the same content: every line of text the
app's PDF contains (extracted with pypdf) as a plain paragraph in the same
embedded DejaVu Sans font, and the same photos at the same size limit. Both
warm up once (font registration is per process), then run interleaved.

The batch part times ``services.reports.batch_summaries`` for the first N
and the first M visits by date (M = 10 N) and reports the time per summary.

Imports: reportlab, pypdf, cirkular_desktop.services, benchmarks.harness.
"""

from __future__ import annotations

import argparse
import io
import shutil
import tempfile
import time
from pathlib import Path
from xml.sax.saxutils import escape

from benchmarks.harness import emit

FONT_FILE = Path(__file__).resolve().parents[2] / "resources" / "fonts" / "DejaVuSans.ttf"


def candidate_visits(app) -> list[tuple[str, list[str]]]:
    """Visits best first: with photos, then most streams, then id; each with its stream ids."""
    from cirkular_desktop.services import records

    per_visit: dict[str, list[str]] = {}
    for stream in records.list_records(app, "stream"):
        if stream.get("visit_id"):
            per_visit.setdefault(stream["visit_id"], []).append(stream["id"])
    photographed = {a["owner_id"] for a in records.list_records(app, "attachment") if a.get("owner_table") == "stream"}
    order = sorted(per_visit, key=lambda v: (bool(photographed.intersection(per_visit[v])), len(per_visit[v]), v),
                   reverse=True)
    return [(v, sorted(per_visit[v])) for v in order]


def photos_of(app, stream_ids: list[str]) -> list[bytes]:
    from cirkular_desktop.services import attachments

    photos = []
    for stream_id in stream_ids:
        for photo in attachments.list_photos(app, "stream", stream_id):
            photos.append(attachments.read_photo(app, photo["id"])[1])
    return photos[:12]


def text_lines(pdf: bytes) -> list[list[str]]:
    """The text of each page of a PDF, line by line."""
    from pypdf import PdfReader

    return [[line for line in (page.extract_text() or "").splitlines() if line.strip()]
            for page in PdfReader(io.BytesIO(pdf)).pages]


def bare_document(pages: list[list[str]], photos: list[bytes]) -> bytes:
    """A plain ReportLab document: the same text and photos, no layout of our own."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import Image, PageBreak, Paragraph, SimpleDocTemplate

    if "BenchSans" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("BenchSans", str(FONT_FILE)))
    style = ParagraphStyle("plain", fontName="BenchSans", fontSize=9.5, leading=12)
    story: list = []
    for number, lines in enumerate(pages):
        if number:
            story.append(PageBreak())
        story.extend(Paragraph(escape(line), style) for line in lines)
    for data in photos:
        reader = ImageReader(io.BytesIO(data))
        width, height = reader.getSize()
        scale = min(80 * mm / width, 60 * mm / height, 1.0)
        story.append(Image(io.BytesIO(data), width * scale, height * scale))
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4).build(story)
    return out.getvalue()


def batch_seconds(app, dates: list[str], count: int, folder: Path) -> tuple[float, int]:
    from cirkular_desktop.services import reports

    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    started, started_cpu = time.perf_counter(), time.process_time()
    written = reports.batch_summaries(app, dates[0], dates[count - 1], folder)
    return time.perf_counter() - started, len(written), time.process_time() - started_cpu


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--batch", type=int, nargs=2, default=(10, 100), metavar=("SMALL", "LARGE"))
    parser.add_argument("--batch-repeat", type=int, default=1)
    args = parser.parse_args()

    from cirkular_desktop.services import records, reports
    from cirkular_desktop.services.app import open_app

    app = open_app(args.data_dir, create=False)
    failures: list[str] = []
    # A summary the app cannot print is reported, and the next-best visit is timed instead.
    for visit_id, stream_ids in candidate_visits(app)[:20]:
        try:
            app_pdf = reports.visit_summary_pdf(app, visit_id)    # warm-up: fonts, code lists, catalogs
        except Exception as exc:  # noqa: BLE001 - a bug in the report is a finding, not a crash of the harness
            failures.append(f"visit {visit_id}: {type(exc).__name__}: {str(exc).strip().splitlines()[-1]}")
            continue
        break
    else:
        if not failures:
            raise SystemExit(f"the data set in {args.data_dir} has no visit with residual streams")
        raise SystemExit("no visit summary could be printed: " + "; ".join(failures[:3]))
    photos = photos_of(app, stream_ids)
    pages = text_lines(app_pdf)
    bare_pdf = bare_document(pages, photos)                        # warm-up of the baseline
    subject, baseline, layout_only = [], [], []
    subject_cpu, baseline_cpu = [], []
    # Diagnostic only: the layout step alone (reports.build_visit_summary on data gathered once),
    # to tell whether time goes to reading the database or to ReportLab. Uses a private helper
    # of services.reports, so it is optional.
    gather = getattr(reports, "_summary_data", None)
    summary_data = None
    if gather is not None:
        import datetime as _dt

        from cirkular_desktop.reports.visit_summary import build_visit_summary

        try:
            with app.uow(write=False) as uow:
                summary_data = gather(app, uow, uow.get("visit", visit_id), _dt.date.today())
            language = reports.summary_language(summary_data.visit, summary_data.organization, summary_data.contact)
        except Exception:  # noqa: BLE001 - the helper changed shape: skip the diagnostic
            summary_data = None
    for _ in range(args.repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        bare_document(pages, photos)
        baseline.append(time.perf_counter() - started)
        baseline_cpu.append(time.process_time() - started_cpu)
        started, started_cpu = time.perf_counter(), time.process_time()
        reports.visit_summary_pdf(app, visit_id)
        subject.append(time.perf_counter() - started)
        subject_cpu.append(time.process_time() - started_cpu)
        if summary_data is not None:
            started = time.perf_counter()
            build_visit_summary(summary_data, language)
            layout_only.append(time.perf_counter() - started)

    dates = sorted(v["date"] for v in records.list_records(app, "visit") if v.get("date"))
    small, large = args.batch
    large = min(large, len(dates))
    small = min(small, large)
    scratch = Path(tempfile.mkdtemp(prefix="bench-pdf-"))
    batches: dict[str, list[float]] = {"small": [], "large": []}
    batches_cpu: dict[str, list[float]] = {"small": [], "large": []}
    counts = {}
    batch_error = None
    try:
        for _ in range(args.batch_repeat):
            for key, size in (("small", small), ("large", large)):
                seconds, written, cpu = batch_seconds(app, dates, size, scratch / key)
                batches[key].append(seconds / max(written, 1))
                batches_cpu[key].append(cpu / max(written, 1))
                counts[key] = written
    except Exception as exc:  # noqa: BLE001 - reported as the batch budget's error
        batch_error = f"{type(exc).__name__}: {str(exc).strip().splitlines()[-1] if str(exc).strip() else ''}"
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
        app.close()
    emit({"visit_id": visit_id, "subject_s": subject, "baseline_s": baseline, "subject_cpu_s": subject_cpu,
          "baseline_cpu_s": baseline_cpu, "batch_small_cpu_per_pdf_s": batches_cpu["small"],
          "batch_large_cpu_per_pdf_s": batches_cpu["large"], "layout_only_s": layout_only, "photos": len(photos),
          "pages": len(pages), "lines": sum(len(p) for p in pages), "app_pdf_bytes": len(app_pdf),
          "bare_pdf_bytes": len(bare_pdf), "batch_small_per_pdf_s": batches["small"],
          "batch_large_per_pdf_s": batches["large"], "batch_counts": counts,
          "batch_error": batch_error, "failures": failures})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
