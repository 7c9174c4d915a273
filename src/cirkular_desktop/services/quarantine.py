"""Quarantine: bundles stamped more than a day ahead, or too new to read, are held aside and applied later.

A bundle whose clock readings (operation stamps, ``created``) are more than
24 hours ahead of this computer's clock would win every later merge, so an
import does not apply it. If it is valid in every other way it is *held*:
copied byte for byte as received (an encrypted bundle stays encrypted, no
plaintext is written) into the data directory's ``quarantine`` folder as
``<bundle id>.cirkular``, with a small record beside it
(``<bundle id>.json``: device, times, how far ahead). The other bundles of
the same import are applied as usual.

Every later import looks at the held bundles first: those no longer more
than a day ahead are opened again (checked completely, like any received
file) and applied in the same transaction; once committed they leave the
quarantine. A held encrypted bundle needs its passphrase again; without it
(or with another one) it stays held, "waiting for its passphrase". The
coordinator can list held bundles and discard one.

A bundle of a newer bundle format or schema than this version reads (a
newer Cirkulär added fields, tables or choices) is held the same way, never
called damaged: "update Cirkulär to read this bundle". Every import tries it
again, so the first import after the update applies it.

``open_intake`` and ``Intake`` are the hooks ``services.sync.import_bundles``
calls; ``held_bundles``, ``discard`` and ``ahead_text`` serve the CLI and GUI.

A GDPR erasure must reach these copies too (``forget_person``, called by
``services.privacy.erase_person``): a held bundle that holds the erased
person's data is deleted, and so is one that cannot be looked through
(encrypted, unreadable). Nothing is lost by that: the sender never received
an acknowledgement for those changes, so it sends them again once it has
imported a bundle from here (until then they show as a gap); the erasure,
already held here, wins over them. Each deleted bundle is
noted in the import log (``direction: "dropped"``).

Imports: errors, i18n, core (display, privacy, records), fileutil, paths, services.app, store.oplog, sync (bundle,
bundle_reader, crypto), standard library.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import os
import re
import time
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Callable, Container, Mapping, Sequence

from cirkular_desktop import fileutil
from cirkular_desktop.core import privacy, records
from cirkular_desktop.fileutil import os_reason
from cirkular_desktop.errors import BundleError, NotFoundError, ValidationError
from cirkular_desktop.i18n import gettext as _, ngettext
from cirkular_desktop.paths import AppPaths
from cirkular_desktop.services.app import App, Result
from cirkular_desktop.sync import crypto
from cirkular_desktop.sync.bundle import LIMITS
from cirkular_desktop.sync.bundle import NewerBundle
from cirkular_desktop.store import oplog
from cirkular_desktop.sync.bundle_reader import Bundle, StampedAhead, open_bundle, plain_lines

SUFFIX = ".cirkular"
RECORD_SUFFIX = ".json"
_COPY = 1 << 20
# Held files are named by bundle id; the reader accepts only canonical UUIDs, and so does this folder.
_BUNDLE_ID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")

# What an import did with a bundle that is, was or would be held.
HELD = "held"                # stamped too far ahead: held now (or, in a dry run, would be)
STILL_HELD = "still_held"    # held before and still too far ahead
APPLIED = "applied"          # held before, no longer ahead: applied by this import
WAITING = "waiting"          # no longer ahead, but encrypted and the passphrase is missing or another one
UNREADABLE = "unreadable"    # no longer ahead, but refused when checked again (see ``reason``)
NEWER = "newer"              # made by a newer Cirkulär (format or schema): held now, until an update reads it
STILL_NEWER = "still_newer"  # held before and still too new for this version
NOT_KEPT = "not_kept"        # would be held, but holds data of a contact erased here: not kept (sent again later)

# Why a bundle is held.
AHEAD = "ahead"              # stamped more than a day ahead of this computer's clock
TOO_NEW = "newer"            # of a bundle format or schema version this version does not read


def now_ms() -> int:
    return int(time.time() * 1000)


@dataclass
class HeldBundle:
    """One bundle in quarantine (or about to be): what it is and how far ahead it is stamped."""

    bundle_id: str
    file_name: str          # the name it was received under
    device: str
    device_name: str
    created: str
    latest_ms: int          # its highest clock reading, in ms since 1970
    held_since: str         # ISO time it was held here
    encrypted: bool
    size: int
    sha256: str = ""        # of the held file, as received
    kind: str = AHEAD       # why it is held: AHEAD or TOO_NEW
    needs: str = ""         # for TOO_NEW: the version it needs, e.g. "schema 3"

    def ahead_ms(self, now: int | None = None) -> int:
        return max(0, self.latest_ms - (now_ms() if now is None else now))

    def due(self, now: int | None = None) -> bool:
        """No longer more than a day ahead: the next import applies it (one too new waits for an update)."""
        return self.kind == AHEAD and self.latest_ms <= (now_ms() if now is None else now) + LIMITS.future_ms

    def as_dict(self, now: int | None = None) -> dict[str, Any]:
        out = asdict(self)
        out["ahead_ms"] = self.ahead_ms(now)
        out["due"] = self.due(now)
        return out


@dataclass
class HeldNote:
    """What one import did (or, in a dry run, would do) with a held bundle."""

    bundle: HeldBundle
    status: str                  # HELD, STILL_HELD, APPLIED, WAITING or UNREADABLE
    reason: str = ""             # for UNREADABLE: the one-line refusal; for WAITING: "missing" or "wrong"


def ahead_text(ms: int) -> str:
    """How far ahead, in words: "3 days 4 hours", "26 hours", "50 minutes"."""
    minutes = ms // 60_000
    hours, days = minutes // 60, minutes // (24 * 60)
    if days >= 2:
        rest = hours - days * 24
        text = ngettext("{count} day", "{count} days", days).format(count=days)
        if rest:
            text = _("{days} {hours}").format(
                days=text, hours=ngettext("{count} hour", "{count} hours", rest).format(count=rest))
        return text
    if hours >= 1:
        return ngettext("{count} hour", "{count} hours", hours).format(count=hours)
    return ngettext("{count} minute", "{count} minutes", minutes).format(count=minutes)


def device_label(name: str, device: str) -> str:
    if not name and not device:
        return _("an unknown device")   # a bundle too new to read its manifest from
    return f"{name} ({device})" if name else device


def note_text(note: HeldNote, dry_run: bool = False, *, gui: bool = False) -> str:
    """One line for one held bundle: file, device, how far ahead, what happens to it."""
    b = note.bundle
    values = {"file": b.file_name, "device": device_label(b.device_name, b.device),
              "ahead": ahead_text(b.ahead_ms()), "id": b.bundle_id[:8], "needs": b.needs}
    if note.status == NEWER:
        text = (_("{file} from {device} was made by a newer version of Cirkulär ({needs}): update Cirkulär to read "
                  "this bundle; it would be kept in quarantine, not applied") if dry_run else
                _("{file} from {device} was made by a newer version of Cirkulär ({needs}): update Cirkulär to read "
                  "this bundle; it is kept in quarantine ({id}) and applied by the first import after the update"))
    elif note.status == STILL_NEWER:
        text = _("{file} from {device} stays in quarantine ({id}): update Cirkulär to read this bundle ({needs})")
    elif note.status == NOT_KEPT:
        text = _("{file} from {device} would be held in quarantine, but it holds personal data of a contact erased "
                 "here, so it is not kept; its sender sends its changes again once it has imported a bundle from here")
    elif note.status == HELD:
        text = (_("{file} from {device} is stamped {ahead} ahead of this computer's clock: it would be held in "
                  "quarantine, not applied") if dry_run else
                _("{file} from {device} is stamped {ahead} ahead of this computer's clock: held in quarantine "
                  "({id}), not applied; a later import applies it once it is less than a day ahead"))
    elif note.status == STILL_HELD:
        text = _("{file} from {device} stays in quarantine ({id}): still stamped {ahead} ahead of this computer's "
                 "clock")
    elif note.status == APPLIED:
        text = (_("{file} from {device} was held in quarantine and would be applied now") if dry_run else
                _("{file} from {device} was held in quarantine and is applied now"))
    elif note.status == WAITING and note.reason == "wrong":
        text = _("{file} from {device} is held in quarantine ({id}) and due, but the passphrase given is not "
                 "its passphrase")
    elif note.status == WAITING and gui:
        text = _("{file} from {device} is held in quarantine and due, but encrypted: apply it from the Sync view "
                 "with its passphrase")
    elif note.status == WAITING:
        text = _("{file} from {device} is held in quarantine ({id}) and due, but encrypted: import again with "
                 "its passphrase (--passphrase-file)")
    else:
        text = _("{file} from {device} is held in quarantine ({id}) but cannot be applied: {reason}")
    return text.format(reason=note.reason, **values)


# --- the quarantine folder --------------------------------------------------------------------------


def _stored(paths: AppPaths, bundle_id: str) -> Path:
    if not _BUNDLE_ID.match(bundle_id):
        raise BundleError(_("{id} is not a bundle id").format(id=bundle_id[:40]))
    return paths.quarantine / (bundle_id + SUFFIX)


def _record(paths: AppPaths, bundle_id: str) -> Path:
    return paths.quarantine / (bundle_id + RECORD_SUFFIX)


def _load(path: Path) -> HeldBundle | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        held = HeldBundle(**{k: data[k] for k in HeldBundle.__dataclass_fields__ if k in data})
    except (OSError, ValueError, TypeError):
        return None   # a record that cannot be read is not shown; its bundle is never applied blindly
    if not isinstance(held.bundle_id, str) or not _BUNDLE_ID.match(held.bundle_id) \
            or held.bundle_id + RECORD_SUFFIX != path.name:
        return None
    return held


def list_held(paths: AppPaths) -> list[HeldBundle]:
    """The bundles held in quarantine (those whose file is there too), oldest first."""
    folder = paths.quarantine
    if not folder.is_dir():
        return []
    found = []
    for record in sorted(folder.glob("*" + RECORD_SUFFIX)):
        held = _load(record)
        if held is not None and _stored(paths, held.bundle_id).is_file():
            found.append(held)
    return sorted(found, key=lambda h: (h.held_since, h.bundle_id))


def held_bundles(app: App) -> list[dict[str, Any]]:
    """Held bundles for display: device, file, held since, how far ahead, whether due, whether encrypted."""
    now = now_ms()
    return [h.as_dict(now) for h in list_held(app.paths)]


def _find(paths: AppPaths, bundle_id: str) -> HeldBundle:
    given = bundle_id.strip().lower()
    held = list_held(paths)
    matches = [h for h in held if h.bundle_id == given] or (
        [h for h in held if h.bundle_id.startswith(given)] if len(given) >= 4 else [])
    if len(matches) != 1:
        raise NotFoundError(_("no held bundle with id “{id}”; see “cirkular quarantine”").format(id=bundle_id),
                            field="BUNDLE_ID")
    return matches[0]


def _remove(paths: AppPaths, held: HeldBundle) -> None:
    # The record goes first: a bundle file without its record is never listed or applied.
    _record(paths, held.bundle_id).unlink(missing_ok=True)
    _stored(paths, held.bundle_id).unlink(missing_ok=True)
    fileutil.fsync_dir(paths.quarantine)


def discard(app: App, bundle_id: str) -> Result[dict[str, Any]]:
    """Delete a held bundle without applying it (the coordinator decided it is not wanted)."""
    held = _find(app.paths, bundle_id)
    _remove(app.paths, held)
    return Result(held.as_dict(), frozenset({"sync"}))


def _copy(source: Path, target: Path) -> tuple[int, str]:
    """Copy a file byte for byte, atomically (temporary file, fsync, rename); returns its size and SHA-256."""
    tmp = fileutil.temporary_sibling(target)
    digest = hashlib.sha256()
    size = 0
    try:
        with open(source, "rb") as src, open(tmp, "wb") as out:
            while block := src.read(_COPY):
                digest.update(block)
                size += len(block)
                out.write(block)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return size, digest.hexdigest()


# --- hooks of the import ------------------------------------------------------------------------------


@dataclass
class Intake:
    """The bundles of one import: to apply now, to hold, and what happened to those held before."""

    bundles: list[Bundle] = field(default_factory=list)
    notes: list[HeldNote] = field(default_factory=list)
    _to_hold: list[tuple[Path, HeldBundle]] = field(default_factory=list)
    _released: list[HeldBundle] = field(default_factory=list)

    def close(self) -> None:
        for b in self.bundles:
            b.close()

    def hold(self, paths: AppPaths, erased: Container[str] = ()) -> list[Path]:
        """Copy the bundles to hold into quarantine; returns the files made (removed again if the import fails).

        ``erased``: ids of contacts erased here. An unencrypted bundle that
        writes their personal fields is not kept (its note says so): the
        erasure must not be undone by a copy in the quarantine folder.
        """
        made: list[Path] = []
        if not self._to_hold:
            return made
        source = self._to_hold[0][0]
        try:
            paths.quarantine.mkdir(parents=True, exist_ok=True)
            for source, held in self._to_hold:
                if erased and not held.encrypted and _writes_erased(source, erased):
                    for note in self.notes:
                        if note.bundle is held:
                            note.status = NOT_KEPT
                    continue
                if _stored(paths, held.bundle_id).is_file() and _record(paths, held.bundle_id).is_file():
                    continue   # the same bundle is held already: keep the first copy and its date
                target = _stored(paths, held.bundle_id)
                held.size, held.sha256 = _copy(source, target)
                made.append(target)
                record = _record(paths, held.bundle_id)
                fileutil.atomic_write_text(record, json.dumps(asdict(held), ensure_ascii=False, sort_keys=True,
                                                              indent=1) + "\n")
                made.append(record)
        except OSError as exc:
            for path in made:
                path.unlink(missing_ok=True)
            raise BundleError(_("cannot keep {name} in quarantine: {reason}").format(
                name=source.name, reason=os_reason(exc))) from None
        return made

    def release(self, paths: AppPaths) -> None:
        """After the commit: the held bundles just applied leave the quarantine."""
        for held in self._released:
            try:
                _remove(paths, held)
            except OSError:
                pass   # applied already; a later import applies it again as a no-op and retries


def _file_facts(path: Path) -> tuple[bool, int, str]:
    """Whether the file is encrypted (any version), its size and SHA-256."""
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            encrypted = handle.read(len(crypto.MAGIC)).startswith(crypto.MAGIC_FAMILY)
            handle.seek(0)
            while block := handle.read(_COPY):
                digest.update(block)
        return encrypted, path.stat().st_size, digest.hexdigest()
    except OSError:
        return False, 0, ""


def _since() -> str:
    return _dt.datetime.fromtimestamp(time.time(), _dt.timezone.utc).isoformat(timespec="seconds")


def _held_from(path: Path, exc: StampedAhead) -> HeldBundle:
    m = exc.manifest
    encrypted, size, _sha = _file_facts(path)
    return HeldBundle(m.bundle_id, path.name, m.device, m.device_name, m.created, exc.latest_ms, _since(),
                      encrypted, size)


def _held_newer(path: Path, exc: NewerBundle) -> HeldBundle:
    """A bundle too new to read: held under its id, or one made from its content when even that is unreadable."""
    encrypted, size, sha = _file_facts(path)
    info = exc.info
    bundle_id = info.get("bundle_id") or str(uuid.uuid5(uuid.NAMESPACE_URL, "cirkular-bundle:" + sha))
    return HeldBundle(bundle_id, path.name, info.get("device", ""), info.get("device_name", ""),
                      info.get("created", ""), 0, _since(), encrypted, size, kind=TOO_NEW, needs=exc.needs)


def open_intake(app: App, paths: Sequence[str | Path], passphrase: str | None,
                trusted: Container[str], vet: Callable[[Bundle], None] | None = None) -> Intake:
    """Open the given bundles and the held ones that are due; a refused given bundle refuses the import.

    A given bundle stamped too far ahead is set aside to be held. A held
    bundle that cannot be opened now (passphrase missing or another one,
    damaged, still ahead) stays held and is noted; it never refuses the import.
    ``vet(bundle)`` checks what needs the database (raises BundleError).
    """
    held_before = list_held(app.paths)
    if not paths and not held_before:
        raise ValidationError(_("give at least one bundle file"), field="FILE")
    intake = Intake()
    now = now_ms()
    try:
        given_ids = set()
        for path in paths:
            path = Path(path).expanduser()
            try:
                b = open_bundle(path, passphrase, name=path.name, trusted_ops=trusted)
            except StampedAhead as exc:
                held = _held_from(path, exc)
                intake._to_hold.append((path, held))
                intake.notes.append(HeldNote(held, HELD))
                given_ids.add(held.bundle_id)
                continue
            except NewerBundle as exc:   # not damaged: kept until an update of Cirkulär reads it
                held = _held_newer(path, exc)
                intake._to_hold.append((path, held))
                intake.notes.append(HeldNote(held, NEWER))
                given_ids.add(held.bundle_id)
                continue
            intake.bundles.append(b)
            if vet is not None:
                vet(b)
            given_ids.add(b.manifest.bundle_id)
        for held in held_before:
            if held.bundle_id in given_ids:
                if any(b.manifest.bundle_id == held.bundle_id for b in intake.bundles):
                    intake._released.append(held)   # given again and applied from there
                    intake.notes.append(HeldNote(held, APPLIED))
                continue
            if held.kind == AHEAD and not held.due(now):
                intake.notes.append(HeldNote(held, STILL_HELD))
                continue
            try:   # due, or too new for the version that held it: perhaps this one reads it
                b = open_bundle(_stored(app.paths, held.bundle_id), passphrase, name=held.file_name,
                                trusted_ops=trusted)
            except StampedAhead as exc:
                held.latest_ms = exc.latest_ms
                intake.notes.append(HeldNote(held, STILL_HELD))
                continue
            except NewerBundle as exc:
                held.needs = exc.needs
                intake.notes.append(HeldNote(held, STILL_NEWER))
                continue
            except BundleError as exc:
                if exc.field == "passphrase":
                    intake.notes.append(HeldNote(held, WAITING, "wrong" if passphrase else "missing"))
                else:
                    intake.notes.append(HeldNote(held, UNREADABLE, exc.message))
                continue
            if vet is not None:
                try:
                    vet(b)
                except BundleError as exc:
                    b.close()
                    intake.notes.append(HeldNote(held, UNREADABLE, exc.message))
                    continue
            intake.bundles.append(b)
            intake._released.append(held)
            intake.notes.append(HeldNote(held, APPLIED))
    except BaseException:
        intake.close()
        raise
    return intake


# --- erasure ------------------------------------------------------------------------------------------

# Why a held bundle was deleted after an erasure.
MENTIONS = "mentions"        # it holds the erased person's data
ENCRYPTED = "encrypted"      # it cannot be looked through without its passphrase
UNREADABLE_FILE = "unreadable"   # it cannot be read at all


def _holds_person(path: Path, contact_id: str, pattern: Any) -> tuple[bool, int]:
    """Whether the unencrypted bundle at ``path`` holds the person's data; and how many operations it has.

    Raises BundleError when it cannot be read.
    """
    personal = set(records.table("contact").personal_fields)
    found = False
    operations = 0
    for line in plain_lines(path):
        try:
            item = json.loads(line)
        except ValueError:
            item = line
        if isinstance(item, dict) and isinstance(item.get("data"), dict):
            operations += 1
            data = item["data"]
            if item.get("table") == "contact" and item.get("row") == contact_id and any(
                    data.get(name) not in (None, "") for name in personal):
                found = True
            elif pattern is not None and privacy.holds(data, pattern):
                found = True
        elif pattern is not None and privacy.holds(item, pattern):
            found = True   # the manifest, or a line not even JSON: looked through as text
    return found, operations


def _writes_erased(path: Path, erased: Container[str]) -> bool:
    """Whether the unencrypted bundle at ``path`` writes a personal field of one of the ``erased`` contacts."""
    personal = set(records.table("contact").personal_fields)
    try:
        for line in plain_lines(path):
            try:
                item = json.loads(line)
            except ValueError:
                continue
            if isinstance(item, dict) and item.get("table") == "contact" and item.get("row") in erased \
                    and isinstance(item.get("data"), dict) \
                    and any(item["data"].get(name) not in (None, "") for name in personal):
                return True
    except BundleError:
        return False   # it was readable when opened; kept as any held bundle
    return False


def _unlisted(paths: AppPaths) -> list[HeldBundle]:
    """Bundle files in the quarantine folder without a readable record (never applied, but still on disk)."""
    listed = {h.bundle_id for h in list_held(paths)}
    found = []
    for path in sorted(paths.quarantine.glob("*" + SUFFIX)):
        bundle_id = path.name[:-len(SUFFIX)]
        if _BUNDLE_ID.match(bundle_id) and bundle_id not in listed and path.is_file():
            encrypted, size, _sha = _file_facts(path)
            found.append(HeldBundle(bundle_id, path.name, "", "", "", 0, "", encrypted, size))
    return found


def forget_person(app: App, contact_id: str, pattern: Any) -> list[dict[str, Any]]:
    """After the erasure of a contact: delete the held bundles that hold (or may hold) the person's data.

    ``pattern`` finds the person's name, phone or e-mail in text
    (``core.privacy.text_pattern``; None when there is nothing to look for);
    values of the contact record's personal fields are found by its id.
    Returns one entry per deleted bundle (bundle id, file, device, why) and
    notes each in the import log. A bundle that cannot be deleted is listed
    with ``why`` = "failed" and stays.
    """
    if not app.paths.quarantine.is_dir():
        return []
    dropped: list[tuple[HeldBundle, str, int]] = []
    for held in list_held(app.paths) + _unlisted(app.paths):
        path = _stored(app.paths, held.bundle_id)
        operations = 0
        if held.encrypted:
            why = ENCRYPTED
        else:
            try:
                found, operations = _holds_person(path, contact_id, pattern)
            except BundleError:
                found, why = True, UNREADABLE_FILE
            else:
                why = MENTIONS
            if not found:
                continue
        dropped.append((held, why, operations))
    if not dropped:
        return []
    out = []
    with app.uow() as uow:
        for held, why, operations in dropped:
            try:
                _remove(app.paths, held)
            except OSError:
                why = "failed"
            else:
                oplog.log_bundle(uow, {"direction": "dropped", "reason": why, "bundle_id": held.bundle_id,
                                       "device": held.device, "device_name": held.device_name,
                                       "created": held.created, "at": _since(), "file_name": held.file_name,
                                       "operations": operations, "new_operations": 0, "attachments": 0,
                                       "encrypted": held.encrypted, "outcome": {}})
            out.append({"bundle_id": held.bundle_id, "file_name": held.file_name, "device": held.device,
                        "device_name": held.device_name, "why": why})
        uow.commit()
    return out


def dropped_text(item: Mapping[str, Any]) -> str:
    """One line for a held bundle deleted after an erasure (or one that could not be)."""
    values = {"file": item["file_name"], "device": device_label(item.get("device_name", ""), item.get("device", "")),
              "id": item["bundle_id"][:8]}
    if item["why"] == MENTIONS:
        text = _("{file} from {device}, held in quarantine ({id}), held the erased person's data and was deleted; "
                 "its sender sends its changes again with its next bundle")
    elif item["why"] == ENCRYPTED:
        text = _("{file} from {device}, held in quarantine ({id}), is encrypted and could hold the erased person's "
                 "data, so it was deleted; its sender sends its changes again with its next bundle")
    elif item["why"] == UNREADABLE_FILE:
        text = _("{file} from {device}, held in quarantine ({id}), could not be looked through for the erased "
                 "person's data and was deleted")
    else:
        text = _("{file} from {device}, held in quarantine ({id}), may hold the erased person's data but could not "
                 "be deleted: delete it with “cirkular quarantine discard {id}”")
    return text.format(**values)
