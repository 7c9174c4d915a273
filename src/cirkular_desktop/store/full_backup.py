"""A backup that holds everything needed to restore: the database and the photos and documents it refers to.

``cirkular backup`` (and File ▸ Back up) writes one ZIP file::

    cirkular-backup.json        what it is: format, version, when, device, schema, sizes and SHA-256s
    cirkular.sqlite             the database (a consistent copy, integrity-checked), deflated
    attachments/ab/abcdef…      each attachment file, stored under its SHA-256 (no compression: photos)

Restoring checks it like any received file: only those names, sizes and
hashes as listed, nothing extracted outside the data folder. Attachments
are content-addressed, so restoring puts back the files that are missing
and leaves those present alone.

The automatic backups before an import, an upgrade or a restore hold only
the database (``store.backup``): those steps never remove an attachment,
so the folder already has what such a backup refers to. A database-only
file can still be restored; restore then reports any attachment it refers to
that the folder lacks.

Imports: errors, i18n, fileutil, store.backup, store.blobs, standard library.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import os
import re
import shutil
import sqlite3
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from cirkular_desktop import fileutil
from cirkular_desktop.errors import CirkularError, StoreError
from cirkular_desktop.fileutil import os_reason
from cirkular_desktop.i18n import gettext as _
from cirkular_desktop.store import backup, blobs

FORMAT = "cirkular-backup"
VERSION = 1
EXTENSION = ".cirkular-backup"
MANIFEST = "cirkular-backup.json"
DATABASE = "cirkular.sqlite"
_BLOB = re.compile(r"^attachments/([0-9a-f]{2})/([0-9a-f]{64})$")
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_COPY = 1 << 20
MAX_MANIFEST = 64 << 20


@dataclass
class BackupSummary:
    path: Path
    attachments: int
    size: int


def is_full_backup(path: Path) -> bool:
    try:
        with open(path, "rb") as handle:
            return handle.read(4) == b"PK\x03\x04"
    except OSError:
        return False


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(_COPY):
            digest.update(block)
    return digest.hexdigest()


def attachment_files(root: Path) -> list[tuple[str, Path]]:
    """(sha256, path) of every attachment file in the folder, by hash."""
    found = []
    for sub in sorted(Path(root).glob("[0-9a-f][0-9a-f]")):
        for path in sorted(sub.glob("*")):
            if path.is_file() and re.fullmatch(r"[0-9a-f]{64}", path.name) and path.name[:2] == sub.name:
                found.append((path.name, path))
    return found


def write(database: Path, attachments: Path, target: BinaryIO, info: dict[str, Any], work: Path) -> int:
    """Write a full backup to ``target``; ``work`` is a folder for the database copy. Returns the attachment count."""
    copy = fileutil.temporary_sibling(work / DATABASE)
    try:
        backup.copy_database(database, copy, live=True)   # consistent and integrity-checked, or StoreError
        files = attachment_files(attachments)
        manifest = dict(info, format=FORMAT, version=VERSION,
                        database={"size": copy.stat().st_size, "sha256": _sha256_file(copy)},
                        attachments=len(files))
        with zipfile.ZipFile(target, "w", allowZip64=True) as archive:
            info_entry = zipfile.ZipInfo(MANIFEST, date_time=_ZIP_TIME)
            info_entry.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info_entry, json.dumps(manifest, ensure_ascii=False, sort_keys=True, indent=1))
            entry = zipfile.ZipInfo(DATABASE, date_time=_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            with open(copy, "rb") as source, archive.open(entry, "w", force_zip64=True) as out:
                shutil.copyfileobj(source, out, _COPY)
            for sha, path in files:
                entry = zipfile.ZipInfo(f"attachments/{sha[:2]}/{sha}", date_time=_ZIP_TIME)
                entry.compress_type = zipfile.ZIP_STORED
                with open(path, "rb") as source, archive.open(entry, "w", force_zip64=True) as out:
                    shutil.copyfileobj(source, out, _COPY)
        return len(files)
    finally:
        copy.unlink(missing_ok=True)


def _bad(path: Path, what: str) -> StoreError:
    return StoreError(_("{path} is not a complete Cirkulär backup ({what})").format(path=path, what=what))


def open_backup(path: Path) -> tuple[zipfile.ZipFile, dict[str, Any]]:
    """Open a full backup and check its manifest and member names; the members are checked as they are read."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise StoreError(_("{path} is not a Cirkulär backup (not a valid ZIP file)").format(path=path)) from None
    try:
        names = [info.filename for info in archive.infolist()]
        if len(names) != len(set(names)) or MANIFEST not in names or DATABASE not in names:
            raise _bad(path, MANIFEST)
        for name in names:
            if name not in (MANIFEST, DATABASE) and not _BLOB.match(name):
                raise _bad(path, name[:60])
            match = _BLOB.match(name)
            if match and match.group(1) != match.group(2)[:2]:
                raise _bad(path, name[:60])
        if archive.getinfo(MANIFEST).file_size > MAX_MANIFEST:
            raise _bad(path, MANIFEST)
        try:
            manifest = json.loads(archive.read(MANIFEST).decode("utf-8"))
        except (ValueError, zipfile.BadZipFile, OSError, RuntimeError):
            raise _bad(path, MANIFEST) from None
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            raise _bad(path, MANIFEST)
        if not isinstance(manifest.get("version"), int) or manifest["version"] > VERSION:
            raise StoreError(_("{path} was made by a newer version of Cirkulär; update Cirkulär to restore it").format(
                path=path))
        db = manifest.get("database")
        if not (isinstance(db, dict) and isinstance(db.get("sha256"), str) and isinstance(db.get("size"), int)):
            raise _bad(path, MANIFEST)
        return archive, manifest
    except BaseException:
        archive.close()
        raise


def verify(path: Path) -> dict[str, Any]:
    """Check a whole backup before anything is restored: every member read and its SHA-256 compared."""
    archive, manifest = open_backup(path)
    with archive:
        for name in archive.namelist():
            if name == MANIFEST:
                continue
            digest = hashlib.sha256()
            try:
                with archive.open(name) as source:
                    while block := source.read(_COPY):
                        digest.update(block)
            except (zipfile.BadZipFile, RuntimeError, EOFError, ValueError, OSError):
                raise _bad(path, name[:60]) from None
            match = _BLOB.match(name)
            expected = match.group(2) if match else manifest["database"]["sha256"]
            if digest.hexdigest() != expected:
                raise _bad(path, name[:60])
    return manifest


def _extract(archive: zipfile.ZipFile, name: str, target: Path, path: Path) -> str:
    """Copy one member to ``target`` (a temporary file already made); returns its SHA-256."""
    digest = hashlib.sha256()
    try:
        with archive.open(name) as source, open(target, "wb") as out:
            while block := source.read(_COPY):
                digest.update(block)
                out.write(block)
            out.flush()
            os.fsync(out.fileno())
    except (zipfile.BadZipFile, RuntimeError, EOFError, ValueError):
        raise _bad(path, name[:60]) from None
    except OSError as exc:
        raise StoreError(_("cannot restore {path}: {reason}").format(path=path, reason=os_reason(exc))) from None
    return digest.hexdigest()


def extract_database(path: Path, staged: Path) -> None:
    """The backup's database, checked against its hash, into ``staged``."""
    archive, manifest = open_backup(path)
    with archive:
        if _extract(archive, DATABASE, staged, path) != manifest["database"]["sha256"]:
            raise _bad(path, DATABASE)


def restore_attachments(path: Path, root: Path) -> int:
    """Put back every attachment of the backup the folder lacks (each checked against its hash); returns how many."""
    archive, _manifest = open_backup(path)
    added = 0
    with archive:
        for name in archive.namelist():
            match = _BLOB.match(name)
            if not match or blobs.has(root, match.group(2)):
                continue
            final = blobs.blob_path(root, match.group(2))
            final.parent.mkdir(parents=True, exist_ok=True)
            tmp = fileutil.temporary_sibling(final)
            try:
                if _extract(archive, name, tmp, path) != match.group(2):
                    raise _bad(path, name[:60])
                os.replace(tmp, final)
            finally:
                tmp.unlink(missing_ok=True)
            added += 1
        for folder in {blobs.blob_path(root, m.group(2)).parent for m in map(_BLOB.match, archive.namelist()) if m}:
            fileutil.fsync_dir(folder)
    return added


def missing_attachments(database: Path, root: Path) -> list[str]:
    """File names of live attachments the database refers to whose file is not in the folder."""
    conn = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        rows = conn.execute("SELECT sha256, filename FROM attachment WHERE deleted = 0").fetchall()
    except sqlite3.Error:
        return []
    finally:
        conn.close()
    return sorted(name or sha for sha, name in rows if isinstance(sha, str) and not _has(root, sha))


def _has(root: Path, sha: str) -> bool:
    try:
        return blobs.has(root, sha)
    except CirkularError:   # a hash that is no hash: the file cannot be there
        return False


def backup_info(now: _dt.datetime | None = None) -> dict[str, Any]:
    moment = now or _dt.datetime.now(_dt.timezone.utc)
    return {"created": moment.astimezone(_dt.timezone.utc).isoformat(timespec="seconds")}
