"""Budgets on bundles: full import, re-import, and the memory of a 100,000-record import.

``import_full`` and ``reimport`` share the runs of ``drivers/importer.py``:
each run is a fresh process that imports the cached full bundle of the data
set into an empty data folder, imports it again, then times the baseline —
raw ``sqlite3`` ``executemany`` of the very rows the import stored.
``import_memory`` imports a bundle of at least 100,000 records (a larger
demo scale, generated and cached once) in a fresh process and reads its
peak resident memory; ``--quick`` uses the quick data set's bundle instead
and says so.

Imports: math, benchmarks (dataset, harness, stats).
"""

from __future__ import annotations

import math

from benchmarks import dataset
from benchmarks.harness import Budget, Context, Skip, module_available, run_driver
from benchmarks.stats import Outcome, Series, describe, fmt_bytes, fmt_seconds, ratio

IMPORT_TARGET = 3.0
REIMPORT_TARGET = 0.05
MEMORY_LIMIT = 200 * 2**20
MEMORY_RECORDS = 100_000


def _available() -> None:
    reason = module_available("cirkular_desktop.services.sync", "export_bundle", "import_bundles")
    if reason:
        raise Skip(reason)


def _imports(ctx: Context) -> list[dict]:
    _available()
    bundle = ctx.bundle()
    # A full import of the regional set takes a while; three runs give a median.
    runs = min(ctx.repeat, 2 if ctx.quick else 3)
    return [run_driver("importer", "--bundle", str(bundle), "--scratch", str(ctx.scratch), timeout=1800)
            for _ in range(runs)]


def run_import(ctx: Context) -> Outcome:
    runs = ctx.once("imports", lambda: _imports(ctx))
    app = Series.of([r["import_s"] for r in runs])
    raw = Series.of([r["raw_s"] for r in runs])
    first = runs[0]
    return Outcome("import_full", ratio(app, raw), IMPORT_TARGET,
                   f"import {describe(app)} vs sqlite3 executemany {describe(raw)} "
                   f"({first['records']:,} records, {first['operations']:,} operations, "
                   f"{first['raw_rows']:,} rows, n={len(app.samples)})",
                   data={"app": app.to_json(), "baseline": raw.to_json(), "records": first["records"],
                         "operations": first["operations"], "rows": first["raw_rows"],
                         "bundle_bytes": first["bundle_bytes"], "counts": first["counts"]},
                   cpu={"app": Series.of([r["import_cpu_s"] for r in runs]),
                        "baseline": Series.of([r["raw_cpu_s"] for r in runs])})


def run_reimport(ctx: Context) -> Outcome:
    runs = ctx.once("imports", lambda: _imports(ctx))
    again = Series.of([r["reimport_s"] for r in runs])
    first = Series.of([r["import_s"] for r in runs])
    changed = [r for r in runs if r["reimport_new_operations"] or r["reimport_counts"].get("new")
               or r["reimport_counts"].get("updated")]
    note = "; re-import CHANGED records (see JSON)" if changed else "; nothing changed"
    return Outcome("reimport", ratio(again, first), REIMPORT_TARGET,
                   f"re-import {describe(again)} vs first import {describe(first)}{note}",
                   data={"app": again.to_json(), "baseline": first.to_json(),
                         "reimport_counts": runs[0]["reimport_counts"]},
                   cpu={"app": Series.of([r["reimport_cpu_s"] for r in runs]),
                        "baseline": Series.of([r["import_cpu_s"] for r in runs])})


def run_import_memory(ctx: Context) -> Outcome:
    _available()
    if ctx.quick:
        scale, note = ctx.scale, "quick: the quick data set's bundle, not 100,000 records"
    else:
        per_scale = dataset.records_per_scale()
        scale, note = math.ceil(MEMORY_RECORDS / per_scale), ""
    bundle = ctx.bundle(scale)
    runs = [run_driver("importer", "--bundle", str(bundle), "--scratch", str(ctx.scratch), "--memory-only",
                       timeout=3600) for _ in range(1 if ctx.quick else 2)]
    peak = Series.of([r["peak"] for r in runs], unit="B")
    before = Series.of([r["peak_before"] for r in runs], unit="B")
    first = runs[0]
    detail = (f"peak {fmt_bytes(peak.median)} (process before import {fmt_bytes(before.median)}) importing "
              f"{first['records']:,} records in {fmt_seconds(first['import_s'])}; budget {fmt_bytes(MEMORY_LIMIT)}")
    return Outcome("import_memory", peak.median / MEMORY_LIMIT, 1.0, detail + (f"; {note}" if note else ""),
                   data={"peak": peak.to_json(), "before": before.to_json(), "records": first["records"],
                         "operations": first["operations"], "bundle_bytes": first["bundle_bytes"],
                         "scale": scale, "limit_bytes": MEMORY_LIMIT},
                   cpu={"app": Series.of([r["import_cpu_s"] for r in runs])})


IMPORT_FULL = Budget("import_full", "full import into an empty database ≤ 3 × raw sqlite3 executemany of the same rows",
                     "sqlite3 executemany of every row the import stored (no FTS), one transaction, WAL, "
                     "synchronous=FULL", run_import)
REIMPORT = Budget("reimport", "re-import of the same bundle ≤ 5 % of the first import",
                  "the first import in the same process", run_reimport)
IMPORT_MEMORY = Budget("import_memory", "import of a 100,000-record bundle: streamed, memory ≤ 200 MB",
                       "absolute: 200 MB peak resident memory (VmHWM) of the importing process", run_import_memory)
