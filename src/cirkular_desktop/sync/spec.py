"""The field list of the bundle format (docs/bundle-format.md §5), generated from ``core.records``.

The tables, fields, kinds, choices and limits a bundle may carry are written
into the specification from the one description of the data, between the
markers ``<!-- fields:begin -->`` and ``<!-- fields:end -->``, so the
document cannot drift from the program: a test compares them, and after a
change of ``core/records.py`` this regenerates the list::

    .venv/bin/python -m cirkular_desktop.sync.spec --write docs/bundle-format.md

The layout is fixed (an independent reader in the tests parses it): per
table a heading ``### `name` ``, one line of facts, and a table with the
columns field, kind, required, personal, default, rules.

Imports: core.records, sync.bundle, standard library.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from cirkular_desktop.core import checks, records
from cirkular_desktop.sync import bundle

BEGIN = "<!-- fields:begin -->"
END = "<!-- fields:end -->"


def _number(value: Any) -> str:
    return checks.canonical_decimal(value)


def _rules(f: records.Field) -> str:
    parts: list[str] = []
    values = ", ".join(f"`{v}`" for v in f.choice_values())
    if f.kind in (records.CHOICE, records.LANGUAGE) and values:
        parts.append(f"one of {values}")
    elif f.kind == records.MULTI:
        parts.append(f"any of {values}, in this order")
    if f.ref:
        parts.append(f"→ `{f.ref}`")
    if f.min_value is not None:
        parts.append(f"≥ {_number(f.min_value)}")
    if f.max_value is not None:
        parts.append(f"≤ {_number(f.max_value)}")
    shape = getattr(f, "item_shape", None)
    if shape:
        parts.append(f"shape `{shape}`")
    if f.kind == records.MAP:
        parts.append(f"one key per operation field: `{f.name}.KEY`")
    if f.internal:
        parts.append("set by the program")
    return "; ".join(parts)


def _default(f: records.Field) -> str:
    if f.default is None:
        return ""
    if isinstance(f.default, bool):
        return "`true`" if f.default else "`false`"
    return f"`{f.default}`"


def field_list() -> str:
    """The generated part of §5: every table of this schema version with its fields."""
    lines = [BEGIN, "",
             f"Schema version {bundle.SCHEMA_VERSION}: {len(records.TABLES)} tables. Generated from "
             "`core/records.py` by `python -m cirkular_desktop.sync.spec --write docs/bundle-format.md`; "
             "do not edit by hand.", ""]
    for name, table in records.TABLES.items():
        facts = [f"title field `{table.title_field}`"]
        if table.erasable and table.personal_fields:
            facts.append("personal data: `erase` blanks its personal fields")
        if not table.cli:
            facts.append("not a TABLE of the command line")
        lines += [f"### `{name}`", "", "; ".join(facts) + ".", "",
                  "| field | kind | required | personal | default | rules |", "|---|---|---|---|---|---|"]
        for f in table.fields:
            lines.append(f"| `{f.name}` | {f.kind} | {'yes' if f.required else ''} | "
                         f"{'yes' if f.personal else ''} | {_default(f)} | {_rules(f)} |")
        lines.append("")
    lines.append(END)
    return "\n".join(lines)


def kinds_in_use() -> list[str]:
    return sorted({f.kind for table in records.TABLES.values() for f in table.fields})


def with_field_list(document: str) -> str:
    """``document`` with its generated part replaced by the current one."""
    start, end = document.index(BEGIN), document.index(END) + len(END)
    return document[:start] + field_list() + document[end:]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write the bundle format's field list from core/records.py.")
    parser.add_argument("--write", metavar="FILE", help="update the field list in FILE (docs/bundle-format.md)")
    args = parser.parse_args(argv)
    if args.write:
        path = Path(args.write)
        text = path.read_text(encoding="utf-8")
        updated = with_field_list(text)
        if updated != text:
            path.write_text(updated, encoding="utf-8")
        print(f"{path}: field list of schema {bundle.SCHEMA_VERSION} written")
    else:
        sys.stdout.write(field_list() + "\n")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
