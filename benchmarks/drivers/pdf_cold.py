"""Prepare ``summary_pdf_cold``: choose the visit, print its summary once, and write what the baseline needs.

``python -m benchmarks.drivers.pdf_cold --data-dir DIR --out FOLDER`` picks the
same visit as ``summary_pdf`` (photos first, then the most streams), prints
its summary once through the services (a warm file cache for the timed runs
that follow), and writes ``FOLDER/content.json``: the visit's id, the text
of every page of the app's PDF (pypdf) and the photos as files — what
``pdf_bare.py`` lays out. The timed runs themselves are whole processes
started by ``benchmarks/budgets/cli.py``.

Imports: pypdf, cirkular_desktop.services, benchmarks (drivers.pdf, harness).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from benchmarks.drivers.pdf import candidate_visits, photos_of, text_lines
from benchmarks.harness import emit


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()

    from cirkular_desktop.services import reports
    from cirkular_desktop.services.app import open_app

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    app = open_app(args.data_dir, create=False)
    try:
        failures = []
        for visit_id, stream_ids in candidate_visits(app)[:20]:
            try:
                pdf = reports.visit_summary_pdf(app, visit_id)
            except Exception as exc:  # noqa: BLE001 - reported; the next-best visit is used
                failures.append(f"visit {visit_id}: {type(exc).__name__}: {exc}")
                continue
            break
        else:
            raise SystemExit("no visit summary could be printed: " + "; ".join(failures[:3]))
        photos = []
        for number, data in enumerate(photos_of(app, stream_ids)):
            path = out / f"photo-{number}.img"
            path.write_bytes(data)
            photos.append(str(path))
        pages = text_lines(pdf)
    finally:
        app.close()
    (out / "content.json").write_text(json.dumps({"pages": pages, "photos": photos}), encoding="utf-8")
    emit({"visit_id": visit_id, "pages": len(pages), "lines": sum(len(p) for p in pages), "photos": len(photos),
          "failures": failures})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
