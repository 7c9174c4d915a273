"""Use cases of a mapping visit: start, answer, finish, correct.

A visit keeps the questionnaire version it was started with. Finishing a
visit checks the required questions and freezes the answers as a numbered
submission; reopening a finished visit makes a correction that, when
finished again, becomes the next version — old versions stay (design §3).
Each answer is its own synced field (``answers.<question>``), so two people
answering different questions of one visit never conflict.

Imports: errors, i18n, core (questionnaire, records), services.app.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any, Mapping

from cirkular_desktop.core import questionnaire, records
from cirkular_desktop.errors import ConflictError, ValidationError
from cirkular_desktop.i18n import gettext as _
from cirkular_desktop.services.app import App, Result


def start_visit(app: App, organization_id: str, *, date: _dt.date | str | None = None,
                visitors: list[str] | None = None, contact_id: str | None = None,
                template_id: str = "mapping") -> Result[str]:
    """Begin a visit today (or on ``date``) with the newest questionnaire version."""
    from cirkular_desktop.services.records import add_record

    values: dict[str, Any] = {"organization_id": organization_id,
                              "date": date or _dt.date.today().isoformat(), "status": "draft"}
    if visitors:
        values["visitors"] = visitors
    if contact_id:
        values["contact_id"] = contact_id
    template = questionnaire.load(template_id)
    values.update(template_id=template.id, template_version=template.version)
    return add_record(app, "visit", values, allow_internal=True)


def template_for(visit: Mapping[str, Any]) -> questionnaire.Template:
    return questionnaire.load(visit.get("template_id") or "mapping", visit.get("template_version"))


def save_answers(app: App, visit_id: str, answers: Mapping[str, Any], *, from_text: bool = False) -> Result[set[str]]:
    """Store answers to some questions (None clears one); other answers stay as they are."""
    with app.uow() as uow:
        visit = uow.require("visit", visit_id)
        if visit["status"] == "completed":
            raise ConflictError(_("visit: this visit is finished; reopen it to make a correction"), field="status")
        template = template_for(visit)
        merged = dict(visit.get("answers") or {})
        for question_id, value in answers.items():
            try:
                question = template.question(question_id)
            except KeyError:
                raise ValidationError(_("visit.answers: the questionnaire has no question “{question}”").format(
                    question=question_id), field=question_id) from None
            clean = questionnaire.validate_answer(question, value, from_text=from_text)
            if clean is None:
                merged.pop(question_id, None)
            else:
                merged[question_id] = clean
        changed = uow.update("visit", visit_id, {"answers": merged})
        uow.commit()
    return Result(changed, frozenset(uow.changes))


def complete_visit(app: App, visit_id: str, *, submitted_by: str | None = None,
                   now: _dt.datetime | None = None) -> Result[int]:
    """Finish the visit: every visible required question answered; returns the new version."""
    with app.uow() as uow:
        visit = uow.require("visit", visit_id)
        if visit["status"] == "completed":
            raise ConflictError(_("visit: this visit is already finished"), field="status")
        template = template_for(visit)
        answers = visit.get("answers") or {}
        missing = template.missing_required(answers)
        if missing:
            raise ValidationError(_("visit: {count} required question(s) unanswered, first: “{question}”").format(
                count=len(missing), question=missing[0].text()), field=missing[0].id)
        version = int(visit.get("version") or 0) + 1
        moment = (now or _dt.datetime.now(_dt.timezone.utc)).astimezone(_dt.timezone.utc)
        submission = records.validate_record("submission", {
            "visit_id": visit_id, "version": version, "template_id": template.id,
            "template_version": template.version, "answers": answers,
            "submitted_at": moment.isoformat(timespec="seconds"),
            "submitted_by": submitted_by or ", ".join(visit.get("visitors") or []) or None,
        }, creating=True)
        uow.create("submission", submission)
        uow.update("visit", visit_id, {"status": "completed", "version": version})
        uow.commit()
    return Result(version, frozenset(uow.changes))


def reopen_visit(app: App, visit_id: str) -> Result[int]:
    """Start a correction of a finished visit; the finished versions stay as they were."""
    with app.uow() as uow:
        visit = uow.require("visit", visit_id)
        if visit["status"] != "completed":
            raise ConflictError(_("visit: this visit is not finished, so there is nothing to correct"),
                                field="status")
        uow.update("visit", visit_id, {"status": "draft"})
        uow.commit()
    return Result(int(visit.get("version") or 0) + 1, frozenset(uow.changes))


def submissions(app: App, visit_id: str) -> list[dict[str, Any]]:
    """The finished versions of a visit, oldest first."""
    with app.uow(write=False) as uow:
        uow.require("visit", visit_id)
        return uow.select("submission", where={"visit_id": visit_id}, order_by=("version",))
