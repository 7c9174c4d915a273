"""Personal data use cases: one home for a contact's data, and erasure that reaches every copy.

- Questionnaire answers about the contact person are kept on the contact
  record (``core.questionnaire``: ``contact_field``); ``answer_about_contact``
  writes them there, and ``migrate_contact_copies`` moves the copies that
  version 1 of the questionnaire left in answers and submitted versions onto
  the contact record and erases them from the answers.
- ``erase_person`` (GDPR Art. 17) erases the contact's personal fields and
  every copy: the answers that copied them, and any text in any record —
  notes, captions, titles, answers, submitted versions, deleted records and
  older values in the history — that holds the person's name, phone or
  e-mail verbatim. Text is replaced by its redacted form with a purge
  operation, so no older bundle or version brings it back (``replication.merge``).
  Bundles held in quarantine that hold (or may hold) the person's data are
  deleted and noted in the import log (``services.quarantine.forget_person``).

Imports: errors, i18n, core (privacy, questionnaire, records), store (through
the unit of work; ``store.uow.flatten``), services (app, quarantine).
"""

from __future__ import annotations

import datetime as _dt
import json
import uuid
from typing import Any, Mapping

from cirkular_desktop.core import privacy, questionnaire, records
from cirkular_desktop.core.text import fold
from cirkular_desktop.errors import ConflictError, NotFoundError, ValidationError
from cirkular_desktop.i18n import gettext as _
from cirkular_desktop.services.app import App, Result

# Field kinds that hold free text a person's name, phone or e-mail can be typed into.
TEXT_KINDS = frozenset({records.TEXT, records.LONGTEXT, records.TAGS, records.MAP, records.ITEMS})
COUNTRY_LANGUAGE = {"SE": "sv", "NO": "nb"}
# Contacts made from version 1 answers get an id derived from the visit, so laptops that migrate the
# same visit make the same record and converge.
_COPY_NAMESPACE = uuid.UUID("6c0b2f8e-3f51-4c1e-9a57-0d7c2a1f4e13")


def text_fields(table: str) -> list[records.Field]:
    """The fields of ``table`` that erasure searches for an erased person's name, phone or e-mail."""
    return [f for f in records.table(table).fields if f.kind in TEXT_KINDS]


def consent_dates(clean: dict[str, Any], existing: Mapping[str, Any] | None, today: str | None = None) -> None:
    """A consent given or withdrawn is dated, unless the date is given with it."""
    today = today or _dt.date.today().isoformat()
    for flag, date_field in (("consent", "consent_date"), ("consent_contact", "consent_contact_date")):
        if (flag in clean and date_field not in clean and clean[flag] is not None
                and clean[flag] != (existing or {}).get(flag)):
            clean[date_field] = today


# --- Answers about the contact live on the contact record -------------------------------------------

def answer_about_contact(uow: Any, visit: Mapping[str, Any], template: questionnaire.Template,
                         values: Mapping[str, Any]) -> set[str]:
    """Write answers to contact questions onto the visit's contact; a first name makes the contact.

    Returns the visit fields that changed (``contact_id`` when a contact was made).
    """
    bound = template.contact_questions()
    by_field = {bound[qid]: value for qid, value in values.items()}
    question_of = {bound[qid]: qid for qid in values}
    contact = uow.get("contact", visit["contact_id"]) if visit.get("contact_id") else None
    try:
        if contact is None:
            given = {k: v for k, v in by_field.items() if v is not None}
            if not given:
                return set()
            if not given.get("name"):
                qid = next((q for q, f in bound.items() if f == "name"), next(iter(values)))
                raise ValidationError(_("{question}: give the contact person's name first; the answers about "
                                        "the contact are kept on their contact record").format(question=qid),
                                      field=next(iter(values)))
            organization = uow.get("organization", visit["organization_id"]) or {}
            given.setdefault("language", COUNTRY_LANGUAGE.get(organization.get("country") or "", "sv"))
            clean = records.validate_record("contact", {**given, "organization_id": visit["organization_id"]},
                                            creating=True)
            consent_dates(clean, None)
            new_id = uow.create("contact", clean)
            uow.update("visit", visit["id"], {"contact_id": new_id})
            return {"contact_id"}
        if contact.get("erased") and any(v is not None for k, v in by_field.items()
                                         if records.table("contact").field(k).personal):
            raise ConflictError(_("contact: the personal data of this contact was erased and cannot "
                                  "be filled in again"), field=next(iter(values)))
        clean = records.validate_record("contact", by_field, existing=contact)
    except ValidationError as exc:
        # Name the question, so the visit screen marks the right field.
        raise type(exc)(exc.message, field=question_of.get(exc.field or "", exc.field)) from None
    consent_dates(clean, contact)
    uow.update("contact", contact["id"], clean)
    return set()


# --- Version 1 copies of the contact's details ---------------------------------------------------------

def _template(record: Mapping[str, Any]) -> questionnaire.Template | None:
    try:
        return questionnaire.load(record.get("template_id") or "mapping", record.get("template_version"))
    except NotFoundError:
        return None


def _copied_keys(uow: Any, table: str, record: Mapping[str, Any], bound: Mapping[str, str]) -> list[str]:
    """``answers.<question>`` names of contact questions this record ever held a value for."""
    written = uow.stamps(table, record["id"])
    return sorted(f"answers.{qid}" for qid in bound if f"answers.{qid}" in written)


def _same_person(contact: Mapping[str, Any], values: Mapping[str, Any]) -> bool:
    def same(a: Any, b: Any) -> bool:
        return fold(str(a or "")) == fold(str(b or ""))

    if values.get("email") and same(contact.get("email"), values["email"]):
        return True
    return bool(values.get("name")) and same(contact.get("name"), values["name"])


def _contact_for_copies(uow: Any, visit: Mapping[str, Any], values: Mapping[str, Any]) -> tuple[str | None, bool]:
    """The contact the copied details belong to: the visit's, one of the organization's, or a new one."""
    if visit.get("contact_id") and uow.get("contact", visit["contact_id"], include_deleted=True) is not None:
        return visit["contact_id"], False
    for contact in uow.select("contact", where={"organization_id": visit["organization_id"]}):
        if _same_person(contact, values):
            return contact["id"], True
    if not values.get("name") or visit.get("deleted"):
        return None, False
    contact_id = str(uuid.uuid5(_COPY_NAMESPACE, "visit-contact:" + visit["id"]))
    if uow.get("contact", contact_id, include_deleted=True) is None:
        try:
            clean = records.validate_record("contact", {"organization_id": visit["organization_id"],
                                                        "name": values["name"]}, creating=True)
        except ValidationError:
            return None, False
        uow.create("contact", clean, record_id=contact_id)
    return contact_id, True


def _fill_contact(uow: Any, contact_id: str, values: Mapping[str, Any]) -> None:
    """Copy details the contact record lacks from the answers; what it holds already stays."""
    contact = uow.get("contact", contact_id)
    if contact is None or contact.get("erased"):
        return
    wanted: dict[str, Any] = {}
    for name, value in values.items():
        if value in (None, "") or contact.get(name) not in (None, ""):
            continue
        try:
            wanted.update(records.validate_record("contact", {name: value}, existing=contact, from_text=True))
        except ValidationError:
            continue   # a phone typed as free text that the record would refuse stays out
    if wanted:
        consent_dates(wanted, contact)
        uow.update("contact", contact_id, wanted)


def contact_copies(uow: Any) -> list[tuple[str, str]]:
    """(table, id) of visits and submitted versions whose answers still hold copies of contact details."""
    found = []
    for table in ("visit", "submission"):
        for record in uow.all_rows(table):
            template = _template(record)
            bound = template.contact_questions() if template else {}
            if bound and set(record.get("answers") or {}) & set(bound):
                found.append((table, record["id"]))
    return found


def migrate_contact_copies(app: App) -> Result[int]:
    """Move contact details copied into answers onto the contact record and erase the copies.

    Idempotent, and the same on every laptop: a contact made here has an id
    derived from the visit. Returns how many visits and versions were cleaned.
    """
    cleaned = 0
    with app.uow() as uow:
        for table, record_id in contact_copies(uow):
            record = uow.get(table, record_id, include_deleted=True)
            template = _template(record)
            bound = template.contact_questions()
            answers = record.get("answers") or {}
            visit = record if table == "visit" else uow.get("visit", record["visit_id"], include_deleted=True)
            if visit is not None:
                values = {bound[qid]: answers[qid] for qid in bound if qid in answers}
                contact_id, link = _contact_for_copies(uow, visit, values)
                if contact_id:
                    _fill_contact(uow, contact_id, values)
                    if link and not visit.get("deleted") and visit.get("contact_id") != contact_id:
                        uow.update("visit", visit["id"], {"contact_id": contact_id})
            uow.erase(table, record_id, _copied_keys(uow, table, record, bound))
            cleaned += 1
        uow.commit()
    if cleaned:
        app.database.checkpoint()
    return Result(cleaned, frozenset(uow.changes))


# --- Erasure ------------------------------------------------------------------------------------------

def mentions(uow: Any, pattern: Any) -> dict[tuple[str, str], set[str]]:
    """(table, id) → flat field names whose current or any earlier value holds a match of ``pattern``."""
    import sqlalchemy as sa

    found: dict[tuple[str, str], set[str]] = {}
    kinds = {name: {f.name: f.kind for f in spec.fields} for name, spec in records.TABLES.items()}
    for table, row_id, data in uow.execute(sa.text("SELECT tbl, row_id, data FROM op")):
        if table not in kinds or not privacy.holds(data, pattern):
            continue
        for name, value in json.loads(data).items():
            base = name.partition(".")[0]
            if kinds[table].get(base) in TEXT_KINDS and privacy.holds(value, pattern):
                found.setdefault((table, row_id), set()).add(name)
    return found


def _current(record: Mapping[str, Any], name: str) -> Any:
    base, dot, key = name.partition(".")
    if dot:
        return (record.get(base) or {}).get(key)
    return record.get(base)


def erase_person(app: App, contact_id: str) -> Result[dict[str, Any]]:
    """GDPR erasure of a contact person, reaching every copy; syncs, and no older bundle undoes it.

    Returns ``{"contact": id, "records": [{"table", "id", "fields"}]}``: the
    other records in which copies were erased or redacted.
    """
    spec = records.table("contact")
    touched: dict[tuple[str, str], set[str]] = {}
    with app.uow() as uow:
        contact = uow.get("contact", contact_id, include_deleted=True)
        if contact is None:
            uow.require("contact", contact_id)
        pattern = privacy.text_pattern(contact.get("name"), contact.get("phone"), contact.get("email"))
        uow.erase("contact", contact_id, spec.personal_fields)
        # Answers of visits with this contact that copied the contact's details (questionnaire version 1).
        for visit in uow.select("visit", where={"contact_id": contact_id}, include_deleted=True):
            owned = [("visit", visit)] + [("submission", s) for s in uow.select(
                "submission", where={"visit_id": visit["id"]}, include_deleted=True)]
            for table, record in owned:
                template = _template(record)
                keys = _copied_keys(uow, table, record, template.contact_questions()) if template else []
                if keys:
                    uow.erase(table, record["id"], keys)
                    touched.setdefault((table, record["id"]), set()).update(keys)
        if pattern is not None:
            for (table, row_id), names in sorted(mentions(uow, pattern).items()):
                if (table, row_id) == ("contact", contact_id):
                    continue
                record = uow.get(table, row_id, include_deleted=True)
                if record is None:
                    continue
                template = _template(record) if table in ("visit", "submission") else None
                bound = {f"answers.{qid}" for qid in template.contact_questions()} if template else set()
                copies = sorted(names & bound)
                if copies:   # a copied detail of the person: all of that visit's contact answers go
                    copies = _copied_keys(uow, table, record, template.contact_questions())
                    uow.erase(table, row_id, copies)
                texts = {name: privacy.redact_value(_current(record, name), pattern)
                         for name in sorted(names - bound)}
                if texts:
                    uow.redact(table, row_id, texts)
                touched.setdefault((table, row_id), set()).update(copies, texts)
        uow.commit()
    # Old page images in the WAL could still hold the erased values.
    app.database.checkpoint()
    # Bundles held in quarantine are copies too: those that hold (or may hold) the person's data go.
    from cirkular_desktop.services.quarantine import forget_person

    dropped = forget_person(app, contact_id, pattern)
    report = [{"table": t, "id": i, "fields": sorted(f)} for (t, i), f in sorted(touched.items())]
    return Result({"contact": contact_id, "records": report, "quarantine": dropped},
                  frozenset(uow.changes) | {"contact"} | ({"sync"} if dropped else set()))
