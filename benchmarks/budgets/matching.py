"""Budgets on matchmaking (design §6): all suggestions for the region ≤ 10 s; one stream's or need's ≤ 50 ms.

Both are absolute: the ratio is the median time over the time allowed. They
share the runs of ``drivers/match.py`` (a fresh process on a copy of the data
set; see there for what is timed). ``match_one`` is judged on the slowest
tenth of its samples (p90), since a person opening a record waits for that
one, not for the median.

Imports: benchmarks (harness, stats).
"""

from __future__ import annotations

from benchmarks.harness import Budget, Context, Skip, module_available, run_driver
from benchmarks.stats import Outcome, Series, fmt_seconds

ALL_LIMIT = 10.0
ONE_LIMIT = 0.050


def _measure(ctx: Context) -> dict:
    reason = module_available("cirkular_desktop.services.matching", "suggest")
    if reason:
        raise Skip(reason)
    return run_driver("match", "--data-dir", str(ctx.data_copy()), "--repeat", str(ctx.repeat),
                      "--sample", "10" if ctx.quick else "25", timeout=1800)


def run_all(ctx: Context) -> Outcome:
    result = ctx.once("match", lambda: _measure(ctx))
    wall = Series.of(result["all_s"])
    cpu = Series.of(result["all_cpu_s"])
    return Outcome("match", wall.median / ALL_LIMIT, 1.0,
                   f"all suggestions {fmt_seconds(wall.median)} (CPU {fmt_seconds(cpu.median)}, n={len(wall.samples)}): "
                   f"{result['suggestions']:,} for {result['needs']:,} needs over {result['streams']:,} streams; "
                   f"budget {fmt_seconds(ALL_LIMIT)}",
                   data={"all": wall.to_json(), "suggestions": result["suggestions"],
                         "needs": result["needs"], "streams": result["streams"]}, cpu={"app": cpu})


def run_one(ctx: Context) -> Outcome:
    result = ctx.once("match", lambda: _measure(ctx))
    one = Series.of(result["one_s"])
    ordered = sorted(one.samples)
    p90 = ordered[min(len(ordered) - 1, int(0.9 * len(ordered)))]
    by_kind = {kind: Series.of([s for s, k in zip(result["one_s"], result["one_kinds"]) if k == kind]).median
               for kind in sorted(set(result["one_kinds"]))}
    cpu = sorted(result.get("one_cpu_s") or [0.0])
    cpu_p90 = cpu[min(len(cpu) - 1, int(0.9 * len(cpu)))]
    return Outcome("match_one", p90 / ONE_LIMIT, 1.0,
                   f"one record's suggestions: p90 {fmt_seconds(p90)} (CPU {fmt_seconds(cpu_p90)}), median "
                   f"{fmt_seconds(one.median)}, max {fmt_seconds(one.maximum)} ({len(one.samples)} needs and streams); "
                   f"budget {fmt_seconds(ONE_LIMIT)}",
                   data={"one": one.to_json(), "p90_s": p90, "cpu_p90_s": cpu_p90, "median_by_kind": by_kind,
                         "suggestions_shown": result["one_suggestions"]},
                   cpu={"app": Series.of(result.get("one_cpu_s") or [0.0])})


MATCH = Budget("match", "matchmaking: all suggestions, 30,000 streams × 5,000 needs ≤ 10 s",
               "absolute: median wall time of services.matching.suggest over 10 s", run_all)
MATCH_ONE = Budget("match_one", "matchmaking: one stream's or one need's suggestions ≤ 50 ms",
                   "absolute: p90 of suggest(need_id=…) and suggest(stream_id=…) over 50 ms", run_one)
