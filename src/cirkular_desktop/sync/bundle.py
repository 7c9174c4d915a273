"""Bundle format v1: what a bundle holds, how each part is checked, and how one is written.

A bundle is a ZIP file (``docs/bundle-format.md``) with three kinds of member:

* ``manifest.json`` — format and schema version, bundle id, exporting device,
  creation time, what it covers per origin device, what the exporter holds
  (its acknowledgement), counts, and the size and SHA-256 of every other member;
* ``ops.jsonl`` — one field operation per line, canonical JSON;
* ``attachments/<sha256>`` — each referenced photo or document, once.

This module is pure (bytes and streams in, operations out): the manifest and
operation checks (values by the rules of ``core.checks``, lines as canonical
JSON by ``sync.jsontext``), and ``BundleWriter``. Reading a
ZIP safely is in ``sync.bundle_reader``. Every refusal is a ``BundleError``
with one translated sentence that names the file and the reason.

Imports: errors, i18n, core (records, checks, canonical), replication (hlc, merge, ranges), sync.jsontext, orjson,
standard library.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import re
import unicodedata
import uuid
import zipfile
from dataclasses import dataclass, field
from typing import IO, Any, BinaryIO, Mapping, TypeGuard

import orjson

from cirkular_desktop.core import canonical, checks, records
from cirkular_desktop.core.checks import shown
from cirkular_desktop.errors import BundleError, ValidationError
from cirkular_desktop.i18n import gettext as _
from cirkular_desktop.replication import hlc, merge, ranges
from cirkular_desktop.replication.merge import canonical_json
from cirkular_desktop.sync.jsontext import canonical_line, strict_json  # noqa: F401 - part of this module's API

FORMAT = "cirkular-bundle"
FORMAT_VERSION = 1
SCHEMA_VERSION = 2          # version of the record descriptions (core.records) the operations use; one step per release
EXTENSION = ".cirkular"
MANIFEST = "manifest.json"
OPS = "ops.jsonl"
ATTACHMENT_PREFIX = "attachments/"
ZIP_TIME = (1980, 1, 1, 0, 0, 0)   # fixed member times: the same content gives the same bytes

_SHA_RE = re.compile(r"^[0-9a-f]{64}$")
_MANIFEST_KEYS = {"format", "format_version", "schema_version", "bundle_id", "device", "device_name",
                  "created", "created_stamp", "full", "covers", "holds", "counts", "members", "app_version"}
_OP_KEYS = {"stamp", "seq", "table", "row", "data", "seen"}


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


# --- manifest -------------------------------------------------------------------------------------


def _damaged_manifest(name: str, what: str) -> BundleError:
    return BundleError(_("{name}: the manifest is damaged or was edited ({what})").format(name=name, what=what))


class NewerBundle(BundleError):
    """A bundle of a newer format or schema version than this program reads: held until an update reads it.

    Never "damaged": a newer Cirkulär may add tables, fields and choices, and
    this program cannot judge their values. ``info`` holds what could be read
    of the manifest (bundle id, device, name, created) for the quarantine;
    ``needs`` says which version, e.g. "schema 2".
    """

    def __init__(self, message: str, info: Mapping[str, Any], needs: str) -> None:
        super().__init__(message)
        self.info = dict(info)
        self.needs = needs


def _readable_info(data: Mapping[str, Any]) -> dict[str, Any]:
    """Of a newer manifest, the keys this version knows and can read safely."""
    info: dict[str, Any] = {}
    if isinstance(data.get("bundle_id"), str) and _is_uuid(data["bundle_id"]):
        info["bundle_id"] = data["bundle_id"]
    if isinstance(data.get("device"), str) and hlc.DEVICE_RE.match(data["device"]):
        info["device"] = data["device"]
    if isinstance(data.get("device_name"), str):
        info["device_name"] = data["device_name"][:200]
    if isinstance(data.get("created"), str) and _is_time(data["created"]):
        info["created"] = data["created"]
    return info


def newer_message(name: str, needs: str) -> str:
    return _("{name} was made by a newer version of Cirkulär ({needs}; this version reads bundle format "
             "{format}, schema {schema}): update Cirkulär to read this bundle").format(
        name=name, needs=needs, format=FORMAT_VERSION, schema=SCHEMA_VERSION)


def parse_manifest(raw: bytes, name: str) -> Manifest:
    """Check the manifest's shape and versions (its members are checked against the ZIP later)."""
    data = strict_json(raw, f"{name}: {MANIFEST}")
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise BundleError(_("{name} is not a Cirkulär bundle (its manifest names another format)").format(name=name))
    version = data.get("format_version")
    if not _is_int(version, 1):
        raise _damaged_manifest(name, "format_version")
    schema = data.get("schema_version")
    # The versions come first: a newer manifest may have keys this version does not know.
    if version > FORMAT_VERSION:
        needs = _("bundle format {version}").format(version=version)
        raise NewerBundle(newer_message(name, needs), _readable_info(data), needs)
    if not _is_int(schema, 1):
        raise _damaged_manifest(name, "schema_version")
    if schema > SCHEMA_VERSION:
        needs = _("schema {version}").format(version=schema)
        raise NewerBundle(newer_message(name, needs), _readable_info(data), needs)
    unknown = set(data) - _MANIFEST_KEYS
    missing = _MANIFEST_KEYS - set(data)
    if unknown or missing:
        raise _damaged_manifest(name, ", ".join(sorted(unknown | missing))[:80])
    valid = {
        "bundle_id": isinstance(data["bundle_id"], str) and _is_uuid(data["bundle_id"]),
        "device": isinstance(data["device"], str) and bool(hlc.DEVICE_RE.match(data["device"])),
        "device_name": isinstance(data["device_name"], str) and len(data["device_name"]) <= 200,
        "created": isinstance(data["created"], str) and _is_time(data["created"]),
        # The clock reading is the exporting device's own.
        "created_stamp": hlc.is_stamp(data["created_stamp"]) and hlc.device_of(data["created_stamp"]) == data["device"],
        "full": isinstance(data["full"], bool),
        "app_version": isinstance(data["app_version"], str) and len(data["app_version"]) <= 40,
        "covers": _is_device_ranges(data["covers"]),
        "holds": _is_device_ranges(data["holds"]),
        "counts": (isinstance(data["counts"], dict) and set(data["counts"]) == {"operations", "attachments"}
                   and all(_is_int(v) for v in data["counts"].values())),
        "members": _is_members(data["members"]),
    }
    for key, ok in valid.items():
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


# Per table and field, the fast form of the value rules of ``core.checks`` (one set of rules for people and
# bundles, see ``core.canonical``); map fields travel one key per operation field ("answers.q1").
_CHECKERS: dict[str, dict[str, canonical.Checker]] = {
    name: {f.name: canonical.stored_checker(name, f) for f in spec.fields if f.kind != records.MAP}
    for name, spec in records.TABLES.items()}
_FIELDS: dict[str, frozenset[str]] = {name: frozenset(spec.field_names) for name, spec in records.TABLES.items()}
_MAPS: dict[str, frozenset[str]] = {
    name: frozenset(f.name for f in spec.fields if f.kind == records.MAP) for name, spec in records.TABLES.items()}
# Map keys ("answers.q1") found well-formed, per table: the same few recur on thousands of lines.
_MAP_NAMES: dict[str, set[str]] = {name: set() for name in records.TABLES}
_MAP_NAMES_KEPT = 10_000   # at most this many per table, so hostile input cannot grow it without bound
_MAX_JSON_INT = checks.MAX_JSON_INT


def _is_int(value: Any, low: int = 0) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= _MAX_JSON_INT


def _map_value_ok(value: Any, nested: bool = True) -> bool:
    """The common answers (text, a number, yes/no, a small object of those) without ``checks.json_problem``'s walk.

    True only for values that certainly pass; False means "ask json_problem".
    """
    kind = type(value)
    if kind is str:
        return len(value) <= checks.MAX_TEXT and _BAD_IN_JSON(value) is None
    if kind is int:
        number: int = value
        return -_MAX_JSON_INT <= number <= _MAX_JSON_INT
    if kind is dict and nested:
        return all(type(k) is str and _map_value_ok(v, False) for k, v in value.items())
    if kind is list and nested:
        return all(_map_value_ok(v, False) for v in value)
    return value is None or kind is bool


_BAD_IN_JSON = checks._BAD_CHAR_RE.search
# The common kinds are checked inline in _checked (a coordinator's import checks every value of every
# operation); a value not accepted there goes to its field's checker, which gives the verdict and message.
_TEXT1, _TEXTN, _IN_SET, _BOOL, _ID, _FORM, _OTHER = range(7)


def _fast_rule(spec: records.Table, f: records.Field) -> tuple[int, Any]:
    kind = f.kind
    if kind == records.TEXT:
        return _TEXT1, checks._ONE_LINE_BAD_RE.search
    if kind == records.LONGTEXT:
        return _TEXTN, checks._BAD_CHAR_RE.search
    if kind in (records.CHOICE, records.LANGUAGE):
        return _IN_SET, frozenset(f.choice_values())
    if kind == records.CURRENCY:
        return _IN_SET, frozenset(checks.CURRENCY_CODES)
    if kind == records.BOOL:
        return _BOOL, None
    if kind == records.REF:
        return _ID, checks._UUID_RE.match
    if kind in canonical.STORED_FORMS and kind != records.MUNICIPALITY:   # a municipality depends on the country
        return _FORM, canonical.STORED_FORMS[kind].match
    return _OTHER, None


_FAST: dict[str, dict[str, tuple[int, Any]]] = {
    name: {f.name: _fast_rule(spec, f) for f in spec.fields if f.kind != records.MAP}
    for name, spec in records.TABLES.items()}
_HAS_RECORD_RULES = frozenset(table for table, _start, _end in checks.DATE_ORDER)
_NFC = unicodedata.is_normalized


def parse_operation(raw: bytes, where: object) -> merge.Operation:
    """One line of ``ops.jsonl`` as an Operation, or a BundleError saying what is wrong."""
    text, stamp, seq, table, row, values, seen = _checked(raw, where)
    return merge.Operation(stamp, table, row, values, seen, seq, _data_text(text, stamp, seq, table, row))


def _data_text(text: str, stamp: str, seq: int, table: str, row: str) -> str | None:
    """The canonical JSON of the operation's data, cut from its (canonical) line: no re-encoding needed."""
    # "data" is the first key and "table" the last; row ids, stamps and table names are plain ASCII.
    if not text.startswith('{"data":'):
        return None
    index = text.rfind(',"row":"' + row + '","seen":')
    return text[8:index] if index > 0 else None


def check_operation(raw: bytes, where: object) -> tuple[str, int, bool]:
    """Check one line of ``ops.jsonl`` like ``parse_operation``: its stamp, sequence number, and True
    (every accepted line is canonical JSON, so ``reparse_operation`` may take the data's text from it)."""
    checked = _checked(raw, where)
    return checked[1], checked[2], True


def _wrong(where: object, table: str, name: str, reason: str) -> BundleError:
    return BundleError(_("{where}: {table}.{field}: {reason}").format(
        where=where, table=table, field=name[:60], reason=reason))


def _checked(raw: bytes, where: object) -> tuple[Any, ...]:
    """Every check of one operation line.

    Returns (canonical text, stamp, seq, table, row, data, seen as tuples).
    """
    data, text = canonical_line(raw, where)
    if type(data) is not dict or data.keys() != _OP_KEYS:
        raise BundleError(_("{where}: not an operation (expected the keys {keys})").format(
            where=where, keys=", ".join(sorted(_OP_KEYS))))
    stamp, seq, table, row, values, seen = data["stamp"], data["seq"], data["table"], data["row"], data["data"], \
        data["seen"]
    if not hlc.is_stamp(stamp):
        raise BundleError(_("{where}: “{value}” is not a clock stamp").format(where=where, value=shown(stamp)))
    if not _is_int(seq, 1):
        raise BundleError(_("{where}: the sequence number is not a positive whole number").format(where=where))
    if not isinstance(table, str) or table not in records.TABLES:
        raise BundleError(_("{where}: unknown table “{table}”").format(where=where, table=shown(table)))
    if not checks.is_canonical_id(row):
        raise BundleError(_("{where}: “{value}” is not a record id (a UUID in lowercase)").format(
            where=where, value=shown(row)))
    if not isinstance(values, dict) or not values:
        raise BundleError(_("{where}: the operation changes nothing").format(where=where))
    fast, maps, known = _FAST[table], _MAPS[table], _MAP_NAMES[table]
    limit = checks.MAX_TEXT
    for name, value in values.items():
        rule = fast.get(name)
        if rule is not None:
            if value is None:
                continue
            code, test = rule
            if code is _TEXT1:
                if (type(value) is str and value and len(value) <= limit and test(value) is None
                        and value.strip() == value and (value.isascii() or _NFC("NFC", value))):
                    continue
            elif code is _IN_SET:
                if type(value) is str and value in test:
                    continue
            elif code is _ID or code is _FORM:
                if type(value) is str and test(value) is not None:
                    continue
            elif code is _BOOL:
                if value is True or value is False:
                    continue
            elif code is _TEXTN:
                if (type(value) is str and value and len(value) <= limit and test(value) is None
                        and value.strip("\n") == value and not value.isspace()
                        and (value.isascii() or _NFC("NFC", value))):
                    continue
            try:   # the full check of that field (with its cache); the operation's data is the context
                _CHECKERS[table][name](value, values)
            except ValidationError as exc:
                raise BundleError(_("{where}: {reason}").format(where=where, reason=exc.message)) from None
            continue
        if name not in known and len(known) < _MAP_NAMES_KEPT and _is_map_name(maps, name):
            known.add(name)
        if name in known:
            if not _map_value_ok(value):
                problem = checks.json_problem(value)
                if problem:
                    raise _wrong(where, table, name, problem)
            continue
        if name == merge.DELETED:
            if value is not True and value is not False:
                raise _wrong(where, table, name, _("expected true or false"))
        elif name in merge.STRIPS:
            _check_strip(where, table, name, value, values)
        elif _is_map_name(maps, name):   # well-formed, beyond the names remembered
            problem = checks.json_problem(value)
            if problem:
                raise _wrong(where, table, name, problem)
        else:
            raise BundleError(_("{where}: unknown field “{field}” in table {table}").format(
                where=where, field=shown(name, 60), table=table))
    if table in _HAS_RECORD_RULES:
        try:
            checks.check_record_rules(table, values)
        except ValidationError as exc:
            raise BundleError(_("{where}: {reason}").format(where=where, reason=exc.message)) from None
    if type(seen) is not dict:
        raise BundleError(_("{where}: “seen” is not an object").format(where=where))
    clean_seen: dict[str, tuple[str, ...]] = {}
    for name, stamps in seen.items():
        if name != merge.ALL_FIELDS and name not in _FIELDS[table] and not _is_map_name(maps, name):
            raise BundleError(_("{where}: unknown field “{field}” in table {table}").format(
                where=where, field=shown(name, 60), table=table))
        if (type(stamps) is not list or not stamps or not all(hlc.is_stamp(s) for s in stamps)
                or any(a >= b for a, b in zip(stamps, stamps[1:]))):
            raise BundleError(_("{where}: “seen” of {field} is not a list of clock stamps in ascending order").format(
                where=where, field=shown(name, 60)))
        clean_seen[name] = tuple(stamps)
    return text, stamp, seq, table, row, values, clean_seen


def _is_map_name(maps: frozenset[str], name: str) -> bool:
    base, dot, key = name.partition(".")
    return bool(dot) and base in maps and checks.is_map_key(key)


def _check_strip(where: object, table: str, name: str, value: Any, values: Mapping[str, Any]) -> None:
    """``_erase`` / ``_purge``: the fields (or map keys) it blanks, in order, each also written by the operation.

    An erasure writes each of them as null; a purge writes their new value.
    """
    maps = _MAPS[table]
    ok = (type(value) is list and bool(value)
          and all(type(x) is str and (x in _FIELDS[table] or _is_map_name(maps, x)) and x in values for x in value)
          and all(a < b for a, b in zip(value, value[1:])))
    if ok and name == merge.ERASE:
        ok = all(values[x] is None for x in value)
    if not ok:
        raise _wrong(where, table, name, _("expected the fields it blanks, in order, each also written by the same "
                                           "operation (as null for an erasure)"))


def reparse_operation(raw: bytes, where: object, canonical: bool = True) -> merge.Operation:
    """A line ``parse_operation`` has already accepted, read again for applying: no checks repeated.

    The caller verifies the member's SHA-256 at the end of the stream, so
    bytes that changed since they were checked are refused before commit.
    Every accepted line is canonical JSON, so the data's text is cut out of
    the line and stored as it is (``canonical`` is kept for callers).
    """
    try:
        text = raw.decode("utf-8")
        line = orjson.loads(raw)   # the whole line is one object: checked before
        stamp, seq, table, row, values, seen = line["stamp"], line["seq"], line["table"], line["row"], \
            line["data"], line["seen"]
        return merge.Operation(stamp, table, row, values, {k: tuple(v) for k, v in seen.items()} if seen else {},
                               seq, _data_text(text, stamp, seq, table, row))
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
        self._ops: IO[bytes] | None = self._zip.open(self._info(OPS), "w", force_zip64=True)
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
