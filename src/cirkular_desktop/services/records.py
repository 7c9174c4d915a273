"""Use cases on records of any table: add, change, remove, show, list, dump, erase.

The CLI's ``add``/``set``/``remove``/``list``/``show``/``dump``/``erase``
and the GUI's editors call these. Checks that involve more than one record
(references exist, organisation numbers are unique, a record still in use
is not removed) live here; checks of one value live in ``core.records``.

A visit's status is not an ordinary field: finishing one checks the required
answers and saves a numbered version, so ``set_record`` hands a status change
to ``services.visits.change_status`` — the same rule whichever face asks.

Imports: errors, i18n, core, store (through App: the unit of work, and ``store.queries`` on the
read path), services.app, services.visits (for the status of a visit).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, Mapping

from cirkular_desktop.core import derived, orgnumber, records
from cirkular_desktop.core.fields import ITEMS, REF, REFS
from cirkular_desktop.errors import ConflictError, NotFoundError, ValidationError
from cirkular_desktop.i18n import gettext as _
from cirkular_desktop.services.app import App, Result
from cirkular_desktop.store import queries

if TYPE_CHECKING:  # pragma: no cover - annotations only: the unit of work loads the ORM on first use
    from cirkular_desktop.store.uow import UnitOfWork

DUMP_FORMAT = "cirkular-dump"
DUMP_VERSION = 1

# Records that belong to another and go with it when it is removed.
OWNED = {"visit": (("submission", "visit_id"),), "match": (("match_event", "match_id"),)}


def _references_to(table: str) -> list[tuple[str, str]]:
    """(table, field) pairs whose REF field points at ``table``."""
    return [(t.name, f.name) for t in records.TABLES.values() for f in t.fields
            if f.kind == REF and f.ref == table]


def _list_references_to(table: str) -> list[tuple[str, str]]:
    """(table, field) pairs whose list field names ``table`` records: REFS (a test environment's
    partners) and, for organizations, the participant groups of a competence activity."""
    return [(t.name, f.name) for t in records.TABLES.values() for f in t.fields
            if (f.kind == REFS and f.ref == table)
            or (table == "organization" and f.kind == ITEMS and f.item_shape == "participants")]


def _names_in_list(value: Any) -> set[str]:
    """The ids a REFS list or a participants list holds."""
    found = set()
    for item in value or ():
        if isinstance(item, Mapping):
            if item.get("organization_id"):
                found.add(str(item["organization_id"]))
        elif item:
            found.add(str(item))
    return found


# How many records of one kind are named in a refusal; the rest are counted.
_TITLES_NAMED = 3


def _users_of(uow: UnitOfWork, table: str, record_id: str) -> list[str]:
    """What still refers to a record, one entry per kind of record: "2 × Test environment (“A”, “B”)".

    Single references are counted in SQL; lists (partners, participants) are stored as JSON, so the
    (few) records with such a list are read and looked into. Parts the record owns (``OWNED``) go
    with it and do not count.
    """
    owned_tables = {t for t, _f in OWNED.get(table, ())}
    counts: dict[str, int] = {}
    named: dict[str, dict[str, dict[str, Any]]] = {}
    for other, field_name in _references_to(table):
        if other in owned_tables:
            continue
        count = uow.count(other, where={field_name: record_id})
        if count:
            counts[other] = counts.get(other, 0) + count
            for row in uow.select(other, where={field_name: record_id}, limit=_TITLES_NAMED):
                named.setdefault(other, {})[row["id"]] = row
    for other, field_name in _list_references_to(table):
        for row in uow.select(other):
            if record_id in _names_in_list(row.get(field_name)) and row["id"] not in named.get(other, {}):
                counts[other] = counts.get(other, 0) + 1
                named.setdefault(other, {})[row["id"]] = row
    out = []
    for other, count in counts.items():
        rows = sorted(named[other].values(), key=lambda r: display_title(other, r))[:_TITLES_NAMED]
        titles = ", ".join(_("“{title}”").format(title=display_title(other, r)) for r in rows)
        out.append(_("{count} × {table} ({titles})").format(
            count=count, table=_(records.table(other).label), titles=titles + (", …" if count > len(rows) else "")))
    return out


def _check_refs(uow: UnitOfWork, table: str, values: Mapping[str, Any]) -> None:
    spec = records.table(table)
    for name, value in values.items():
        f = spec.field(name)
        if f.kind == REF and value is not None and uow.get(f.ref or "", value) is None:
            raise ValidationError(_("{table}.{field}: no {target} with id “{id}”").format(
                table=table, field=name, target=f.ref, id=value), field=name)
        if f.kind == REFS and value:
            for item in value:
                if uow.get(f.ref or "", item) is None:
                    raise ValidationError(_("{table}.{field}: no {target} with id “{id}”").format(
                        table=table, field=name, target=f.ref, id=item), field=name)
        if f.kind == ITEMS and f.item_shape == "participants" and value:
            for item in value:
                org = item.get("organization_id")
                if org and uow.get("organization", org) is None:
                    raise ValidationError(_("{table}.{field}: no {target} with id “{id}”").format(
                        table=table, field=name, target="organization", id=org), field=name)
    if table == "attachment" and values.get("owner_table") and values.get("owner_id"):
        if uow.get(values["owner_table"], values["owner_id"]) is None:
            raise ValidationError(_("{table}.{field}: no {target} with id “{id}”").format(
                table=table, field="owner_id", target=values["owner_table"], id=values["owner_id"]),
                field="owner_id")


def _check_unique_number(uow: UnitOfWork, values: Mapping[str, Any], record_id: str | None) -> None:
    number, country = values.get("org_number"), values.get("country")
    if not number:
        return
    for other in uow.select("organization", where={"org_number": number, "country": country}):
        if other["id"] != record_id:
            raise ConflictError(_("organization.org_number: {number} is already registered as “{name}”").format(
                number=orgnumber.format_number(country or "", number), name=other["name"]), field="org_number")


def _derive(uow: UnitOfWork, table: str, clean: dict[str, Any], existing: Mapping[str, Any] | None) -> None:
    """Fill fields that follow from others (``core.derived``) and check what needs other records."""
    merged = {**(existing or {}), **clean}
    derived.fill(table, clean, existing)
    if table == "contact":
        from cirkular_desktop.services.privacy import consent_dates

        consent_dates(clean, existing)
    if table == "organization" and ("country" in clean or "org_number" in clean):
        _check_unique_number(uow, merged, existing["id"] if existing else None)
    if table in ("outcome", "activity", "test_environment"):
        from cirkular_desktop.services import workspace_rules

        workspace_rules.derive(uow, table, clean, merged)


def _stage_event(uow: UnitOfWork, match_id: str, stage: str, note: str | None = None, *,
                 from_stage: str | None = None, by: str | None = None) -> None:
    from cirkular_desktop.services import workspace_rules

    workspace_rules.stage_event(uow, match_id, stage, note, from_stage=from_stage, by=by)


def add_record(app: App, table: str, values: Mapping[str, Any], *, from_text: bool = False,
               allow_internal: bool = False) -> Result[str]:
    """Validate and add one record; returns its id."""
    records.table(table)
    with app.uow() as uow:
        clean = records.validate_record(table, values, from_text=from_text, creating=True,
                                        allow_internal=allow_internal)
        if table == "visit" and clean.get("status") == "completed" and not allow_internal:
            raise ValidationError(_("visit.status: a new visit starts in progress; it is finished in the app "
                                    "once its questions are answered"), field="status")
        _check_refs(uow, table, clean)
        _derive(uow, table, clean, None)
        record_id = None
        if table == "organization" and clean.get("org_number"):
            # Same company registered on two laptops → same id, so the records converge.
            record_id = orgnumber.organization_id(clean["country"], clean["org_number"])
            previous = uow.get("organization", record_id, include_deleted=True)
            if previous is not None:
                raise ConflictError(_("organization.org_number: {number} was registered before{removed}").format(
                    number=orgnumber.format_number(clean["country"], clean["org_number"]),
                    removed=_(" and removed") if previous["deleted"] else ""), field="org_number")
        new_id = uow.create(table, clean, record_id=record_id)
        if table == "match":
            _stage_event(uow, new_id, clean.get("stage") or "proposed")
        uow.commit()
    return Result(new_id, frozenset(uow.changes))


def set_record(app: App, table: str, record_id: str, values: Mapping[str, Any], *,
               from_text: bool = False, allow_internal: bool = False) -> Result[set[str]]:
    """Change fields of one record; returns the names of the fields that changed.

    A visit's status goes through ``services.visits.change_status`` (finishing checks the answers
    and saves a version), so it is changed on its own, never beside other fields. Only
    ``allow_internal`` — writing back a state that was stored before (undo, restore) — writes the
    status as given, together with the internal ``version`` it belongs with.
    """
    records.table(table)
    if not values:
        raise ValidationError(_("nothing to change: give at least one FIELD=VALUE"), field="FIELD")
    if table == "visit" and "status" in values and not allow_internal:
        from cirkular_desktop.services import visits

        if len(values) > 1:
            raise ValidationError(_("visit.status: change the status on its own, without other fields"),
                                  field="status")
        return visits.change_status(app, record_id, values["status"], from_text=from_text)
    with app.uow() as uow:
        existing = uow.require(table, record_id)
        clean = records.validate_record(table, values, from_text=from_text, existing=existing,
                                        allow_internal=allow_internal)
        if table == "contact" and existing.get("erased"):
            blocked = set(clean) & set(records.table(table).personal_fields)
            if blocked:
                raise ConflictError(_("contact: the personal data of this contact was erased and cannot "
                                      "be filled in again"), field=sorted(blocked)[0])
        _check_refs(uow, table, clean)
        _derive(uow, table, clean, existing)
        changed = uow.update(table, record_id, clean)
        if table == "match" and "stage" in changed:
            _stage_event(uow, record_id, clean["stage"], from_stage=existing.get("stage"))
        uow.commit()
    return Result(changed, frozenset(uow.changes))


def remove_record(app: App, table: str, record_id: str) -> Result[str]:
    """Delete a record that nothing else uses; its owned parts go with it."""
    records.table(table)
    with app.uow() as uow:
        record = uow.require(table, record_id)
        users = _users_of(uow, table, record_id)
        if users:
            raise ConflictError(_("{table} “{title}” is still used by {users}; remove those first").format(
                table=_(records.table(table).label), title=display_title(table, record), users=", ".join(users)),
                field="id")
        for other, field_name in OWNED.get(table, ()):
            for child in uow.select(other, where={field_name: record_id}):
                uow.delete(other, child["id"])
        for attachment in uow.select("attachment", where={"owner_table": table, "owner_id": record_id}):
            uow.delete("attachment", attachment["id"])
        uow.delete(table, record_id)
        uow.commit()
    return Result(record_id, frozenset(uow.changes))


def erase_contact(app: App, contact_id: str) -> Result[str]:
    """GDPR erasure: the contact's personal fields and every copy of them (``services.privacy.erase_person``)."""
    from cirkular_desktop.services.privacy import erase_person

    result = erase_person(app, contact_id)
    return Result(contact_id, result.changes)


def resolve_id(app: App, table: str, given: str, *, label: str | None = None) -> str:
    """The full id of the live ``table`` record whose id starts with ``given`` (lists show 8 characters).

    A full id, or a prefix no record has, comes back as given, so that the
    caller's own check names it; a prefix shared by several records is refused.
    """
    records.table(table)
    prefix = given.strip().lower()
    if not prefix or len(prefix) >= 36:
        return given
    with app.snapshot() as conn:
        found = queries.ids_starting_with(conn, table, prefix, limit=2)
    if len(found) > 1:
        raise ValidationError(_("{what}: “{id}” is the start of more than one id; give more characters").format(
            what=label or table, id=given), field=label or "id")
    return found[0] if found else given


def get_record(app: App, table: str, record_id: str) -> dict[str, Any]:
    records.table(table)
    with app.snapshot() as conn:
        found = queries.get_record(conn, table, record_id)
    if found is None:
        raise NotFoundError(_("{table}: no record with id “{id}”").format(table=table, id=record_id), field="id")
    return found


def list_records(app: App, table: str, *, search: str | None = None, where: Mapping[str, Any] | None = None,
                 limit: int | None = None, offset: int = 0, order_by: tuple[str, ...] | None = None,
                 descending: bool = False) -> list[dict[str, Any]]:
    records.table(table)
    with app.snapshot() as conn:
        return queries.select_records(conn, table, search=search, where=where, limit=limit, offset=offset,
                                      order_by=order_by, descending=descending)


def count_records(app: App, table: str, *, search: str | None = None,
                  where: Mapping[str, Any] | None = None) -> int:
    records.table(table)
    with app.snapshot() as conn:
        return queries.count_records(conn, table, search=search, where=where)


def display_title(table: str, record: Mapping[str, Any]) -> str:
    spec = records.table(table)
    value = record.get(spec.title_field)
    return str(value) if value not in (None, "") else record.get("id", "")


def dump_data(app: App) -> dict[str, Any]:
    """Every record of every table, deleted ones marked, without device-local metadata."""
    tables: dict[str, list[dict[str, Any]]] = {}
    with app.uow(write=False) as uow:
        for name in sorted(records.TABLES):
            rows = []
            for record in uow.all_rows(name):
                if record["deleted"]:
                    rows.append({"id": record["id"], "deleted": True})
                else:
                    rows.append(record)
            tables[name] = rows
    return {"format": DUMP_FORMAT, "version": DUMP_VERSION, "tables": tables}


def dump(app: App) -> str:
    """Canonical JSON of ``dump_data``: the same data gives the same bytes on any machine."""
    return json.dumps(dump_data(app), sort_keys=True, ensure_ascii=False, indent=2, allow_nan=False) + "\n"
