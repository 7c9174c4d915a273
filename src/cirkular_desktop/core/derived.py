"""Fields that follow from other fields of the same record, filled in one place.

Every write path (the CLI, the GUI's editors, undo, demo data through the
services) goes through ``services.records``, which calls ``fill`` on the
checked values before they are stored, so a stream typed in the terminal and
one typed in the visit screen end up the same:

* a stream's or need's waste codes set the waste list version they were
  chosen from, keep the primary code among them (the first one when it is
  not), and a mirror entry asks for a hazard assessment ("not assessed" until
  someone says);
* a primary waste code is always one of the waste codes;
* a quantity needs a unit (``5`` of nothing cannot become tonnes per year);
* a new visit keeps the questionnaire version it is started with.

Pure: checks values against each other, reads no other record. Checks that
need other records (references, unique organisation numbers) are the
services' business.

Imports: errors, i18n, core (wastecodes, questionnaire).
"""

from __future__ import annotations

from typing import Any, Mapping

from cirkular_desktop.errors import ValidationError
from cirkular_desktop.i18n import gettext as _

STREAM_SHAPED = ("stream", "need")


def fill(table: str, clean: dict[str, Any], existing: Mapping[str, Any] | None) -> None:
    """Add to ``clean`` (checked values about to be written) what follows from them; refuse what cannot be.

    ``existing`` is the stored record when editing, None when creating.
    """
    merged = dict(existing or {})
    merged.update(clean)
    if table in STREAM_SHAPED:
        _waste_codes(clean, merged)
        if ("quantity" in clean or "unit" in clean) and merged.get("quantity") is not None and not merged.get("unit"):
            # "5" of nothing can't become tonnes per year, and reports would print "5 per year".
            raise ValidationError(_("{table}.unit: a quantity needs a unit (for example unit=t)").format(
                table=table), field="unit")
    if table == "visit" and existing is None:
        from cirkular_desktop.core import questionnaire

        template = questionnaire.load(clean.get("template_id") or "mapping")
        clean.setdefault("template_id", template.id)
        clean.setdefault("template_version", template.version)
        clean.setdefault("version", 0)


def _waste_codes(clean: dict[str, Any], merged: Mapping[str, Any]) -> None:
    from cirkular_desktop.core import wastecodes

    if "waste_codes" in clean:
        codes = clean.get("waste_codes") or []
        clean["low_version"] = wastecodes.LIST_ID if codes else None
        if codes and merged.get("primary_waste_code") not in codes:
            clean["primary_waste_code"] = codes[0]
        if not codes:
            clean["primary_waste_code"] = None
        mirror = any((entry := wastecodes.get(code)) is not None and entry.mirror for code in codes)
        if mirror and not merged.get("hazard_assessment"):
            clean["hazard_assessment"] = "not_assessed"
    if clean.get("primary_waste_code"):
        codes = list(merged.get("waste_codes") or [])
        if clean["primary_waste_code"] not in codes:
            clean["waste_codes"] = [clean["primary_waste_code"], *codes]
