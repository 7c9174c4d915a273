"""Budgets on the ``cirkular`` command as a whole process: ``--version``, ``list``, ``report visit``.

A person (or a coordinator's script) waits for the whole process: starting
Python, importing, the work, exiting. So both sides run as processes, started
alternately by ``harness.time_process``, which reports wall time (spawn to
exit) and the CPU time the process used (``wait4``).

* ``cli_version``: ``cirkular --version`` ≤ 3 × ``python -c "import sqlite3"``;
* ``cli_list``: ``cirkular list organization --format json`` on the data set
  (the regional 2,000 organizations in a full run) ≤ 8 × the same baseline;
* ``summary_pdf_cold``: ``cirkular report visit ID -o FILE.pdf`` ≤ 2 × a bare
  ReportLab script printing the same content (``drivers/pdf_bare.py``; the
  visit and its content come from ``drivers/pdf_cold.py``).

The command is the ``cirkular`` script installed beside this Python (as a
user runs it), else ``python -m cirkular_desktop``.

Imports: benchmarks (harness, stats), the standard library.
"""

from __future__ import annotations

import sys
from pathlib import Path

from benchmarks.harness import Budget, Context, ROOT, Skip, module_available, run_driver, time_process
from benchmarks.stats import Outcome, Series, describe, ratio

VERSION_TARGET = 3.0
LIST_TARGET = 8.0
PDF_COLD_TARGET = 2.0
BASELINE = [sys.executable, "-c", "import sqlite3"]


def cirkular() -> list[str]:
    script = Path(sys.executable).with_name("cirkular")
    return [str(script)] if script.exists() else [sys.executable, "-m", "cirkular_desktop"]


def _alternate(ctx: Context, subject: list[str], baseline: list[str], repeat: int) -> dict[str, list]:
    """Run baseline and subject alternately, once untimed each (file cache), then ``repeat`` times."""
    runs: dict[str, list] = {"app": [], "baseline": []}
    for first in (True, *([False] * repeat)):
        for key, command in (("baseline", baseline), ("app", subject)):
            done = time_process(command, timeout=600)
            if done.returncode != 0:
                raise RuntimeError(f"{' '.join(command[:4])} … exited with {done.returncode}: "
                                   f"{(done.stderr.strip().splitlines() or [''])[-1]}")
            if not first:
                runs[key].append(done)
    return runs


def _outcome(name: str, runs: dict[str, list], target: float, what: str, versus: str, **data) -> Outcome:
    app = Series.of([r.wall_s for r in runs["app"]])
    base = Series.of([r.wall_s for r in runs["baseline"]])
    return Outcome(name, ratio(app, base), target, f"{what} {describe(app)} vs {versus} {describe(base)} "
                   f"(whole processes, n={len(app.samples)})",
                   data={"app": app.to_json(), "baseline": base.to_json(), **data},
                   cpu={"app": Series.of([r.cpu_s for r in runs["app"]]),
                        "baseline": Series.of([r.cpu_s for r in runs["baseline"]])})


def _many(ctx: Context) -> int:
    # A process of a few tens of milliseconds: more repetitions for a steady median.
    return max(9, 3 * ctx.repeat)


def run_version(ctx: Context) -> Outcome:
    runs = _alternate(ctx, [*cirkular(), "--version"], BASELINE, _many(ctx))
    return _outcome("cli_version", runs, VERSION_TARGET, "cirkular --version", "python -c 'import sqlite3'")


def run_list(ctx: Context) -> Outcome:
    data = str(ctx.data_copy())
    runs = _alternate(ctx, [*cirkular(), "--data-dir", data, "list", "organization", "--format", "json"],
                      BASELINE, _many(ctx))
    return _outcome("cli_list", runs, LIST_TARGET, "cirkular list organization --format json",
                    "python -c 'import sqlite3'")


def run_pdf_cold(ctx: Context) -> Outcome:
    reason = module_available("cirkular_desktop.services.reports", "visit_summary_pdf")
    if reason:
        raise Skip(reason)
    data = str(ctx.data_copy())
    folder = ctx.scratch / "pdf-cold"
    prepared = run_driver("pdf_cold", "--data-dir", data, "--out", str(folder), timeout=600)
    bare = [sys.executable, str(ROOT / "benchmarks" / "drivers" / "pdf_bare.py"), str(folder / "content.json"),
            str(folder / "bare.pdf")]
    subject = [*cirkular(), "--data-dir", data, "report", "visit", prepared["visit_id"], "-o",
               str(folder / "app.pdf"), "--lang", "sv"]
    runs = _alternate(ctx, subject, bare, ctx.repeat)
    return _outcome("summary_pdf_cold", runs, PDF_COLD_TARGET, "cirkular report visit",
                    f"bare ReportLab script ({prepared['pages']} pages, {prepared['photos']} photos)",
                    visit_id=prepared["visit_id"], pages=prepared["pages"], text_lines=prepared["lines"],
                    photos=prepared["photos"])


CLI_VERSION = Budget("cli_version", "`cirkular --version` as a whole process ≤ 3 × python -c 'import sqlite3'",
                     "python -c 'import sqlite3' as a whole process, started alternately", run_version)
CLI_LIST = Budget("cli_list", "`cirkular list organization --format json` on the data set as a whole process "
                  "≤ 8 × python -c 'import sqlite3'", "python -c 'import sqlite3' as a whole process", run_list)
SUMMARY_PDF_COLD = Budget("summary_pdf_cold", "`cirkular report visit` as a whole process ≤ 2 × a bare ReportLab "
                          "script as a whole process", "a ReportLab script laying out the same text and photos "
                          "(drivers/pdf_bare.py), whole process", run_pdf_cold)
