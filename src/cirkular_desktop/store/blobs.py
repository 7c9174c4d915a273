"""Content-addressed file store for photos and documents.

A file is kept once under its SHA-256 (``attachments/ab/abcdef…``), so the
same photo attached twice or received in two bundles takes space once, and a
name can never point outside the folder. Imports: errors, i18n, fileutil.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from cirkular_desktop import fileutil
from cirkular_desktop.errors import NotFoundError
from cirkular_desktop.i18n import gettext as _

_SHA_RE = re.compile(r"^[0-9a-f]{64}$")


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def blob_path(root: Path, sha: str | None) -> Path:
    # None too: an attachment record whose creating change has not arrived yet has no hash (ops come in any order).
    if not isinstance(sha, str) or not _SHA_RE.match(sha):
        raise NotFoundError(_("“{sha}” is not a content hash").format(sha=sha), field="sha256")
    return Path(root) / sha[:2] / sha


def put(root: Path, data: bytes) -> str:
    """Store ``data`` (atomically, once) and return its SHA-256."""
    sha = sha256_hex(data)
    path = blob_path(root, sha)
    if not path.exists():
        fileutil.atomic_write_bytes(path, data)
    return sha


def has(root: Path, sha: str | None) -> bool:
    return isinstance(sha, str) and _SHA_RE.match(sha) is not None and blob_path(root, sha).is_file()


def read(root: Path, sha: str | None) -> bytes:
    path = blob_path(root, sha)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise NotFoundError(_("the file with hash {sha} is missing from the attachments folder").format(
            sha=sha), field="sha256") from None
