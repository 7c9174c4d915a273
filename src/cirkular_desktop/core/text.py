"""Pick the right language from multilingual resource texts. Imports: i18n."""

from __future__ import annotations

from typing import Mapping

from cirkular_desktop import i18n


def pick(texts: Mapping[str, str] | str | None, lang: str | None = None) -> str:
    """Return the text for ``lang`` (default: active language), falling back to English."""
    if texts is None:
        return ""
    if isinstance(texts, str):
        return texts
    lang = lang or i18n.get_language()
    return texts.get(lang) or texts.get("en") or next(iter(texts.values()), "")
