"""Use cases of the matchmaking workspace: from a suggestion to a match, and along its stages.

One function per use case, called by the CLI (``cirkular match …``) and the
GUI's Matchmaking page alike:

* ``accept`` — a suggestion becomes a match at stage *proposed* that keeps
  what the suggestion said as data: score, components, reasons and border
  flags (``core.explain`` items), the rule set checked and the date;
* ``reject`` / ``unreject`` — a pair is turned down with a reason code and
  free text, remembered so it is not suggested again, and can be taken back;
* ``set_stage`` — every move along the pipeline is a dated event with who,
  the stage it came from and a note; *rejected* needs a note;
* ``show`` — a match with its history, test environments and outcomes.

Two laptops moving the same match to different stages each write the
``stage`` field and an event: the events both stay, and the field's two
values are a sync conflict the coordinator resolves (``docs/architecture.md``).

Imports: errors, i18n, core (records, explain, matching), services (app, records, workspace_rules).
"""

from __future__ import annotations

import datetime as _dt
import inspect
from typing import TYPE_CHECKING, Any, Mapping

from cirkular_desktop import i18n
from cirkular_desktop.core import records
from cirkular_desktop.errors import ConflictError, NotFoundError, ValidationError
from cirkular_desktop.i18n import gettext as _
from cirkular_desktop.services import records as record_services
from cirkular_desktop.services import workspace_rules
from cirkular_desktop.services.app import App, Result

if TYPE_CHECKING:  # pragma: no cover
    from cirkular_desktop.store.uow import UnitOfWork

STAGES = records.MATCH_STAGES
PIPELINE = tuple(c.value for c in STAGES if c.value != "rejected")


def stage_value(text: str) -> str:
    """A stage typed by a person (its code, or its name in any of the three languages) as its code."""
    given = (text or "").strip()
    wanted = given.casefold()
    for choice in STAGES:
        if wanted == choice.value:
            return choice.value
        for lang in i18n.LANGUAGES:
            label = choice.label if lang == "en" else (i18n.lookup(choice.label, lang=lang) or choice.label)
            if wanted == label.casefold():
                return choice.value
    raise ValidationError(_("match.stage: “{value}” is not a stage; use one of: {choices}").format(
        value=given, choices=", ".join(c.value for c in STAGES)), field="stage")


def reason_value(text: str) -> tuple[str, str | None]:
    """A rejection reason as (code, free text): a code or a reason's name, else "other" with the words kept."""
    given = (text or "").strip()
    if not given:
        raise ValidationError(_("match.rejection_reason: say why the pair is rejected"), field="rejection_reason")
    wanted = given.casefold()
    for choice in records.REJECTION_REASONS:
        names = {choice.value} | {(choice.label if lang == "en" else (i18n.lookup(choice.label, lang=lang) or ""))
                                  .casefold() for lang in i18n.LANGUAGES}
        if wanted in names:
            return choice.value, None
    return "other", given


# --- Suggestions --------------------------------------------------------------------------------------

def suggestions(app: App, *, stream_id: str | None = None, need_id: str | None = None, per_need: int = 5,
                min_score: float | None = None) -> list[Any]:
    """Suggestions for one stream, one need, or everything, best first (the engine's ``suggest``)."""
    from cirkular_desktop.core import matching as engine
    from cirkular_desktop.services import matching

    if stream_id and need_id:
        raise ValidationError(_("give a stream or a need, not both"), field="stream")
    with app.uow(write=False) as uow:
        if stream_id:
            uow.require("stream", stream_id)
        if need_id:
            uow.require("need", need_id)
    options: dict[str, Any] = {"per_need": per_need}
    if min_score is not None:
        options["min_score"] = min_score
    accepted = inspect.signature(matching.suggest).parameters
    if stream_id and "stream_id" in accepted:
        return list(matching.suggest(app, stream_id=stream_id, **options))
    if stream_id:
        # The engine ranks per need: every need's best that include this stream, this stream's only.
        options["per_need"] = max(per_need, 50)
        found = [s for s in matching.suggest(app, **options) if s.stream_id == stream_id]
        return found[:max(per_need, 1) * 5]
    if need_id:
        return list(matching.suggest(app, need_id=need_id, **options))
    del engine
    return list(matching.suggest(app, **options))


def _suggestion_for(app: App, stream_id: str, need_id: str) -> Any | None:
    from cirkular_desktop.services import matching

    for found in matching.suggest(app, need_id=need_id, per_need=100_000, min_score=0.0):
        if found.stream_id == stream_id:
            return found
    return None


def _suggestion_values(found: Any | None) -> dict[str, Any]:
    """What a match keeps of its suggestion, as data."""
    if found is None:
        return {}
    data = found.as_dict()
    values: dict[str, Any] = {
        "score": f"{found.score:.3f}",
        # A component without data (None) is left out rather than stored as a zero.
        "components": {k: f"{v:.3f}" for k, v in sorted(found.components.items()) if v is not None},
        "reasons": [dict(r) for r in found.reasons],
        "flags": [dict(f) for f in found.flags],
        "cross_border": bool(found.cross_border),
    }
    if data.get("rule_set"):
        values["rule_set"] = str(data["rule_set"])
    if found.cross_border or found.flags:
        values["flags_checked_on"] = str(data.get("checked_on") or _dt.date.today().isoformat())
    return values


def _pair(uow: UnitOfWork, stream_id: str, need_id: str) -> dict[str, Any] | None:
    """The live match of a stream and a need, if any."""
    found = uow.select("match", where={"stream_id": stream_id, "need_id": need_id})
    return found[0] if found else None


def _title(uow: UnitOfWork, stream: Mapping[str, Any], need: Mapping[str, Any]) -> str:
    receiver = uow.get("organization", need.get("organization_id") or "") or {}
    return f"{stream.get('title') or ''} → {receiver.get('name') or need.get('title') or ''}".strip()


def _create(app: App, stream_id: str, need_id: str, stage: str, extra: Mapping[str, Any], *,
            note: str | None, by: str | None) -> Result[str]:
    found = _suggestion_for(app, stream_id, need_id)
    with app.uow() as uow:
        stream, need = uow.require("stream", stream_id), uow.require("need", need_id)
        existing = _pair(uow, stream_id, need_id)
        if existing is not None:
            if existing["stage"] == "rejected":
                raise ConflictError(_("match: this pair was rejected before; take the rejection back first "
                                      "(cirkular match unreject)"), field="need_id")
            raise ConflictError(_("match: this stream and need are already matched (stage: {stage})").format(
                stage=records.table("match").field("stage").choice_label(existing["stage"])), field="need_id")
        values: dict[str, Any] = {"stream_id": stream_id, "need_id": need_id, "stage": stage,
                                  "title": _title(uow, stream, need)}
        values.update(_suggestion_values(found))
        values.update(extra)
        clean = records.validate_record("match", values, creating=True, allow_internal=True)
        record_services._check_refs(uow, "match", clean)
        match_id = uow.create("match", clean)
        workspace_rules.stage_event(uow, match_id, stage, note, by=by)
        uow.commit()
    return Result(match_id, frozenset(uow.changes))


def accept(app: App, stream_id: str, need_id: str, *, processor_id: str | None = None,
           note: str | None = None, by: str | None = None) -> Result[str]:
    """Make a proposed match of a stream and a need, keeping its suggestion's score, reasons and flags."""
    extra: dict[str, Any] = {}
    if processor_id:
        extra["processor_id"] = processor_id
    if note and note.strip():
        extra["notes"] = note.strip()
    return _create(app, stream_id, need_id, "proposed", extra, note=note, by=by)


def reject(app: App, stream_id: str, need_id: str, reason: str, *, note: str | None = None,
           by: str | None = None) -> Result[str]:
    """Turn a pair down with a reason; it is not suggested again until ``unreject``. Returns the match id."""
    code, words = reason_value(reason)
    text = "\n".join(t.strip() for t in (words, note) if t and t.strip()) or None
    extra = {"rejection_reason": code, "rejection_note": text}
    with app.uow(write=False) as uow:
        uow.require("stream", stream_id)
        uow.require("need", need_id)
        existing = _pair(uow, stream_id, need_id)
    if existing is None:
        return _create(app, stream_id, need_id, "rejected", extra, note=text or _reason_label(code), by=by)
    if existing["stage"] == "rejected":
        raise ConflictError(_("match: this pair is already rejected"), field="need_id")
    return set_stage(app, existing["id"], "rejected", note=text or _reason_label(code), by=by, reason=code,
                     reason_note=text)


def _reason_label(code: str) -> str:
    return records.table("match").field("rejection_reason").choice_label(code)


def unreject(app: App, stream_id: str, need_id: str, *, by: str | None = None) -> Result[str | None]:
    """Take a rejection back: a match that was in the pipeline returns to its stage before; a pair rejected
    straight from the suggestions is forgotten, so it is suggested again. Returns the match id, or None."""
    with app.uow() as uow:
        match = _pair(uow, stream_id, need_id)
        if match is None or match["stage"] != "rejected":
            raise ConflictError(_("match: this pair is not rejected"), field="need_id")
        events = history(uow, match["id"])
        earlier = [e for e in events if e["stage"] != "rejected"]
        if not earlier:
            _forget(uow, match["id"])
            uow.commit()
            return Result(None, frozenset(uow.changes))
        back = _stage_before_rejection(events)
        uow.update("match", match["id"], {"stage": back, "rejection_reason": None, "rejection_note": None})
        workspace_rules.stage_event(uow, match["id"], back, None, from_stage="rejected", by=by)
        uow.commit()
    return Result(match["id"], frozenset(uow.changes))


def _stage_before_rejection(events: list[dict[str, Any]]) -> str:
    last = events[-1]
    if last["stage"] == "rejected" and last.get("from_stage") and last["from_stage"] != "rejected":
        return str(last["from_stage"])
    for event in reversed(events):
        if event["stage"] != "rejected":
            return str(event["stage"])
    return "proposed"


def _forget(uow: UnitOfWork, match_id: str) -> None:
    """Remove a match that never left the suggestions, with its events."""
    for event in uow.select("match_event", where={"match_id": match_id}):
        uow.delete("match_event", event["id"])
    uow.delete("match", match_id)


def set_stage(app: App, match_id: str, stage: str, *, note: str | None = None, by: str | None = None,
              reason: str | None = None, reason_note: str | None = None) -> Result[str]:
    """Move a match to ``stage`` (a code or a stage's name) as a dated event with who and a note."""
    wanted = stage_value(stage)
    note = (note or "").strip() or None
    if wanted == "rejected" and not note and not reason_note:
        raise ValidationError(_("match stage: say why with --note when a match is rejected"), field="note")
    with app.uow() as uow:
        match = uow.get("match", match_id)
        if match is None:
            raise NotFoundError(_("match: no record with id “{id}”").format(id=match_id), field="MATCH_ID")
        if match["stage"] == wanted:
            raise ConflictError(_("match: already at stage “{stage}”").format(
                stage=records.table("match").field("stage").choice_label(wanted)), field="stage")
        values: dict[str, Any] = {"stage": wanted}
        if wanted == "rejected":
            values["rejection_reason"] = reason or match.get("rejection_reason") or "other"
            values["rejection_note"] = reason_note or note
        elif match["stage"] == "rejected":
            values.update(rejection_reason=None, rejection_note=None)
        clean = records.validate_record("match", values, existing=match, allow_internal=True)
        uow.update("match", match_id, clean)
        workspace_rules.stage_event(uow, match_id, wanted, note, from_stage=match["stage"], by=by)
        uow.commit()
    return Result(match_id, frozenset(uow.changes))


def default_who(app: App) -> str:
    """Who a change is recorded as when the person does not say: the computer's user or the device."""
    with app.uow(write=False) as uow:
        return workspace_rules.who(uow)


def history(uow: UnitOfWork, match_id: str) -> list[dict[str, Any]]:
    """A match's stage events, oldest first (by date, then the moment recorded, then id)."""
    events = uow.select("match_event", where={"match_id": match_id})
    return sorted(events, key=lambda e: (e.get("date") or "", e.get("at") or "", e["id"]))


def show(app: App, match_id: str) -> dict[str, Any]:
    """A match with what it joins, its history, test environments and outcomes (plain data)."""
    from cirkular_desktop.core import legacy_reasons

    with app.uow(write=False) as uow:
        match = uow.get("match", match_id)
        if match is None:
            raise NotFoundError(_("match: no record with id “{id}”").format(id=match_id), field="MATCH_ID")
        match = dict(match)
        match["reasons"] = legacy_reasons.stored_items(match.get("reasons")) or []
        match["flags"] = match.get("flags") or []
        stream = uow.get("stream", match["stream_id"] or "") or {}
        need = uow.get("need", match.get("need_id") or "") or {}

        def org(org_id: str | None) -> dict[str, Any] | None:
            found = uow.get("organization", org_id or "") if org_id else None
            return None if found is None else {"id": found["id"], "name": found["name"],
                                               "country": found.get("country"),
                                               "municipality": found.get("municipality")}

        tests = sorted(uow.select("test_environment", where={"match_id": match_id}),
                       key=lambda t: (t.get("start_date") or "", t["id"]))
        outcomes = sorted(uow.select("outcome", where={"match_id": match_id}),
                          key=lambda o: (o.get("year") or 0, o["id"]))
        return {
            "match": match,
            "stream": {"id": stream.get("id"), "title": stream.get("title"),
                       "tonnes_per_year": _tonnes(stream)},
            "need": {"id": need.get("id"), "title": need.get("title"), "tonnes_per_year": _tonnes(need)},
            "supplier": org(stream.get("organization_id")),
            "receiver": org(need.get("organization_id")),
            "processor": org(match.get("processor_id")),
            "history": history(uow, match_id),
            "test_environments": tests,
            "outcomes": outcomes,
        }


def _tonnes(record: Mapping[str, Any]) -> str | None:
    from cirkular_desktop.core import units
    from cirkular_desktop.core.checks import canonical_decimal

    if not record:
        return None
    value = units.tonnes_per_year(record)
    return None if value is None else canonical_decimal(value)
