"""Driver scripts the harness runs as subprocesses (``python -m benchmarks.drivers.NAME``).

Each prints one ``BENCH {json}`` line (``benchmarks.harness.emit``). They
import Cirkulär, PySide6 or ReportLab as the measurement needs; the harness
process itself imports none of them for a measurement.
"""
