"""Hold off Python's cycle collector while much short-lived data streams through.

Shared by the bundle reader (``sync.bundle_reader``) and the store applying
what it read (``store.apply``): it lives below both so that the store need
not import the bundle modules (and their encryption) for it — the first
edit in the GUI then loads no ``cryptography`` (issue #18 items 3 and 8).

Imports: the standard library only.
"""

from __future__ import annotations

import contextlib
import gc
from typing import Iterator


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Hold off the cycle collector for the block (nested uses are fine).

    Reading and applying a bundle creates millions of short-lived dicts and
    strings; the collector would run thousands of times looking for cycles
    they do not form (about 6 % of an import's time). Reference counting
    still frees them at once; whatever is cyclic is collected afterwards.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
