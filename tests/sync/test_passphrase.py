"""How a passphrase is read and normalised (issue #13, docs/bundle-format.md §7).

An "ä" typed as one code point opens a bundle sealed with "a" and a
combining diaeresis, and the other way round; white space around the
passphrase does not count; a passphrase file is read up to its first line
ending (a UTF-8 byte order mark ignored). Bundles sealed by earlier versions,
which used the passphrase exactly as given, still open with it.
"""

from __future__ import annotations

import io
import unicodedata

import pytest

from cirkular_desktop.errors import BundleError
from cirkular_desktop.services import sync
from cirkular_desktop.sync import crypto

COMPOSED = unicodedata.normalize("NFC", "Ängsö sommar 2026")
DECOMPOSED = unicodedata.normalize("NFD", COMPOSED)


def _sealed(passphrase: str) -> bytes:
    out = io.BytesIO()
    crypto.seal(b"PK\x03\x04 plaintext", passphrase, out, n=2**10)
    return out.getvalue()


def _opened(data: bytes, passphrase: str) -> bytes:
    return crypto.open_sealed(io.BytesIO(data), passphrase, name="b.cirkular", max_size=1 << 20)


@pytest.mark.parametrize("sealed_with, opened_with", [
    (COMPOSED, DECOMPOSED), (DECOMPOSED, COMPOSED), (COMPOSED, "  " + COMPOSED + "\t"), (" " + DECOMPOSED, COMPOSED),
])
def test_the_same_passphrase_in_another_unicode_form_or_with_spaces_opens_the_bundle(sealed_with, opened_with):
    assert COMPOSED != DECOMPOSED
    assert _opened(_sealed(sealed_with), opened_with) == b"PK\x03\x04 plaintext"


def test_another_passphrase_is_still_wrong():
    with pytest.raises(BundleError, match="wrong passphrase"):
        _opened(_sealed(COMPOSED), "Angso sommar 2026")


def test_a_bundle_sealed_by_an_earlier_version_with_the_passphrase_as_given_opens(monkeypatch):
    monkeypatch.setattr(crypto, "check_passphrase", lambda p: p)     # earlier versions: no normalisation
    old = _sealed(DECOMPOSED + " ")
    monkeypatch.undo()
    assert _opened(old, DECOMPOSED + " ") == b"PK\x03\x04 plaintext"


@pytest.mark.parametrize("content", [
    COMPOSED.encode() + b"\n", DECOMPOSED.encode() + b"\r\n", COMPOSED.encode() + b"  \nsecond line\n",
    b"\xef\xbb\xbf" + COMPOSED.encode(), COMPOSED.encode() + b"\rold mac line end",
], ids=["LF", "CRLF, decomposed", "trailing spaces, second line", "byte order mark", "CR"])
def test_a_passphrase_file_gives_its_first_line(tmp_path, content):
    path = tmp_path / "pass.txt"
    path.write_bytes(content)
    assert crypto.normalise_passphrase(sync.read_passphrase_file(path)) == COMPOSED


def test_an_empty_passphrase_file_is_refused(tmp_path):
    path = tmp_path / "pass.txt"
    path.write_bytes(b"   \n")
    with pytest.raises(Exception, match="empty"):
        sync.read_passphrase_file(path)
