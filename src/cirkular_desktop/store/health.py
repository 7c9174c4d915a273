"""A database found damaged is not written to or exported from until it is restored or repaired.

Writing to a damaged SQLite file can spread the damage, and exporting from
it sends half-read data to every other laptop. So when an integrity check
fails (``cirkular check``, the check of every backup copy) or SQLite reports
a malformed file, a note is written beside the database (``damaged.json``:
when, and the first problems found). While it is there every write and every
export is refused with one line that says what to do; reading still works,
so the data can be looked at. ``cirkular restore`` and ``cirkular repair``
remove the note, and so does a later integrity check that passes.

The note is a file, not a row in the database: the database is what cannot
be trusted. Imports: errors, i18n, fileutil, standard library.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import json
from pathlib import Path
from typing import Any, Iterable

from cirkular_desktop import fileutil
from cirkular_desktop.errors import StoreError
from cirkular_desktop.i18n import gettext as _

MARKER = "damaged.json"
# SQLite's words for a damaged file (SQLITE_CORRUPT, SQLITE_NOTADB).
_DAMAGE = ("malformed", "file is not a database", "database corrupt")


def marker(database: Path) -> Path:
    return Path(database).parent / MARKER


def mark(database: Path, problems: Iterable[str]) -> None:
    """Note that ``database`` failed an integrity check (kept if it cannot be written: nothing better to do)."""
    # integrity_check gives one row of several lines, headed "*** in database main ***": one problem a line.
    found = [line.strip()[:300] for p in problems for line in str(p).splitlines()
             if line.strip() and not line.startswith("***")][:5] or ["damaged"]
    note = {"found": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"), "problems": found}
    with contextlib.suppress(OSError):
        fileutil.atomic_write_text(marker(database), json.dumps(note, ensure_ascii=False, indent=1) + "\n")


def note_failure(database: Path, exc: BaseException) -> None:
    """Mark the database when an SQLite error says the file is damaged."""
    text = str(exc)
    if any(words in text for words in _DAMAGE):
        mark(database, [text])


def marked(database: Path) -> dict[str, Any] | None:
    path = marker(database)
    if not path.exists():
        return None
    try:
        note = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        note = {}
    return note if isinstance(note, dict) else {}


def clear(database: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        marker(database).unlink()


def refuse_if_damaged(database: Path) -> None:
    """Raise the one-line refusal while the database is marked damaged."""
    note = marked(database)
    if note is None:
        return
    problems = note.get("problems") or []
    raise StoreError(_("the database {path} failed its integrity check ({problem}); nothing is written to or "
                       "exported from it until you restore a backup (cirkular restore) or repair it "
                       "(cirkular repair)").format(path=database, problem=str(problems[0])[:80] if problems
                                                   else _("damaged")))
