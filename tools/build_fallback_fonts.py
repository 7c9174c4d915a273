"""Rebuild the fallback fonts in resources/fonts from their published packages (developer tool).

The PDFs are set in DejaVu Sans. Characters it cannot draw (emoji, CJK,
rarer symbols) are set in these fallback fonts, each shipped with its
licence, subset so the repository stays small:

- NotoEmoji-Regular.ttf — Noto Emoji (SIL OFL 1.1), the monochrome emoji
  font, static instance at weight 400 of the variable font as published on
  PyPI in the ``manimgx-fonts`` wheel (``NotoEmoji[wght].ttf``); only the
  characters DejaVu Sans lacks.
- NotoSansSymbols2-Regular.ttf — Noto Sans Symbols 2 (SIL OFL 1.1) from
  Debian's ``fonts-noto-core``; only the characters neither DejaVu Sans nor
  Noto Emoji has.
- DroidSansFallback-CJK.ttf — Droid Sans Fallback (Apache 2.0) from
  Debian's ``fonts-droid-fallback``; the Chinese and Japanese characters of
  GB 2312 and JIS X 0208 (about 10,000: names and addresses, not literature),
  kana, CJK punctuation and full-width forms.

Usage (needs fontTools, which the app itself does not)::

    python tools/build_fallback_fonts.py NotoEmoji[wght].ttf NotoSansSymbols2-Regular.ttf \
        DroidSansFallbackFull.ttf resources/fonts
"""

from __future__ import annotations

import sys
from pathlib import Path


def _cjk_common() -> set[int]:
    found: set[int] = set()
    for encoding in ("gb2312", "euc_jp"):
        for high in range(0xA1, 0xFF):
            for low in range(0xA1, 0xFF):
                try:
                    found.add(ord(bytes([high, low]).decode(encoding)))
                except (UnicodeDecodeError, TypeError):
                    pass
    return found | set(range(0x3000, 0x3100)) | set(range(0xFF00, 0xFFF0))


def main(emoji: str, symbols: str, droid: str, out: str) -> None:
    from fontTools import subset
    from fontTools.ttLib import TTFont
    from fontTools.varLib import instancer

    target = Path(out)
    dejavu = set(TTFont(target / "DejaVuSans.ttf").getBestCmap())

    def save(font: TTFont, keep: set[int], name: str) -> None:
        options = subset.Options()
        options.hinting = False
        options.layout_features = []
        options.name_IDs = ["*"]
        options.notdef_outline = True
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=keep & set(font.getBestCmap()))
        subsetter.subset(font)
        font.save(target / name)
        print(name, (target / name).stat().st_size, "bytes")

    emoji_font = instancer.instantiateVariableFont(TTFont(emoji), {"wght": 400})
    emoji_chars = set(emoji_font.getBestCmap()) - dejavu
    save(emoji_font, emoji_chars, "NotoEmoji-Regular.ttf")
    symbols_font = TTFont(symbols)
    save(symbols_font, set(symbols_font.getBestCmap()) - dejavu - emoji_chars, "NotoSansSymbols2-Regular.ttf")
    save(TTFont(droid), _cjk_common() - dejavu, "DroidSansFallback-CJK.ttf")


if __name__ == "__main__":
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    main(*sys.argv[1:])
