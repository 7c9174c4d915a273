"""Write files so that a crash leaves either the old or the new content, never half; word why a file failed.

A file is written to a temporary sibling (``.NAME.PID-RANDOM.tmp``: hidden,
and naming the process that writes it), synced, and renamed into place. A
process killed on the way leaves its temporary file behind; ``sweep``
removes those whose process is gone (or that are older than a day) from the
folders Cirkulär owns, and ``OutsideWrite`` notes a temporary file it makes
in someone else's folder (a bundle or backup on a USB stick) in a journal in
the data folder, so the next run removes it there too — as soon as that
folder can be reached again.

Imports: i18n, standard library.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import shutil
import tempfile
import time
import uuid
from pathlib import Path
from typing import Iterator

from cirkular_desktop.i18n import gettext as _


def fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - some platforms cannot open folders
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(fd)


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write to a temporary file in the same folder, fsync, then rename over ``path``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=_prefix(path), suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    fsync_dir(path.parent)


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def _prefix(path: Path) -> str:
    return f".{Path(path).name}.{os.getpid()}-"


# ".NAME.PID-RANDOM.tmp", as made by _prefix and mkstemp (NAME may hold dots).
_TEMPORARY = re.compile(r"^\..+\.(\d{1,10})-[A-Za-z0-9_]{4,16}\.tmp$")
STALE_AFTER = 24 * 3600   # seconds: a temporary file this old is left over whatever its process


def temporary_sibling(path: Path) -> Path:
    """A fresh temporary path next to ``path`` (same file system, so rename is atomic)."""
    fd, tmp = tempfile.mkstemp(prefix=_prefix(path), suffix=".tmp", dir=Path(path).parent)
    os.close(fd)
    return Path(tmp)


def _process_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if os.name != "posix":   # pragma: no cover - Windows: age alone decides
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True   # exists, owned by someone else
    return True


def is_leftover(path: Path, now: float | None = None) -> bool:
    """A temporary file of ours whose writing process is gone, or that is older than a day."""
    found = _TEMPORARY.match(path.name)
    if not found:
        return False
    try:
        age = (time.time() if now is None else now) - path.lstat().st_mtime
    except OSError:
        return False
    return age > STALE_AFTER or not _process_alive(int(found.group(1)))


def sweep(folder: Path, *, recursive: bool = False) -> list[Path]:
    """Remove the left-over temporary files in ``folder`` (and below, with ``recursive``); returns them."""
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        path = Path(entry.path)
        try:
            if entry.is_dir(follow_symlinks=False):
                if recursive:
                    removed += sweep(path, recursive=True)
            elif entry.is_file(follow_symlinks=False) and is_leftover(path):
                path.unlink()
                removed.append(path)
        except OSError:
            continue
    return removed


class OutsideWrite:
    """A temporary sibling of ``target`` in a folder Cirkulär does not own, noted in ``journal`` first.

    ::

        with OutsideWrite(target, journal) as tmp:
            ...write tmp, fsync...
            os.replace(tmp, target)

    The note (folder, file name, process) is written before the temporary
    file exists and removed after it is gone, so a process killed at any
    point leaves a note that ``sweep_journal`` acts on at the next start.
    """

    def __init__(self, target: Path, journal: Path) -> None:
        self.target = Path(target)
        self.journal = Path(journal)
        self.note = self.journal / f"{uuid.uuid4().hex}.json"
        self.tmp: Path | None = None

    def __enter__(self) -> Path:
        atomic_write_text(self.note, json.dumps({"folder": str(self.target.parent), "name": self.target.name,
                                                 "pid": os.getpid()}, ensure_ascii=False))
        try:
            self.tmp = temporary_sibling(self.target)
        except BaseException:
            self.note.unlink(missing_ok=True)
            raise
        return self.tmp

    def __exit__(self, *exc: object) -> None:
        if self.tmp is not None:
            with contextlib.suppress(OSError):
                self.tmp.unlink(missing_ok=True)
        with contextlib.suppress(OSError):
            self.note.unlink(missing_ok=True)


def copy_into_place(source: Path, target: Path, journal: Path) -> None:
    """Copy a finished file to ``target`` through a journaled temporary sibling: synced, then renamed."""
    with OutsideWrite(target, journal) as tmp:
        with open(source, "rb") as src, open(tmp, "wb") as out:
            shutil.copyfileobj(src, out, 1 << 20)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, target)
    fsync_dir(Path(target).parent)


def sweep_journal(journal: Path) -> list[Path]:
    """Act on the notes ``OutsideWrite`` left: remove the temporary files of processes that are gone.

    A note whose folder cannot be reached now (the USB stick is not plugged
    in) is kept for a later run; the others are dropped once acted on.
    """
    removed: list[Path] = []
    try:
        notes = sorted(Path(journal).glob("*.json"))
    except OSError:
        return removed
    for note in notes:
        try:
            info = json.loads(note.read_text(encoding="utf-8"))
            folder, name, pid = Path(info["folder"]), str(info["name"]), int(info["pid"])
        except (OSError, ValueError, KeyError, TypeError):
            with contextlib.suppress(OSError):
                note.unlink()
            continue
        if pid == os.getpid() or (_process_alive(pid) and time.time() - _mtime(note) < STALE_AFTER):
            continue   # still being written
        if not folder.is_dir():
            continue   # not reachable now: try again next time
        for path in _iter(folder.glob(f".{glob_escape(name)}.{pid}-*.tmp")):
            if _TEMPORARY.match(path.name):
                with contextlib.suppress(OSError):
                    path.unlink()
                    removed.append(path)
        with contextlib.suppress(OSError):
            note.unlink()
    return removed


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def _iter(paths: Iterator[Path]) -> list[Path]:
    try:
        return list(paths)
    except OSError:
        return []


def glob_escape(text: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", text)


def os_reason(exc: OSError) -> str:
    """Why a file could not be read or written, in the active language (the system's text is English)."""
    reasons = {
        errno.EACCES: _("permission denied"), errno.EPERM: _("permission denied"),
        errno.EROFS: _("the file system is read-only"), errno.ENOSPC: _("the disk is full"),
        errno.ENOENT: _("no such file or folder"), errno.EISDIR: _("it is a folder"),
        errno.ENOTDIR: _("a part of the path is not a folder"), errno.EEXIST: _("it already exists"),
        errno.ENAMETOOLONG: _("the name is too long"),
    }
    return reasons.get(exc.errno or 0) or exc.strerror or str(exc)
