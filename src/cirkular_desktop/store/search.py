"""Full-text search support: the derived text indexed beside a record, and query building.

The FTS5 index covers a record's searchable fields plus ``search_text``:
words a person types but the record only holds as codes — the municipality's
name for an organization, the material category in all three languages and
the waste codes written with spaces and the NS 9431 number's name for a
stream, the industry code's names for an organization. Queries match word
prefixes, so typing "säf" finds Säffle. Imports: core, standard library.
"""

from __future__ import annotations

import re
from typing import Any, Mapping

_TOKEN_RE = re.compile(r"\w+", re.UNICODE)


def fts_query(text: str) -> str:
    """An FTS5 MATCH expression: every typed word must start a word in the record."""
    tokens = _TOKEN_RE.findall(text or "")
    return " AND ".join(f'"{token}"*' for token in tokens[:12])


def extra_text(table: str, values: Mapping[str, Any]) -> str | None:
    parts: list[str] = []
    if table == "organization" and values.get("municipality"):
        from cirkular_desktop.core import municipalities

        found = municipalities.get(values["municipality"])
        if found is not None:
            parts.append(found.name)
    if table == "organization" and values.get("industry_code"):
        from cirkular_desktop.core import industry

        # The class's (or its division's) name in all three languages, and the code without its dot.
        parts.extend(industry.search_words(values["industry_code"]))
        parts.append(str(values["industry_code"]).replace(".", ""))
    if table in ("stream", "need"):
        category = values.get("material_category")
        if category:
            from cirkular_desktop.core import materials

            found_material = materials.get(category)
            if found_material is not None:
                parts.extend(found_material.names.values())
        for code in values.get("waste_codes") or ():
            parts.append(f"{code[:2]} {code[2:4]} {code[4:]}")
        if values.get("ns9431_code"):
            from cirkular_desktop.core import ns9431

            parts.extend(ns9431.search_words(values["ns9431_code"]))
    return " ".join(parts) or None
