"""Open a bundle as hostile input: check every byte before anything is applied.

``open_bundle`` refuses, with one sentence naming the file and the reason:
member names with ``..``, absolute paths, drive letters, backslashes or NUL;
symbolic links and folders; duplicate or unexpected members; ZIP bombs (total
size and compression ratio limits, overlapping entries); sizes that differ
from what the ZIP and the manifest declare; checksum mismatches; a missing or
edited manifest; invalid UTF-8, a BOM, duplicate JSON keys, NaN and over-long
lines; unknown tables or fields; a format from the future; and stamps more
than a day ahead (quarantined: clocks that far off would win every merge).
Encrypted bundles are decrypted in memory only. Nothing is ever extracted to
disk: members are streamed and hashed.

The returned ``Bundle`` streams the operations a second time for applying and
checks the hash again, so a file changed between the two reads is refused
(the import's transaction then rolls back).

Imports: errors, i18n, sync.bundle, sync.crypto, replication (hlc, merge, ranges), standard library.
"""

from __future__ import annotations

import hashlib
import io
import os
import stat
import time
import zipfile
import zlib
from pathlib import Path
from typing import BinaryIO, Container, Iterator

from cirkular_desktop.core.gcpause import paused_gc  # noqa: F401 - used below, and part of this module's API
from cirkular_desktop.errors import BundleError
from cirkular_desktop.i18n import gettext as _
from cirkular_desktop.replication import hlc, merge, ranges
from cirkular_desktop.sync import crypto
from cirkular_desktop.sync.bundle import (
    ATTACHMENT_PREFIX, LIMITS, MANIFEST, OPS, Limits, Manifest, NewerBundle, attachment_sha, check_operation,
    created_ms, newer_message, parse_manifest, parse_operation, reparse_operation,
)

_READ = 1 << 16
KEEP_OPS = 5_000   # a bundle with at most this many operations is parsed once and kept (about 20 MB)
_ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, zlib.error, OSError, ValueError,
               NotImplementedError, RuntimeError)


class StampedAhead(BundleError):
    """A bundle valid in every other way but stamped more than a day ahead: held in quarantine, not applied.

    ``latest_ms`` is its highest clock reading (operation stamps, ``created``,
    ``created_stamp``), so a holder can tell when it stops being ahead.
    """

    def __init__(self, message: str, manifest: Manifest, latest_ms: int) -> None:
        super().__init__(message)
        self.manifest = manifest
        self.latest_ms = latest_ms


class Bundle:
    """A validated bundle, open for reading its operations and attachments."""

    def __init__(self, name: str, source: BinaryIO, archive: zipfile.ZipFile, manifest: Manifest,
                 max_stamp: str | None, limits: Limits = LIMITS, encrypted: bool = False) -> None:
        self.name = name
        self.trusted = False       # ops.jsonl identical to one already applied here: not parsed again
        self._kept: list[merge.Operation] | None = None
        self._canonical = False    # every operation line was canonical JSON (its data text can be stored as is)
        self.encrypted = encrypted
        self.limits = limits
        self._source = source
        self._zip = archive
        self.manifest = manifest
        self.max_stamp = max_stamp

    @property
    def blob_shas(self) -> list[str]:
        return sorted(sha for sha in (attachment_sha(m) for m in self.manifest.members) if sha)

    def operations(self, batch: int = 2000) -> Iterator[list[merge.Operation]]:
        """The operations in batches: kept from the check when few, else re-checked and re-hashed as they stream."""
        if self._kept is not None:
            for start in range(0, len(self._kept), batch):
                yield self._kept[start:start + batch]
            return
        chunk: list[merge.Operation] = []
        for op in _reread_ops(self.name, self._zip, self.manifest, self.limits, self._canonical):
            chunk.append(op)
            if len(chunk) >= batch:
                yield chunk
                chunk = []
        if chunk:
            yield chunk

    def read_blob(self, sha: str) -> bytes:
        member = ATTACHMENT_PREFIX + sha
        data = _read_member(self.name, self._zip, member, self.manifest.members[member]["size"])
        if hashlib.sha256(data).hexdigest() != sha:
            raise BundleError(_("{name}: {member} does not match its checksum").format(name=self.name, member=member))
        return data

    def close(self) -> None:
        self._zip.close()
        self._source.close()

    def __enter__(self) -> "Bundle":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _bad_name(member: str) -> bool:
    if not member or "\x00" in member or "\\" in member or member.startswith("/"):
        return True
    if len(member) >= 2 and member[1] == ":":
        return True   # drive letter
    parts = member.split("/")
    return any(part in ("", ".", "..") for part in parts)


def _check_entries(name: str, archive: zipfile.ZipFile, limits: Limits, file_size: int) -> list[zipfile.ZipInfo]:
    infos = archive.infolist()
    if len(infos) > limits.max_members:
        raise BundleError(_("{name}: too many members ({count})").format(name=name, count=len(infos)))
    seen: set[str] = set()
    total = 0
    for info in infos:
        member = info.filename
        if _bad_name(member) or _bad_name(info.orig_filename):
            raise BundleError(_("{name}: the member name “{member}” is not allowed (path outside the bundle)").format(
                name=name, member=info.orig_filename.replace("\x00", "\\0")[:80]))
        if member in seen:
            raise BundleError(_("{name}: the member “{member}” appears twice").format(name=name, member=member[:80]))
        seen.add(member)
        mode = info.external_attr >> 16
        if stat.S_ISLNK(mode) or info.is_dir():
            raise BundleError(_("{name}: “{member}” is a link or folder, which bundles never contain").format(
                name=name, member=member[:80]))
        if info.flag_bits & 0x1:
            raise BundleError(_("{name}: “{member}” uses ZIP encryption, which bundles never use").format(
                name=name, member=member[:80]))
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise BundleError(_("{name}: “{member}” uses an unsupported compression").format(
                name=name, member=member[:80]))
        if member != MANIFEST and member != OPS and not attachment_sha(member):
            raise BundleError(_("{name}: unexpected member “{member}”").format(name=name, member=member[:80]))
        if info.file_size > limits.max_member or info.compress_size > file_size:
            raise BundleError(_("{name}: “{member}” is larger than allowed").format(name=name, member=member[:80]))
        if info.file_size > 65536 and info.file_size > limits.max_ratio * max(info.compress_size, 1):
            raise BundleError(_("{name}: “{member}” is compressed suspiciously well (a ZIP bomb?)").format(
                name=name, member=member[:80]))
        total += info.file_size
    if total > limits.max_total:
        raise BundleError(_("{name}: the bundle unpacks to more than allowed (a ZIP bomb?)").format(name=name))
    # Entries that share bytes (overlapping local headers) are a classic bomb.
    ordered = sorted(infos, key=lambda i: i.header_offset)
    end = 0
    for info in ordered:
        if info.header_offset < end:
            raise BundleError(_("{name}: members overlap inside the ZIP file (a ZIP bomb?)").format(name=name))
        end = info.header_offset + 30 + len(info.orig_filename.encode("utf-8", "surrogateescape")) \
            + info.compress_size
    return infos


def _read_member(name: str, archive: zipfile.ZipFile, member: str, declared: int) -> bytes:
    info = archive.getinfo(member)
    if info.file_size != declared:
        raise BundleError(_("{name}: {member} is {actual} bytes but the manifest says {declared}").format(
            name=name, member=member, actual=info.file_size, declared=declared))
    try:
        with archive.open(info) as handle:
            data = handle.read(declared + 1)
    except _ZIP_ERRORS:
        raise BundleError(_("{name}: {member} is damaged").format(name=name, member=member)) from None
    if len(data) != declared:
        raise BundleError(_("{name}: {member} is {actual} bytes but the manifest says {declared}").format(
            name=name, member=member, actual=len(data), declared=declared))
    return data


def _blocks(name: str, archive: zipfile.ZipFile, manifest: Manifest) -> Iterator[bytes]:
    """Stream ``ops.jsonl`` in blocks, checking its size and SHA-256 (after the last block)."""
    declared = manifest.members[OPS]
    info = archive.getinfo(OPS)
    if info.file_size != declared["size"]:
        raise BundleError(_("{name}: {member} is {actual} bytes but the manifest says {declared}").format(
            name=name, member=OPS, actual=info.file_size, declared=declared["size"]))
    digest = hashlib.sha256()
    size = 0
    try:
        with archive.open(info) as handle:
            while True:
                block = handle.read(_READ)
                if not block:
                    break
                digest.update(block)
                size += len(block)
                if size > declared["size"]:
                    break
                yield block
    except _ZIP_ERRORS:
        raise BundleError(_("{name}: {member} is damaged").format(name=name, member=OPS)) from None
    if size != declared["size"]:
        raise BundleError(_("{name}: {member} is {actual} bytes but the manifest says {declared}").format(
            name=name, member=OPS, actual=size, declared=declared["size"]))
    if digest.hexdigest() != declared["sha256"]:
        raise BundleError(_("{name}: {member} does not match its checksum").format(name=name, member=OPS))


def _lines(name: str, archive: zipfile.ZipFile, manifest: Manifest, limits: Limits) -> Iterator[tuple[int, bytes]]:
    """Stream ``ops.jsonl`` line by line, checking size, line length and SHA-256 as it goes."""
    pending = b""
    number = 0
    for block in _blocks(name, archive, manifest):
        lines = (pending + block).split(b"\n")   # one split per block, not a copy of the rest per line
        pending = lines.pop()
        for line in lines:
            number += 1
            if len(line) > limits.max_line:
                raise BundleError(_("{name}: line {line} of {member} is too long").format(
                    name=name, line=number, member=OPS))
            yield number, line
        if len(pending) > limits.max_line:
            raise BundleError(_("{name}: line {line} of {member} is too long").format(
                name=name, line=number + 1, member=OPS))
    if pending:
        raise BundleError(_("{name}: the last line of {member} is not complete").format(name=name, member=OPS))


class _Where:
    """"file, line N" for messages, formatted only when a message is made (not for every good line)."""

    def __init__(self, name: str, line: int) -> None:
        self.name, self.line = name, line

    def __str__(self) -> str:
        return _("{name}, line {line}").format(name=self.name, line=self.line)

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)


def _reread_ops(name: str, archive: zipfile.ZipFile, manifest: Manifest, limits: Limits,
                canonical: bool) -> Iterator[merge.Operation]:
    """Each operation of ``ops.jsonl`` again, accepted before: only parsed (``canonical``: every line was)."""
    for number, raw in _lines(name, archive, manifest, limits):
        yield reparse_operation(raw, _Where(name, number), canonical)


def _hash_only(name: str, archive: zipfile.ZipFile, manifest: Manifest) -> None:
    """Size and SHA-256 only: bytes identical to a member checked line by line before need nothing more."""
    for _block in _blocks(name, archive, manifest):
        pass


def _verify(name: str, archive: zipfile.ZipFile, manifest: Manifest, limits: Limits, now_ms: int,
            trusted: bool, keep: int) -> tuple[str | None, list[merge.Operation] | None, bool]:
    """Pass one: every operation parsed and checked, every member hashed.

    Returns the highest stamp, the operations themselves when there are at
    most ``keep`` (so a small bundle is not parsed twice), and whether every
    line was canonical JSON. A ``trusted`` ops member — byte for byte one this
    database has already checked and applied, by its SHA-256 — is only hashed.
    """
    if trusted:
        _hash_only(name, archive, manifest)
        _verify_blobs(name, archive, manifest)
        return None, None, False
    seqs: dict[str, list[int]] = {}
    kept: list[merge.Operation] | None = []
    canonical = True
    count = 0
    highest = None
    for number, raw in _lines(name, archive, manifest, limits):
        if kept is not None:
            op = parse_operation(raw, _Where(name, number))
            stamp, seq = op.stamp, op.seq
            canonical = canonical and op.data_json is not None
            kept.append(op)
            if len(kept) > keep:
                kept = None
        else:   # too many to keep: checked only, parsed again for applying
            stamp, seq, plain = check_operation(raw, _Where(name, number))
            canonical = canonical and plain
        seqs.setdefault(hlc.device_of(stamp), []).append(seq)
        count += 1
        if highest is None or stamp > highest:
            highest = stamp
    for device, numbers in seqs.items():
        if len(set(numbers)) != len(numbers):
            raise BundleError(_("{name}: an operation of device {device} appears twice").format(
                name=name, device=device))
    if count != manifest.operations:
        raise BundleError(_("{name}: the manifest counts {declared} operations but the bundle holds {actual}").format(
            name=name, declared=manifest.operations, actual=count))
    covers = {device: ranges.from_numbers(numbers) for device, numbers in seqs.items()}
    if covers != {k: ranges.normalise(v) for k, v in manifest.covers.items()}:
        raise BundleError(_("{name}: the manifest is damaged or was edited ({what})").format(name=name, what="covers"))
    if highest is not None and highest[:_CLOCK] > manifest.created_stamp[:_CLOCK]:
        # The exporter's clock moved past every stamp it held before it stamped the bundle.
        raise BundleError(_("{name}: the manifest is damaged or was edited ({what})").format(
            name=name, what="created_stamp"))
    _verify_blobs(name, archive, manifest)
    latest = max(hlc.wall_ms(highest) if highest else 0, created_ms(manifest), hlc.wall_ms(manifest.created_stamp))
    if latest > now_ms + limits.future_ms:
        raise StampedAhead(_("{name} is quarantined: it is stamped more than a day in the future (the clock of "
                            "device “{device}” is wrong); fix that clock and export again").format(
                                name=name, device=manifest.device_name or manifest.device), manifest, latest)
    return highest, kept, canonical


_CLOCK = hlc.WALL_DIGITS + 1 + hlc.COUNTER_DIGITS   # the wall time and counter of a stamp, without the device


def _check_holds(name: str, manifest: Manifest) -> None:
    """What the exporter says it holds must fit what it sends and how devices number their changes.

    It holds everything it sends; it holds its own changes without a gap from
    1 (a device numbers its changes 1, 2, 3 … and keeps them all); and a full
    bundle carries everything it holds.
    """
    holds = {device: ranges.normalise(rs) for device, rs in manifest.holds.items()}
    ok = all(not ranges.subtract(ranges.normalise(rs), holds.get(device, [])) for device, rs in manifest.covers.items())
    own = holds.get(manifest.device)
    ok = ok and (own is None or (len(own) == 1 and own[0][0] == 1))
    ok = ok and (not manifest.full or holds == {d: ranges.normalise(rs) for d, rs in manifest.covers.items() if rs})
    if not ok:
        raise BundleError(_("{name}: the manifest is damaged or was edited ({what})").format(name=name, what="holds"))


def _verify_blobs(name: str, archive: zipfile.ZipFile, manifest: Manifest) -> None:
    blobs = [m for m in manifest.members if m != OPS]
    if len(blobs) != manifest.attachments:
        raise BundleError(_("{name}: the manifest is damaged or was edited ({what})").format(name=name, what="counts"))
    for member in blobs:
        data = _read_member(name, archive, member, manifest.members[member]["size"])
        sha = hashlib.sha256(data).hexdigest()
        if sha != manifest.members[member]["sha256"] or sha != attachment_sha(member):
            raise BundleError(_("{name}: {member} does not match its checksum").format(name=name, member=member))


def _source(path_or_data: str | os.PathLike[str] | bytes, name: str) -> BinaryIO:
    if isinstance(path_or_data, (bytes, bytearray)):
        return io.BytesIO(bytes(path_or_data))
    path = Path(path_or_data)
    if path.is_symlink() and not path.exists():
        raise BundleError(_("{name}: no such file").format(name=name))
    try:
        if not path.is_file():
            raise BundleError(_("{name}: no such file").format(name=name))
        return path.open("rb")
    except OSError as exc:
        raise BundleError(_("cannot read {name}: {reason}").format(name=name, reason=exc.strerror or exc)) from None


def open_bundle(path_or_data: str | os.PathLike[str] | bytes, passphrase: str | None = None, *,
                name: str | None = None, now_ms: int | None = None, limits: Limits = LIMITS,
                trusted_ops: Container[str] = (), keep_ops: int = KEEP_OPS) -> Bundle:
    """Open and fully check a bundle; raises BundleError naming the reason, else returns it open.

    ``trusted_ops``: SHA-256 values of ``ops.jsonl`` members already checked
    and applied here; such a member is only hashed (fast re-import).
    """
    name = name or (Path(path_or_data).name if not isinstance(path_or_data, (bytes, bytearray)) else "bundle")
    source = _source(path_or_data, name)
    try:
        source.seek(0, os.SEEK_END)
        file_size = source.tell()
        source.seek(0)
        if file_size > limits.max_file:
            raise BundleError(_("{name}: the file is larger than allowed").format(name=name))
        head = source.read(8)
        source.seek(0)
        if head.startswith(crypto.MAGIC_FAMILY) and not crypto.is_sealed(head):
            # "CIRKENC2" and later: an encryption this version does not know, by a newer Cirkulär.
            needs = _("encryption {version}").format(version=head[len(crypto.MAGIC_FAMILY):].decode("ascii", "replace"))
            raise NewerBundle(newer_message(name, needs), {}, needs)
        encrypted = crypto.is_sealed(head)
        if encrypted:
            plain = crypto.open_sealed(source, passphrase, name=name, max_size=limits.max_decrypted)
            source.close()
            source = io.BytesIO(plain)
            file_size = len(plain)
            head = plain[:8]
        if not head.startswith(b"PK\x03\x04"):
            raise BundleError(_("{name} is not a Cirkulär bundle").format(name=name))
        try:
            archive = zipfile.ZipFile(source)
        except _ZIP_ERRORS:
            raise BundleError(_("{name} is not a Cirkulär bundle (not a valid ZIP file)").format(name=name)) from None
        try:
            infos = _check_entries(name, archive, limits, file_size)
            names = {info.filename for info in infos}
            if MANIFEST not in names:
                raise BundleError(_("{name}: the manifest is missing").format(name=name))
            info = archive.getinfo(MANIFEST)
            if info.file_size > limits.max_manifest:
                raise BundleError(_("{name}: the manifest is larger than allowed").format(name=name))
            manifest = parse_manifest(_read_member(name, archive, MANIFEST, info.file_size), name)
            if set(manifest.members) != names - {MANIFEST}:
                raise BundleError(_("{name}: the manifest is damaged or was edited ({what})").format(
                    name=name, what="members"))
            _check_holds(name, manifest)
            now = int(time.time() * 1000) if now_ms is None else now_ms
            trusted = manifest.members[OPS]["sha256"] in trusted_ops
            with paused_gc():
                highest, kept, canonical = _verify(name, archive, manifest, limits, now, trusted, keep_ops)
        except BaseException:
            archive.close()
            raise
        bundle = Bundle(name, source, archive, manifest, highest, limits, encrypted)
        bundle.trusted = trusted
        bundle._kept = kept
        bundle._canonical = canonical
        return bundle
    except BaseException:
        source.close()
        raise


def plain_lines(path: str | os.PathLike[str], *, limits: Limits = LIMITS) -> Iterator[str]:
    """The text lines of an unencrypted bundle's manifest and operations, read with the container checks only.

    For looking through a bundle held in quarantine (for an erased person's
    data) without applying or fully checking it: a bundle too new to read is
    looked through too. Lines are decoded leniently; nothing is written.
    Raises BundleError when the file is encrypted or is not a readable bundle.
    """
    name = Path(path).name
    source = _source(path, name)
    with source:
        source.seek(0, os.SEEK_END)
        file_size = source.tell()
        source.seek(0)
        if file_size > limits.max_file:
            raise BundleError(_("{name}: the file is larger than allowed").format(name=name))
        if source.read(8).startswith(crypto.MAGIC_FAMILY):
            raise BundleError(_("{name} is encrypted").format(name=name), field="passphrase")
        source.seek(0)
        try:
            with zipfile.ZipFile(source) as archive:
                infos = {info.filename: info for info in _check_entries(name, archive, limits, file_size)}
                for member in (MANIFEST, OPS):
                    if member not in infos:
                        continue
                    with archive.open(infos[member]) as handle:
                        pending = b""
                        read = number = 0
                        while block := handle.read(_READ):
                            read += len(block)
                            if read > limits.max_member:
                                raise BundleError(_("{name}: “{member}” is larger than allowed").format(
                                    name=name, member=member))
                            lines = (pending + block).split(b"\n")
                            pending = lines.pop()
                            for line in lines:
                                number += 1
                                yield line.decode("utf-8", "replace")
                            if len(pending) > limits.max_line:
                                raise BundleError(_("{name}: line {line} of {member} is too long").format(
                                    name=name, line=number + 1, member=member))
                        if pending:
                            yield pending.decode("utf-8", "replace")
        except _ZIP_ERRORS:
            raise BundleError(_("{name} is not a Cirkulär bundle (not a valid ZIP file)").format(name=name)) from None
