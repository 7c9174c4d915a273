"""Entry point of the ``cirkular`` command.

``main`` answers ``cirkular --version`` at once, importing nothing else, and
hands every other command line to ``cli.runner``, which imports only the
command module the command line needs (``cli.command_table``). Design §6:
``--version`` and ``list`` as whole processes within 3 × and 8 ×
``python -c "import sqlite3"``.

Imports: the standard library, the package version, cli.runner (when a command runs).
"""

from __future__ import annotations

import sys
from typing import Any, Sequence, TextIO

from cirkular_desktop import __version__
from cirkular_desktop.cli.command_table import PROG


def _asks_only_version(argv: Sequence[str]) -> bool:
    """``--version``, alone or after ``--data-dir DIR``: nothing to check, so nothing to import.

    Anything else (``--lang``, whose value argparse checks first) goes the ordinary way.
    """
    if "--version" not in argv:
        return False
    words = iter(argv)
    for word in words:
        if word == "--version" or word.startswith("--data-dir="):
            continue
        if word != "--data-dir" or next(words, None) is None:
            return False
    return True


def main(argv: Sequence[str] | None = None, *, out: TextIO | None = None, err: TextIO | None = None) -> int:
    words = list(sys.argv[1:] if argv is None else argv)
    if _asks_only_version(words):
        (out or sys.stdout).write(f"{PROG} {__version__}\n")
        return 0
    from cirkular_desktop.cli import runner

    return runner.run(words, out=out, err=err)


def __getattr__(name: str) -> Any:
    """``build_parser``, ``Context`` … live in ``cli.runner``; reachable from here as before."""
    if name.startswith("__"):
        raise AttributeError(name)
    from cirkular_desktop.cli import runner

    try:
        return getattr(runner, name)
    except AttributeError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
