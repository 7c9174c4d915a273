"""``python -m benchmarks.report [FILE]``: a results JSON as the Markdown table of docs/performance.md.

So the documented numbers are copied from a run, not typed by hand.
Imports: the standard library and benchmarks.budgets (for the order).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from benchmarks.budgets import ALL

DEFAULT = Path(__file__).resolve().parent / "results" / "latest.json"


def markdown(result: dict) -> str:
    m = result["machine"]
    load = result.get("load_average") or {}
    before = load.get("before")
    lines = [
        f"Run finished {result['date']} on commit `{result['commit']}`"
        + (" (plus uncommitted changes)" if result.get("uncommitted_source") else "")
        + f", mode {result['mode']}, scale {result['scale']}, {result['repeat']} repetitions, "
        f"{result['seconds']:.0f} s in all.",
        f"Machine: {m['cpus']} CPUs ({m['cpu_model']}), {(m['memory_bytes'] or 0) / 2**30:.1f} GB memory, "
        f"{m['platform']}, Python {m['python']}"
        + (f"; load average {before[0]:.1f} at the start" if before else "") + ".",
        "",
        "| budget | ratio | target | verdict | measured |",
        "|---|---|---|---|---|",
    ]
    order = [b.name for b in ALL]
    # The JSON's keys are sorted; the table follows the budget table of design §6.
    for name, b in sorted(result["budgets"].items(), key=lambda item: (
            order.index(item[0]) if item[0] in order else len(order), item[0])):
        if b["status"] in ("skipped", "error"):
            lines.append(f"| `{name}` | – | – | {b['status']} | {b.get('skipped') or b.get('error')} |")
        else:
            verdict = "ok" if b["ok"] else "**FAIL**"
            measured = "; ".join(part for part in (b["detail"], b.get("cpu_text", "")) if part)
            lines.append(f"| `{name}` | {b['ratio']:.2f} | {b['target']:.2f} | {verdict} | {measured} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    path = Path(args[0]) if args else DEFAULT
    sys.stdout.write(markdown(json.loads(path.read_text(encoding="utf-8"))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
