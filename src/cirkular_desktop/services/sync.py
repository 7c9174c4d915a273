"""Use cases of sync by bundles: export, import (with dry run), conflicts, resolve, history.

* ``export_bundle``: by default what this device never exported plus what a
  known peer has not acknowledged; ``full`` for everything held. Optional
  passphrase encryption. Written atomically; never a half file.
* ``import_bundles``: every file is opened and checked completely first (a
  hostile or damaged one refuses the whole import, naming the file and the
  reason); then a backup, then one transaction for all of them. A dry run
  does the same work and rolls back, so its report is exactly what an import
  would do. Each record lands in one bucket: new, updated, unchanged,
  conflicting or deleted.
* ``conflicts`` / ``resolve``: competing values, kept or edited; the
  resolution is an ordinary edit that syncs.
* ``history`` / ``pending_count``: bundles in and out per device, what is
  held, and which ranges of a device's changes are missing.

Imports: errors, i18n, fileutil, core, store (apply, backup, blobs, lifecycle, oplog, meta),
sync, services (app, quarantine, recipients, sync_apply), SQLAlchemy (only to recognise constraint errors).
"""

from __future__ import annotations

import datetime as _dt
import heapq
import io
import itertools
import json
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Sequence

import sqlalchemy.exc as sa_exc

from cirkular_desktop import __version__, fileutil
from cirkular_desktop.core import records
from cirkular_desktop.core.display import human_value, os_reason
from cirkular_desktop.errors import BundleError, ConflictError, NotFoundError, ValidationError
from cirkular_desktop.i18n import gettext as _
from cirkular_desktop.replication import hlc, ranges
from cirkular_desktop.services import quarantine as _quarantine
from cirkular_desktop.services import recipients as _recipients
from cirkular_desktop.services import sync_apply as _apply
from cirkular_desktop.services.app import App, Result
from cirkular_desktop.store import backup as _backup
from cirkular_desktop.store import blobs, lifecycle, meta, oplog
from cirkular_desktop.store.apply import HeldDifferently
from cirkular_desktop.store.uow import ApplyReport
from cirkular_desktop.sync import bundle as _bundle
from cirkular_desktop.sync import crypto

BUCKETS = ("new", "updated", "unchanged", "conflicting", "deleted")
Progress = Callable[[int, int], bool]
PREVIEW_LIMIT = 2000   # records listed by name in a report; the counts are always complete
BULK_MINIMUM = 1000    # operations; from here an import at least half the size of the database rebuilds search


def _now_iso() -> str:
    return _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")


def read_passphrase_file(path: str | Path) -> str:
    """The passphrase in a file: its first line, without the line ending (a UTF-8 byte order mark ignored).

    White space around it and the Unicode form do not matter: keys are made
    from ``crypto.normalise_passphrase`` of it (docs/bundle-format.md §7).
    """
    try:
        raw = Path(path).expanduser().read_bytes()
    except OSError as exc:
        raise ValidationError(_("cannot read the passphrase file {path}: {reason}").format(
            path=path, reason=os_reason(exc)), field="passphrase-file") from None
    try:
        text = re.split(r"\r\n|\r|\n", raw.decode("utf-8-sig"), maxsplit=1)[0]
    except UnicodeDecodeError:
        raise ValidationError(_("the passphrase file {path} is not UTF-8 text").format(path=path),
                              field="passphrase-file") from None
    if not text.strip():
        raise ValidationError(_("the passphrase file {path} is empty").format(path=path), field="passphrase-file")
    return text


class Cancelled(BundleError):
    """The person pressed Cancel: nothing was changed (import) or written (export)."""


def is_encrypted(path: str | Path) -> bool:
    """Whether a bundle file is sealed with a passphrase (to ask for it before importing)."""
    try:
        with open(Path(path).expanduser(), "rb") as handle:
            return crypto.is_sealed(handle.read(len(crypto.MAGIC)))
    except OSError:
        return False


def suggested_file_name(app: App) -> str:
    """A bundle name that says whose and when: ``cirkular-<device name>-<date>.cirkular``."""
    with app.uow(write=False) as uow:
        name = uow.meta_get(meta.DEVICE_NAME) or uow.device
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in name).strip("-")[:40] or "laptop"
    return f"cirkular-{safe}-{_dt.date.today().isoformat()}{_bundle.EXTENSION}"


# --- export ---------------------------------------------------------------------------------------


_PERSONAL = {name: spec.personal_fields for name, spec in records.TABLES.items() if spec.personal_fields}


@dataclass
class ExportSummary:
    path: str
    bundle_id: str
    operations: int
    attachments: int
    covers: dict[str, list[list[int]]]
    full: bool
    encrypted: bool
    missing_files: list[str] = field(default_factory=list)
    recipient: dict[str, Any] | None = None   # with ``for_device``: the device, and whether it is known here
    personal: bool = False   # it carries values of personal fields (a contact's name, phone, e-mail…)


def export_bundle(app: App, path: str | Path, *, full: bool = False, passphrase: str | None = None,
                  progress: Progress | None = None, for_device: str | None = None) -> Result[ExportSummary]:
    """Write a bundle file with the operations the other side still needs (or all, with ``full``).

    ``for_device``: what that one device has not acknowledged (everything if it is unknown here).
    """
    from cirkular_desktop.services.demo_folder import refuse_export  # made-up demo records never travel

    refuse_export(app)
    target = Path(path).expanduser()
    if passphrase is not None:
        crypto.check_passphrase(passphrase)
    if target.exists() and target.is_dir():
        raise ValidationError(_("{path} is a folder; give a file name").format(path=target), field="FILE")
    if not target.parent.is_dir():
        raise ValidationError(_("the folder {folder} does not exist").format(folder=target.parent), field="FILE")
    with app.uow() as uow:
        device = uow.device
        recipient = _recipients.resolve(uow, for_device) if for_device is not None and not full else None
        wanted = _recipients.wanted(uow, recipient) if recipient else oplog.wanted_for_export(uow, full=full)
        full = full or bool(recipient and not recipient["known"])
        total = ranges.size(r for rs in wanted.values() for r in rs)
        clock = meta.load_clock(uow.conn)
        wall = max(int(time.time() * 1000), clock.wall)
        created_stamp = str(hlc.Stamp(wall, clock.counter if wall == clock.wall else 0, device))
        holds = oplog.held_ranges(uow)
        plain: Any = io.BytesIO() if passphrase else None
        # Built in the data folder first, then copied beside the target and renamed: a killed export leaves
        # nothing on the USB stick but during that short copy, and the journal has that file removed next time.
        tmp = fileutil.temporary_sibling(app.paths.data_dir / "export.cirkular")
        try:
            with (plain if plain is not None else open(tmp, "wb")) as handle:
                writer = _bundle.BundleWriter(handle, device=device, device_name=uow.meta_get(meta.DEVICE_NAME) or "",
                                              created_stamp=created_stamp, full=full, holds=holds,
                                              app_version=__version__)
                shas: set[str] = set()
                done = 0
                personal = False
                for stamp, dev, seq, table, row_id, data, seen in oplog.export_rows(uow, wanted):
                    writer.add_line(_bundle.operation_line(stamp, seq, table, row_id, data, seen), dev, seq)
                    if not personal and table in _PERSONAL:
                        values = json.loads(data)
                        personal = any(values.get(name) not in (None, "") for name in _PERSONAL[table])
                    if table == "attachment":
                        sha = json.loads(data).get("sha256")
                        if isinstance(sha, str):
                            shas.add(sha)
                    done += 1
                    if progress is not None and done % 1000 == 0 and progress(done, total) is False:
                        raise Cancelled(_("export cancelled; no file was written"))
                missing = []
                for sha in sorted(shas):
                    try:
                        writer.add_blob(sha, blobs.read(app.paths.attachments, sha))
                    except NotFoundError:
                        missing.append(sha)
                manifest = writer.finish()
                if plain is not None:
                    with open(tmp, "wb") as sealed:
                        crypto.seal(plain.getvalue(), passphrase or "", sealed)
            fileutil.copy_into_place(tmp, target, lifecycle.journal(app.paths))
        except OSError as exc:
            raise ValidationError(_("cannot write {path}: {reason}").format(path=target, reason=os_reason(exc)),
                                  field="FILE") from None
        finally:
            if tmp.exists():
                tmp.unlink()
        oplog.add_exported(uow, manifest.covers)
        oplog.log_bundle(uow, {"direction": "export", "bundle_id": manifest.bundle_id, "device": device,
                               "device_name": manifest.device_name, "created": manifest.created, "at": _now_iso(),
                               "file_name": target.name, "operations": manifest.operations,
                               "new_operations": manifest.operations, "attachments": manifest.attachments,
                               "full": full, "encrypted": passphrase is not None, "covers": manifest.covers,
                               "outcome": {}})
        uow.commit()
    if progress is not None:
        progress(total, total)
    summary = ExportSummary(str(target), manifest.bundle_id, manifest.operations, manifest.attachments,
                            manifest.covers, full, passphrase is not None, missing, recipient, personal)
    return Result(summary, frozenset({"sync"}))


# --- import ---------------------------------------------------------------------------------------


@dataclass
class BundleOutcome:
    file: str
    bundle_id: str
    device: str
    device_name: str
    created: str
    operations: int
    new_operations: int
    attachments: int
    encrypted: bool
    counts: dict[str, int]


@dataclass
class ImportReport:
    dry_run: bool
    bundles: list[BundleOutcome]
    buckets: dict[str, list[tuple[str, str]]]          # bucket -> [(table, id)], complete
    records: list[dict[str, Any]]                      # up to PREVIEW_LIMIT: table, id, title, bucket
    backup: str | None = None
    gaps: dict[str, list[list[int]]] = field(default_factory=dict)
    # Records of bundles applied before (known by hash): unchanged, counted per table, not listed.
    unchanged_unlisted: dict[str, int] = field(default_factory=dict)
    # Bundles stamped more than a day ahead, held now, still held, or applied from quarantine (services.quarantine).
    held: list[_quarantine.HeldNote] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        counts = {bucket: len(self.buckets[bucket]) for bucket in BUCKETS}
        counts["unchanged"] += sum(self.unchanged_unlisted.values())
        return counts

    def counts_by_table(self) -> dict[str, dict[str, int]]:
        out: dict[str, dict[str, int]] = {}
        for bucket in BUCKETS:
            for table, _id in self.buckets[bucket]:
                out.setdefault(table, dict.fromkeys(BUCKETS, 0))[bucket] += 1
        for table, count in self.unchanged_unlisted.items():
            out.setdefault(table, dict.fromkeys(BUCKETS, 0))["unchanged"] += count
        order = list(records.TABLES)   # the app's order (organizations first), the same in every language
        return dict(sorted(out.items(), key=lambda item: order.index(item[0]) if item[0] in order else len(order)))


def _combine(into: dict[str, set[tuple[str, str]]], report: Any) -> dict[str, int]:
    """Add one bundle's buckets; a record keeps its most telling bucket across bundles."""
    counts = {}
    for bucket in BUCKETS:
        keys = getattr(report, bucket)
        counts[bucket] = len(keys)
        into[bucket] |= keys
    placed: set[tuple[str, str]] = set()
    for bucket in ("new", "conflicting", "deleted", "updated", "unchanged"):
        into[bucket] -= placed
        placed |= into[bucket]
    return counts


def import_bundles(app: App, paths: Sequence[str | Path], *, dry_run: bool = False, passphrase: str | None = None,
                   progress: Progress | None = None) -> Result[ImportReport]:
    """Check every bundle, back up, and merge them all in one transaction (or only report, with ``dry_run``)."""
    with app.uow(write=False) as uow:
        applied = oplog.applied_ops(uow)
        own = uow.device
        own_held = oplog.held_ranges(uow).get(own, [])

    def vet(b: Any) -> None:
        """Changes under this laptop's own device id that it never made: forged, or from a copied data folder."""
        mine = ranges.normalise(b.manifest.covers.get(own, []))
        if ranges.subtract(mine, own_held):
            raise BundleError(_("{name}: it carries changes under this laptop's own device id ({device}) that this "
                                "laptop never made; it was forged or made from a copy of this data folder, and "
                                "nothing was imported").format(name=b.name, device=own))

    intake = _quarantine.open_intake(app, paths, passphrase, applied, vet=vet)
    bundles = intake.bundles
    created_blobs: list[Path] = []
    unlisted: dict[str, int] = {}
    try:
        total_ops = sum(b.manifest.operations for b in bundles) or 1
        base = 0

        def on_progress(done: int) -> None:
            if progress is not None and progress(min(base + done, total_ops), total_ops) is False:
                raise Cancelled(_("import cancelled; nothing was changed"))

        with app.uow(write=False) as uow:
            held = oplog.held_ranges(uow)
        needs_write = any(ranges.subtract(rs, held.get(d, [])) for b in bundles for d, rs in b.manifest.covers.items())
        needs_blobs = any(not blobs.has(app.paths.attachments, sha) for b in bundles for sha in b.blob_shas)
        backup_path = None
        if not dry_run and (needs_write or needs_blobs) and held:   # an empty database has nothing to lose
            backup_path = str(_backup.automatic_backup(app.paths.database, app.paths.backups, "before-import"))
        # An import large next to what is held rebuilds the search index once instead of row by row.
        incoming = sum(ranges.size(ranges.subtract(rs, held.get(d, [])))
                       for b in bundles if not b.trusted for d, rs in b.manifest.covers.items())
        held_ops = sum(ranges.size(rs) for rs in held.values())
        bulk = incoming >= BULK_MINIMUM and 2 * incoming >= held_ops
        buckets: dict[str, set[tuple[str, str]]] = {b: set() for b in BUCKETS}
        outcomes: list[BundleOutcome] = []
        erased = False
        with app.uow() as uow:
            held = oplog.held_ranges(uow)
            own = uow.device
            for b in bundles:
                b_ops = b.manifest.operations
                ops = itertools.chain.from_iterable(b.operations())
                ops_sha = b.manifest.members[_bundle.OPS]["sha256"]
                try:
                    if b.trusted:
                        report = ApplyReport(ops_known=b_ops)
                        for table, count in applied.get(ops_sha, {}).items():
                            unlisted[table] = max(unlisted.get(table, 0), count)
                    else:
                        report = uow.apply_remote(ops, held=held, on_progress=on_progress, bulk=bulk)
                except sa_exc.IntegrityError:
                    raise BundleError(_("{name}: its operations contradict operations already held here "
                                        "(same stamp, different content)").format(name=b.name)) from None
                except HeldDifferently as exc:
                    raise BundleError(_("{name}: change {seq} of device {device} differs from the change held here "
                                        "under the same number; the bundle was altered, or two copies of one data "
                                        "folder wrote under the same device id; nothing was imported").format(
                        name=b.name, seq=exc.seq, device=exc.device)) from None
                base += b_ops
                erased = erased or report.erased
                for device, rs in b.manifest.covers.items():
                    held[device] = ranges.union(held.get(device, []), rs)
                counts = _combine(buckets, report)
                if b.trusted:
                    counts["unchanged"] = sum(applied.get(ops_sha, {}).values())
                m = b.manifest
                outcomes.append(BundleOutcome(b.name, m.bundle_id, m.device, m.device_name, m.created, m.operations,
                                              report.ops_new, m.attachments, b.encrypted, counts))
                if dry_run:
                    continue
                if not created_blobs and b.blob_shas:
                    fileutil.sweep(app.paths.attachments, recursive=True)   # what a killed import left there
                created_blobs += _apply.store_attachments(
                    app.paths.attachments, b, [sha for sha in b.blob_shas if not blobs.has(app.paths.attachments, sha)])
                if not b.trusted:
                    by_table: dict[str, int] = {}
                    for bucket in BUCKETS:
                        for table, _id in getattr(report, bucket):
                            by_table[table] = by_table.get(table, 0) + 1
                    oplog.remember_applied(uow, ops_sha, by_table)
                at = _now_iso()
                if m.device != own:
                    oplog.record_peer(uow, m.device, m.device_name, m.bundle_id, at)
                    oplog.add_acknowledgement(uow, m.device, m.holds)
                oplog.log_bundle(uow, {"direction": "import", "bundle_id": m.bundle_id, "device": m.device,
                                       "device_name": m.device_name, "created": m.created, "at": at,
                                       "file_name": b.name, "operations": m.operations,
                                       "new_operations": report.ops_new, "attachments": m.attachments,
                                       "full": m.full, "encrypted": b.encrypted, "covers": m.covers, "outcome": counts})
            _apply.sync_folders(app.paths.attachments, created_blobs)   # before the commit that refers to them
            records_preview = _preview(uow, buckets)
            gaps = _gaps(uow)
            changes = frozenset(uow.changes)
            if not dry_run:
                erased_contacts = {c["id"] for c in uow.select("contact", include_deleted=True) if c.get("erased")}
                created_blobs += intake.hold(app.paths, erased_contacts)   # removed again below if the commit fails
                uow.commit()
        if not dry_run and erased:
            app.database.checkpoint()   # erased values must not linger in the WAL
    except BaseException:
        for path in created_blobs:
            try:
                path.unlink()
            except OSError:
                pass
        raise
    finally:
        for b in bundles:
            b.close()
    if not dry_run:
        intake.release(app.paths)
    result = ImportReport(dry_run, outcomes, {k: sorted(v) for k, v in buckets.items()}, records_preview,
                          backup_path, gaps, unlisted, intake.notes)
    return Result(result, frozenset() if dry_run else changes | {"sync"})


def _preview(uow: Any, buckets: dict[str, set[tuple[str, str]]]) -> list[dict[str, Any]]:
    """Up to PREVIEW_LIMIT records with their titles, conflicting first (one query per table)."""
    chosen: list[tuple[str, str, str]] = []
    for bucket in ("conflicting", "new", "updated", "deleted", "unchanged"):
        room = PREVIEW_LIMIT - len(chosen)
        # The first ``room`` in order, without sorting all of a large import's records.
        chosen += [(bucket, table, record_id) for table, record_id in heapq.nsmallest(room, buckets[bucket])]
    titles: dict[tuple[str, str], str] = {}
    for table in {t for _b, t, _i in chosen}:
        ids = [i for _b, t, i in chosen if t == table]
        titles.update(((table, k), v) for k, v in oplog.titles(uow, table, ids).items())
    return [{"table": t, "id": i, "title": titles.get((t, i)) or i, "bucket": b} for b, t, i in chosen]


# --- history and gaps -----------------------------------------------------------------------------


def _gaps(uow: Any) -> dict[str, list[list[int]]]:
    held = oplog.held_ranges(uow)
    known: dict[str, int] = {}
    for holds in oplog.acknowledgements(uow).values():
        for origin, rs in holds.items():
            if rs:
                known[origin] = max(known.get(origin, 0), rs[-1][1])
    out = {}
    for device in sorted(set(held) | set(known)):
        missing = ranges.gaps(held.get(device, []), known.get(device, 0))
        if missing:
            out[device] = missing
    return out


def history(app: App) -> dict[str, Any]:
    """Bundles imported and exported here (newest first) and, per device, what is held and missing."""
    with app.uow(write=False) as uow:
        entries = oplog.history(uow)
        held = oplog.held_ranges(uow)
        gaps = _gaps(uow)
        names = oplog.device_names(uow)
        peers = oplog.peers(uow)
        own = uow.device
        acks = oplog.acknowledgements(uow)
    devices = []
    for device in sorted(set(held) | set(gaps) | set(peers)):
        devices.append({"device": device, "name": names.get(device, ""), "this_device": device == own,
                        "held": held.get(device, []), "operations": ranges.size(held.get(device, [])),
                        "missing": gaps.get(device, []), "last_seen": peers.get(device, {}).get("last_seen"),
                        "acknowledged": acks.get(device, {})})
    return {"device": own, "entries": entries, "devices": devices}


def pending_count(app: App) -> int:
    """Changes made on this device that were never put into a bundle (for the status bar)."""
    with app.uow(write=False) as uow:
        return oplog.pending_count(uow)


# --- conflicts ------------------------------------------------------------------------------------


def _when(stamp: str | None) -> str | None:
    if not stamp:
        return None
    moment = _dt.datetime.fromtimestamp(hlc.wall_ms(stamp) / 1000, tz=_dt.timezone.utc)
    return moment.isoformat(timespec="seconds")


def _field_spec(table: str, name: str) -> records.Field | None:
    base = name.partition(".")[0]
    spec = records.table(table)
    return spec.field(base) if spec.has_field(base) else None


def _shown(table: str, name: str, value: Any) -> str:
    f = _field_spec(table, name)
    if f is None or "." in name:
        return "" if value is None else (value if isinstance(value, str) else json.dumps(value, ensure_ascii=False))
    return human_value(f, value)


def conflicts(app: App) -> list[dict[str, Any]]:
    """Every competing value waiting for review, with both sides' device and time."""
    with app.uow(write=False) as uow:
        rows = uow.conflicts()
        names = oplog.device_names(uow)
        out = []
        for row in rows:
            table, record_id, name = row["tbl"], row["row_id"], row["field"]
            record = uow.get(table, record_id, include_deleted=True) or {}
            deleted = bool(record.get("deleted"))
            f = _field_spec(table, name)
            device, winner_device = hlc.device_of(row["stamp"]), hlc.device_of(row["winner_stamp"])
            out.append({
                "id": row["id"], "table": table, "record_id": record_id,
                "record_title": str(record.get(records.table(table).title_field) or record_id),
                "field": name, "field_label": _(f.label) + (name[len(f.name):] if f else "") if f else name,
                "record_deleted": deleted,
                "value": row["value"], "value_text": _shown(table, name, row["value"]),
                "stamp": row["stamp"], "device": device, "device_name": names.get(device, ""),
                "time": _when(row["stamp"]),
                "current_value": None if deleted else row["winner_value"],
                "current_text": _("(deleted)") if deleted else _shown(table, name, row["winner_value"]),
                "current_stamp": row["winner_stamp"], "current_device": winner_device,
                "current_device_name": names.get(winner_device, ""), "current_time": _when(row["winner_stamp"]),
            })
    return out


def _find_conflict(items: list[dict[str, Any]], conflict_id: str) -> dict[str, Any]:
    given = conflict_id.strip().lower()
    matches = [c for c in items if c["id"] == given] or (
        [c for c in items if c["id"].startswith(given)] if len(given) >= 4 else [])
    if len(matches) != 1:
        raise NotFoundError(_("no conflict with id “{id}”; see “cirkular conflicts”").format(id=conflict_id),
                            field="CONFLICT_ID")
    return matches[0]


KEEP_CURRENT = ("current", "winner")
KEEP_OTHER = ("other", "conflicting")


def resolve(app: App, conflict_id: str, keep: str = "", *, new_value: str | None = None) -> Result[dict[str, Any]]:
    """Settle a conflict: keep the current value ("current"), the competing one ("other") or a new value.

    ``keep`` other than those words is read as the new value, typed like
    ``cirkular set``; ``new_value`` gives a typed value explicitly (the GUI's
    edit box, where "current" is just a word).

    All competing values of that field are settled together. On a deleted
    record the record stays deleted (delete wins): only "current" is possible.
    """
    items = conflicts(app)
    chosen = _find_conflict(items, conflict_id)
    table, record_id, name = chosen["table"], chosen["record_id"], chosen["field"]
    same_field = [c for c in items if (c["table"], c["record_id"], c["field"]) == (table, record_id, name)]
    keep_word = keep.strip() if new_value is None else ""
    if new_value is None and not keep_word:
        raise ValidationError(_("say which value to keep: current, other, or a new value"), field="keep")
    with app.uow() as uow:
        if chosen["record_deleted"]:
            if keep_word.lower() not in KEEP_CURRENT + ("deleted",):
                raise ConflictError(_("{table} “{title}” was deleted and stays deleted; resolve with --keep current").format(
                    table=table, title=chosen["record_title"]), field="keep")
            stamps = [c["stamp"] for c in items if (c["table"], c["record_id"]) == (table, record_id)]
            uow.resolve_conflicts_on_deleted(table, record_id, stamps)
            uow.commit()
            return Result({"conflict": chosen["id"], "kept": "deleted"}, frozenset(uow.changes))
        if new_value is not None:
            value = _typed_value(table, name, new_value.strip())
        elif keep_word.lower() in KEEP_CURRENT:
            value = chosen["current_value"]
        elif keep_word.lower() in KEEP_OTHER:
            value = chosen["value"]
        else:
            value = _typed_value(table, name, keep_word)
        if table == "contact" and "." not in name:
            record = uow.get(table, record_id, include_deleted=True) or {}
            if record.get("erased") and records.table(table).field(name).personal:
                raise ConflictError(_("contact: the personal data of this contact was erased and cannot "
                                      "be filled in again"), field=name)
        oplog.write_resolution(uow, table, record_id, name, value, [c["stamp"] for c in same_field])
        uow.commit()
    return Result({"conflict": chosen["id"], "kept": value}, frozenset(uow.changes))


def _typed_value(table: str, name: str, text: str) -> Any:
    base, dot, _key = name.partition(".")
    if dot:   # a questionnaire answer: JSON if it parses, else the text itself
        try:
            value = json.loads(text)
        except ValueError:
            value = text
        records.check_json_value(value)
        return value
    return records.coerce(table, base, text, from_text=True)
