"""Use cases for photos attached to records: add, list, caption, remove, read, thumbnail.

A photo is stored once under its SHA-256 in the attachments folder
(``store.blobs``) and described by an ``attachment`` record (owner table and
id, hash, file name, media type, size, caption) that syncs like any other
record. Only images are accepted, and none larger than ``MAX_BYTES``: a
laptop's disk and a bundle on a USB stick are both small, and a file that is
not an image cannot be shown as a thumbnail or printed in a summary.

Thumbnails are made with Pillow (which ReportLab already depends on), turned
upright by their EXIF orientation, and cached as PNG files beside the data
(``thumbnails/``), because a list of photos is redrawn far more often than a
photo is added.

Imports: errors, i18n, fileutil, core.records, store.blobs, services.app, Pillow.
"""

from __future__ import annotations

import io
import mimetypes
import unicodedata
from pathlib import Path
from typing import Any

from cirkular_desktop import fileutil
from cirkular_desktop.core import records
from cirkular_desktop.errors import NotFoundError, ValidationError
from cirkular_desktop.i18n import gettext as _
from cirkular_desktop.services.app import App, Result
from cirkular_desktop.store import blobs

MAX_BYTES = 25 * 1024 * 1024
THUMBNAIL_SIZE = 240
# Pillow format name → media type; only formats every viewer (and ReportLab) can show.
MEDIA_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "GIF": "image/gif", "WEBP": "image/webp",
               "BMP": "image/bmp", "TIFF": "image/tiff"}
OWNER_TABLES = ("organization", "visit", "stream", "need", "idea", "match", "test_environment", "activity")


def _image_type(data: bytes, filename: str) -> str:
    """The media type of an image, or a ValidationError naming the file."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            kind = image.format
            image.verify()  # reads the whole file: a truncated photo is refused now, not when shown
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        kind = None
    except Image.DecompressionBombError:
        raise ValidationError(_("{file}: the picture is too large to open").format(file=filename),
                              field="file") from None
    if kind not in MEDIA_TYPES:
        guessed = mimetypes.guess_type(filename)[0] or ""
        if guessed.startswith("image/"):
            raise ValidationError(_("{file}: this kind of picture cannot be shown; use JPEG or PNG").format(
                file=filename), field="file")
        raise ValidationError(_("{file}: not a picture; only photos and images can be attached").format(
            file=filename), field="file")
    return MEDIA_TYPES[kind]


def _clean_filename(name: str) -> str:
    # Keep only the last part: a name from a bundle or a drag must never carry a path.
    base = unicodedata.normalize("NFC", str(name).replace("\\", "/").rsplit("/", 1)[-1]).strip()
    base = "".join(ch for ch in base if ch.isprintable())
    return base[:200] or _("photo")


def add_photo(app: App, owner_table: str, owner_id: str, *, path: str | Path | None = None,
              data: bytes | None = None, filename: str | None = None,
              caption: str | None = None) -> Result[str]:
    """Attach a photo from a file or from bytes to a record; returns the attachment id.

    The same picture attached twice to the same record is kept once (the
    existing attachment's id is returned).
    """
    if owner_table not in OWNER_TABLES:
        raise ValidationError(_("attachment.owner_table: “{table}” cannot have photos").format(
            table=owner_table), field="owner_table")
    if path is not None:
        source = Path(path)
        filename = filename or source.name
        try:
            size = source.stat().st_size
            if size > MAX_BYTES:
                raise ValidationError(_("{file}: the file is larger than {limit} MB").format(
                    file=source.name, limit=MAX_BYTES // (1024 * 1024)), field="file")
            data = source.read_bytes()
        except IsADirectoryError:
            raise ValidationError(_("{file}: is a folder, not a picture").format(file=source.name),
                                  field="file") from None
        except FileNotFoundError:
            raise NotFoundError(_("{file}: no such file").format(file=source), field="file") from None
        except PermissionError:
            raise ValidationError(_("{file}: the file cannot be read (no permission)").format(
                file=source.name), field="file") from None
    if data is None:
        raise ValidationError(_("attachment: give a file or its contents"), field="file")
    filename = _clean_filename(filename or _("photo"))
    if len(data) > MAX_BYTES:
        raise ValidationError(_("{file}: the file is larger than {limit} MB").format(
            file=filename, limit=MAX_BYTES // (1024 * 1024)), field="file")
    if not data:
        raise ValidationError(_("{file}: the file is empty").format(file=filename), field="file")
    media_type = _image_type(data, filename)
    sha = blobs.sha256_hex(data)
    with app.uow() as uow:
        uow.require(owner_table, owner_id)
        for existing in uow.select("attachment", where={"owner_table": owner_table, "owner_id": owner_id}):
            if existing["sha256"] == sha:
                return Result(existing["id"], frozenset())
        values = records.validate_record("attachment", {
            "owner_table": owner_table, "owner_id": owner_id, "sha256": sha, "filename": filename,
            "media_type": media_type, "size": len(data), "caption": caption or None,
        }, allow_internal=True, creating=True)
        # The file goes in before the record commits: a crash in between leaves an
        # unreferenced file (harmless), never a record whose photo is missing.
        blobs.put(app.paths.attachments, data)
        attachment_id = uow.create("attachment", values)
        uow.commit()
    return Result(attachment_id, frozenset(uow.changes))


def list_photos(app: App, owner_table: str, owner_id: str) -> list[dict[str, Any]]:
    """The attachments of one record, oldest first."""
    with app.uow(write=False) as uow:
        # first_stamp is the creation stamp: photos stay in the order they were taken.
        return uow.select("attachment", where={"owner_table": owner_table, "owner_id": owner_id},
                          order_by=("first_stamp",))


def count_photos(app: App, owner_table: str, owner_ids: list[str]) -> dict[str, int]:
    """How many photos each of ``owner_ids`` has (for list badges)."""
    counts = {owner_id: 0 for owner_id in owner_ids}
    with app.uow(write=False) as uow:
        for owner_id in owner_ids:
            counts[owner_id] = uow.count("attachment", where={"owner_table": owner_table, "owner_id": owner_id})
    return counts


def set_caption(app: App, attachment_id: str, caption: str | None) -> Result[set[str]]:
    with app.uow() as uow:
        existing = uow.require("attachment", attachment_id)
        values = records.validate_record("attachment", {"caption": caption or None}, existing=existing)
        changed = uow.update("attachment", attachment_id, values)
        uow.commit()
    return Result(changed, frozenset(uow.changes))


def remove_photo(app: App, attachment_id: str) -> Result[str]:
    """Remove the attachment record; the file stays while a backup or bundle may still need it."""
    with app.uow() as uow:
        uow.require("attachment", attachment_id)
        uow.delete("attachment", attachment_id)
        uow.commit()
    return Result(attachment_id, frozenset(uow.changes))


def read_photo(app: App, attachment_id: str) -> tuple[dict[str, Any], bytes]:
    """The attachment record and the photo's bytes."""
    with app.uow(write=False) as uow:
        record = uow.require("attachment", attachment_id)
    return record, blobs.read(app.paths.attachments, record["sha256"])


def _thumbnail_dir(app: App) -> Path:
    return app.paths.thumbnails


def thumbnail(app: App, attachment_id: str, size: int = THUMBNAIL_SIZE) -> bytes:
    """A PNG no larger than ``size`` × ``size`` pixels, upright, cached on disk."""
    from PIL import Image, ImageOps

    size = max(16, min(int(size), 1024))
    with app.uow(write=False) as uow:
        record = uow.require("attachment", attachment_id)
    sha = record["sha256"]
    cached = _thumbnail_dir(app) / f"{sha}-{size}.png"
    try:
        return cached.read_bytes()
    except OSError:
        pass
    data = blobs.read(app.paths.attachments, sha)
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.seek(0)
            upright = ImageOps.exif_transpose(image) or image
            upright.thumbnail((size, size))
            if upright.mode not in ("RGB", "RGBA"):
                upright = upright.convert("RGBA")
            out = io.BytesIO()
            upright.save(out, format="PNG", optimize=True)
    except (OSError, ValueError, SyntaxError):
        raise ValidationError(_("{file}: the picture is damaged and cannot be shown").format(
            file=record["filename"]), field="file") from None
    png = out.getvalue()
    try:
        fileutil.atomic_write_bytes(cached, png)
    except OSError:
        pass  # a read-only data folder still shows thumbnails, just without the cache
    return png
