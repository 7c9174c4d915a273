"""``python -m benchmarks``: measure every budget of design §6 against its baseline in one run.

Usage::

    python -m benchmarks [--quick] [--only NAME ...] [--repeat N] [--scale N] [--json FILE] [--strict]

Prints one line per budget, ``NAME ratio=X target=Y ok|FAIL`` (or
``NAME skipped (reason)``), progress on stderr, and writes every sample,
median and spread as JSON (default ``benchmarks/results/latest.json``).
Exit status: 0 when every budget ran (a FAIL is a finding, not a crash);
1 when a budget errored, or with ``--strict`` when one failed; 2 for usage.

Imports: the standard library and the benchmarks package.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks import dataset
from benchmarks.budgets import ALL, BY_NAME
from benchmarks.harness import Context, Skip
from benchmarks.stats import Outcome

DEFAULT_JSON = dataset.ROOT / "benchmarks" / "results" / "latest.json"


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description="Measure every budget of design §6 against a baseline timed in the same run.")
    parser.add_argument("--quick", action="store_true",
                        help=f"small data set (scale {dataset.QUICK_SCALE}) and fewer repetitions; under a minute")
    parser.add_argument("--only", nargs="+", metavar="NAME", choices=sorted(BY_NAME),
                        help="run only these budgets: " + ", ".join(b.name for b in ALL))
    parser.add_argument("--repeat", type=int, default=None, metavar="N",
                        help="repetitions per measurement (default 5, quick 3)")
    parser.add_argument("--scale", type=int, default=None, metavar="N",
                        help=f"demo scale of the data set (default {dataset.REGIONAL_SCALE}, "
                             f"quick {dataset.QUICK_SCALE})")
    parser.add_argument("--json", type=Path, default=DEFAULT_JSON, metavar="FILE",
                        help="where to write the results (default benchmarks/results/latest.json)")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a budget is not met")
    parser.add_argument("--list", action="store_true", help="list the budgets and their baselines, then exit")
    args = parser.parse_args(argv)
    if args.repeat is not None and not 1 <= args.repeat <= 100:
        parser.error("--repeat must be between 1 and 100")
    if args.scale is not None and not 1 <= args.scale <= 200:
        parser.error("--scale must be between 1 and 200")
    if not args.list:
        # Find out now, not after twenty minutes of measuring, that the results cannot be written.
        try:
            args.json.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            parser.error(f"--json: cannot create {args.json.parent}: {exc.strerror or exc}")
        probe = args.json.with_name(args.json.name + ".tmp")
        try:
            if args.json.is_dir():
                raise IsADirectoryError(21, "is a folder")
            probe.write_text("", encoding="utf-8")
            probe.unlink()
        except OSError as exc:
            parser.error(f"--json: cannot write {args.json}: {exc.strerror or exc}")
    return args


def machine() -> dict:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        memory = int(Path("/proc/meminfo").read_text().split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        memory = None
    return {"cpus": os.cpu_count(), "cpu_model": model or platform.processor(), "memory_bytes": memory,
            "platform": platform.platform(), "python": platform.python_version()}


def git_commit() -> str | None:
    try:
        done = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=dataset.ROOT, capture_output=True,
                              text=True, timeout=10)
        return done.stdout.strip() or None
    except (OSError, subprocess.SubprocessError):
        return None


def uncommitted_source() -> bool | None:
    """Whether the measured code differs from the commit (others may be mid-edit in a shared checkout)."""
    try:
        done = subprocess.run(["git", "status", "--porcelain", "--", "src", "resources"], cwd=dataset.ROOT,
                              capture_output=True, text=True, timeout=10)
        return bool(done.stdout.strip())
    except (OSError, subprocess.SubprocessError):
        return None


def run_budget(budget, ctx: Context) -> Outcome:
    started = time.perf_counter()
    try:
        outcome = budget.run(ctx)
    except Skip as exc:
        outcome = Outcome(budget.name, skipped=str(exc))
    except Exception as exc:  # noqa: BLE001 - one broken budget must not hide the others' results
        outcome = Outcome(budget.name, error=f"{type(exc).__name__}: {exc}")
    if outcome.status in ("ok", "FAIL") and "app" not in outcome.cpu:
        # Every budget reports CPU time beside wall time (docs/performance.md); one that does not is a bug.
        outcome = Outcome(budget.name, error="the budget reports no CPU time", data=outcome.to_json())
    outcome.data.setdefault("target_text", budget.target)
    outcome.data.setdefault("baseline_text", budget.baseline)
    outcome.data["seconds"] = round(time.perf_counter() - started, 2)
    return outcome


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if args.list:
        for budget in ALL:
            print(f"{budget.name:14} {budget.target}\n{'':14} baseline: {budget.baseline}")
        return 0
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    selected = [b for b in ALL if not args.only or b.name in args.only]
    scale = args.scale or (dataset.QUICK_SCALE if args.quick else dataset.REGIONAL_SCALE)
    repeat = args.repeat or (3 if args.quick else 5)

    def log(text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    started = time.perf_counter()
    load_before = os.getloadavg() if hasattr(os, "getloadavg") else None
    scratch = Path(tempfile.mkdtemp(prefix="cirkular-bench-"))
    ctx = Context(quick=args.quick, repeat=repeat, scale=scale, scratch=scratch, log=log)
    outcomes: list[Outcome] = []
    try:
        for budget in selected:
            log(f"[{time.perf_counter() - started:6.1f} s] {budget.name} ...")
            outcome = run_budget(budget, ctx)
            outcomes.append(outcome)
            print(outcome.line(), flush=True)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    info: dict = {}
    warnings: list[str] = []
    if "dataset" in ctx.shared:
        info = dataset.read_info(ctx.shared["dataset"])
        warnings = dataset.regional_warnings(info.get("counts", {}), scale)
        for warning in warnings:
            log(f"warning: the data set is not the regional set of design §6: {warning}")
    result = {
        "format": 1, "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "commit": git_commit(),
        "uncommitted_source": uncommitted_source(),
        "mode": "quick" if args.quick else "full", "scale": scale, "repeat": repeat, "machine": machine(),
        "dataset": info, "dataset_warnings": warnings,
        # Other work on the machine shifts both sides of a ratio, but not always alike: keep it on record.
        "load_average": {"before": load_before, "after": os.getloadavg() if hasattr(os, "getloadavg") else None},
        "seconds": round(time.perf_counter() - started, 1),
        "budgets": {o.name: o.to_json() for o in outcomes},
    }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    tmp = args.json.with_name(args.json.name + ".tmp")
    tmp.write_text(json.dumps(result, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(tmp, args.json)
    log(f"[{result['seconds']:6.1f} s] results written to {args.json}")
    if any(o.status == "error" for o in outcomes):
        return 1
    if args.strict and any(o.status == "FAIL" for o in outcomes):
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
