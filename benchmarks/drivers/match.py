"""Time matchmaking on a data folder: all suggestions, and one need's or one stream's suggestions.

One run of this driver, in a fresh process on a copy of the data set:

1. opens the data folder and calls ``services.matching.suggest(app)`` once
   untimed (imports, the first read of the file into the page cache), then
   ``--repeat`` times: **all** suggestions for the region, as ``cirkular match
   suggest`` computes them (read, rank, explain the kept pairs);
2. **one**: ``suggest(app, need_id=…)`` and ``suggest(app, stream_id=…)`` for
   ``--sample`` needs and streams spread over the data set (every n-th by id),
   each timed on its own, as the GUI asks when a person opens one record.

Imports: statistics, cirkular_desktop.services, benchmarks.harness.
"""

from __future__ import annotations

import argparse
import time

from benchmarks.harness import emit


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sample", type=int, default=20)
    args = parser.parse_args()
    from cirkular_desktop.services import matching
    from cirkular_desktop.services.app import open_app

    app = open_app(args.data_dir, create=False)
    first = matching.suggest(app)
    all_s, all_cpu = [], []
    for _ in range(args.repeat):
        started, cpu = time.perf_counter(), time.process_time()
        found = matching.suggest(app)
        all_s.append(time.perf_counter() - started)
        all_cpu.append(time.process_time() - cpu)
    assert len(found) == len(first)
    with app.snapshot() as conn:
        needs = [r[0] for r in conn.execute("SELECT id FROM need WHERE deleted = 0 ORDER BY id")]
        streams = [r[0] for r in conn.execute("SELECT id FROM stream WHERE deleted = 0 ORDER BY id")]
    picked = {"need": needs[::max(1, len(needs) // args.sample)][:args.sample],
              "stream": streams[::max(1, len(streams) // args.sample)][:args.sample]}
    one_s: list[float] = []
    one_cpu: list[float] = []
    kinds: list[str] = []
    shown = 0
    for kind, ids in picked.items():
        for record_id in ids:
            started, cpu = time.perf_counter(), time.process_time()
            shown += len(matching.suggest(app, **{f"{kind}_id": record_id}))
            one_s.append(time.perf_counter() - started)
            one_cpu.append(time.process_time() - cpu)
            kinds.append(kind)
    app.close()
    emit({"all_s": all_s, "all_cpu_s": all_cpu, "suggestions": len(first), "needs": len(needs),
          "streams": len(streams), "one_s": one_s, "one_cpu_s": one_cpu, "one_kinds": kinds, "one_suggestions": shown})


if __name__ == "__main__":
    main()
