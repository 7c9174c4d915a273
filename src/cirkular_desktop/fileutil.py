"""Write files so that a crash leaves either the old or the new content, never half; word why a file failed.

Imports: i18n, standard library.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path

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
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
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


def temporary_sibling(path: Path) -> Path:
    """A fresh temporary path next to ``path`` (same file system, so rename is atomic)."""
    fd, tmp = tempfile.mkstemp(prefix=f".{Path(path).name}.", suffix=".tmp", dir=Path(path).parent)
    os.close(fd)
    return Path(tmp)


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
