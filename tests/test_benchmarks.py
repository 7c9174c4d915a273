"""The benchmark harness's pieces, tested cheaply: statistics, verdicts, the data set, drivers' helpers.

The budgets themselves are not timed here (CI machines are noisy); one test
runs ``python -m benchmarks --quick --only summary_pdf`` on a one-unit data
set to prove the runner works end to end and writes valid JSON.
"""

from __future__ import annotations

import json
import math
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # the harness lives beside src/, not inside the package
    sys.path.insert(0, str(ROOT))

from benchmarks import dataset  # noqa: E402
from benchmarks.stats import Outcome, Series, paired_ratios, ratio  # noqa: E402

# --- statistics ---------------------------------------------------------------------------------


def test_median_and_spread_of_a_series():
    series = Series.of([1.0, 2.0, 3.0, 4.0, 100.0])
    assert series.median == 3.0
    assert series.mad == 1.0                       # |1-3|,|2-3|,0,|4-3|,97 -> median 1
    assert series.spread == pytest.approx(1 / 3)
    assert series.range_spread == pytest.approx(99 / 3)
    even = Series.of([4.0, 1.0, 3.0, 2.0])
    assert even.median == 2.5


def test_a_series_refuses_nothing_and_nan():
    with pytest.raises(ValueError):
        Series.of([])
    with pytest.raises(ValueError):
        Series.of([1.0, math.nan])


def test_ratio_is_median_over_median_and_pairs_follow_the_runs():
    subject = Series.of([2.0, 4.0, 6.0])
    baseline = Series.of([1.0, 1.0, 3.0])
    assert ratio(subject, baseline) == 4.0
    assert paired_ratios(subject, baseline).samples == (2.0, 4.0, 2.0)
    with pytest.raises(ValueError):
        ratio(subject, Series.of([0.0]))


def test_a_verdict_line_says_ok_fail_or_why_not_measured():
    assert Outcome("startup", 1.5, 2.0).line() == "startup ratio=1.500 target=2.000 ok"
    failed = Outcome("filter", 2.25, 1.0, "median 45 ms")
    assert failed.line() == "filter ratio=2.250 target=1.000 FAIL  median 45 ms"
    assert failed.ok is False and failed.to_json()["status"] == "FAIL"
    assert Outcome("reimport", 0.05, 0.05).ok is True    # the target itself is within budget
    skipped = Outcome("import_full", skipped="services.sync is not there yet")
    assert skipped.line() == "import_full skipped (services.sync is not there yet)"
    assert skipped.ok is None and skipped.status == "skipped"


def test_cpu_time_is_printed_and_kept_beside_wall_time():
    cpu = {"app": Series.of([0.12, 0.10, 0.11]), "baseline": Series.of([0.04, 0.04, 0.05])}
    outcome = Outcome("cli_list", 5.0, 8.0, "list 1.0 s vs 200 ms", cpu=cpu)
    assert outcome.line() == "cli_list ratio=5.000 target=8.000 ok  list 1.0 s vs 200 ms; CPU 110.0 ms vs 40.0 ms"
    data = outcome.to_json()
    assert data["cpu"]["app"]["median"] == 0.11 and data["cpu_text"] == "CPU 110.0 ms vs 40.0 ms"
    absolute = Outcome("autosave", 0.5, 1.0, cpu={"app": Series.of([0.02])})
    assert absolute.line().endswith("ok  CPU 20.0 ms")


def test_a_budget_that_reports_no_cpu_time_is_an_error():
    from benchmarks.__main__ import run_budget
    from benchmarks.harness import Budget

    silent = Budget("silent", "t", "b", lambda ctx: Outcome("silent", 1.0, 2.0, "wall only"))
    outcome = run_budget(silent, ctx=None)
    assert outcome.status == "error" and "CPU" in outcome.error
    honest = Budget("honest", "t", "b", lambda ctx: Outcome("honest", 1.0, 2.0, cpu={"app": Series.of([0.1])}))
    assert run_budget(honest, ctx=None).status == "ok"


def test_a_whole_process_is_timed_with_its_cpu_time():
    from benchmarks.harness import time_process

    busy = time_process([sys.executable, "-c", "sum(i * i for i in range(2_000_000))"], timeout=60)
    assert busy.returncode == 0 and busy.cpu_s > 0.05 and busy.wall_s > 0
    failed = time_process([sys.executable, "-c", "import sys; sys.exit('no')"], timeout=60)
    assert failed.returncode == 1 and "no" in failed.stderr


def test_the_documented_table_is_made_from_a_results_file():
    from benchmarks.report import markdown

    result = {"date": "2026-11-26T23:00:00Z", "commit": "abc1234", "uncommitted_source": False, "mode": "full",
              "scale": 50, "repeat": 5, "seconds": 600.0, "load_average": {"before": [1.5, 1.0, 0.5]},
              "machine": {"cpus": 2, "cpu_model": "Test CPU", "memory_bytes": 2**30, "platform": "Linux",
                          "python": "3.11.7"},
              "budgets": {"startup": Outcome("startup", 2.5, 2.0, "app 1 s").to_json(),
                          "filter": Outcome("filter", 0.5, 1.0, "median 10 ms").to_json(),
                          "reimport": Outcome("reimport", skipped="no sync").to_json()}}
    text = markdown(result)
    assert "commit `abc1234`" in text and "2 CPUs (Test CPU)" in text and "load average 1.5" in text
    assert "| `startup` | 2.50 | 2.00 | **FAIL** | app 1 s |" in text
    assert "| `filter` | 0.50 | 1.00 | ok | median 10 ms |" in text
    assert "| `reimport` | – | – | skipped | no sync |" in text


# --- helpers of the drivers ------------------------------------------------------------------------


def test_typed_words_come_from_the_titles_plus_one_that_matches_nothing():
    from benchmarks.drivers.filter import typed_words

    titles = ["Spån från hyvling", "Spån från sågning", "Kartong från lager", "Plastfolie"]
    words = typed_words(titles, 2)
    assert words[:2] == ["från", "spån"]            # most common first, ties alphabetically
    assert words[2] == "kartong från"                # a two-word title prefix
    assert words[-1] == "qzxv"


def test_raw_baseline_copies_ordinary_tables_not_the_full_text_index_and_indexes_after_the_rows(tmp_path,
                                                                                              monkeypatch):
    from benchmarks.drivers.importer import ordinary_tables, raw_baseline

    source = tmp_path / "source.sqlite"
    with sqlite3.connect(source) as conn:
        conn.execute("CREATE TABLE stream (id TEXT PRIMARY KEY, title TEXT)")
        conn.execute("CREATE INDEX stream_title ON stream (title)")
        conn.execute("CREATE VIRTUAL TABLE stream_fts USING fts5(title)")
        conn.execute("CREATE TABLE alembic_version (version_num TEXT)")
        conn.executemany("INSERT INTO stream VALUES (?, ?)", [(str(i), f"spån {i}") for i in range(50)])
        conn.executemany("INSERT INTO stream_fts VALUES (?)", [(f"spån {i}",) for i in range(50)])
    conn.close()
    with sqlite3.connect(source) as conn:
        assert [name for name, _ in ordinary_tables(conn)] == ["stream"]
    conn.close()
    statements: list[str] = []
    real_connect = sqlite3.connect

    def traced(*args, **kwargs):
        conn = real_connect(*args, **kwargs)
        conn.set_trace_callback(statements.append)
        return conn

    monkeypatch.setattr(sqlite3, "connect", traced)
    seconds, rows, cpu = raw_baseline(source, tmp_path)
    monkeypatch.undo()
    assert rows == 50 and seconds > 0 and cpu >= 0
    # Like the app's import into an empty database: rows first, then the index, in one transaction.
    into_raw = statements[statements.index("BEGIN IMMEDIATE"):]
    inserted = max(i for i, sql in enumerate(into_raw) if sql.startswith("INSERT"))
    indexed = next(i for i, sql in enumerate(into_raw) if sql.startswith("CREATE INDEX"))
    assert inserted < indexed < into_raw.index("COMMIT")
    copies = list(tmp_path.glob("raw-*/raw.sqlite"))
    with sqlite3.connect(copies[0]) as conn:
        assert conn.execute("SELECT count(*) FROM stream").fetchone() == (50,)
        assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'stream_title'").fetchone() == (1,)
    conn.close()


# --- the data set ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def cache(tmp_path_factory):
    root = tmp_path_factory.mktemp("bench-cache")
    old = os.environ.get("CIRKULAR_BENCH_CACHE")
    os.environ["CIRKULAR_BENCH_CACHE"] = str(root)
    yield root
    if old is None:
        os.environ.pop("CIRKULAR_BENCH_CACHE", None)
    else:
        os.environ["CIRKULAR_BENCH_CACHE"] = old


def test_the_data_set_has_one_demo_unit_per_scale_and_is_cached(cache, monkeypatch):
    from cirkular_desktop.core import demodata

    folder = dataset.ensure(1)
    assert folder.parent == cache and folder.name.startswith("regional-s1-seed1-")
    info = dataset.read_info(folder)
    counts = dataset.count_records(folder)
    assert info["counts"]["organization"] == counts["organization"] == demodata.ORGS_PER_SCALE
    assert counts["attachment"] == demodata.PHOTOS_PER_SCALE
    # the shape the budgets assume per scale unit (regional = 50 units): ~600 streams, ~100 needs, ~120 visits
    assert 400 <= counts["stream"] <= 800 and 60 <= counts["need"] <= 160 and 80 <= counts["visit"] <= 160
    assert sum(info["counts"].values()) == dataset.records_per_scale()

    def must_not_run(*args, **kwargs):
        raise AssertionError("a cached data set was generated again")

    monkeypatch.setattr(dataset, "generate", must_not_run)
    assert dataset.ensure(1) == folder


def test_a_data_set_that_strays_from_the_regional_shape_is_named():
    regional = dict(dataset.REGIONAL_EXPECTED)
    assert dataset.regional_warnings(regional, dataset.REGIONAL_SCALE) == []
    assert dataset.regional_warnings({**regional, "stream": 20_000}, dataset.REGIONAL_SCALE) == [
        "stream: 20,000 where the regional set has about 30,000"]
    assert dataset.regional_warnings({"stream": 10}, dataset.QUICK_SCALE) == []   # quick sets are small on purpose


def test_a_changed_generator_gives_a_new_cache_entry(cache, monkeypatch):
    folder = dataset.dataset_dir(1)
    monkeypatch.setattr(dataset, "fingerprint", lambda: "0123456789abcdef")
    assert dataset.dataset_dir(1) != folder
    assert dataset.dataset_dir(1).name == "regional-s1-seed1-0123456789abcdef"


def test_a_working_copy_leaves_the_cache_untouched(cache, tmp_path):
    folder = dataset.ensure(1)
    before = (folder / "cirkular.sqlite").read_bytes()
    copy = dataset.working_copy(folder, tmp_path)
    from cirkular_desktop.services import records
    from cirkular_desktop.services.app import open_app

    with open_app(copy, create=False) as app:
        org = records.list_records(app, "organization")[0]
        records.set_record(app, "organization", org["id"], {"name": "Ändrad AB"})
    assert (folder / "cirkular.sqlite").read_bytes() == before


def test_a_broken_or_stale_entry_is_generated_again_and_scratch_is_left_alone(tmp_path, monkeypatch):
    monkeypatch.setenv("CIRKULAR_BENCH_CACHE", str(tmp_path))
    made = []

    def fake_generate(folder, scale, seed):
        made.append(folder)
        (folder / "cirkular.sqlite").write_bytes(b"db")
        return {"organization": 40 * scale}

    monkeypatch.setattr(dataset, "generate", fake_generate)
    target = dataset.dataset_dir(3)
    target.mkdir(parents=True)
    (target / dataset.INFO_NAME).write_text("{}")          # a description without a database: broken
    stale = tmp_path / "regional-s3-seed1-ffffffffffffffff"
    stale.mkdir()
    busy = tmp_path / "tmp" / (target.name + ".other-run")
    busy.mkdir(parents=True)                                 # another run's work in progress
    assert dataset.ensure(3) == target
    assert dataset.is_complete(target) and len(made) == 1
    assert made[0].parent == tmp_path / "tmp" and not made[0].exists()
    assert dataset.read_info(target)["counts"] == {"organization": 120}
    assert not stale.exists() and busy.exists()
    assert dataset.ensure(3) == target and len(made) == 1  # complete now: reused


# --- the runner ---------------------------------------------------------------------------------------


def test_the_runner_lists_its_budgets():
    done = subprocess.run([sys.executable, "-m", "benchmarks", "--list"], cwd=ROOT, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0
    names = [line.split()[0] for line in done.stdout.splitlines() if line and not line.startswith(" ")]
    assert names == ["startup", "filter", "import_full", "reimport", "summary_pdf", "summary_batch", "memory",
                     "memory_edit", "import_memory", "match", "match_one", "cli_version", "cli_list", "summary_pdf_cold",
                     "autosave"]


def test_the_runner_refuses_an_unknown_budget():
    done = subprocess.run([sys.executable, "-m", "benchmarks", "--only", "nonsense"], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "nonsense" in done.stderr


@pytest.mark.slow
def test_quick_run_of_one_budget_prints_its_line_and_writes_json(cache, tmp_path):
    dataset.ensure(1)   # shared with the tests above, so the run only measures
    out = tmp_path / "result.json"
    env = {**os.environ, "CIRKULAR_BENCH_CACHE": str(cache)}
    done = subprocess.run([sys.executable, "-m", "benchmarks", "--quick", "--scale", "1", "--repeat", "2",
                           "--only", "summary_pdf", "--json", str(out)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=180)
    lines = done.stdout.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("summary_pdf ")
    result = json.loads(out.read_text(encoding="utf-8"))
    assert result["mode"] == "quick" and result["scale"] == 1 and result["repeat"] == 2
    assert result["machine"]["cpus"] >= 1
    assert result["dataset"]["counts"]["organization"] == 40
    budget = result["budgets"]["summary_pdf"]
    if budget["status"] in ("ok", "FAIL"):
        assert lines[0].split()[1] == f"ratio={budget['ratio']:.3f}"
        assert len(budget["app"]["samples"]) == 2 and len(budget["baseline"]["samples"]) == 2
        assert budget["ratio"] == pytest.approx(budget["app"]["median"] / budget["baseline"]["median"])
        assert done.returncode == 0
    else:  # an error in the report code is reported, and the run says so with its exit status
        assert budget["status"] == "error" and done.returncode == 1
