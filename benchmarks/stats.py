"""Statistics of repeated measurements: median, spread and the ratio against a baseline.

Pure standard library, no Cirkulär imports, so the harness's arithmetic is
tested cheaply (tests/test_benchmarks.py) and stays trustworthy on its own.
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass, field
from typing import Sequence


@dataclass(frozen=True)
class Series:
    """Repeated samples of one quantity (seconds, bytes, ...)."""

    samples: tuple[float, ...]
    unit: str = "s"

    @classmethod
    def of(cls, samples: Sequence[float], unit: str = "s") -> "Series":
        values = tuple(float(s) for s in samples)
        if not values:
            raise ValueError("a series needs at least one sample")
        if any(math.isnan(v) or math.isinf(v) for v in values):
            raise ValueError("samples must be finite numbers")
        return cls(values, unit)

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def minimum(self) -> float:
        return min(self.samples)

    @property
    def maximum(self) -> float:
        return max(self.samples)

    @property
    def mad(self) -> float:
        """Median absolute deviation: a spread that one stray sample cannot inflate."""
        centre = self.median
        return statistics.median(abs(s - centre) for s in self.samples)

    @property
    def spread(self) -> float:
        """Relative spread: MAD / median (0.03 = samples typically within 3 % of the median)."""
        centre = self.median
        return self.mad / centre if centre else 0.0

    @property
    def range_spread(self) -> float:
        """(max - min) / median: the worst-case disagreement between repetitions."""
        centre = self.median
        return (self.maximum - self.minimum) / centre if centre else 0.0

    def to_json(self) -> dict:
        return {"unit": self.unit, "n": len(self.samples), "median": self.median, "min": self.minimum,
                "max": self.maximum, "mad": self.mad, "spread": self.spread,
                "range_spread": self.range_spread, "samples": list(self.samples)}


def ratio(subject: Series, baseline: Series) -> float:
    """Median of the subject over median of the baseline (both measured in the same run)."""
    if baseline.median <= 0:
        raise ValueError("the baseline median must be positive")
    return subject.median / baseline.median


def paired_ratios(subject: Series, baseline: Series) -> Series:
    """Per-repetition ratios of interleaved runs (subject i ran right after baseline i).

    Their spread says how stable the ratio is, which is what a budget judges.
    """
    pairs = list(zip(subject.samples, baseline.samples))
    if not pairs or any(b <= 0 for _, b in pairs):
        raise ValueError("paired ratios need positive baseline samples")
    return Series.of([s / b for s, b in pairs], unit="x")


@dataclass
class Outcome:
    """The verdict on one budget: ``ratio <= target`` passes."""

    name: str
    ratio: float | None = None
    target: float | None = None
    detail: str = ""
    skipped: str | None = None       # reason, when the budget could not be measured
    error: str | None = None         # the budget's code failed (a bug, not a verdict)
    data: dict = field(default_factory=dict)
    # CPU time (user + system) of the measured work: "app" and, for a ratio, "baseline". Wall time
    # is what a person waits for; CPU time beside it tells a busy machine from slow code.
    cpu: dict[str, "Series"] = field(default_factory=dict)

    def cpu_text(self) -> str:
        """``CPU 120.0 ms vs 40.0 ms`` (medians of the subject and the baseline), or empty."""
        if "app" not in self.cpu:
            return ""
        text = f"CPU {fmt_seconds(self.cpu['app'].median)}"
        return text + (f" vs {fmt_seconds(self.cpu['baseline'].median)}" if "baseline" in self.cpu else "")

    @property
    def ok(self) -> bool | None:
        if self.skipped or self.error or self.ratio is None or self.target is None:
            return None
        return self.ratio <= self.target

    @property
    def status(self) -> str:
        if self.skipped:
            return "skipped"
        if self.error:
            return "error"
        return "ok" if self.ok else "FAIL"

    def line(self) -> str:
        """The one printed line: ``NAME ratio=X target=Y ok|FAIL  detail``."""
        if self.skipped:
            return f"{self.name} skipped ({self.skipped})"
        if self.error:
            return f"{self.name} error ({self.error})"
        text = f"{self.name} ratio={self.ratio:.3f} target={self.target:.3f} {self.status}"
        detail = "; ".join(part for part in (self.detail, self.cpu_text()) if part)
        return f"{text}  {detail}" if detail else text

    def to_json(self) -> dict:
        out = {"name": self.name, "status": self.status, "ok": self.ok, "ratio": self.ratio,
               "target": self.target, "detail": self.detail, "skipped": self.skipped,
               "error": self.error, **self.data}
        if self.cpu:
            out["cpu"] = {key: series.to_json() for key, series in self.cpu.items()}
            out["cpu_text"] = self.cpu_text()
        return out


def fmt_seconds(value: float) -> str:
    """Human duration for the printed detail: 850 µs, 12.3 ms, 1.42 s."""
    if value < 1e-3:
        return f"{value * 1e6:.0f} µs"
    if value < 1:
        return f"{value * 1e3:.1f} ms"
    return f"{value:.2f} s"


def fmt_bytes(value: float) -> str:
    return f"{value / 2**20:.1f} MB"


def describe(series: Series) -> str:
    """``1.42 s ±3 %`` — median and relative spread (MAD)."""
    centre = fmt_bytes(series.median) if series.unit == "B" else (
        fmt_seconds(series.median) if series.unit == "s" else f"{series.median:.3f}")
    return f"{centre} ±{series.spread * 100:.0f}%"
