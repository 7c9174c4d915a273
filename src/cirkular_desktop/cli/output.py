"""Print records for people (aligned tables, labelled fields) and for scripts (JSON, CSV).

JSON output is stable: keys sorted, canonical values (decimals as strings,
ISO dates). Human output uses the active language's labels and formats.
Files named with ``-o`` are checked here before anything is computed.
Imports: core, errors, i18n, standard library.
"""

from __future__ import annotations

import csv
import json
import unicodedata
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence, TextIO

from cirkular_desktop.core import records
from cirkular_desktop.core.display import human_value as human_value  # noqa: F401 - part of this module's API
from cirkular_desktop.errors import ValidationError
from cirkular_desktop.i18n import gettext as _


def output_file(given: str) -> Path:
    """The file ``-o`` names, refused when it is a folder or its folder does not exist.

    A mistyped folder is refused rather than created, so a document never
    ends up somewhere the user did not mean.
    """
    path = Path(given).expanduser()
    if path.is_dir():
        raise ValidationError(_("{file}: is a folder; give a file name").format(file=given), field="FILE")
    folder = path.parent
    if not folder.is_dir():
        reason = (_("{folder} is not a folder") if folder.exists() else _("the folder {folder} does not exist"))
        raise ValidationError(_("{file}: {reason}").format(file=given, reason=reason.format(folder=folder)),
                              field="FILE")
    return path


def _has_float(value: Any) -> bool:
    """Whether a float is anywhere in ``value`` (orjson writes some floats differently)."""
    stack = [value]
    while stack:
        item = stack.pop()
        for inner in (item.values() if type(item) is dict else item):
            kind = type(inner)
            if kind is float:
                return True
            if kind is dict or kind is list or kind is tuple:
                stack.append(inner)
    return False


def to_json(value: Any) -> str:
    """Stable JSON for scripts: keys sorted, two-space indent, UTF-8 text as it is.

    With an indent the standard library encodes in pure Python (half the time of ``cirkular list
    stream --format json``); orjson writes the very same bytes (a test compares them) for lists and
    maps without floats, and the standard library takes everything else.
    """
    if type(value) in (dict, list) and not _has_float(value):
        import orjson

        try:
            return orjson.dumps(value, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS).decode("utf-8")
        except TypeError:  # a key that is not text, an integer beyond 64 bits, a type it does not know
            pass
    return json.dumps(value, sort_keys=True, ensure_ascii=False, indent=2, allow_nan=False)


def _width(text: str) -> int:
    return sum(0 if unicodedata.combining(ch) else 1 for ch in text)


# Tabs and line breaks would break the columns; other control characters (older data, other
# devices) could drive the terminal. Each becomes a space or a visible replacement character.
_CONTROLS = {code: " " if chr(code) in "\t\n\r" else "\ufffd" for code in [*range(0x20), *range(0x7f, 0xa0)]}


def printable(text: str) -> str:
    """``text`` without control characters, safe to print on one terminal line."""
    return text.translate(_CONTROLS)


def _clip(text: str, limit: int) -> str:
    text = printable(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def write_table(out: TextIO, headers: Sequence[str], rows: Iterable[Sequence[str]], limit: int = 40) -> None:
    body = [[_clip(cell, limit) for cell in row] for row in rows]
    widths = [_width(h) for h in headers]
    for row in body:
        widths = [max(w, _width(cell)) for w, cell in zip(widths, row)]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(cell + " " * (w - _width(cell)) for cell, w in zip(cells, widths)).rstrip()

    out.write(line(headers) + "\n")
    out.write("  ".join("-" * w for w in widths) + "\n")
    for row in body:
        out.write(line(row) + "\n")


def write_csv(out: TextIO, table: str, rows: Sequence[Mapping[str, Any]]) -> None:
    spec = records.table(table)
    names = ["id", *spec.field_names]
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(names)
    for row in rows:
        writer.writerow([_csv_cell(row.get(name)) for name in names])


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)
