"""Hostile bundles (issue #3): each case exits 1 with one clear line, writes nothing, leaves no plaintext.

Every case goes through the real command (``cirkular import-bundle``) into a
data directory with records in it; the dump, the operation count and the
files in the data directory must be exactly as before.
"""

from __future__ import annotations

import hashlib
import io
import os
import json
import struct
import zipfile

import pytest

import sync_kit as kit
from cirkular_desktop.sync import bundle_reader, crypto
from cirkular_desktop.sync.bundle import Limits
from cirkular_desktop.errors import BundleError

PASS = "rätt lösenord 42"


def _with_member(name: str, data: bytes = b"x") -> bytes:
    ops = kit.sample_ops()
    ops_bytes = b"".join(kit.line(o) for o in ops)
    manifest = kit.manifest_for(ops_bytes, ops)
    return kit.build_zip([("manifest.json", json.dumps(manifest).encode()), ("ops.jsonl", ops_bytes), (name, data)])


def _nul_name() -> bytes:
    raw = _with_member("attachments/evil!")
    return raw.replace(b"attachments/evil!", b"attachments/evil\x00")


def _symlink() -> bytes:
    ops = kit.sample_ops()
    ops_bytes = b"".join(kit.line(o) for o in ops)
    manifest = kit.manifest_for(ops_bytes, ops)
    return kit.build_zip([("manifest.json", json.dumps(manifest).encode()), ("ops.jsonl", ops_bytes)],
                         symlinks={"ops.jsonl"})


def _duplicate() -> bytes:
    ops = kit.sample_ops()
    ops_bytes = b"".join(kit.line(o) for o in ops)
    manifest = json.dumps(kit.manifest_for(ops_bytes, ops)).encode()
    return kit.build_zip([("manifest.json", manifest), ("ops.jsonl", ops_bytes), ("ops.jsonl", ops_bytes)])


def _bomb() -> bytes:
    # A valid-looking line padded with 20 MB of spaces compresses over a thousand times.
    ops = kit.sample_ops()
    padded = kit.line(ops[0])[:-1] + b" " * (20 << 20) + b"\n" + kit.line(ops[1])
    return kit.with_ops_bytes(padded, ops)


def _lying_zip_size() -> bytes:
    ops = kit.sample_ops()
    ops_bytes = b"".join(kit.line(o) for o in ops)
    manifest = kit.manifest_for(ops_bytes, ops)
    manifest["members"]["ops.jsonl"]["size"] = len(ops_bytes) + 7
    raw = bytearray(kit.build_zip([("manifest.json", json.dumps(manifest).encode()), ("ops.jsonl", ops_bytes)],
                                  compress=zipfile.ZIP_STORED))
    # Patch the uncompressed size of ops.jsonl in its local header and in the central directory.
    for signature, size_at in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while (start := raw.find(signature, start)) >= 0:
            name_at = start + (30 if signature == b"PK\x03\x04" else 46)
            if raw[name_at:name_at + 9] == b"ops.jsonl":
                struct.pack_into("<I", raw, start + size_at, len(ops_bytes) + 7)
            start += 4
    return bytes(raw)


def _manifest_size_lie() -> bytes:
    ops = kit.sample_ops()
    ops_bytes = b"".join(kit.line(o) for o in ops)
    manifest = kit.manifest_for(ops_bytes, ops)
    manifest["members"]["ops.jsonl"]["size"] += 1
    return kit.build_zip([("manifest.json", json.dumps(manifest).encode()), ("ops.jsonl", ops_bytes)])


def _checksum() -> bytes:
    ops = kit.sample_ops()
    ops_bytes = b"".join(kit.line(o) for o in ops)
    manifest = kit.manifest_for(ops_bytes, ops)
    manifest["members"]["ops.jsonl"]["sha256"] = hashlib.sha256(b"something else").hexdigest()
    return kit.build_zip([("manifest.json", json.dumps(manifest).encode()), ("ops.jsonl", ops_bytes)])


def _no_manifest() -> bytes:
    return kit.build_zip([("ops.jsonl", b"".join(kit.line(o) for o in kit.sample_ops()))])


def _edited_manifest(**changes) -> bytes:
    return kit.valid_bundle(**changes)


def _edited_ops_line(mutate) -> bytes:
    ops = kit.sample_ops()
    mutate(ops)
    return kit.with_ops_bytes(b"".join(kit.line(o) for o in ops), kit.sample_ops())


def _raw_ops(text: bytes) -> bytes:
    return kit.with_ops_bytes(text)


def _seal(plain: bytes, **params) -> bytes:
    out = io.BytesIO()
    crypto.seal(plain, PASS, out, **params)
    return out.getvalue()


def _flipped() -> bytes:
    sealed = bytearray(_seal(kit.valid_bundle(), n=2**10))
    sealed[-20] ^= 0x01
    return bytes(sealed)


def _truncated() -> bytes:
    return _seal(kit.valid_bundle(), n=2**10)[:-30]


def _truncated_whole_chunk() -> bytes:
    # Two chunks; drop the final one entirely (a cut exactly at a chunk boundary).
    sealed = _seal(kit.valid_bundle() + b"\0" * 0, n=2**10, chunk=256)
    header_len = struct.unpack(">H", sealed[8:10])[0]
    at = 10 + header_len
    (size,) = struct.unpack(">I", sealed[at:at + 4])
    return sealed[:at + 4 + size]


def _kdf_above_cap() -> bytes:
    sealed = _seal(kit.valid_bundle(), n=2**10)
    header_len = struct.unpack(">H", sealed[8:10])[0]
    header = json.loads(sealed[10:10 + header_len])
    header["n"] = 2**22
    new_header = json.dumps(header, sort_keys=True, separators=(",", ":")).encode()
    return crypto.MAGIC + struct.pack(">H", len(new_header)) + new_header + sealed[10 + header_len:]


def _long_line() -> bytes:
    ops = kit.sample_ops()
    ops[1]["data"]["notes"] = os.urandom(600_000).hex()   # random, so it does not look like a bomb
    return kit.with_ops_bytes(b"".join(kit.line(o) for o in ops), ops)


def _drop_key(ops):
    del ops[1]["seen"]


CASES = {
    "dot-dot name": (lambda: _with_member("../evil.txt"), "not allowed"),
    "nested dot-dot name": (lambda: _with_member("attachments/../../evil"), "not allowed"),
    "absolute name": (lambda: _with_member("/etc/cron.d/evil"), "not allowed"),
    "drive letter": (lambda: _with_member("C:/Windows/evil.exe"), "not allowed"),
    "backslash": (lambda: _with_member("attachments\\..\\evil"), "not allowed"),
    "NUL in name": (_nul_name, "not allowed"),
    "symlink": (_symlink, "link"),
    "duplicate member": (_duplicate, "twice"),
    "unexpected member": (lambda: _with_member("readme.txt"), "unexpected"),
    "zip bomb (ratio)": (_bomb, "ZIP bomb"),
    "declared size differs from real size": (_lying_zip_size, "ops.jsonl"),
    "manifest size differs": (_manifest_size_lie, "manifest says"),
    "checksum mismatch": (_checksum, "checksum"),
    "manifest missing": (_no_manifest, "manifest is missing"),
    "manifest count edited": (lambda: _edited_manifest(counts={"operations": 3, "attachments": 0}), "counts 3"),
    "manifest covers edited": (lambda: _edited_manifest(covers={kit.DEVICE: [[1, 3]]}), "edited"),
    "manifest with unknown key": (lambda: _edited_manifest(extra=1), "edited"),
    "manifest device garbage": (lambda: _edited_manifest(device="../../x"), "edited"),
    # A format or schema from the future is not hostile: it is held until an update (test_compatibility.py).
    "other format": (lambda: _edited_manifest(format="something-else"), "not a Cirkulär bundle"),
    "invalid UTF-8": (lambda: _raw_ops(kit.line(kit.sample_ops()[0])[:-2] + b"\xff\xfe}\n"), "UTF-8"),
    "BOM": (lambda: _raw_ops(b"\xef\xbb\xbf" + b"".join(kit.line(o) for o in kit.sample_ops())), "byte order mark"),
    "duplicate JSON keys": (lambda: _raw_ops(
        b'{"data":{"name":"A","name":"B"},"row":"11111111-1111-4111-8111-111111111111","seen":{},"seq":1,'
        b'"stamp":"' + kit.stamp(kit.NOW_MS + 1).encode() + b'","table":"organization"}\n'), "appears twice"),
    "NaN": (lambda: _raw_ops(
        b'{"data":{"employees":NaN},"row":"11111111-1111-4111-8111-111111111111","seen":{},"seq":1,'
        b'"stamp":"' + kit.stamp(kit.NOW_MS + 1).encode() + b'","table":"organization"}\n'), "NaN"),
    "over-long line": (_long_line, "too long"),
    "not JSON": (lambda: _raw_ops(b"this is not json\n"), "not valid JSON"),
    "missing key in operation": (lambda: _edited_ops_line(_drop_key), "not an operation"),
    "unknown table": (lambda: _edited_ops_line(lambda ops: ops[0].update(table="spaceship")), "unknown table"),
    "unknown field": (lambda: _edited_ops_line(lambda ops: ops[1]["data"].update(colour="red")), "unknown field"),
    "wrong kind of value": (lambda: _edited_ops_line(lambda ops: ops[1]["data"].update(notes=["a"])), "expected text"),
    "bad stamp": (lambda: _edited_ops_line(lambda ops: ops[1].update(stamp="tomorrow")), "clock stamp"),
    "bad record id": (lambda: _edited_ops_line(lambda ops: ops[1].update(row="../x")), "record id"),
    "not a zip": (lambda: b"hello, I am a text file\n" * 10, "not a Cirkulär bundle"),
    "empty file": (lambda: b"", "not a Cirkulär bundle"),
    "truncated zip": (lambda: kit.valid_bundle()[:-40], "not a Cirkulär bundle"),
    "encrypted, no passphrase": (lambda: _seal(kit.valid_bundle(), n=2**10), "passphrase"),
    "encrypted, wrong passphrase": (lambda: _seal(kit.valid_bundle(), n=2**10), "wrong passphrase"),
    "encrypted, flipped byte": (_flipped, "damaged or was altered"),
    "encrypted, truncated": (_truncated, "truncated"),
    "encrypted, final chunk dropped": (_truncated_whole_chunk, "truncated"),
    "encrypted, KDF above the cap": (_kdf_above_cap, "exceed"),
}


@pytest.fixture
def seeded(cli):
    org = cli("add", "organization", "name=Säffle Snickeri AB", "country=SE").out.strip()
    cli("add", "contact", f"organization_id={org}", "name=Anna Berg", "email=anna@example.se")
    return org


@pytest.mark.parametrize("case", list(CASES))
def test_hostile_bundle_is_refused_and_changes_nothing(cli, seeded, data_dir, tmp_path, case):
    make, expected = CASES[case]
    path = tmp_path / "incoming" / "evil.cirkular"
    path.parent.mkdir()
    path.write_bytes(make())
    args = ["import-bundle", str(path)]
    if case.startswith("encrypted") and case != "encrypted, no passphrase":
        secret = tmp_path / "pass.txt"
        secret.write_text("not the passphrase\n" if "wrong" in case else PASS + "\n", encoding="utf-8")
        args += ["--passphrase-file", str(secret)]
    before_dump = cli("dump").out
    before_files = kit.files_under(data_dir)
    incoming_before = kit.files_under(tmp_path)
    result = cli(*args)
    assert result.code == 1, result
    assert result.out == ""
    lines = result.err.strip().splitlines()
    assert len(lines) == 1 and expected in lines[0], result.err
    assert "evil.cirkular" in lines[0]
    assert cli("dump").out == before_dump
    assert kit.files_under(data_dir) == before_files       # no backup, no blobs, nothing extracted
    assert kit.files_under(tmp_path) == incoming_before    # no plaintext or temporary file beside it
    assert cli("import-bundle", "--dry-run", *args[1:]).code == 1


def test_sanity_the_unbroken_bundle_imports(cli, seeded, tmp_path):
    path = tmp_path / "good.cirkular"
    path.write_bytes(kit.valid_bundle())
    result = cli("import-bundle", str(path))
    assert result.code == 0, result
    assert "Gränsbygdens Trä AB" in cli("list", "organization").out
    sealed = tmp_path / "sealed.cirkular"
    sealed.write_bytes(_seal(kit.valid_bundle(), n=2**10))
    secret = tmp_path / "pass.txt"
    secret.write_text(PASS + "\n", encoding="utf-8")
    assert cli("import-bundle", str(sealed), "--passphrase-file", str(secret)).code == 0


def test_total_size_limit_and_member_count_limit():
    data = kit.valid_bundle()
    with pytest.raises(BundleError, match="more than allowed"):
        bundle_reader.open_bundle(data, limits=Limits(max_total=100))
    with pytest.raises(BundleError, match="too many members"):
        bundle_reader.open_bundle(data, limits=Limits(max_members=1))


def test_overlapping_entries_are_refused():
    # Two central-directory entries pointing at the same local file: a classic non-recursive bomb.
    raw = bytearray(kit.valid_bundle())
    ops_at = raw.find(b"PK\x03\x04", 1)
    cd = raw.find(b"PK\x01\x02")
    struct.pack_into("<I", raw, cd + 42, ops_at)   # first entry (manifest) now points at ops.jsonl
    with pytest.raises(BundleError):
        bundle_reader.open_bundle(bytes(raw))


def test_a_refused_bundle_among_good_ones_refuses_the_whole_import(cli, seeded, tmp_path):
    good = tmp_path / "good.cirkular"
    good.write_bytes(kit.valid_bundle())
    bad = tmp_path / "bad.cirkular"
    bad.write_bytes(_checksum())
    before = cli("dump").out
    result = cli("import-bundle", str(good), str(bad))
    assert result.code == 1 and "bad.cirkular" in result.err
    assert cli("dump").out == before
