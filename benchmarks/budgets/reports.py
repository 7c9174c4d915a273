"""Budgets on printed summaries: one visit summary PDF, and a batch of them scaling linearly.

Both come from one run of ``drivers/pdf.py`` (see there for what is timed).
Design §6 says 100 summaries in a batch should "scale linearly"; the harness
judges that as the time per summary in a batch of 100 over the time per
summary in a batch of 10, allowed up to ``BATCH_TARGET``.

Imports: benchmarks (harness, stats).
"""

from __future__ import annotations

from benchmarks.harness import Budget, Context, Skip, module_available, run_driver
from benchmarks.stats import Outcome, Series, describe, fmt_seconds, ratio

SUMMARY_TARGET = 1.5
BATCH_TARGET = 1.25


def _measure(ctx: Context) -> dict:
    reason = module_available("cirkular_desktop.services.reports", "visit_summary_pdf", "batch_summaries")
    if reason:
        raise Skip(reason)
    batch = ("5", "20") if ctx.quick else ("10", "100")
    return run_driver("pdf", "--data-dir", str(ctx.data_copy()), "--repeat", str(ctx.repeat),
                      "--batch", *batch, "--batch-repeat", "1" if ctx.quick else "2", timeout=900)


def run_summary(ctx: Context) -> Outcome:
    result = ctx.once("pdf", lambda: _measure(ctx))
    app = Series.of(result["subject_s"])
    bare = Series.of(result["baseline_s"])
    failed = len(result["failures"])
    layout = ""
    extra = {}
    if result.get("layout_only_s"):
        only = Series.of(result["layout_only_s"])
        layout = f", of which layout {describe(only)}"
        extra["layout_only"] = only.to_json()
    note = f"; {failed} better-suited visits could not be printed (see JSON)" if failed else ""
    return Outcome("summary_pdf", ratio(app, bare), SUMMARY_TARGET,
                   f"summary {describe(app)}{layout} vs bare ReportLab {describe(bare)} "
                   f"({result['pages']} pages, {result['photos']} photos){note}",
                   data={"app": app.to_json(), "baseline": bare.to_json(), "visit_id": result["visit_id"],
                         "pages": result["pages"], "photos": result["photos"], "text_lines": result["lines"],
                         "failures": result["failures"][:5], "failures_count": failed, **extra},
                   cpu={"app": Series.of(result["subject_cpu_s"]), "baseline": Series.of(result["baseline_cpu_s"])})


def run_batch(ctx: Context) -> Outcome:
    result = ctx.once("pdf", lambda: _measure(ctx))
    counts = result["batch_counts"]
    if result["batch_error"]:
        return Outcome("summary_batch", error=f"batch_summaries failed: {result['batch_error']}",
                       data={"batch_counts": counts})
    small = Series.of(result["batch_small_per_pdf_s"])
    large = Series.of(result["batch_large_per_pdf_s"])
    return Outcome("summary_batch", ratio(large, small), BATCH_TARGET,
                   f"{fmt_seconds(large.median)} per summary in a batch of {counts['large']} vs "
                   f"{fmt_seconds(small.median)} in a batch of {counts['small']}",
                   data={"small": small.to_json(), "large": large.to_json(), "batch_counts": counts},
                   cpu={"app": Series.of(result["batch_large_cpu_per_pdf_s"]),
                        "baseline": Series.of(result["batch_small_cpu_per_pdf_s"])})


SUMMARY_PDF = Budget("summary_pdf", "one visit summary PDF ≤ 1.5 × a bare ReportLab document with the same content",
                     "bare ReportLab SimpleDocTemplate: same text lines (from the app's PDF) and photos, "
                     "same embedded DejaVu Sans", run_summary)
SUMMARY_BATCH = Budget("summary_batch", "100 summaries in a batch scale linearly (per summary ≤ 1.25 × a batch of 10)",
                       "time per summary in a batch of 10", run_batch)
