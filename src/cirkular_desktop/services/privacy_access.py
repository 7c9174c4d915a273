"""Personal data use cases besides erasure: access, the shared export, the notice's settings, retention.

- ``export_person`` (GDPR Art. 15): everything held about a contact —
  the record, its history of changes, the visits, streams and needs that
  refer to it, and any text elsewhere that names them — as readable JSON with
  field labels in the user's language.
- ``export_shared``: the residual streams and needs meant for partners on
  the other side, with the contact person only where consent (b) was given
  (``core.privacy`` decides).
- The privacy notice's settings (``settings.privacy``) and what they lack.
- Retention: a date per record kind holding personal data (default: the end
  of the programme's audit period); ``past_retention`` lists what is held
  beyond it, ``erase_past_retention`` erases it.
- ``check_findings``: the lines ``cirkular check`` adds about personal data.

Imports: errors, i18n, fileutil, settings, core (privacy, privacy_notice,
records, display), replication.hlc, services (app, privacy, exports), store (through
the unit of work).
"""

from __future__ import annotations

import datetime as _dt
import json
from pathlib import Path
from typing import Any, Mapping

from cirkular_desktop import fileutil, i18n, settings
from cirkular_desktop.core import display, privacy, privacy_notice, records
from cirkular_desktop.errors import ValidationError
from cirkular_desktop.i18n import gettext as _
from cirkular_desktop.replication import hlc
from cirkular_desktop.services.app import App, Result
from cirkular_desktop.services.privacy import contact_copies, erase_person, mentions

PERSON_FORMAT = "cirkular-person"
RETENTION_KINDS = tuple(name for name, t in records.TABLES.items() if t.personal_fields)   # ("contact",)


# --- Right of access ----------------------------------------------------------------------------------

def _labelled(table: str, record: Mapping[str, Any], *, skip: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    spec = records.table(table)
    out = []
    for f in spec.fields:
        value = record.get(f.name)
        if f.name in skip or value in (None, "", [], {}):
            continue
        item = {"field": f.name, "label": _(f.label), "value": value}
        shown = display.human_value(f, value) if f.kind != records.MAP else None
        if shown and shown != value:
            item["shown"] = shown   # a choice, date or reference as the user reads it
        out.append(item)
    return out


def _when(stamp: str) -> str:
    moment = _dt.datetime.fromtimestamp(hlc.wall_ms(stamp) / 1000, tz=_dt.timezone.utc)
    return moment.isoformat(timespec="seconds")


def _field_label(table: str, name: str) -> str:
    base, dot, key = name.partition(".")
    spec = records.table(table)
    if not spec.has_field(base):
        return name
    label = _(spec.field(base).label)
    return f"{label}: {key}" if dot else label


def person_data(app: App, contact_id: str) -> dict[str, Any]:
    """Everything held about a contact person, copies and history included, labelled in the user's language."""
    with app.uow(write=False) as uow:
        contact = uow.get("contact", contact_id, include_deleted=True)
        if contact is None:
            uow.require("contact", contact_id)
        organization = uow.get("organization", contact["organization_id"], include_deleted=True) or {}
        history = []
        for op in sorted(uow.ops_for_row("contact", contact_id), key=lambda o: o.stamp):
            changes = [{"field": k, "label": _field_label("contact", k), "value": v}
                       for k, v in sorted(op.data.items()) if not k.startswith("_")]
            event = {"at": _when(op.stamp), "device": hlc.device_of(op.stamp), "changes": changes}
            if op.data.get("_erase"):
                event["erased"] = [_field_label("contact", k) for k in op.data["_erase"]]
            history.append(event)
        referring = []
        for table in ("visit", "stream", "need"):
            for record in uow.select(table, where={"contact_id": contact_id}):
                referring.append({"table": table, "kind": _(records.table(table).label), "id": record["id"],
                                  "fields": _labelled(table, record, skip=("answers",))})
        named = []
        pattern = privacy.text_pattern(contact.get("name"), contact.get("phone"), contact.get("email"))
        if pattern is not None:
            for (table, row_id), names in sorted(mentions(uow, pattern).items()):
                if (table, row_id) == ("contact", contact_id):
                    continue
                record = uow.get(table, row_id, include_deleted=True) or {}
                for name in sorted(names):
                    base, dot, key = name.partition(".")
                    value = (record.get(base) or {}).get(key) if dot else record.get(base)
                    named.append({"table": table, "kind": _(records.table(table).label), "id": row_id,
                                     "field": name, "label": _field_label(table, name), "value": value,
                                     "deleted": bool(record.get("deleted")), "in_history_only": not (
                                         value is not None and privacy.holds(value, pattern))})
    return {
        "format": PERSON_FORMAT, "version": 1, "language": i18n.get_language(),
        "exported_at": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        "contact": {"id": contact_id, "erased": bool(contact.get("erased")), "deleted": bool(contact.get("deleted")),
                    "fields": _labelled("contact", contact)},
        "organization": {"id": organization.get("id"), "name": organization.get("name"),
                         "country": organization.get("country")},
        "partner_view": privacy.partner_contact(contact),
        "history": history,
        "records_referring_to_the_person": referring,
        "text_naming_the_person": named,
    }


def export_person(app: App, contact_id: str, path: str | Path) -> Path:
    """Write ``person_data`` to ``path`` as UTF-8 JSON."""
    target = Path(path).expanduser()
    if target.suffix.lower() != ".json":
        raise ValidationError(_("{file}: choose a file name ending in .json").format(file=target.name), field="FILE")
    data = person_data(app, contact_id)
    try:
        fileutil.atomic_write_text(target, json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False,
                                                      default=str) + "\n")
    except OSError as exc:
        raise ValidationError(_("{file}: cannot be written ({reason})").format(
            file=target, reason=fileutil.os_reason(exc)), field="FILE") from None
    return target


# --- What partners may see ----------------------------------------------------------------------------

def shared_rows(app: App) -> tuple[list[str], list[list[Any]]]:
    """Streams and needs shared with partners, one row each, with the contact only under consent (b)."""
    header = [_("Kind"), _("Title"), _("Material category"), _("Quantity"), _("Unit"), _("Basis"),
              _("Organization"), _("Country"), _("Municipality"), _("Contact person"), _("Phone"), _("E-mail")]
    rows = []
    with app.uow(write=False) as uow:
        organizations = {o["id"]: o for o in uow.select("organization")}
        contacts = {c["id"]: c for c in uow.select("contact")}
        for table, kind in (("stream", _("Residual stream")), ("need", _("Need"))):
            spec = records.table(table)
            for record in uow.select(table, order_by=("title",)):
                if not privacy.stream_is_shared(record):
                    continue
                org = organizations.get(record["organization_id"]) or {}
                person = privacy.partner_contact(contacts.get(record.get("contact_id") or "")) or {}
                rows.append([kind, record.get("title"),
                             display.human_value(spec.field("material_category"), record.get("material_category")),
                             record.get("quantity"),
                             display.human_value(spec.field("unit"), record.get("unit")),
                             display.human_value(spec.field("basis"), record.get("basis")),
                             org.get("name"), org.get("country"),
                             display.human_value(records.table("organization").field("municipality"),
                                                 org.get("municipality")),
                             person.get("name"), person.get("phone"), person.get("email")])
    return header, rows


def export_shared(app: App, path: str | Path) -> Path:
    """Write what partners may see (``shared_rows``) to an .xlsx or .csv file."""
    from cirkular_desktop.services import exports

    target = Path(path).expanduser()
    suffix = target.suffix.lower()
    if suffix not in exports.FORMATS:
        raise ValidationError(_("{file}: choose a file name ending in .xlsx or .csv").format(file=target.name),
                              field="FILE")
    header, rows = shared_rows(app)
    data = (exports._xlsx(header, rows, _("Shared with partners")) if suffix == ".xlsx"
            else exports._csv(header, rows))
    try:
        fileutil.atomic_write_bytes(target, data)
    except OSError as exc:
        raise ValidationError(_("{file}: cannot be written ({reason})").format(
            file=target, reason=fileutil.os_reason(exc)), field="FILE") from None
    return target


# --- The notice's settings ----------------------------------------------------------------------------

def privacy_settings(app: App) -> dict[str, Any]:
    return settings.privacy(app.paths)


def notice_gaps(app: App) -> list[str]:
    """What the privacy notice still lacks, each as a phrase in the user's language."""
    return privacy_notice.describe_missing(privacy_notice.missing(settings.privacy(app.paths)))


def save_privacy_settings(app: App, values: Mapping[str, Any]) -> Result[dict[str, Any]]:
    """Check and keep the notice's controllers, the year of the last payment and retention dates."""
    current = settings.privacy(app.paths)
    clean: dict[str, Any] = {"controllers": current["controllers"], "last_payment_year": current["last_payment_year"],
                             "retention": dict(current["retention"])}
    for side, block in (values.get("controllers") or {}).items():
        if side not in settings.PRIVACY_SIDES:
            raise ValidationError(_("privacy: unknown country side “{side}”").format(side=side), field="controllers")
        for name, value in block.items():
            if name == "legal_basis":
                if value not in ("e", "f"):
                    raise ValidationError(_("privacy: the legal basis is e or f"), field="legal_basis")
                clean["controllers"][side][name] = value
            elif name in settings.CONTROLLER_FIELDS:
                clean["controllers"][side][name] = " ".join(str(value or "").split())[:300]
    if "last_payment_year" in values:
        year = values["last_payment_year"]
        if year in (None, ""):
            clean["last_payment_year"] = None
        else:
            try:
                year = int(str(year).strip())
            except ValueError:
                year = 0
            if not 2021 <= year <= 2040:
                raise ValidationError(_("privacy: the year of the last payment must be between 2021 and 2040"),
                                      field="last_payment_year")
            clean["last_payment_year"] = year
    for kind, value in (values.get("retention") or {}).items():
        if kind not in RETENTION_KINDS:
            raise ValidationError(_("privacy: “{kind}” holds no personal data to keep a date for").format(kind=kind),
                                  field="retention")
        if value in (None, ""):
            clean["retention"].pop(kind, None)
            continue
        try:
            clean["retention"][kind] = _dt.date.fromisoformat(str(value).strip()).isoformat()
        except ValueError:
            raise ValidationError(_("privacy: “{value}” is not a date (YYYY-MM-DD)").format(value=value),
                                  field="retention") from None
    settings.save_privacy(app.paths, clean)
    return Result(clean, frozenset({"settings"}))


# --- Retention ------------------------------------------------------------------------------------------

def retention_dates(app: App) -> dict[str, _dt.date | None]:
    """The date after which each record kind's personal data is no longer kept (None: not known yet)."""
    config = settings.privacy(app.paths)
    default = privacy_notice.audit_end(config)
    out: dict[str, _dt.date | None] = {}
    for kind in RETENTION_KINDS:
        given = config["retention"].get(kind)
        out[kind] = _dt.date.fromisoformat(given) if given else default
    return out


def past_retention(app: App, today: _dt.date | None = None) -> list[dict[str, Any]]:
    """Records still holding personal data after their kind's retention date."""
    today = today or _dt.date.today()
    found = []
    dates = retention_dates(app)
    with app.uow(write=False) as uow:
        for kind in RETENTION_KINDS:
            until = dates[kind]
            if until is None or today <= until:
                continue
            personal = records.table(kind).personal_fields
            for record in uow.select(kind):
                if not record.get("erased") and any(record.get(f) not in (None, "") for f in personal):
                    found.append({"table": kind, "id": record["id"], "until": until.isoformat(),
                                  "title": str(record.get(records.table(kind).title_field) or record["id"])})
    return found


def erase_past_retention(app: App, ids: list[str] | None = None, today: _dt.date | None = None) -> Result[int]:
    """Erase the personal data held past retention (only ``ids`` of them, when given)."""
    changes: set[str] = set()
    count = 0
    for item in past_retention(app, today):
        if ids is not None and item["id"] not in ids:
            continue
        if item["table"] == "contact":
            changes |= erase_person(app, item["id"]).changes
            count += 1
    return Result(count, frozenset(changes))


# --- cirkular check -------------------------------------------------------------------------------------

def check_findings(app: App, today: _dt.date | None = None) -> list[str]:
    """Warnings about personal data for ``cirkular check``: the notice's gaps, data past retention, copies."""
    lines = []
    gaps = notice_gaps(app)
    if gaps:
        lines.append(_("the privacy notice is incomplete; set in Preferences ▸ Privacy: {missing}").format(
            missing="; ".join(gaps)))
    for item in past_retention(app, today):
        lines.append(_("{table} “{title}” ({id}) holds personal data past its retention date {date}").format(
            table=_(records.table(item["table"]).label), title=item["title"], id=item["id"][:8],
            date=i18n.format_date(_dt.date.fromisoformat(item["until"]))))
    with app.uow(write=False) as uow:
        copies = len(contact_copies(uow))
    if copies:
        lines.append(_("{count} visit(s) or versions hold copies of contact details in their answers; "
                       "`cirkular init` moves them to the contact record").format(count=copies))
    return lines


def notice(app: App, organization_id: str, contact: Mapping[str, Any] | None = None,
           lang: str | None = None) -> privacy_notice.Notice:
    """The privacy notice for a contact of the organization, in ``lang`` (default: the contact's language)."""
    with app.uow(write=False) as uow:
        organization = uow.get("organization", organization_id, include_deleted=True) or {}
    country = organization.get("country")
    chosen = lang or (contact or {}).get("language") or {"SE": "sv", "NO": "nb"}.get(country or "", "sv")
    with i18n.using_language(chosen) as used:
        return privacy_notice.build(settings.privacy(app.paths), country, contact, lang=used)
