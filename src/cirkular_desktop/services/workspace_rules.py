"""Rules of the matchmaking workspace that every write path follows (CLI ``add``/``set``, the GUI, matching).

Called from ``services.records`` inside its unit of work, so a test
environment, an outcome or an activity is checked and completed the same way
whoever writes it:

* a stage change of a match is a dated event with who, the stage it came
  from and a note (``stage_event``);
* an outcome belongs to a year (taken from the period's end when not given),
  a sum of money has a currency, and the CO₂e avoided follows from the tonnes
  and the factor used when a factor is given (derived indicators are computed
  from recorded flows, not typed in — domain notes, Indicators);
* a test environment belongs to a match or an idea and ends after it starts;
* an activity's participants counted by organization take its country.

Imports: errors, i18n, core, store.meta (through the unit of work).
"""

from __future__ import annotations

import datetime as _dt
import getpass
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Mapping

from cirkular_desktop.core.checks import canonical_decimal
from cirkular_desktop.errors import ValidationError
from cirkular_desktop.i18n import gettext as _

if TYPE_CHECKING:  # pragma: no cover
    from cirkular_desktop.store.uow import UnitOfWork

# Stages at which measured results can exist: a trial, an agreement, a running reuse.
OUTCOME_STAGES = ("testing", "agreed", "implemented")


def who(uow: UnitOfWork, given: str | None = None) -> str:
    """Who made a change: as given, else the computer's user, else the device's name."""
    if given and given.strip():
        return given.strip()
    try:
        name = getpass.getuser()
    except (OSError, KeyError, ImportError):
        name = ""
    if name and name != "root":
        return name
    from cirkular_desktop.store import meta

    return uow.meta_get(meta.DEVICE_NAME) or name or ""


def stage_event(uow: UnitOfWork, match_id: str, stage: str, note: str | None = None, *,
                from_stage: str | None = None, by: str | None = None,
                today: _dt.date | None = None) -> str:
    """Record one stage change of a match; returns the event's id."""
    values: dict[str, Any] = {"match_id": match_id, "stage": stage, "date": (today or _dt.date.today()).isoformat(),
                              "at": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="microseconds"),
                              "by": who(uow, by) or None}
    if from_stage and from_stage != stage:
        values["from_stage"] = from_stage
    if note and note.strip():
        values["note"] = note.strip()
    return uow.create("match_event", values)


def derive(uow: UnitOfWork, table: str, clean: dict[str, Any], merged: Mapping[str, Any]) -> None:
    """Complete and check ``clean`` (the values being written) of one record of ``table``."""
    creating = "id" not in merged
    if table == "outcome":
        _outcome(uow, clean, merged, creating)
    elif table == "test_environment":
        _test_environment(clean, merged, creating)
    elif table == "activity":
        _activity(uow, clean)


def _outcome(uow: UnitOfWork, clean: dict[str, Any], merged: Mapping[str, Any], creating: bool) -> None:
    if "match_id" in clean and clean["match_id"]:
        match = uow.get("match", clean["match_id"])
        if match is not None and match.get("stage") not in OUTCOME_STAGES:
            raise ValidationError(_("outcome.match_id: results are recorded for a match in testing, agreed or "
                                    "implemented (this one is at “{stage}”)").format(stage=match.get("stage")),
                                  field="match_id")
    year = clean.get("year", merged.get("year"))
    if year is None:
        period_end = clean.get("period_end", merged.get("period_end"))
        if period_end:
            clean["year"] = int(period_end[:4])
        elif creating:
            raise ValidationError(_("outcome.year: a value is required (the year the results were measured)"),
                                  field="year")
    for amount, currency in (("cost_saved", "cost_saved_currency"), ("revenue", "revenue_currency")):
        if clean.get(amount) is not None and not (clean.get(currency) or merged.get(currency)):
            raise ValidationError(_("outcome.{field}: a sum of money needs a currency (for example "
                                    "{currency}=SEK)").format(field=currency, currency=currency), field=currency)
    factor = clean.get("co2e_factor", merged.get("co2e_factor"))
    tonnes = clean.get("tonnes_diverted", merged.get("tonnes_diverted"))
    if factor is not None and tonnes is not None and (
            "co2e_factor" in clean or "tonnes_diverted" in clean or "co2e_saved" in clean):
        computed = canonical_decimal(Decimal(tonnes) * Decimal(factor))
        typed = clean.get("co2e_saved")
        if typed is not None and Decimal(typed) != Decimal(computed):
            raise ValidationError(_("outcome.co2e_saved: {typed} does not agree with {tonnes} t × {factor} = "
                                    "{computed}; give the factor or the CO₂e avoided, not both").format(
                typed=typed, tonnes=tonnes, factor=factor, computed=computed), field="co2e_saved")
        clean["co2e_saved"] = computed


def _test_environment(clean: dict[str, Any], merged: Mapping[str, Any], creating: bool) -> None:
    if creating and not (clean.get("match_id") or clean.get("idea_id")):
        raise ValidationError(_("test_environment.match_id: a test environment belongs to a match or an idea "
                                "(give match_id or idea_id)"), field="match_id")
    start = clean.get("start_date", merged.get("start_date"))
    end = clean.get("end_date", merged.get("end_date"))
    if start and end and end < start:
        raise ValidationError(_("test_environment.end_date: ends before it starts"), field="end_date")


def _activity(uow: UnitOfWork, clean: dict[str, Any]) -> None:
    participants = clean.get("participants")
    if not participants:
        return
    completed = []
    for item in participants:
        if not item.get("country") and item.get("organization_id"):
            org = uow.get("organization", item["organization_id"]) or {}
            if not org.get("country"):
                raise ValidationError(_("activity.participants: the organization has no country; give one "
                                        "(COUNTRY:COUNT)"), field="participants")
            item = {**item, "country": org["country"]}
        completed.append(dict(sorted(item.items())))
    clean["participants"] = completed
