"""Photos in documents: decoded from bytes, downscaled, fitted into a box.

A phone photo is 3–12 MB; ReportLab embeds an image at its full resolution
whatever size it is drawn, so a summary with ten photos would weigh 50 MB.
When Pillow is available (ReportLab itself depends on it) a photo is
re-encoded as a JPEG of at most ``MAX_PIXELS`` on its long side, which prints
sharply at the size used (about 200 dpi); otherwise it is only drawn smaller.

Imports: reportlab, standard library (Pillow optionally, through a guarded import).
"""

from __future__ import annotations

import io
from typing import Any

from reportlab.lib.utils import ImageReader
from reportlab.platypus import Image

MAX_PIXELS = 900
JPEG_QUALITY = 82


def downscale(data: bytes, max_pixels: int = MAX_PIXELS) -> bytes:
    """The photo re-encoded small enough to print; the original bytes when Pillow is missing."""
    try:
        from PIL import Image as PILImage, ImageOps
    except ImportError:  # pragma: no cover - ReportLab requires Pillow, but stay usable without it
        return data
    with PILImage.open(io.BytesIO(data)) as opened:
        img = ImageOps.exif_transpose(opened)  # phones store portrait photos sideways plus a flag
        if max(img.size) <= max_pixels and img.format == "JPEG":
            return data
        img.thumbnail((max_pixels, max_pixels))
        if img.mode in ("RGBA", "LA", "P"):
            rgba = img.convert("RGBA")
            flat = PILImage.new("RGB", rgba.size, (255, 255, 255))
            flat.paste(rgba, mask=rgba.split()[-1])
            img = flat
        elif img.mode != "RGB":
            img = img.convert("RGB")
        out = io.BytesIO()
        img.save(out, format="JPEG", quality=JPEG_QUALITY, optimize=True)
        return out.getvalue()


def photo_flowable(data: bytes, max_width: float, max_height: float) -> Any | None:
    """An Image flowable fitted into the box keeping its proportions; None if unreadable."""
    try:
        small = downscale(data)
        reader = ImageReader(io.BytesIO(small))
        width, height = reader.getSize()
    except Exception:  # a damaged file is left out of the document rather than failing it
        return None
    if width <= 0 or height <= 0:
        return None
    scale = min(max_width / width, max_height / height)
    return Image(io.BytesIO(small), width=width * scale, height=height * scale)
