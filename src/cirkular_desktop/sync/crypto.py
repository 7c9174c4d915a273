"""Passphrase encryption of bundles: AES-256-GCM in chunks, key from scrypt.

Bundles carry personal data and travel by USB stick and e-mail (design §4),
so an exported bundle can be sealed with a passphrase. The sealed file is:

``MAGIC`` (8 bytes) · header length (2 bytes, big endian) · header (canonical
JSON: cipher, kdf and its parameters, salt, nonce prefix, chunk size, key
check) · chunks, each ``length (4 bytes) · ciphertext+tag``. The key is
made from the passphrase without surrounding white space, in Unicode NFC
(``normalise_passphrase``).

Chunk ``i`` is sealed with nonce ``prefix(8) · i(4)`` and associated data
``header · i(4) · final(1)``, so reordering, dropping or appending chunks,
truncating the file, or editing the header all fail authentication. The key
check (the second half of the KDF output) tells a wrong passphrase apart
from a damaged file. scrypt parameters are capped on read: a hostile header
cannot make us allocate gigabytes. Decryption happens in memory only — no
plaintext is ever written to disk.

Imports: errors, i18n, cryptography, standard library.
"""

from __future__ import annotations

import base64
import hmac
import json
import os
import struct
import unicodedata
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from cirkular_desktop.errors import BundleError
from cirkular_desktop.i18n import gettext as _

MAGIC = b"CIRKENC1"
MAGIC_FAMILY = b"CIRKENC"   # followed by the version digit; a higher one comes from a newer Cirkulär
CIPHER = "AES-256-GCM"
KDF = "scrypt"
# Writing: scrypt with 64 MiB of memory (n=2^16, r=8), about a tenth of a second.
DEFAULT_N, DEFAULT_R, DEFAULT_P = 2**16, 8, 1
# Reading: never more than 128 MiB and a bounded amount of work, whatever the header says.
MAX_N, MAX_R, MAX_P = 2**17, 8, 4
CHUNK = 1 << 20
MAX_CHUNK = 4 << 20
MAX_HEADER = 4096
TAG = 16


def is_sealed(head: bytes) -> bool:
    return head.startswith(MAGIC)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _derive(passphrase: str, salt: bytes, n: int, r: int, p: int) -> tuple[bytes, bytes]:
    material = Scrypt(salt=salt, length=64, n=n, r=r, p=p).derive(passphrase.encode("utf-8"))
    return material[:32], material[32:]


def normalise_passphrase(passphrase: str) -> str:
    """The passphrase as keys are made from it: without surrounding white space, in Unicode NFC.

    An "ä" typed as one code point on one computer and as "a" plus a
    combining diaeresis on another (macOS, some keyboards) is the same
    passphrase, and so is one copied with a stray space or line break.
    """
    return unicodedata.normalize("NFC", passphrase.strip())


def check_passphrase(passphrase: str) -> str:
    """The normalised passphrase, or a refusal when it is empty or shorter than 8 characters."""
    normal = normalise_passphrase(passphrase or "")
    if not normal:
        raise BundleError(_("the passphrase is empty"), field="passphrase")
    if len(normal) < 8:
        raise BundleError(_("the passphrase is too short: use at least 8 characters"), field="passphrase")
    return normal


def seal(plaintext: bytes, passphrase: str, out: BinaryIO, *, n: int = DEFAULT_N, r: int = DEFAULT_R,
         p: int = DEFAULT_P, chunk: int = CHUNK) -> None:
    """Encrypt ``plaintext`` with a key derived from ``passphrase`` and write the sealed form to ``out``."""
    passphrase = check_passphrase(passphrase)
    salt, prefix = os.urandom(16), os.urandom(8)
    key, check = _derive(passphrase, salt, n, r, p)
    header = json.dumps({"chunk": chunk, "cipher": CIPHER, "kdf": KDF, "n": n, "p": p, "r": r,
                         "salt": _b64(salt), "nonce": _b64(prefix), "check": _b64(check)},
                        sort_keys=True, separators=(",", ":")).encode("ascii")
    out.write(MAGIC + struct.pack(">H", len(header)) + header)
    aead = AESGCM(key)
    count = max(1, -(-len(plaintext) // chunk))
    view = memoryview(plaintext)
    for index in range(count):
        final = index == count - 1
        piece = bytes(view[index * chunk:(index + 1) * chunk])
        counter = struct.pack(">I", index)
        sealed = aead.encrypt(prefix + counter, piece, header + counter + (b"\x01" if final else b"\x00"))
        out.write(struct.pack(">I", len(sealed)) + sealed)


def _header_error(name: str) -> BundleError:
    return BundleError(_("{name}: the encryption header is damaged or not supported").format(name=name))


def _read_exact(source: BinaryIO, size: int, name: str) -> bytes:
    data = source.read(size)
    if len(data) != size:
        raise BundleError(_("{name}: the encrypted bundle is truncated").format(name=name))
    return data


def open_sealed(source: BinaryIO, passphrase: str | None, *, name: str, max_size: int) -> bytes:
    """Decrypt a sealed bundle into memory; refuse wrong passphrases, tampering and truncation."""
    if source.read(len(MAGIC)) != MAGIC:
        raise BundleError(_("{name} is not an encrypted Cirkulär bundle").format(name=name))
    if not passphrase:
        raise BundleError(_("{name} is encrypted: give its passphrase (--passphrase-file)").format(name=name),
                          field="passphrase")
    (length,) = struct.unpack(">H", _read_exact(source, 2, name))
    if length > MAX_HEADER:
        raise _header_error(name)
    header = _read_exact(source, length, name)
    try:
        fields = json.loads(header.decode("ascii"))
        n, r, p, chunk = (int(fields[k]) for k in ("n", "r", "p", "chunk"))
        salt = base64.b64decode(fields["salt"], validate=True)
        prefix = base64.b64decode(fields["nonce"], validate=True)
        check = base64.b64decode(fields["check"], validate=True)
        if fields["cipher"] != CIPHER or fields["kdf"] != KDF:
            raise ValueError("unsupported")
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        raise _header_error(name) from None
    if not (2 <= n <= MAX_N and n & (n - 1) == 0 and 1 <= r <= MAX_R and 1 <= p <= MAX_P):
        raise BundleError(_("{name}: the key derivation parameters exceed the allowed limits").format(name=name))
    if not (1 <= chunk <= MAX_CHUNK) or len(salt) < 16 or len(prefix) != 8 or len(check) != 32:
        raise _header_error(name)
    # The normalised passphrase (how every bundle is sealed now); then as given, for bundles sealed by earlier
    # versions, which used it unchanged.
    for candidate in dict.fromkeys((normalise_passphrase(passphrase), passphrase)):
        key, expected = _derive(candidate, salt, n, r, p)
        if hmac.compare_digest(check, expected):
            break
    else:
        raise BundleError(_("{name}: wrong passphrase").format(name=name), field="passphrase")
    aead = AESGCM(key)
    parts: list[bytes] = []
    total = 0
    index = 0
    while True:
        raw = source.read(4)
        if not raw:
            raise BundleError(_("{name}: the encrypted bundle is truncated").format(name=name))
        if len(raw) != 4:
            raise BundleError(_("{name}: the encrypted bundle is truncated").format(name=name))
        (size,) = struct.unpack(">I", raw)
        if size < TAG or size > chunk + TAG:
            raise BundleError(_("{name}: the encrypted bundle is damaged or was altered").format(name=name))
        sealed = _read_exact(source, size, name)
        counter = struct.pack(">I", index)
        plain = None
        for final in (b"\x00", b"\x01"):
            try:
                plain = aead.decrypt(prefix + counter, sealed, header + counter + final)
            except InvalidTag:
                continue
            break
        if plain is None:
            raise BundleError(_("{name}: the encrypted bundle is damaged or was altered").format(name=name))
        total += len(plain)
        if total > max_size:
            raise BundleError(_("{name}: the bundle is larger than allowed").format(name=name))
        parts.append(plain)
        index += 1
        if final == b"\x01":
            if source.read(1):
                raise BundleError(_("{name}: the encrypted bundle has data after its end").format(name=name))
            return b"".join(parts)
