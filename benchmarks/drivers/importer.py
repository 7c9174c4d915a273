"""Time a full import of a bundle into an empty database, its re-import, and raw sqlite3 of the same rows.

One run of this driver, in a fresh process:

1. creates an empty data folder (``open_app``; not timed),
2. **import**: ``services.sync.import_bundles(app, [bundle])`` — check, backup,
   merge in one transaction, checkpoint: what ``cirkular import-bundle`` does,
3. **re-import** of the same bundle into the now filled database,
4. **baseline**: every row the import left in the ordinary tables (records,
   operation log, bookkeeping; not the derived full-text index) is read back,
   and inserted with ``sqlite3`` ``executemany`` — one transaction, same
   ``CREATE TABLE``/``CREATE INDEX`` statements, WAL and ``synchronous=FULL``
   like the app — into a new, empty database file. Like the app's import
   into an empty database, the indexes are built after the rows are in, in
   the same transaction; the inserts, the index builds and the commit are
   timed.

Every step reports its CPU time (``time.process_time``) beside its wall time.

With ``--memory-only`` it does step 2 alone and reports the process's peak
resident memory (VmHWM) before and after, for the streamed-import budget.

Imports: sqlite3, cirkular_desktop.services, benchmarks.harness.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import tempfile
import time
from pathlib import Path

from benchmarks.harness import emit, memory_status

SKIPPED_TABLES = ("alembic_version",)


def ordinary_tables(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    """(name, CREATE statement) of the ordinary tables: no virtual tables and none of their shadow tables."""
    rows = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND sql IS NOT NULL "
                        "AND name NOT LIKE 'sqlite_%' ORDER BY name").fetchall()
    virtual = [name for name, sql in rows if sql.upper().startswith("CREATE VIRTUAL")]
    return [(name, sql) for name, sql in rows
            if name not in virtual and name not in SKIPPED_TABLES
            and not any(name.startswith(v + "_") for v in virtual)]


def raw_baseline(source: Path, scratch: Path) -> tuple[float, int, float]:
    """Seconds to executemany the same rows into an empty database, how many rows, and the CPU seconds."""
    with sqlite3.connect(source) as src:
        tables = ordinary_tables(src)
        indexes = [sql for (sql,) in src.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")
            if any(f" ON {name}" in sql or f' ON "{name}"' in sql for name, _ in tables)]
        data = {name: src.execute(f'SELECT * FROM "{name}"').fetchall() for name, _ in tables}
    src.close()
    target = Path(tempfile.mkdtemp(prefix="raw-", dir=scratch)) / "raw.sqlite"
    conn = sqlite3.connect(target, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    for _, sql in tables:
        conn.execute(sql)
    started, started_cpu = time.perf_counter(), time.process_time()
    conn.execute("BEGIN IMMEDIATE")
    for name, rows in data.items():
        if rows:
            marks = ", ".join("?" * len(rows[0]))
            conn.executemany(f'INSERT INTO "{name}" VALUES ({marks})', rows)
    for sql in indexes:  # after the rows, as the app's import into an empty database does
        conn.execute(sql)
    conn.execute("COMMIT")
    seconds, cpu = time.perf_counter() - started, time.process_time() - started_cpu
    conn.close()
    return seconds, sum(len(rows) for rows in data.values()), cpu


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--bundle", required=True)
    parser.add_argument("--scratch", required=True)
    parser.add_argument("--memory-only", action="store_true")
    args = parser.parse_args()

    from cirkular_desktop.services import sync
    from cirkular_desktop.services.app import open_app

    scratch = Path(args.scratch)
    data_dir = Path(tempfile.mkdtemp(prefix="import-", dir=scratch))
    app = open_app(data_dir)
    before = memory_status()
    started, started_cpu = time.perf_counter(), time.process_time()
    report = sync.import_bundles(app, [args.bundle]).value
    first, first_cpu = time.perf_counter() - started, time.process_time() - started_cpu
    after = memory_status()
    operations = sum(b.operations for b in report.bundles)
    records = sum(report.counts.values())
    if args.memory_only:
        emit({"import_s": first, "import_cpu_s": first_cpu, "peak_before": before["peak"], "peak": after["peak"], "rss_before": before["rss"],
              "operations": operations, "records": records,
              "bundle_bytes": os.path.getsize(args.bundle)})
        os._exit(0)
    started, started_cpu = time.perf_counter(), time.process_time()
    again = sync.import_bundles(app, [args.bundle]).value
    second, second_cpu = time.perf_counter() - started, time.process_time() - started_cpu
    app.close()
    raw, rows, raw_cpu = raw_baseline(data_dir / "cirkular.sqlite", scratch)
    emit({"import_s": first, "import_cpu_s": first_cpu, "reimport_s": second, "reimport_cpu_s": second_cpu,
          "raw_s": raw, "raw_cpu_s": raw_cpu, "raw_rows": rows, "operations": operations,
          "records": records, "counts": report.counts, "reimport_counts": again.counts,
          "reimport_new_operations": sum(b.new_operations for b in again.bundles),
          "bundle_bytes": os.path.getsize(args.bundle)})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
