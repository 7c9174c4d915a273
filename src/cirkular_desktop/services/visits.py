"""Use cases of a mapping visit: start, answer, finish, correct.

A visit keeps the questionnaire version it was started with. Finishing a
visit checks the required questions and freezes the answers as a numbered
submission; reopening a finished visit makes a correction that, when
finished again, becomes the next version — old versions stay (design §3).
Each answer is its own synced field (``answers.<question>``), so two people
answering different questions of one visit never conflict.

Imports: errors, i18n, settings, core (questionnaire, records), services (app, records, profile).
"""

from __future__ import annotations

import datetime as _dt
import uuid
from typing import TYPE_CHECKING, Any, Mapping

from cirkular_desktop.core import questionnaire, records
from cirkular_desktop.core.checks import field_error
from cirkular_desktop.errors import ConflictError, ValidationError
from cirkular_desktop.i18n import gettext as _
from cirkular_desktop.services.app import App, Result

if TYPE_CHECKING:  # pragma: no cover
    from cirkular_desktop.store.uow import UnitOfWork


def start_visit(app: App, organization_id: str, *, date: _dt.date | str | None = None,
                visitors: list[str] | None = None, contact_id: str | None = None,
                template_id: str = "mapping") -> Result[str]:
    """Begin a visit today (or on ``date``) with the newest questionnaire version.

    Without ``visitors`` the person using this computer is the visitor, when their name is known
    (``services.profile``); an empty list means no visitors.
    """
    from cirkular_desktop.services import profile
    from cirkular_desktop.services.records import add_record

    values: dict[str, Any] = {"organization_id": organization_id,
                              "date": date or _dt.date.today().isoformat(), "status": "draft"}
    if visitors is None:
        visitors = profile.default_visitors(app)
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
        about_contact: dict[str, Any] = {}
        about_records: dict[str, dict[str, Any]] = {}
        for question_id, value in answers.items():
            try:
                question = template.question(question_id)
            except KeyError:
                raise ValidationError(_("visit.answers: the questionnaire has no question “{question}”").format(
                    question=question_id), field=question_id) from None
            clean = questionnaire.validate_answer(question, value, from_text=from_text)
            if question.contact_field:
                about_contact[question_id] = clean   # kept on the contact record, never copied here
            elif question.record_field:
                about_records.setdefault(question.record_field[0], {})[question_id] = clean   # … or its own record
            elif clean is None:
                merged.pop(question_id, None)
            else:
                merged[question_id] = clean
        changed = uow.update("visit", visit_id, {"answers": merged})
        if about_contact:
            from cirkular_desktop.services.privacy import answer_about_contact

            changed |= answer_about_contact(uow, visit, template, about_contact)
        for table, values in about_records.items():
            _answer_on_record(uow, visit, template, table, values)
        uow.commit()
    return Result(changed, frozenset(uow.changes))


# The need that questions about "what the organization pays today" are about: the visit's first need,
# made from the questionnaire when the visit has none yet (an id derived from the visit, so two laptops
# that answer the same visit make the same need).
_NEED_NAMESPACE = uuid.UUID("0b6c3e1a-5d2f-4a8e-9c17-2f4e6d8a0c35")


def questionnaire_need(uow: UnitOfWork, visit: Mapping[str, Any]) -> dict[str, Any] | None:
    """The need the questionnaire's need questions are answered on: the visit's first, or None."""
    needs = uow.select("need", where={"visit_id": visit["id"]}, order_by=("first_stamp",), limit=1)
    return needs[0] if needs else None


def _answer_on_record(uow: UnitOfWork, visit: Mapping[str, Any], template: questionnaire.Template, table: str,
                      answers: Mapping[str, Any]) -> None:
    """Write answers of questions bound to the organization or the visit's need onto that record."""
    from cirkular_desktop.core import answer_records
    from cirkular_desktop.services import records as record_services

    fields = template.bound_questions(table)
    question_of = {fields[qid]: qid for qid in answers}
    values = {fields[qid]: answer_records.to_field(template.question(qid), value) for qid, value in answers.items()}
    try:
        existing: dict[str, Any] | None
        if table == "organization":
            existing = uow.require("organization", visit["organization_id"])
        else:
            existing = questionnaire_need(uow, visit)
        if existing is None:
            given = {k: v for k, v in values.items() if v is not None}
            if given:
                _make_need(uow, visit, given)
            return
        clean = records.validate_record(table, values, existing=existing)
        record_services._derive(uow, table, clean, existing)
        uow.update(table, existing["id"], clean)
    except ValidationError as exc:
        # Name the question, as a refused answer does, so the visit screen marks the right field.
        qid = question_of.get(exc.field or "", exc.field)
        prefix = f"{table}.{exc.field}: "
        message = exc.message[len(prefix):] if exc.message.startswith(prefix) else exc.message
        raise type(exc)(f"{qid}: {message}", field=qid) from None


def _make_need(uow: UnitOfWork, visit: Mapping[str, Any], values: Mapping[str, Any]) -> None:
    from cirkular_desktop.services import records as record_services

    what = str((visit.get("answers") or {}).get("needs_what") or "").strip().splitlines()
    title = (what[0][:120] if what else "") or _("Need noted in the questionnaire")
    clean = records.validate_record("need", {**values, "title": title, "visit_id": visit["id"],
                                             "organization_id": visit["organization_id"]}, creating=True)
    record_services._derive(uow, "need", clean, None)
    number = 1
    while True:   # a need made this way and removed since keeps its id: the next one takes the next id
        need_id = str(uuid.uuid5(_NEED_NAMESPACE, f"{visit['id']}:{number}"))
        if uow.get("need", need_id, include_deleted=True) is None:
            break
        number += 1
    uow.create("need", clean, record_id=need_id)


def complete_visit(app: App, visit_id: str, *, submitted_by: str | None = None,
                   now: _dt.datetime | None = None) -> Result[int]:
    """Finish the visit: every visible required question answered; returns the new version."""
    with app.uow() as uow:
        visit = uow.require("visit", visit_id)
        if visit["status"] == "completed":
            raise ConflictError(_("visit: this visit is already finished"), field="status")
        template = template_for(visit)
        answers = visit.get("answers") or {}
        contact = uow.get("contact", visit["contact_id"]) if visit.get("contact_id") else None
        seen = template.with_records(answers, contact=contact, organization=uow.get("organization",
                                     visit["organization_id"]), need=questionnaire_need(uow, visit))
        missing = template.missing_required(seen)
        if missing:
            raise ValidationError(_("visit: {count} required question(s) unanswered, first: “{question}”").format(
                count=len(missing), question=missing[0].text()), field=missing[0].id)
        version = int(visit.get("version") or 0) + 1
        moment = (now or _dt.datetime.now(_dt.timezone.utc)).astimezone(_dt.timezone.utc)
        submission = records.validate_record("submission", {
            "visit_id": visit_id, "version": version, "template_id": template.id,
            # What was recorded on the organization and the need is part of the finished version; what
            # is about the contact person stays on the contact record only (core.privacy).
            "template_version": template.version,
            "answers": {k: v for k, v in seen.items() if k not in template.contact_questions()},
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


def change_status(app: App, visit_id: str, status: Any, *, from_text: bool = False) -> Result[set[str]]:
    """Finish or reopen a visit by its status value, as ``set visit ID status=…`` asks.

    ``completed`` finishes the visit (``complete_visit``: required answers checked, a version
    saved), ``draft`` reopens it for a correction (``reopen_visit``); the status it already has
    changes nothing. ``services.records.set_record`` sends every visit status change here, so no
    face can store a finished visit without its version. Returns the fields that changed.
    """
    wanted = records.coerce("visit", "status", status, from_text=from_text)
    if wanted is None:
        raise field_error("visit", records.table("visit").field("status"), _("a value is required"))
    current = _get_visit(app, visit_id)["status"]
    if current == wanted:
        return Result(set())
    if wanted == "completed":
        finished = complete_visit(app, visit_id)
        return Result({"status", "version"}, finished.changes)
    reopened = reopen_visit(app, visit_id)
    return Result({"status"}, reopened.changes)


def submissions(app: App, visit_id: str) -> list[dict[str, Any]]:
    """The finished versions of a visit, oldest first."""
    with app.uow(write=False) as uow:
        uow.require("visit", visit_id)
        return uow.select("submission", where={"visit_id": visit_id}, order_by=("version",))


def save_answer(app: App, visit_id: str, question_id: str, value: Any, *,
                from_text: bool = False) -> Result[set[str]]:
    """Store one answer (None clears it) — what the visit screen's autosave calls per question."""
    return save_answers(app, visit_id, {question_id: value}, from_text=from_text)


def set_visit_details(app: App, visit_id: str, values: Mapping[str, Any], *,
                      from_text: bool = False) -> Result[set[str]]:
    """Change the visit's own fields (date, visitors, contact, next steps, notes)."""
    from cirkular_desktop.services.records import set_record

    allowed = {"date", "visitors", "contact_id", "next_steps", "notes"}
    unknown = sorted(set(values) - allowed)
    if unknown:
        raise ValidationError(_("visit.{field}: cannot be changed here").format(field=unknown[0]), field=unknown[0])
    return set_record(app, "visit", visit_id, values, from_text=from_text)


# --- What the visit screen shows ---------------------------------------------------------------------

ITEM_TABLES = ("stream", "need", "idea")


def _visit_items(uow: UnitOfWork, visit: Mapping[str, Any], table: str) -> list[dict[str, Any]]:
    if table in ("stream", "need"):
        return uow.select(table, where={"visit_id": visit["id"]}, order_by=("first_stamp",))
    # Ideas have no visit of their own: those about this visit's streams or needs,
    # and those noted for the organization as a whole.
    stream_ids = {s["id"] for s in uow.select("stream", where={"visit_id": visit["id"]})}
    need_ids = {n["id"] for n in uow.select("need", where={"visit_id": visit["id"]})}
    found = [i for i in uow.select("idea", where={"organization_id": visit["organization_id"]},
                                   order_by=("first_stamp",))
             if (not i.get("stream_id") and not i.get("need_id"))
             or i.get("stream_id") in stream_ids or i.get("need_id") in need_ids]
    known = {i["id"] for i in found}
    for stream_id in sorted(stream_ids):
        found += [i for i in uow.select("idea", where={"stream_id": stream_id}) if i["id"] not in known]
    return found


def visit_items(app: App, visit_id: str, table: str) -> list[dict[str, Any]]:
    """The residual streams, needs or ideas recorded during a visit, in the order they were added."""
    if table not in ITEM_TABLES:
        raise ValidationError(_("visit: “{table}” is not recorded during a visit").format(table=table), field="table")
    with app.uow(write=False) as uow:
        visit = uow.require("visit", visit_id)
        return _visit_items(uow, visit, table)


def visit_overview(app: App, visit_id: str) -> dict[str, Any]:
    """Everything the visit screen's header and lists need, read in one transaction."""
    with app.uow(write=False) as uow:
        visit = uow.require("visit", visit_id)
        organization = uow.get("organization", visit["organization_id"]) or {}
        contact = uow.get("contact", visit["contact_id"]) if visit.get("contact_id") else None
        need = questionnaire_need(uow, visit)
        contacts = uow.select("contact", where={"organization_id": visit["organization_id"]})
        items = {table: _visit_items(uow, visit, table) for table in ITEM_TABLES}
        history = uow.select("submission", where={"visit_id": visit_id}, order_by=("version",))
        photo_counts = {}
        for table in ("stream", "need"):
            for item in items[table]:
                photo_counts[item["id"]] = uow.count("attachment", where={"owner_table": table,
                                                                          "owner_id": item["id"]})
    answers = template_for(visit).with_records(visit.get("answers") or {}, contact=contact,
                                               organization=organization, need=need)
    return {"visit": visit, "answers": answers, "organization": organization, "contact": contact, "contacts": contacts,
            "streams": items["stream"], "needs": items["need"], "ideas": items["idea"],
            "submissions": history, "photo_counts": photo_counts}


def add_visit_item(app: App, visit_id: str, table: str, values: Mapping[str, Any], *,
                   from_text: bool = False) -> Result[str]:
    """Add a residual stream, need or idea found during the visit; it belongs to the visit's organization."""
    from cirkular_desktop.services.records import add_record

    if table not in ITEM_TABLES:
        raise ValidationError(_("visit: “{table}” is not recorded during a visit").format(table=table), field="table")
    visit = _get_visit(app, visit_id)
    merged = dict(values)
    merged["organization_id"] = visit["organization_id"]
    if table != "idea":
        merged["visit_id"] = visit_id
        if visit.get("contact_id") and "contact_id" not in merged:
            merged["contact_id"] = visit["contact_id"]
    return add_record(app, table, merged, from_text=from_text)


def _get_visit(app: App, visit_id: str) -> dict[str, Any]:
    with app.uow(write=False) as uow:
        return uow.require("visit", visit_id)


# --- Where the user was: device-local, not synced ---------------------------------------------------

_OPEN_KEY = "open_visit"


def remember_open_visit(app: App, visit_id: str, section: str | None = None) -> None:
    """Note the visit (and section) on screen, so a restart after a crash opens it again."""
    from cirkular_desktop import settings

    current = settings.load(app.paths).get(_OPEN_KEY)
    wanted = {"id": visit_id, "section": section}
    if current != wanted:
        settings.save_quietly(app.paths, {_OPEN_KEY: wanted})   # a read-only disk must not stop the visit


def forget_open_visit(app: App, visit_id: str | None = None) -> None:
    """The visit was closed on purpose; ``visit_id`` guards against forgetting another one."""
    from cirkular_desktop import settings

    current = settings.load(app.paths).get(_OPEN_KEY)
    if current and (visit_id is None or (isinstance(current, dict) and current.get("id") == visit_id)):
        settings.save_quietly(app.paths, {_OPEN_KEY: None})


def open_visit_state(app: App) -> dict[str, Any] | None:
    """``{"id", "section"}`` of the visit that was open when the app last stopped, if it still exists."""
    from cirkular_desktop import settings

    current = settings.load(app.paths).get(_OPEN_KEY)
    if not isinstance(current, dict) or not isinstance(current.get("id"), str):
        return None
    with app.uow(write=False) as uow:
        if uow.get("visit", current["id"]) is None:
            return None
    section = current.get("section")
    return {"id": current["id"], "section": section if isinstance(section, str) else None}


def showcase_visit(app: App, *, in_progress: bool = False) -> str | None:
    """A visit that shows the visit screen well (screenshots, first look): streams, photos, answers.

    Prefers a visit whose streams have photos, then one with a handful of
    streams, then one still in progress; with ``in_progress`` a visit not yet
    finished comes first. None when there is no visit.
    """
    with app.uow(write=False) as uow:
        photographed = {a["owner_id"] for a in uow.select("attachment", where={"owner_table": "stream"}, limit=500)}
        counts: dict[str, int] = {}
        with_photo: set[str] = set()
        for stream in uow.select("stream", limit=5000, order_by=("first_stamp",)):
            visit_id = stream.get("visit_id")
            if visit_id:
                counts[visit_id] = counts.get(visit_id, 0) + 1
                if stream["id"] in photographed:
                    with_photo.add(visit_id)
        best: tuple[Any, ...] | None = None
        for visit_id, count in counts.items():
            visit = uow.get("visit", visit_id)
            if visit is None:
                continue
            draft = visit.get("status") == "draft"
            score = ((draft,) if in_progress else ()) + (visit_id in with_photo, 2 <= count <= 8, draft,
                                                         len(visit.get("answers") or {}), visit_id)
            if best is None or score > best:
                best = score
        if best is not None:
            chosen: str = best[-1]   # the visit's id closes the score
            return chosen
        first = uow.select("visit", limit=1)
        return first[0]["id"] if first else None
