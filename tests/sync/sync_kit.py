"""Helpers for sync tests: hand-made bundles (valid, or broken in one chosen way) and snapshots.

Not a test module; imported by tests in this folder.
"""

from __future__ import annotations

import hashlib
import json
import os
import uuid
import warnings
import zipfile
from pathlib import Path
from typing import Any, Iterable

from cirkular_desktop.replication import hlc, ranges

DEVICE = "d" * 16
NOW_MS = 1_790_000_000_000


def stamp(wall: int = NOW_MS, counter: int = 0, device: str = DEVICE) -> str:
    return str(hlc.Stamp(wall, counter, device))


def op(seq: int, row: str, data: dict[str, Any], *, table: str = "organization", seen: dict | None = None,
       wall: int | None = None, device: str = DEVICE) -> dict[str, Any]:
    return {"stamp": stamp(wall or NOW_MS + seq, 0, device), "seq": seq, "table": table, "row": row,
            "data": data, "seen": seen or {}}


def line(value: Any) -> bytes:
    return (json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":")) + "\n").encode()


def sample_ops() -> list[dict[str, Any]]:
    row = "11111111-1111-4111-8111-111111111111"
    return [op(1, row, {"name": "Gränsbygdens Trä AB", "country": "SE", "_deleted": False}),
            op(2, row, {"notes": "Spill från hyvleriet"})]


def manifest_for(ops_bytes: bytes, ops: Iterable[dict[str, Any]], blobs: dict[str, bytes] | None = None,
                 **changes: Any) -> dict[str, Any]:
    blobs = blobs or {}
    seqs: dict[str, list[int]] = {}
    for o in ops:
        seqs.setdefault(hlc.device_of(o["stamp"]), []).append(o["seq"])
    # The exporter's clock reading at export is past every stamp it sends (docs/bundle-format.md §2).
    ops = list(ops)
    latest = max((o["stamp"] for o in ops if isinstance(o.get("stamp"), str) and hlc.is_stamp(o["stamp"])),
                 default=stamp())
    created_stamp = max(stamp(), stamp(hlc.wall_ms(latest), int(latest[16:21])))
    members = {"ops.jsonl": {"size": len(ops_bytes), "sha256": hashlib.sha256(ops_bytes).hexdigest()}}
    for sha, data in blobs.items():
        members[f"attachments/{sha}"] = {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
    manifest = {"format": "cirkular-bundle", "format_version": 1, "schema_version": 1,
                "bundle_id": str(uuid.uuid4()), "device": DEVICE, "device_name": "Testlaptop",
                "created": "2026-09-21T10:00:00+00:00", "created_stamp": created_stamp,
                "full": False, "covers": {d: ranges.from_numbers(s) for d, s in seqs.items()},
                "holds": {d: ranges.from_numbers(s) for d, s in seqs.items()},
                "counts": {"operations": sum(len(s) for s in seqs.values()), "attachments": len(blobs)},
                "members": members, "app_version": "test"}
    manifest.update(changes)
    return manifest


def build_zip(members: list[tuple[str, bytes]], *, symlinks: Iterable[str] = (),
              compress: int = zipfile.ZIP_DEFLATED) -> bytes:
    import io

    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")   # duplicate names are written on purpose
        with zipfile.ZipFile(buffer, "w") as archive:
            for name, data in members:
                info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
                info.compress_type = compress
                info.external_attr = ((0o120777 if name in symlinks else 0o100644) << 16)
                archive.writestr(info, data)
    return buffer.getvalue()


def valid_bundle(ops: list[dict[str, Any]] | None = None, blobs: dict[str, bytes] | None = None,
                 **manifest_changes: Any) -> bytes:
    ops = sample_ops() if ops is None else ops
    ops_bytes = b"".join(line(o) for o in ops)
    manifest = manifest_for(ops_bytes, ops, blobs, **manifest_changes)
    members = [("manifest.json", json.dumps(manifest).encode()), ("ops.jsonl", ops_bytes)]
    members += [(f"attachments/{sha}", data) for sha, data in (blobs or {}).items()]
    return build_zip(members)


def with_ops_bytes(ops_bytes: bytes, ops_for_manifest: list[dict[str, Any]] | None = None,
                   **manifest_changes: Any) -> bytes:
    """A bundle whose ops.jsonl is exactly ``ops_bytes``, with a manifest that matches it."""
    manifest = manifest_for(ops_bytes, ops_for_manifest if ops_for_manifest is not None else sample_ops(),
                            **manifest_changes)
    return build_zip([("manifest.json", json.dumps(manifest).encode()), ("ops.jsonl", ops_bytes)])


def files_under(folder: Path) -> set[str]:
    """Every file below ``folder`` except SQLite's WAL and shared-memory files (they come and go)."""
    out = set()
    for root, _dirs, names in os.walk(folder):
        for name in names:
            if name.endswith(("-wal", "-shm")):
                continue
            out.add(os.path.relpath(os.path.join(root, name), folder))
    return out
