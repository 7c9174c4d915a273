"""Storing a bundle's attachments during an import, durably and without waiting on the disk file by file.

An import stores each attachment it does not hold yet under its hash
(``store.blobs`` layout) before the database commit that refers to it, so
a crash never leaves a record pointing to a missing or half-written file:

1. every new attachment is written to a temporary file beside its place;
2. the temporary files are synced to disk, several at a time;
3. each is renamed to its place (a name only ever points to complete content);
4. before the commit, the folders holding them are synced, several at a time.

Syncing one file waits for the disk, not for Python, so a few threads wait
together: for the regional data set's 200 photos this is tens of
milliseconds instead of most of a second. A failure removes what was
written (the caller removes the renamed files if its commit fails).

Imports: fileutil, store.blobs, sync.bundle_reader, standard library.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Callable, Iterable

from cirkular_desktop import fileutil
from cirkular_desktop.store import blobs
from cirkular_desktop.sync.bundle_reader import Bundle

SYNC_THREADS = 8


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDWR)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _each(action: Callable[[Path], None], paths: list[Path]) -> None:
    """``action`` on every path, a few at a time (each call mostly waits for the disk)."""
    if len(paths) <= 1:
        for path in paths:
            action(path)
        return
    with ThreadPoolExecutor(max_workers=min(SYNC_THREADS, len(paths))) as pool:
        for _ in pool.map(action, paths):   # re-raises the first failure
            pass


def store_attachments(root: Path, bundle: Bundle, shas: Iterable[str]) -> list[Path]:
    """Write the attachments ``shas`` of ``bundle`` under ``root``: synced and renamed into place.

    Returns the paths stored. The folders are not synced yet: call
    ``sync_folders`` once for all of them before the commit.
    """
    staged: list[tuple[Path, Path]] = []
    renamed: list[Path] = []
    try:
        for sha in shas:
            path = blobs.blob_path(root, sha)
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = fileutil.temporary_sibling(path)
            staged.append((tmp, path))
            tmp.write_bytes(bundle.read_blob(sha))   # checked against its hash as it is read
        _each(_fsync_file, [tmp for tmp, _path in staged])
        for tmp, path in staged:
            os.replace(tmp, path)
            renamed.append(path)
        return renamed
    except BaseException:
        for tmp, _path in staged:
            tmp.unlink(missing_ok=True)
        for path in renamed:
            path.unlink(missing_ok=True)
        raise


def sync_folders(root: Path, stored: Iterable[Path]) -> None:
    """Sync the folders that received attachments (and the attachments folder itself, for new subfolders)."""
    folders = sorted({path.parent for path in stored})
    if folders:
        _each(fileutil.fsync_dir, folders + [Path(root)])
