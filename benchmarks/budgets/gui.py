"""Budgets measured on the desktop app: start-up, memory, and filter-as-you-type.

``startup`` and ``memory`` share the same launches: the app
(``cirkular_desktop.gui.main`` on the data set) and the baseline, a bare
PySide6 window with a table view, are started alternately as subprocesses
(``drivers/window.py``), so drift of the machine hits both alike.

``memory_edit`` (issue #18 item 8) holds the app's memory after one edit to
the same allowance: a few more launches with ``--edit`` on their own copy of
the data, against the bare window of the shared launches. The first write
loads the unit of work, SQLAlchemy Core and the schema, which start-up does
not need; ``memory`` reports the same figure beside its own.

Imports: benchmarks (dataset, harness, stats).
"""

from __future__ import annotations

from benchmarks import dataset
from benchmarks.harness import Budget, Context, Skip, module_available, run_driver
from benchmarks.stats import Outcome, Series, describe, fmt_bytes, fmt_seconds, paired_ratios, ratio

STARTUP_TARGET = 2.0
AUTOSAVE_LIMIT = 1.0
MEMORY_MARGIN = 80 * 2**20
FILTER_LIMIT = 0.020
EDIT_LAUNCHES = 3


def _launches(ctx: Context) -> dict:
    reason = module_available("cirkular_desktop.gui.main", "main")
    if reason:
        raise Skip(reason)
    data = str(ctx.data_copy())
    # Long enough for the app's background loads after the first paint; --quick only proves it runs.
    settle = ("--settle", "0.3" if ctx.quick else "1.5")
    bare = ("window", "--mode", "bare", *settle)
    app = ("window", "--mode", "app", "--data-dir", data, *settle)
    app_runs, bare_runs = [], []
    if not ctx.quick:
        # One untimed launch of each first: the first start after a copy pays for the page cache.
        run_driver(*bare, pass_start=True, timeout=60)
        run_driver(*app, pass_start=True, timeout=120)
    for _ in range(ctx.repeat):
        bare_runs.append(run_driver(*bare, pass_start=True, timeout=60))
        app_runs.append(run_driver(*app, pass_start=True, timeout=120))
    return {"app": app_runs, "bare": bare_runs}


def _edit_launches(ctx: Context) -> list[dict]:
    """Launches that edit one record after the first list (the memory after the first write)."""
    data = str(dataset.working_copy(ctx.dataset(), ctx.scratch))  # they write: not the shared read-only copy
    settle = ("--settle", "0.3" if ctx.quick else "1.5")
    return [run_driver("window", "--mode", "app", "--data-dir", data, "--edit", *settle, timeout=120)
            for _ in range(1 if ctx.quick else min(EDIT_LAUNCHES, ctx.repeat))]


def run_startup(ctx: Context) -> Outcome:
    runs = ctx.once("launches", lambda: _launches(ctx))
    app = Series.of([r["startup_s"] for r in runs["app"]])
    bare = Series.of([r["startup_s"] for r in runs["bare"]])
    pairs = paired_ratios(app, bare)
    rows = runs["app"][0]["rows"]
    cpu = {"app": Series.of([r["cpu_s"] for r in runs["app"]]), "baseline": Series.of([r["cpu_s"] for r in runs["bare"]])}
    return Outcome("startup", ratio(app, bare), STARTUP_TARGET,
                   f"app {describe(app)} vs bare window {describe(bare)} (n={len(app.samples)}, "
                   f"{rows} rows in {runs['app'][0]['view']})",
                   data={"app": app.to_json(), "baseline": bare.to_json(), "paired_ratios": pairs.to_json(),
                         "rows_shown": rows}, cpu=cpu)


def run_memory(ctx: Context) -> Outcome:
    runs = ctx.once("launches", lambda: _launches(ctx))
    app = Series.of([r["peak"] for r in runs["app"]], unit="B")
    bare = Series.of([r["peak"] for r in runs["bare"]], unit="B")
    # "≤ bare window + 80 MB" as a ratio to the bare window measured in this run.
    target = (bare.median + MEMORY_MARGIN) / bare.median
    extra = app.median - bare.median
    edited = Series.of([r["peak_after_edit"] for r in ctx.once("edit_launches", lambda: _edit_launches(ctx))],
                       unit="B")
    return Outcome("memory", ratio(app, bare), target,
                   f"app peak {fmt_bytes(app.median)} vs bare window {fmt_bytes(bare.median)}: "
                   f"+{fmt_bytes(extra)} of +{fmt_bytes(MEMORY_MARGIN)} allowed; after one edit (memory_edit) "
                   f"{fmt_bytes(edited.median)}, +{fmt_bytes(edited.median - bare.median)}",
                   data={"app": app.to_json(), "baseline": bare.to_json(), "extra_bytes": extra,
                         "app_rss_at_end": Series.of([r["rss"] for r in runs["app"]], unit="B").to_json(),
                         "baseline_rss_at_end": Series.of([r["rss"] for r in runs["bare"]], unit="B").to_json(),
                         "allowed_extra_bytes": MEMORY_MARGIN,
                         "informational_after_one_edit": {"peak": edited.to_json(),
                                                          "extra_bytes": edited.median - bare.median}},
                   cpu={"app": Series.of([r["cpu_settled_s"] for r in runs["app"]]),
                        "baseline": Series.of([r["cpu_settled_s"] for r in runs["bare"]])})


def run_memory_edit(ctx: Context) -> Outcome:
    runs = ctx.once("launches", lambda: _launches(ctx))
    bare = Series.of([r["peak"] for r in runs["bare"]], unit="B")
    launches = ctx.once("edit_launches", lambda: _edit_launches(ctx))
    edited = Series.of([r["peak_after_edit"] for r in launches], unit="B")
    before = Series.of([r["peak"] for r in launches], unit="B")
    target = (bare.median + MEMORY_MARGIN) / bare.median
    extra = edited.median - bare.median
    return Outcome("memory_edit", ratio(edited, bare), target,
                   f"app peak after one edit {fmt_bytes(edited.median)} (before it {fmt_bytes(before.median)}) "
                   f"vs bare window {fmt_bytes(bare.median)}: +{fmt_bytes(extra)} of +{fmt_bytes(MEMORY_MARGIN)} "
                   f"allowed (n={len(edited.samples)})",
                   data={"app_after_edit": edited.to_json(), "app_before_edit": before.to_json(),
                         "baseline": bare.to_json(), "extra_bytes": extra, "allowed_extra_bytes": MEMORY_MARGIN},
                   cpu={"app": Series.of([r["cpu_settled_s"] for r in launches]),
                        "baseline": Series.of([r["cpu_settled_s"] for r in runs["bare"]])})


def run_filter(ctx: Context) -> Outcome:
    reason = module_available("cirkular_desktop.gui.list_page", "ListPage") or module_available(
        "cirkular_desktop.gui.models", "RecordListModel")
    if reason:
        raise Skip(reason)
    result = run_driver("filter", "--data-dir", str(ctx.data_copy()), "--repeat", str(ctx.repeat),
                        timeout=600)
    keys = Series.of(result["keystroke_s"])
    ordered = sorted(keys.samples)
    p90 = ordered[min(len(ordered) - 1, int(0.9 * len(ordered)))]
    data = {"keystroke": keys.to_json(), "p90_s": p90, "words": result["words"], "hits": result["hits"],
            "streams": result["streams"], "hook": result["hook"]}
    # Where the time goes: short prefixes match most of the table.
    by_length: dict[int, list[float]] = {}
    for text, seconds in zip(result.get("typed", []), keys.samples):
        by_length.setdefault(min(len(text), 5), []).append(seconds)
    data["median_by_prefix_length"] = {f"{n}+" if n == 5 else str(n): Series.of(v).median
                                       for n, v in sorted(by_length.items())}
    if result["filter_only_s"]:
        data["filter_only"] = Series.of(result["filter_only_s"]).to_json()
    # An absolute budget: the ratio is the median keystroke over the 20 ms allowed.
    return Outcome("filter", keys.median / FILTER_LIMIT, 1.0,
                   f"median {fmt_seconds(keys.median)} per keystroke (p90 {fmt_seconds(p90)}, "
                   f"max {fmt_seconds(keys.maximum)}, {len(keys.samples)} keystrokes) over "
                   f"{result['streams']:,} streams; budget {fmt_seconds(FILTER_LIMIT)}",
                   data=data, cpu={"app": Series.of(result["keystroke_cpu_s"])})


def run_autosave(ctx: Context) -> Outcome:
    reason = module_available("cirkular_desktop.gui.visit.page", "VisitPage")
    if reason:
        raise Skip(reason)
    result = run_driver("autosave", "--scratch", str(ctx.scratch), "--repeat", str(max(5, ctx.repeat)),
                        timeout=300)
    stored = Series.of(result["stored_s"])
    return Outcome("autosave", stored.median / AUTOSAVE_LIMIT, 1.0,
                   f"typed answer stored after {describe(stored)} (max {fmt_seconds(stored.maximum)}, "
                   f"n={len(stored.samples)}, polled every {fmt_seconds(result['poll_s'])}); "
                   f"budget {fmt_seconds(AUTOSAVE_LIMIT)}",
                   data={"app": stored.to_json()}, cpu={"app": Series.of(result["cpu_s"])})


STARTUP = Budget("startup", "app start to main window with the first list filled ≤ 2 × a bare PySide6 window",
                 "bare PySide6 QMainWindow with a QTableView of 100 text rows, subprocess, same ready event",
                 run_startup)
MEMORY = Budget("memory", "app memory with the regional data set open ≤ bare PySide6 window + 80 MB",
                "peak RSS (VmHWM) of the same bare window subprocess", run_memory)
MEMORY_EDIT = Budget("memory_edit", "app memory after one edit through the window ≤ bare PySide6 window + 80 MB",
                     "peak RSS (VmHWM) of the bare window launches of `memory`", run_memory_edit)
AUTOSAVE = Budget("autosave", "the visit screen stores what was typed within a second (a killed laptop loses "
                   "at most the last second)", "absolute: 1 s from the last keystroke to the answer in the database",
                   run_autosave)
FILTER = Budget("filter", "filter-as-you-type over 30,000 streams ≤ 20 ms median per keystroke",
                "absolute: 20 ms per keystroke", run_filter)
