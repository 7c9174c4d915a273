"""Small deterministic PNG pictures for demo photos, written in pure Python.

Stored (uncompressed) deflate blocks, because compressed bytes differ between
zlib builds and the same seed must give the same bytes everywhere.
Imports: standard library only.
"""

from __future__ import annotations

import struct
import zlib
from functools import cache

_SHIFTS = [bytes(max(0, min(255, v + shift)) for v in range(256)) for shift in range(-12, 13)]


@cache
def _gradient(top: tuple[int, ...], bottom: tuple[int, ...], width: int, height: int) -> tuple[bytes, ...]:
    """Rows of a diagonal gradient twice as wide as a photo, so each photo can start elsewhere."""
    span = 3 * (height - 1) + 2 * width - 1
    return tuple(b"".join(bytes(int(a + (b - a) * (3 * y + x) / span) for a, b in zip(top, bottom))
                          for x in range(2 * width)) for y in range(height))


def png(width: int, height: int, top: tuple[int, ...], bottom: tuple[int, ...], offset: int,
         grain: bytes) -> bytes:
    """A small RGB picture, stored without compression: compressed bytes differ between zlib builds."""
    rows = _gradient(top, bottom, width, height)
    raw = b"".join(b"\x00" + rows[y][3 * offset:3 * (offset + width)].translate(_SHIFTS[grain[y] % 25])
                   for y in range(height))
    assert len(raw) <= 65535, "one stored deflate block holds at most 65535 bytes"
    deflate = (b"\x78\x01\x01" + struct.pack("<HH", len(raw), len(raw) ^ 0xFFFF) + raw
               + struct.pack(">I", zlib.adler32(raw)))

    def chunk(tag: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + tag + body + struct.pack(">I", zlib.crc32(tag + body))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", deflate) + chunk(b"IEND", b""))
