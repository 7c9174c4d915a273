"""Bundle format v1: what a bundle holds, how each part is checked, and how one is written.

A bundle is a ZIP file (``docs/bundle-format.md``) with three kinds of member:

* ``manifest.json`` — format and schema version, bundle id, exporting device,
  creation time, what it covers per origin device, what the exporter holds
  (its acknowledgement), counts, and the size and SHA-256 of every other member;
* ``ops.jsonl`` — one field operation per line, canonical JSON;
* ``attachments/<sha256>`` — each referenced photo or document, once.

This module is pure (bytes and streams in, operations out): the strict JSON
parser, the manifest and operation checks, and ``BundleWriter``. Reading a
ZIP safely is in ``sync.bundle_reader``. Every refusal is a ``BundleError``
with one translated sentence that names the file and the reason.

Imports: errors, i18n, core.records, sync.hlc, sync.merge, sync.ranges, orjson, standard library.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import math
import re
import uuid
import zipfile
from dataclasses import dataclass, field
from typing import Any, BinaryIO, Mapping

import orjson

from cirkular_desktop.core import records
from cirkular_desktop.errors import BundleError
from cirkular_desktop.i18n import gettext as _
from cirkular_desktop.sync import hlc, merge, ranges
from cirkular_desktop.sync.merge import canonical_json

FORMAT = "cirkular-bundle"
FORMAT_VERSION = 1
SCHEMA_VERSION = 2          # version of the record descriptions (core.records) the operations use; one step per release
EXTENSION = ".cirkular"
MANIFEST = "manifest.json"
OPS = "ops.jsonl"
ATTACHMENT_PREFIX = "attachments/"
ZIP_TIME = (1980, 1, 1, 0, 0, 0)   # fixed member times: the same content gives the same bytes

_SHA_RE = re.compile(r"^[0-9a-f]{64}$")
_ROW_RE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z._:\-]{0,127}$")
_MAP_KEY_RE = re.compile(r"^[A-Za-z0-9_\-]{1,64}$")
_MANIFEST_KEYS = {"format", "format_version", "schema_version", "bundle_id", "device", "device_name",
                  "created", "created_stamp", "full", "covers", "holds", "counts", "members", "app_version"}
_OP_KEYS = {"stamp", "seq", "table", "row", "data", "seen"}
_LIST_KINDS = {records.MULTI, records.TAGS, records.WASTECODES, records.REFS}
_MAX_TEXT = 200_000


@dataclass(frozen=True)
class Limits:
    """What a bundle may be at most; anything above is refused before it is unpacked."""

    max_file: int = 4 << 30
    max_members: int = 200_000
    max_total: int = 4 << 30            # sum of uncompressed sizes
    max_member: int = 2 << 30
    max_ratio: int = 200                # uncompressed / compressed, for members over 64 KiB
    max_manifest: int = 64 << 20
    max_line: int = 1 << 20
    future_ms: int = 24 * 3600 * 1000   # stamps further ahead than this are quarantined
    max_decrypted: int = 1 << 30


LIMITS = Limits()


@dataclass
class Manifest:
    bundle_id: str
    device: str
    device_name: str
    created: str
    created_stamp: str
    full: bool
    covers: dict[str, ranges.Ranges]
    holds: dict[str, ranges.Ranges]
    operations: int
    attachments: int
    members: dict[str, dict[str, Any]]
    format_version: int = FORMAT_VERSION
    schema_version: int = SCHEMA_VERSION
    app_version: str = ""

    def as_json(self) -> dict[str, Any]:
        return {"format": FORMAT, "format_version": self.format_version, "schema_version": self.schema_version,
                "bundle_id": self.bundle_id, "device": self.device, "device_name": self.device_name,
                "created": self.created, "created_stamp": self.created_stamp, "full": self.full,
                "covers": self.covers, "holds": self.holds,
                "counts": {"operations": self.operations, "attachments": self.attachments},
                "members": self.members, "app_version": self.app_version}


# --- strict JSON ----------------------------------------------------------------------------------


_DECODER = json.JSONDecoder()


class _Refused(ValueError):
    pass


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _Refused(_("the key “{key}” appears twice").format(key=key[:40]))
        result[key] = value
    return result


def _no_constant(name: str) -> Any:
    raise _Refused(_("{value} is not allowed in JSON").format(value=name))


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _Refused(_("{value} is not allowed in JSON").format(value=text[:20]))
    return value


def _floats_spelled_alike(value: Any) -> bool:
    """Whether every float in ``value`` has the same text from orjson as from ``canonical_json``."""
    stack = [value]
    while stack:
        item = stack.pop()
        kind = type(item)
        if kind is dict:
            stack.extend(item.values())
        elif kind is list:
            stack.extend(item)
        elif kind is float and orjson.dumps(item) != float.__repr__(item).encode("ascii"):
            return False
    return True


def strict_json(raw: bytes, where: str) -> Any:
    """Parse JSON refusing a BOM, invalid UTF-8, duplicate keys, NaN/Infinity and lone surrogates."""
    return _strict_json(raw, where)[0]


def _strict_json(raw: bytes, where: str) -> tuple[Any, str | None]:
    """The value, and the text when it was canonical JSON already."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raise BundleError(_("{where}: starts with a byte order mark (BOM)").format(where=where))
    # Fast path: Cirkulär writes canonical JSON, and text that is already canonical can hold no
    # duplicate key, NaN or escaped surrogate (the canonical form would differ), so a fast parser
    # suffices. orjson parses and re-encodes several times faster than the standard library, which
    # matters for a coordinator importing every laptop's full history; its sorted, compact, UTF-8
    # output is byte for byte ``canonical_json`` except in how some floats are spelled ("1e-05" is
    # "0.00001" to orjson), so a line with such a float, or an integer beyond 64 bits, takes the
    # careful path below.
    try:
        value = orjson.loads(raw)
        if orjson.dumps(value, option=orjson.OPT_SORT_KEYS) == raw and _floats_spelled_alike(value):
            return value, raw.decode("utf-8")
    except (orjson.JSONDecodeError, orjson.JSONEncodeError, RecursionError):
        pass
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise BundleError(_("{where}: is not valid UTF-8").format(where=where)) from None
    try:
        value, end = _DECODER.raw_decode(text)
        if end == len(text) and canonical_json(value) == text:
            return value, text
    except (ValueError, RecursionError):
        pass
    try:
        value = json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constant,
                           parse_float=_finite_float)
        canonical_json(value).encode("utf-8")   # a lone surrogate cannot be stored
    except _Refused as exc:
        raise BundleError(_("{where}: {reason}").format(where=where, reason=str(exc))) from None
    except (ValueError, RecursionError, UnicodeEncodeError):
        raise BundleError(_("{where}: is not valid JSON").format(where=where)) from None
    return value, None


# --- manifest -------------------------------------------------------------------------------------


def _damaged_manifest(name: str, what: str) -> BundleError:
    return BundleError(_("{name}: the manifest is damaged or was edited ({what})").format(name=name, what=what))


def _is_int(value: Any, low: int = 0) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= 2**62


def parse_manifest(raw: bytes, name: str) -> Manifest:
    """Check the manifest's shape and versions (its members are checked against the ZIP later)."""
    data = strict_json(raw, f"{name}: {MANIFEST}")
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise BundleError(_("{name} is not a Cirkulär bundle (its manifest names another format)").format(name=name))
    version = data.get("format_version")
    if not _is_int(version, 1):
        raise _damaged_manifest(name, "format_version")
    if version > FORMAT_VERSION:
        raise BundleError(_("{name} uses bundle format {version}, made by a newer version of Cirkulär; "
                            "update Cirkulär to import it").format(name=name, version=version))
    schema = data.get("schema_version")
    if not _is_int(schema, 1):
        raise _damaged_manifest(name, "schema_version")
    if schema > SCHEMA_VERSION:
        raise BundleError(_("{name} holds data of schema {version}, made by a newer version of Cirkulär; "
                            "update Cirkulär to import it").format(name=name, version=schema))
    unknown = set(data) - _MANIFEST_KEYS
    missing = _MANIFEST_KEYS - set(data)
    if unknown or missing:
        raise _damaged_manifest(name, ", ".join(sorted(unknown | missing))[:80])
    checks = {
        "bundle_id": isinstance(data["bundle_id"], str) and _is_uuid(data["bundle_id"]),
        "device": isinstance(data["device"], str) and bool(hlc.DEVICE_RE.match(data["device"])),
        "device_name": isinstance(data["device_name"], str) and len(data["device_name"]) <= 200,
        "created": isinstance(data["created"], str) and _is_time(data["created"]),
        "created_stamp": hlc.is_stamp(data["created_stamp"]),
        "full": isinstance(data["full"], bool),
        "app_version": isinstance(data["app_version"], str) and len(data["app_version"]) <= 40,
        "covers": _is_device_ranges(data["covers"]),
        "holds": _is_device_ranges(data["holds"]),
        "counts": (isinstance(data["counts"], dict) and set(data["counts"]) == {"operations", "attachments"}
                   and all(_is_int(v) for v in data["counts"].values())),
        "members": _is_members(data["members"]),
    }
    for key, ok in checks.items():
        if not ok:
            raise _damaged_manifest(name, key)
    return Manifest(bundle_id=data["bundle_id"], device=data["device"], device_name=data["device_name"],
                    created=data["created"], created_stamp=data["created_stamp"], full=data["full"],
                    covers=data["covers"], holds=data["holds"], operations=data["counts"]["operations"],
                    attachments=data["counts"]["attachments"], members=data["members"],
                    format_version=version, schema_version=schema, app_version=data["app_version"])


def _is_uuid(text: str) -> bool:
    try:
        return str(uuid.UUID(text)) == text
    except ValueError:
        return False


def _is_time(text: str) -> bool:
    try:
        moment = _dt.datetime.fromisoformat(text)
    except ValueError:
        return False
    return moment.tzinfo is not None


def _is_device_ranges(value: Any) -> bool:
    return isinstance(value, dict) and all(
        isinstance(k, str) and hlc.DEVICE_RE.match(k) and ranges.is_valid(v) for k, v in value.items())


def _is_members(value: Any) -> bool:
    if not isinstance(value, dict):
        return False
    for member, info in value.items():
        if not (isinstance(info, dict) and set(info) == {"size", "sha256"} and _is_int(info["size"])
                and isinstance(info["sha256"], str) and _SHA_RE.match(info["sha256"])):
            return False
        if member != OPS and not attachment_sha(member):
            return False
    return OPS in value


def attachment_sha(member: str) -> str | None:
    """The content hash an ``attachments/<sha256>`` member name carries, else None."""
    if member.startswith(ATTACHMENT_PREFIX):
        sha = member[len(ATTACHMENT_PREFIX):]
        if _SHA_RE.match(sha):
            return sha
    return None


def created_ms(manifest: Manifest) -> int:
    moment = _dt.datetime.fromisoformat(manifest.created)
    return int(moment.timestamp() * 1000)


# --- operations -----------------------------------------------------------------------------------


def _value_ok(f: records.Field, value: Any) -> bool:
    if value is None:
        return True
    kind = f.kind
    if kind == records.BOOL:
        return isinstance(value, bool)
    if kind == records.INT:
        return isinstance(value, int) and not isinstance(value, bool)
    if kind in _LIST_KINDS:
        return isinstance(value, list) and all(isinstance(x, str) and len(x) <= _MAX_TEXT for x in value)
    if kind == records.MAP:
        return False   # maps travel one key per operation field ("answers.q1")
    if kind == records.ITEMS:   # a list of objects; text only from before schema 2 (read back by the store)
        return ((isinstance(value, list) and all(isinstance(x, dict) for x in value) and _depth_ok(value))
                or (isinstance(value, str) and len(value) <= _MAX_TEXT))
    return isinstance(value, str) and len(value) <= _MAX_TEXT


def _depth_ok(value: Any, depth: int = 0) -> bool:
    if depth > 8:
        return False
    if isinstance(value, list):
        return all(_depth_ok(v, depth + 1) for v in value)
    if isinstance(value, dict):
        return all(_depth_ok(v, depth + 1) for v in value.values())
    return True


_FIELDS: dict[str, dict[str, records.Field]] = {
    name: {f.name: f for f in spec.fields} for name, spec in records.TABLES.items()}
# The common values are checked inline in parse_operation (hundreds of thousands per import); anything
# not accepted there gets the full check in _field_ok, which also decides the message.
_TEXT, _BOOL, _INT, _LIST, _DELETED, _ITEMS = "text", "bool", "int", "list", "deleted", "items"


def _check_of(f: records.Field) -> str | None:
    if f.kind == records.BOOL:
        return _BOOL
    if f.kind == records.INT:
        return _INT
    if f.kind in _LIST_KINDS:
        return _LIST
    if f.kind == records.ITEMS:
        return _ITEMS   # no quick check: _field_ok decides
    return None if f.kind == records.MAP else _TEXT


_CHECKS: dict[str, dict[str, str]] = {
    name: {f.name: check for f in spec.fields if (check := _check_of(f)) is not None} | {merge.DELETED: _DELETED}
    for name, spec in records.TABLES.items()}
_MAPS: dict[str, frozenset[str]] = {
    name: frozenset(f.name for f in spec.fields if f.kind == records.MAP) for name, spec in records.TABLES.items()}
_SCALARS = (str, int, float, bool, type(None))
# Map keys ("answers.q1") found well-formed, per table: the same few recur on thousands of lines.
_MAP_NAMES: dict[str, set[str]] = {name: set() for name in records.TABLES}
_MAP_NAMES_KEPT = 10_000   # at most this many per table, so hostile input cannot grow it without bound


def _quick_ok(check: str | None, maps: frozenset[str], name: str, value: Any) -> bool:
    """True for a value that is certainly valid; False means "ask _field_ok" (not necessarily invalid)."""
    if check is _TEXT:
        return value is None or (type(value) is str and len(value) <= _MAX_TEXT)
    if check is _DELETED:
        return value is True or value is False
    if check is _BOOL:
        return value is None or value is True or value is False
    if check is _INT:
        return value is None or type(value) is int
    if check is _LIST:
        return value is None or (type(value) is list
                                 and all(type(x) is str and len(x) <= _MAX_TEXT for x in value))
    base, dot, key = name.partition(".")
    return (bool(dot) and base in maps and _MAP_KEY_RE.match(key) is not None
            and (type(value) in _SCALARS or _depth_ok(value)))


def _is_map_key(fields: Mapping[str, records.Field], name: str) -> bool:
    base, dot, key = name.partition(".")
    f = fields.get(base)
    return bool(dot) and f is not None and f.kind == records.MAP and bool(_MAP_KEY_RE.match(key))


def _field_ok(spec: records.Table, name: str, value: Any) -> bool:
    fields = _FIELDS[spec.name]
    if name == merge.DELETED:
        return isinstance(value, bool)
    if name in merge.STRIPS:   # erased or purged: whole fields, or keys of a map field ("answers.q1")
        return (isinstance(value, list) and bool(value)
                and all(isinstance(x, str) and (x in fields or _is_map_key(fields, x)) for x in value))
    f = fields.get(name)
    if f is not None:
        return _value_ok(f, value)
    base, dot, key = name.partition(".")
    f = fields.get(base)
    if f is None:
        return False
    if dot:
        return f.kind == records.MAP and bool(_MAP_KEY_RE.match(key)) and _depth_ok(value)
    return _value_ok(f, value)


def parse_operation(raw: bytes, where: object) -> merge.Operation:
    """One line of ``ops.jsonl`` as an Operation, or a BundleError saying what is wrong."""
    text, stamp, seq, table, row, values, seen, clean_seen = _checked(raw, where)
    data_json = None
    if text is not None:   # canonical line: the data object is the text between '{"data":' and the rest
        # Row ids, stamps and table names were checked: plain ASCII, nothing to escape.
        tail = (',"row":"' + row + '","seen":' + (canonical_json(seen) if seen else "{}") + ',"seq":' + str(seq)
                + ',"stamp":"' + stamp + '","table":"' + table + '"}')
        if text.startswith('{"data":') and text.endswith(tail):
            data_json = text[8:len(text) - len(tail)]
    return merge.Operation(stamp, table, row, values, clean_seen, seq, data_json)


def check_operation(raw: bytes, where: object) -> tuple[str, int, bool]:
    """Check one line of ``ops.jsonl`` like ``parse_operation``: its stamp, sequence number, and whether
    the line is canonical JSON (then ``reparse_operation`` may take the data's text from it)."""
    checked = _checked(raw, where)
    return checked[1], checked[2], checked[0] is not None


def _checked(raw: bytes, where: object) -> tuple[Any, ...]:
    """Every check of one operation line.

    Returns (canonical text or None, stamp, seq, table, row, data, seen, seen as tuples).
    """
    data, text = _strict_json(raw, where)
    if type(data) is not dict or data.keys() != _OP_KEYS:
        raise BundleError(_("{where}: not an operation (expected the keys {keys})").format(
            where=where, keys=", ".join(sorted(_OP_KEYS))))
    stamp, seq, table, row, values, seen = data["stamp"], data["seq"], data["table"], data["row"], data["data"], \
        data["seen"]
    if not hlc.is_stamp(stamp):
        raise BundleError(_("{where}: “{value}” is not a clock stamp").format(where=where, value=str(stamp)[:40]))
    if not _is_int(seq, 1):
        raise BundleError(_("{where}: the sequence number is not a positive whole number").format(where=where))
    if not isinstance(table, str) or table not in records.TABLES:
        raise BundleError(_("{where}: unknown table “{table}”").format(where=where, table=str(table)[:40]))
    if not isinstance(row, str) or not _ROW_RE.match(row):
        raise BundleError(_("{where}: “{value}” is not a record id").format(where=where, value=str(row)[:40]))
    if not isinstance(values, dict) or not values:
        raise BundleError(_("{where}: the operation changes nothing").format(where=where))
    spec = records.TABLES[table]
    checks, maps = _CHECKS[table], _MAPS[table]
    known = _MAP_NAMES[table]
    for name, value in values.items():
        check = checks.get(name)
        # The common cases right here: text (or empty) in a text field, a known map key with a plain value.
        if check is _TEXT:
            if value is None or (type(value) is str and len(value) <= _MAX_TEXT):
                continue
        elif check is None and name in known:
            if type(value) in _SCALARS or _depth_ok(value):
                continue
        if _quick_ok(check, maps, name, value):
            if check is None and len(known) < _MAP_NAMES_KEPT:
                known.add(name)   # a well-formed map key: its name need not be checked again
            continue
        if not _field_ok(spec, name, value):
            base = name.partition(".")[0]
            if base in merge.SPECIAL or spec.has_field(base):
                raise BundleError(_("{where}: {table}.{field} has a value of the wrong kind").format(
                    where=where, table=table, field=name[:60]))
            raise BundleError(_("{where}: unknown field “{field}” in table {table}").format(
                where=where, field=name[:60], table=table))
    if not isinstance(seen, dict):
        raise BundleError(_("{where}: “seen” is not an object").format(where=where))
    clean_seen: dict[str, tuple[str, ...]] = {}
    for name, stamps in seen.items():
        base = name.partition(".")[0]
        if name != merge.ALL_FIELDS and base not in _FIELDS[table]:
            raise BundleError(_("{where}: unknown field “{field}” in table {table}").format(
                where=where, field=name[:60], table=table))
        if not isinstance(stamps, list) or not all(hlc.is_stamp(s) for s in stamps):
            raise BundleError(_("{where}: “seen” of {field} is not a list of clock stamps").format(
                where=where, field=name[:60]))
        clean_seen[name] = tuple(stamps)
    return text, stamp, seq, table, row, values, seen, clean_seen


def reparse_operation(raw: bytes, where: object, canonical: bool = True) -> merge.Operation:
    """A line ``parse_operation`` has already accepted, read again for applying: no checks repeated.

    The caller verifies the member's SHA-256 at the end of the stream, so
    bytes that changed since they were checked are refused before commit.
    ``canonical``: every line of the member was canonical JSON when checked,
    so the data's text can be cut out of the line and stored as it is.
    """
    try:
        text = raw.decode("utf-8")
        line = orjson.loads(raw)   # the whole line is one object: checked before
        stamp, seq, table, row, values, seen = line["stamp"], line["seq"], line["table"], line["row"], \
            line["data"], line["seen"]
        data_json = None
        if canonical:
            tail = (',"row":"' + row + '","seen":' + (canonical_json(seen) if seen else "{}") + ',"seq":'
                    + str(seq) + ',"stamp":"' + stamp + '","table":"' + table + '"}')
            if text.startswith('{"data":') and text.endswith(tail):
                data_json = text[8:len(text) - len(tail)]
        return merge.Operation(stamp, table, row, values, {k: tuple(v) for k, v in seen.items()} if seen else {},
                               seq, data_json)
    except (ValueError, KeyError, TypeError, AttributeError, orjson.JSONDecodeError):
        raise BundleError(_("{where}: changed while it was being imported").format(where=where)) from None


def operation_line(stamp: str, seq: int, table: str, row: str, data_json: str, seen_json: str) -> bytes:
    """The canonical line for an operation, from the canonical JSON the store already holds."""
    return ('{"data":' + data_json + ',"row":' + json.dumps(row) + ',"seen":' + seen_json + ',"seq":'
            + str(int(seq)) + ',"stamp":' + json.dumps(stamp) + ',"table":' + json.dumps(table) + "}\n"
            ).encode("utf-8")


# --- writing --------------------------------------------------------------------------------------


@dataclass
class _Seqs:
    numbers: dict[str, list[int]] = field(default_factory=dict)


class BundleWriter:
    """Write a bundle to a binary stream: operations first, then attachments, then the manifest."""

    def __init__(self, target: BinaryIO, *, device: str, device_name: str, created_stamp: str,
                 full: bool, holds: Mapping[str, ranges.Ranges], app_version: str = "",
                 bundle_id: str | None = None, created: str | None = None) -> None:
        self._zip = zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6)
        self._ops = self._zip.open(self._info(OPS), "w", force_zip64=True)
        self._ops_hash = hashlib.sha256()
        self._ops_size = 0
        self._seqs = _Seqs()
        self._members: dict[str, dict[str, Any]] = {}
        self._blobs: set[str] = set()
        self.manifest = Manifest(
            bundle_id=bundle_id or str(uuid.uuid4()), device=device, device_name=device_name[:200],
            created=created or _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
            created_stamp=created_stamp, full=full, covers={},
            holds={k: ranges.normalise(v) for k, v in sorted(holds.items())},
            operations=0, attachments=0, members={}, app_version=app_version)

    @staticmethod
    def _info(name: str) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        return info

    def add_line(self, line: bytes, device: str, seq: int) -> None:
        """Add one operation line (from ``operation_line``)."""
        if self._ops is None:
            raise RuntimeError("operations must be written before attachments")
        self._ops.write(line)
        self._ops_hash.update(line)
        self._ops_size += len(line)
        self.manifest.operations += 1
        self._seqs.numbers.setdefault(device, []).append(seq)

    def _close_ops(self) -> None:
        if self._ops is not None:
            self._ops.close()
            self._ops = None
            self._members[OPS] = {"size": self._ops_size, "sha256": self._ops_hash.hexdigest()}

    def add_blob(self, sha: str, data: bytes) -> None:
        """Add an attachment once; its name is its SHA-256, checked here."""
        self._close_ops()
        if sha in self._blobs:
            return
        if hashlib.sha256(data).hexdigest() != sha:
            raise BundleError(_("attachment {sha}: the file does not match its hash").format(sha=sha))
        name = ATTACHMENT_PREFIX + sha
        self._zip.writestr(self._info(name), data)
        self._blobs.add(sha)
        self._members[name] = {"size": len(data), "sha256": sha}
        self.manifest.attachments += 1

    def finish(self) -> Manifest:
        self._close_ops()
        self.manifest.covers = {device: ranges.from_numbers(seqs)
                                for device, seqs in sorted(self._seqs.numbers.items())}
        self.manifest.members = dict(sorted(self._members.items()))
        text = json.dumps(self.manifest.as_json(), sort_keys=True, ensure_ascii=False, indent=1)
        self._zip.writestr(self._info(MANIFEST), text.encode("utf-8"))
        self._zip.close()
        return self.manifest
