"""The harness: a run's context, budget registry, and how drivers run as subprocesses.

Every measurement that involves Qt, a fresh import, or memory runs in a
child process (``python -m benchmarks.drivers.NAME``) so that the parent's
own imports and caches never leak into a number. A driver prints exactly
one line ``BENCH {json}`` with its measurements; anything else it prints is
kept for the error message if it fails.

Imports: the standard library and the benchmarks package.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from benchmarks import dataset
from benchmarks.stats import Outcome

ROOT = dataset.ROOT
MARKER = "BENCH "


class DriverError(RuntimeError):
    """A driver subprocess failed or printed no result."""


class Skip(Exception):
    """Raised by a budget that cannot be measured in this checkout (a module not there yet)."""


@dataclass
class Context:
    """What one ``python -m benchmarks`` run shares between its budgets."""

    quick: bool
    repeat: int
    scale: int
    scratch: Path
    log: Callable[[str], None] = print
    shared: dict[str, Any] = field(default_factory=dict)
    _copy: Path | None = None

    def dataset(self) -> Path:
        """The cached regional (or quick) data folder; generated on first use."""
        if "dataset" not in self.shared:
            self.shared["dataset"] = dataset.ensure(self.scale, log=self.log)
        return self.shared["dataset"]

    def bundle(self, scale: int | None = None) -> Path:
        """The cached full bundle of the data set at ``scale`` (default: this run's), once per run."""
        scale = scale or self.scale

        def make() -> Path:
            source = self.dataset() if scale == self.scale else dataset.ensure(scale, log=self.log)
            return dataset.ensure_bundle(scale, source=source, log=self.log)

        return self.once(f"bundle-{scale}", make)

    def data_copy(self) -> Path:
        """One private copy of the data set for budgets that only read it (startup, filter, memory)."""
        if self._copy is None:
            self._copy = dataset.working_copy(self.dataset(), self.scratch)
        return self._copy

    def once(self, key: str, compute: Callable[[], Any]) -> Any:
        """Share an expensive measurement between budgets (startup and memory use the same launches)."""
        if key not in self.shared:
            self.shared[key] = compute()
        return self.shared[key]


@dataclass(frozen=True)
class Budget:
    name: str
    target: str                                # the row of design §6, for the README and JSON
    baseline: str                              # what the ratio is taken against
    run: Callable[[Context], Outcome]


def driver_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env.pop("CIRKULAR_DATA_DIR", None)
    # Same Python path as the parent: the package (installed in the venv or
    # from src/) and the benchmarks package from the checkout root.
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), str(ROOT / "src"), env.get("PYTHONPATH")) if p)
    env.setdefault("PYTHONHASHSEED", "0")
    # An installed app runs from compiled bytecode (pip writes it on install); a checkout writes it on first
    # use. With PYTHONDONTWRITEBYTECODE set (as on some CI machines) every measured process would compile
    # our modules from source each time while the standard library's baselines never do.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.update(extra or {})
    return env


def run_driver(name: str, *args: str, timeout: float = 300, env: dict[str, str] | None = None,
               pass_start: bool = False) -> dict[str, Any]:
    """Run ``benchmarks.drivers.<name>`` and return the dict it printed.

    With ``pass_start`` the driver gets ``--start-ns`` = this process's
    ``time.monotonic_ns()`` just before the spawn; CLOCK_MONOTONIC is shared by
    all processes on Linux, so the driver can report "process start to ready"
    without its own exit being counted.
    """
    command = [sys.executable, "-m", f"benchmarks.drivers.{name}", *args]
    if pass_start:
        command += ["--start-ns", str(time.monotonic_ns())]
    try:
        done = subprocess.run(command, cwd=ROOT, env=driver_env(env), capture_output=True, text=True,
                              timeout=timeout)
    except subprocess.TimeoutExpired:
        raise DriverError(f"driver {name} did not finish within {timeout:.0f} s") from None
    for line in reversed(done.stdout.splitlines()):
        if line.startswith(MARKER):
            if done.returncode != 0:
                break
            return json.loads(line[len(MARKER):])
    tail = (done.stderr.strip().splitlines() or done.stdout.strip().splitlines() or ["no output"])[-1]
    raise DriverError(f"driver {name} exited with {done.returncode}: {tail}")


def cpu_seconds() -> float:
    """CPU time (user + system) this process has used since it started, interpreter start included."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


@dataclass(frozen=True)
class ProcessRun:
    wall_s: float        # spawn to exit, as a person waits for a command
    cpu_s: float         # user + system time of the process (from wait4), whatever else the machine does
    returncode: int
    stderr: str


def time_process(command: list[str], *, env: dict[str, str] | None = None, timeout: float = 300,
                 cwd: Path = ROOT) -> ProcessRun:
    """Run ``command`` as a whole process, output to /dev/null; its wall and CPU time."""
    with tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=driver_env(env), stdin=subprocess.DEVNULL,
                                   stdout=subprocess.DEVNULL, stderr=err)
        killer = threading.Timer(timeout, process.kill)
        killer.start()
        try:
            _pid, status, usage = os.wait4(process.pid, 0)
        finally:
            killer.cancel()
        wall = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)   # reaped here: Popen must not wait again
        err.seek(0)
        text = err.read().decode("utf-8", "replace")
    if process.returncode < 0:
        raise DriverError(f"{command[0]} did not finish within {timeout:.0f} s" if wall >= timeout
                          else f"{' '.join(command[:3])} died from signal {-process.returncode}")
    return ProcessRun(wall, usage.ru_utime + usage.ru_stime, process.returncode, text)


def emit(result: dict[str, Any]) -> None:
    """Called by a driver to hand its measurements to the parent."""
    sys.stdout.write(MARKER + json.dumps(result, sort_keys=True) + "\n")
    sys.stdout.flush()


def memory_status() -> dict[str, int]:
    """This process's resident memory in bytes: VmRSS now and VmHWM (peak) from /proc."""
    found: dict[str, int] = {}
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                key, _, rest = line.partition(":")
                if key in ("VmRSS", "VmHWM"):
                    found[key] = int(rest.split()[0]) * 1024
    except OSError:  # not Linux: fall back on getrusage's peak (kilobytes on Linux/BSD, bytes on macOS)
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        peak *= 1 if sys.platform == "darwin" else 1024
        found = {"VmRSS": peak, "VmHWM": peak}
    return {"rss": found.get("VmRSS", 0), "peak": found.get("VmHWM", 0)}


def module_available(module: str, *names: str) -> str | None:
    """None when ``module`` imports and has ``names``; otherwise the reason to skip."""
    import importlib

    try:
        loaded = importlib.import_module(module)
    except ImportError as exc:
        return f"{module} is not there yet ({exc.name or exc})"
    except Exception as exc:  # noqa: BLE001 - a module being written by someone else may not import yet
        return f"{module} does not import: {type(exc).__name__}: {exc}"
    missing = [n for n in names if not hasattr(loaded, n)]
    if missing:
        return f"{module} has no {', '.join(missing)} yet"
    return None
