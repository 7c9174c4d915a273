"""A second reader of Cirkulär bundles, written from docs/bundle-format.md alone.

It imports nothing of Cirkulär — only the standard library and
``cryptography`` — and takes the tables and fields from the specification's
generated field list (§5), so the test vectors prove that the document is
enough to read a bundle: the same verdicts (applied, held, refused) and the
same ``dump`` (§11) and conflicts (§3.3) as the program. If the program and
the document drift apart, one of the two readers disagrees with the vectors.

Not a test module: ``tests/sync/test_vectors.py`` drives it.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import io
import json
import re
import stat
import struct
import unicodedata
import zipfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from independent_values import DATE_ORDER, MAX_INT, MAP_KEY, UUID, FieldSpec, json_ok, value_ok

DOC = Path(__file__).resolve().parents[2] / "docs" / "bundle-format.md"
DAY_MS = 24 * 3600 * 1000
STAMP = re.compile(r"^([0-9]{15})-([0-9]{5})-([0-9a-f]{16})$")
DEVICE = re.compile(r"^[0-9a-f]{16}$")
SHA = re.compile(r"^[0-9a-f]{64}$")


class Refused(Exception):
    def __init__(self, category: str, why: str) -> None:
        super().__init__(f"{category}: {why}")
        self.category = category


class Held(Exception):
    def __init__(self, category: str, why: str) -> None:
        super().__init__(f"{category}: {why}")
        self.category = category


# --- §5: the field list, read from the document ---------------------------------------------------

@dataclass
class Schema:
    format_version: int
    version: int
    tables: dict[str, dict[str, FieldSpec]]


def load_schema(text: str | None = None) -> Schema:
    text = DOC.read_text(encoding="utf-8") if text is None else text
    format_version = int(re.search(r"^# Cirkulär bundle format, version (\d+)$", text, re.M).group(1))
    part = text[text.index("<!-- fields:begin -->"):text.index("<!-- fields:end -->")]
    version = int(re.search(r"Schema version (\d+):", part).group(1))
    tables: dict[str, dict[str, FieldSpec]] = {}
    current: dict[str, FieldSpec] | None = None
    for line in part.splitlines():
        heading = re.match(r"^### `([a-z_]+)`$", line)
        if heading:
            current = tables.setdefault(heading.group(1), {})
            continue
        row = re.match(r"^\| `([a-z_0-9]+)` \| ([a-z0-9_]+) \|([^|]*)\|([^|]*)\|([^|]*)\|(.*)\|$", line)
        if row and current is not None:
            spec = FieldSpec(row.group(1), row.group(2))
            for rule in filter(None, (r.strip() for r in row.group(6).split(";"))):
                if rule.startswith(("one of ", "any of ")):
                    spec.choices = re.findall(r"`([^`]+)`", rule)
                elif rule.startswith("→"):
                    spec.ref = re.search(r"`([^`]+)`", rule).group(1)
                elif rule.startswith("≥"):
                    spec.minimum = Decimal(rule[1:].strip())
                elif rule.startswith("≤"):
                    spec.maximum = Decimal(rule[1:].strip())
                elif rule.startswith("shape"):
                    spec.shape = re.search(r"`([^`]+)`", rule).group(1)
            current[spec.name] = spec
    return Schema(format_version, version, tables)


# --- §3.1: canonical JSON -----------------------------------------------------------------------------

def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise ValueError("duplicate key")
        out[key] = value
    return out


def _no_constant(name: str) -> Any:
    raise ValueError(name)


def strict_json(raw: bytes) -> Any:
    if raw.startswith(b"\xef\xbb\xbf"):
        raise ValueError("byte order mark")
    return json.loads(raw.decode("utf-8"), object_pairs_hook=_pairs, parse_constant=_no_constant)


def canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


# --- §1, §2, §7: opening ---------------------------------------------------------------------------

def decrypt(data: bytes, passphrase: str | None) -> bytes:
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    if data[:8] != b"CIRKENC1":
        raise Held("newer", "an encryption of a later version")
    if not passphrase:
        raise Refused("passphrase", "encrypted")
    (length,) = struct.unpack(">H", data[8:10])
    header = data[10:10 + length]
    fields = json.loads(header)
    n, r, p, chunk = fields["n"], fields["r"], fields["p"], fields["chunk"]
    if n > 2**17 or r > 8 or p > 4 or chunk > 4 << 20:
        raise Refused("encryption", "parameters above the caps")
    salt, prefix, check = (base64.b64decode(fields[k]) for k in ("salt", "nonce", "check"))
    key = None
    for candidate in dict.fromkeys((unicodedata.normalize("NFC", passphrase.strip()), passphrase)):
        material = Scrypt(salt=salt, length=64, n=n, r=r, p=p).derive(candidate.encode("utf-8"))
        if hmac.compare_digest(material[32:], check):
            key = material[:32]
            break
    if key is None:
        raise Refused("passphrase", "wrong passphrase")
    aead, at, index, out = AESGCM(key), 10 + length, 0, bytearray()
    while True:
        (size,) = struct.unpack(">I", data[at:at + 4])
        sealed = data[at + 4:at + 4 + size]
        at += 4 + size
        final = at >= len(data)
        counter = struct.pack(">I", index)
        try:
            out += aead.decrypt(prefix + counter, sealed, header + counter + (b"\x01" if final else b"\x00"))
        except InvalidTag:
            raise Refused("encryption", "damaged or altered") from None
        if final:
            return bytes(out)
        index += 1


def read_passphrase_file(path: Path) -> str:
    text = path.read_bytes().decode("utf-8")
    if text.startswith("\ufeff"):
        text = text[1:]
    return re.split(r"\r\n|\r|\n", text, maxsplit=1)[0]


def _ranges(numbers: list[int]) -> list[list[int]]:
    out: list[list[int]] = []
    for n in sorted(numbers):
        if out and n == out[-1][1] + 1:
            out[-1][1] = n
        else:
            out.append([n, n])
    return out


def _expand(rs: list[list[int]]) -> set[int]:
    return {n for low, high in rs for n in range(low, high + 1)}


@dataclass
class Bundle:
    manifest: dict[str, Any]
    ops: list[dict[str, Any]]
    blobs: dict[str, bytes]


def open_bundle(data: bytes, schema: Schema, passphrase: str | None = None, now_ms: int | None = None) -> Bundle:
    if data.startswith(b"CIRKENC"):
        data = decrypt(data, passphrase)
    if not data.startswith(b"PK\x03\x04"):
        raise Refused("container", "not a ZIP file")
    archive = zipfile.ZipFile(io.BytesIO(data))
    names = [i.filename for i in archive.infolist()]
    if len(names) != len(set(names)):
        raise Refused("container", "duplicate member")
    for info in archive.infolist():
        if info.compress_type not in (0, 8) or info.flag_bits & 1 or stat.S_ISLNK(info.external_attr >> 16) \
                or info.is_dir():
            raise Refused("container", info.filename)
        if info.filename not in ("manifest.json", "ops.jsonl") and not (
                info.filename.startswith("attachments/") and SHA.match(info.filename[12:])):
            raise Refused("container", f"member {info.filename!r}")
    try:
        manifest = strict_json(archive.read("manifest.json"))
    except (KeyError, ValueError) as exc:
        raise Refused("manifest", str(exc)) from None
    if not isinstance(manifest, dict) or manifest.get("format") != "cirkular-bundle":
        raise Refused("manifest", "format")
    if not isinstance(manifest.get("format_version"), int) or not isinstance(manifest.get("schema_version"), int):
        raise Refused("manifest", "versions")
    if manifest["format_version"] > schema.format_version or manifest["schema_version"] > schema.version:
        raise Held("newer", "update Cirkulär to read this bundle")
    keys = {"format", "format_version", "schema_version", "bundle_id", "device", "device_name", "created",
            "created_stamp", "full", "covers", "holds", "counts", "members", "app_version"}
    if set(manifest) != keys or not DEVICE.match(str(manifest["device"])) \
            or not STAMP.match(str(manifest["created_stamp"])) \
            or manifest["created_stamp"][-16:] != manifest["device"] or not isinstance(manifest["full"], bool):
        raise Refused("manifest", "keys, device or created_stamp")
    members = manifest["members"]
    if set(members) != set(names) - {"manifest.json"} or "ops.jsonl" not in members:
        raise Refused("manifest", "members")
    blobs: dict[str, bytes] = {}
    for name, info in members.items():
        body = archive.read(name)
        if len(body) != info["size"] or hashlib.sha256(body).hexdigest() != info["sha256"]:
            raise Refused("checksum", f"{name} does not match its checksum")
        if name != "ops.jsonl":
            if info["sha256"] != name[12:]:
                raise Refused("checksum", name)
            blobs[name[12:]] = body
    body = archive.read("ops.jsonl")
    if body and not body.endswith(b"\n"):
        raise Refused("operation", "last line incomplete")
    ops = [_operation(line, schema) for line in body.split(b"\n")[:-1]] if body else []
    by_device: dict[str, list[int]] = {}
    for o in ops:
        by_device.setdefault(o["stamp"][-16:], []).append(o["seq"])
    if any(len(set(seqs)) != len(seqs) for seqs in by_device.values()) or len({o["stamp"] for o in ops}) != len(ops):
        raise Refused("operation", "an operation appears twice")
    covers = {d: _ranges(s) for d, s in by_device.items()}
    if covers != {d: rs for d, rs in manifest["covers"].items() if rs} or manifest["counts"] != {
            "operations": len(ops), "attachments": len(blobs)}:
        raise Refused("manifest", "covers or counts")
    holds = manifest["holds"]
    if any(not _expand(rs) <= _expand(holds.get(d, [])) for d, rs in covers.items()):
        raise Refused("manifest", "holds")
    own = holds.get(manifest["device"])
    if own is not None and (len(own) != 1 or own[0][0] != 1):
        raise Refused("manifest", "holds")
    if manifest["full"] and {d: rs for d, rs in holds.items() if rs} != covers:
        raise Refused("manifest", "holds")
    clock = manifest["created_stamp"][:21]
    if any(o["stamp"][:21] > clock for o in ops):
        raise Refused("manifest", "created_stamp")
    now = int(dt.datetime.now(dt.timezone.utc).timestamp() * 1000) if now_ms is None else now_ms
    created = int(dt.datetime.fromisoformat(manifest["created"]).timestamp() * 1000)
    latest = max([int(o["stamp"][:15]) for o in ops] + [created, int(clock[:15])])
    if latest > now + DAY_MS:
        raise Held("ahead", "quarantined: stamped more than a day ahead")
    return Bundle(manifest, ops, blobs)


def _operation(line: bytes, schema: Schema) -> dict[str, Any]:
    try:
        o = strict_json(line)
    except (ValueError, UnicodeDecodeError) as exc:
        raise Refused("operation", str(exc)) from None
    if canonical(o).encode("utf-8") != line:
        raise Refused("canonical", "not canonical JSON")
    if not isinstance(o, dict) or set(o) != {"stamp", "seq", "table", "row", "data", "seen"}:
        raise Refused("operation", "keys")
    if not (isinstance(o["stamp"], str) and STAMP.match(o["stamp"])) or isinstance(o["seq"], bool) \
            or not isinstance(o["seq"], int) or not 1 <= o["seq"] <= MAX_INT:
        raise Refused("operation", "stamp or seq")
    fields = schema.tables.get(o["table"])
    if fields is None or not (isinstance(o["row"], str) and UUID.match(o["row"])):
        raise Refused("operation", "table or row")
    data, seen = o["data"], o["seen"]
    if not isinstance(data, dict) or not data or not isinstance(seen, dict):
        raise Refused("operation", "data or seen")

    def known(name: str) -> bool:
        base, dot, key = name.partition(".")
        spec = fields.get(base)
        return spec is not None and ((not dot and spec.kind != "map") or (dot and spec.kind == "map"
                                                                            and bool(MAP_KEY.match(key))))

    for name, value in data.items():
        if name == "_deleted":
            if not isinstance(value, bool):
                raise Refused("value", name)
        elif name in ("_erase", "_purge"):
            if not (isinstance(value, list) and value and all(isinstance(x, str) and known(x) and x in data
                                                              for x in value)
                    and all(a < b for a, b in zip(value, value[1:]))):
                raise Refused("value", name)
            if name == "_erase" and any(data[x] is not None for x in value):
                raise Refused("value", name)
        elif not known(name):
            raise Refused("value", f"unknown field {name}")
        elif "." in name:
            if not json_ok(value):
                raise Refused("value", name)
        elif not value_ok(fields[name], value, data):
            raise Refused("value", f"{o['table']}.{name}")
    for table, start, end in DATE_ORDER:
        if o["table"] == table and isinstance(data.get(start), str) and isinstance(data.get(end), str) \
                and data[end] < data[start]:
            raise Refused("value", f"{end} before {start}")
    for name, stamps in seen.items():
        if (name != "*" and not known(name)) or not isinstance(stamps, list) or not stamps \
                or not all(isinstance(s, str) and STAMP.match(s) for s in stamps) \
                or any(a >= b for a, b in zip(stamps, stamps[1:])):
            raise Refused("operation", f"seen of {name}")
    return o


# --- §3.3, §8, §11: a replica -------------------------------------------------------------------------

class Replica:
    """The operations one database holds, and what its records and conflicts are."""

    def __init__(self, schema: Schema, device: str) -> None:
        self.schema = schema
        self.device = device
        self.ops: dict[tuple[str, int], dict[str, Any]] = {}

    def import_bundle(self, b: Bundle) -> None:
        new = []
        for o in b.ops:
            key = (o["stamp"][-16:], o["seq"])
            held = self.ops.get(key)
            if held is None:
                if key[0] == self.device:
                    raise Refused("own-device", "changes under this laptop's own device id it never made")
                new.append((key, o))
            elif not _same(held, o):
                raise Refused("held-differently", f"change {key[1]} of device {key[0]} differs")
        self.ops.update(new)

    def _rows(self) -> dict[tuple[str, str], list[dict[str, Any]]]:
        rows: dict[tuple[str, str], list[dict[str, Any]]] = {}
        for o in self.ops.values():
            rows.setdefault((o["table"], o["row"]), []).append(o)
        return rows

    def state(self) -> tuple[dict[str, list[dict[str, Any]]], list[dict[str, Any]]]:
        tables: dict[str, list[dict[str, Any]]] = {name: [] for name in self.schema.tables}
        conflicts: list[dict[str, Any]] = []
        for (table, row), ops in sorted(self._rows().items()):
            record, found = fold(table, row, ops, self.schema.tables[table])
            tables[table].append(record)
            conflicts += found
        for records in tables.values():
            records.sort(key=lambda r: r["id"])
        conflicts.sort(key=lambda c: (c["table"], c["record_id"], c["field"], c["stamp"]))
        return tables, conflicts

    def dump(self) -> str:
        tables, _conflicts = self.state()
        return json.dumps({"format": "cirkular-dump", "tables": tables, "version": 1}, sort_keys=True,
                          ensure_ascii=False, indent=2) + "\n"

    def conflicts(self) -> list[dict[str, Any]]:
        return self.state()[1]


def _same(a: dict[str, Any], b: dict[str, Any]) -> bool:
    if (a["stamp"], a["table"], a["row"], a["seen"]) != (b["stamp"], b["table"], b["row"], b["seen"]):
        return False
    if a["data"].keys() != b["data"].keys():
        return False
    return all(x is None or y is None or canonical(x) == canonical(y)
               for x, y in ((a["data"][k], b["data"][k]) for k in a["data"]))


def fold(table: str, row: str, ops: list[dict[str, Any]], fields: dict[str, FieldSpec]
         ) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    ops = sorted(ops, key=lambda o: o["stamp"])
    covered: dict[str, set[str]] = {}
    covered_all: set[str] = set()
    deleted_stamp = None
    erased: set[str] = set()
    bounds: dict[str, str] = {}
    writers: dict[str, list[dict[str, Any]]] = {}
    for o in ops:
        for name, stamps in o["seen"].items():
            (covered_all if name == "*" else covered.setdefault(name, set())).update(stamps)
        for name, value in o["data"].items():
            if name == "_deleted":
                if value is True and deleted_stamp is None:
                    deleted_stamp = o["stamp"]
            elif name == "_erase":
                erased.update(value)
            elif name == "_purge":
                for purged in value:
                    bounds[purged] = o["stamp"]
            else:
                writers.setdefault(name, []).append(o)
    values: dict[str, Any] = {}
    conflicts: list[dict[str, Any]] = []
    for name, by in writers.items():
        if name in bounds:
            by = [o for o in by if o["stamp"] >= bounds[name]]
            if not by:
                values[name] = None
                continue
        winner = by[-1]
        if name in erased:
            values[name] = None
            continue
        values[name] = winner["data"][name]
        seen = covered.get(name, set()) | covered_all
        taken: set[str] = set()
        for o in reversed(by if deleted_stamp else by[:-1]):
            text = canonical(o["data"][name])
            if o["stamp"] in seen or (not deleted_stamp and text == canonical(values[name])) or text in taken:
                continue
            taken.add(text)
            conflict_id = hashlib.sha256(f"{table}\x1f{row}\x1f{name}\x1f{o['stamp']}".encode()).hexdigest()[:24]
            conflicts.append({"id": conflict_id, "table": table, "record_id": row, "field": name,
                              "value": o["data"][name], "stamp": o["stamp"],
                              "current_value": None if deleted_stamp else values[name],
                              "current_stamp": deleted_stamp or winner["stamp"]})
    if deleted_stamp:
        return {"deleted": True, "id": row}, conflicts
    record: dict[str, Any] = {"id": row, "deleted": False, "erased": bool(erased)}
    for name, spec in fields.items():
        if spec.kind == "map":
            keys = {k[len(name) + 1:]: v for k, v in values.items() if k.startswith(name + ".") and v is not None}
            record[name] = dict(sorted(keys.items())) or None
        else:
            record[name] = values.get(name)
    return record, conflicts
