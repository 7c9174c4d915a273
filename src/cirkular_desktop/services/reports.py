"""Use cases: print a visit summary, the project report, and summaries for a range of visits.

Each function gathers plain data from the store in one read unit of work
and hands it to the pure builders in ``reports``. A summary is printed in
the participant's language unless another is asked for: the contact's
language, else the organization's country (SE → sv, NO → nb).

Imports: errors, i18n, fileutil, core, reports, store (uow through App, blobs), services.app.
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from pathlib import Path
from typing import Any, Callable, Mapping

from cirkular_desktop import fileutil, i18n, settings
from cirkular_desktop.core import display, questionnaire
from cirkular_desktop.errors import CirkularError, NotFoundError, ValidationError
from cirkular_desktop.i18n import gettext as _
from cirkular_desktop.reports.data import Photo, ProjectData, VisitSummaryData
from cirkular_desktop.reports.project_report import build_project_report
from cirkular_desktop.reports.visit_summary import build_visit_summary
from cirkular_desktop.services.app import App
from cirkular_desktop.store import blobs
from cirkular_desktop.store.uow import UnitOfWork

Progress = Callable[[int, int], bool]  # (done, total) -> keep going?
PRINTABLE_TYPES = ("image/jpeg", "image/png", "image/gif", "image/bmp", "image/tiff", "image/webp")
MAX_PHOTOS = 12  # a summary is a handout, not an album
LOGO_FOLDER = "logos"
LOGO_SUFFIXES = (".png", ".jpg", ".jpeg")
MAX_LOGOS, MAX_LOGO_BYTES = 4, 2 * 1024 * 1024


def _check_language(lang: str | None) -> str | None:
    if lang is None:
        return None
    if lang not in i18n.LANGUAGES:
        raise ValidationError(_("--lang: “{lang}” is not a language of the documents; use sv, nb or en").format(
            lang=lang), field="lang")
    return lang


def summary_language(visit: Mapping[str, Any], organization: Mapping[str, Any],
                     contact: Mapping[str, Any] | None) -> str:
    """The language a participant gets: their own, else their country's."""
    if contact and contact.get("language") in i18n.LANGUAGES:
        return contact["language"]
    return {"SE": "sv", "NO": "nb"}.get(organization.get("country") or "", i18n.get_language())


def _template(visit: Mapping[str, Any]) -> questionnaire.Template | None:
    try:
        return questionnaire.load(visit.get("template_id") or "mapping", visit.get("template_version"))
    except CirkularError:
        return None  # a template from a newer release: the summary prints without the answers


def _photos(app: App, uow: UnitOfWork, owners: list[tuple[str, str]]) -> list[Photo]:
    photos: list[Photo] = []
    for owner_table, owner_id in owners:
        for attachment in uow.select("attachment", where={"owner_table": owner_table, "owner_id": owner_id},
                                     order_by=("filename",)):
            if attachment.get("media_type") not in PRINTABLE_TYPES or len(photos) >= MAX_PHOTOS:
                continue
            try:
                data = blobs.read(app.paths.attachments, attachment["sha256"])
            except NotFoundError:
                continue  # the photo has not arrived from the other laptop yet
            photos.append(Photo(data, attachment.get("caption") or "", attachment.get("filename") or ""))
    return photos


def _by_title(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(rows, key=lambda r: ((r.get("title") or "").casefold(), r["id"]))


def _contact_for(uow: UnitOfWork, visit: Mapping[str, Any], organization: Mapping[str, Any]) -> dict | None:
    """The visit's contact person, else the organization's first contact."""
    contact = uow.get("contact", visit["contact_id"]) if visit.get("contact_id") else None
    if contact is None and organization.get("id"):
        contacts = uow.select("contact", where={"organization_id": organization["id"]}, order_by=("name",))
        contact = contacts[0] if contacts else None
    return contact


def partner_logos(app: App) -> tuple[bytes, ...]:
    """The partners' logos for the page header: PNG or JPEG files in ``<data dir>/logos``, by file name."""
    folder = app.paths.data_dir / LOGO_FOLDER
    if not folder.is_dir():
        return ()
    logos = []
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() in LOGO_SUFFIXES and path.is_file() and path.stat().st_size <= MAX_LOGO_BYTES:
            logos.append(path.read_bytes())
        if len(logos) == MAX_LOGOS:
            break
    return tuple(logos)


def _summary_data(app: App, uow: UnitOfWork, visit: dict[str, Any], printed_on: _dt.date) -> VisitSummaryData:
    organization = uow.get("organization", visit["organization_id"]) or {"name": "", "id": visit["organization_id"]}
    contact = _contact_for(uow, visit, organization)
    # This visit's streams, and the organization's streams not tied to another visit.
    streams = [s for s in uow.select("stream", where={"organization_id": organization["id"]})
               if s.get("visit_id") in (visit["id"], None)]
    needs = [n for n in uow.select("need", where={"organization_id": organization["id"]})
             if n.get("visit_id") in (visit["id"], None)]
    stream_ids = {s["id"] for s in streams}
    # Ideas by indexed look-ups: a batch of thousands of visits must not scan every idea each time.
    found: dict[str, dict[str, Any]] = {}
    for stream_id in sorted(stream_ids):
        for idea in uow.select("idea", where={"stream_id": stream_id}):
            found[idea["id"]] = idea
    for idea in uow.select("idea", where={"organization_id": organization["id"]}):
        if not idea.get("stream_id"):
            found[idea["id"]] = idea
    ideas = list(found.values())
    owners = [("visit", visit["id"])] + [("stream", s["id"]) for s in _by_title(streams)]
    return VisitSummaryData(
        visit=visit, organization=organization, contact=contact, template=_template(visit),
        streams=_by_title(streams), needs=_by_title(needs), ideas=_by_title(ideas),
        photos=_photos(app, uow, owners), printed_on=printed_on, logos=partner_logos(app),
        privacy=settings.privacy(app.paths))


def visit_summary_pdf(app: App, visit_id: str, lang: str | None = None, *, invariant: bool = False,
                      printed_on: _dt.date | None = None) -> bytes:
    """The summary of one visit as PDF bytes; ``lang`` None means the participant's language."""
    _check_language(lang)
    with app.uow(write=False) as uow:
        visit = uow.get("visit", visit_id)
        if visit is None:
            raise NotFoundError(_("visit: no record with id “{id}”").format(id=visit_id), field="VISIT_ID")
        data = _summary_data(app, uow, visit, printed_on or _dt.date.today())
    chosen = lang or summary_language(visit, data.organization, data.contact)
    return build_visit_summary(data, chosen, invariant=invariant)


def visit_summary_info(app: App, visit_id: str) -> dict[str, str]:
    """What a preview shows before printing: the participant's language and a file name to suggest."""
    with app.uow(write=False) as uow:
        visit = uow.get("visit", visit_id)
        if visit is None:
            raise NotFoundError(_("visit: no record with id “{id}”").format(id=visit_id), field="VISIT_ID")
        organization = uow.get("organization", visit["organization_id"]) or {}
        contact = _contact_for(uow, visit, organization)
    return {"language": summary_language(visit, organization, contact),
            "file_name": _file_name(visit, organization), "organization": organization.get("name") or "",
            "date": visit.get("date") or ""}


def project_data(app: App, printed_on: _dt.date | None = None) -> ProjectData:
    """Every live record the project report counts."""
    with app.uow(write=False) as uow:
        def rows(table: str) -> list[dict[str, Any]]:
            return [r for r in uow.all_rows(table) if not r["deleted"]]

        return ProjectData(
            organizations=rows("organization"), visits=rows("visit"), streams=rows("stream"), needs=rows("need"),
            ideas=rows("idea"), matches=rows("match"), test_environments=rows("test_environment"),
            outcomes=rows("outcome"), printed_on=printed_on or _dt.date.today(), logos=partner_logos(app))


def project_report_pdf(app: App, lang: str | None = None, *, invariant: bool = False,
                       printed_on: _dt.date | None = None) -> bytes:
    """The project report as PDF bytes in ``lang`` (default: the active language)."""
    _check_language(lang)
    return build_project_report(project_data(app, printed_on), lang or i18n.get_language(), invariant=invariant)


def _as_date(value: _dt.date | str, name: str) -> _dt.date:
    if isinstance(value, _dt.date):
        return value
    try:
        return _dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValidationError(_("{field}: “{value}” is not a date (YYYY-MM-DD)").format(
            field=name, value=value), field=name) from None


def _file_name(visit: Mapping[str, Any], organization: Mapping[str, Any] | None) -> str:
    name = unicodedata.normalize("NFC", (organization or {}).get("name") or _("unknown organization"))
    # Keep letters of every language (å, ø, Č); drop what file systems or e-mail clients mangle.
    name = re.sub(r"[^\w\- ]+", "", name).strip().replace(" ", "-")[:60] or "visit"
    return f"{visit['date']}_{name}_{visit['id'][:8]}.pdf"


def batch_summaries(app: App, date_from: _dt.date | str, date_to: _dt.date | str, folder: str | Path,
                    lang: str | None = None, progress: Progress | None = None) -> list[Path]:
    """Write a summary PDF for every visit dated from ``date_from`` to ``date_to`` (inclusive) into ``folder``.

    Returns the files written, oldest visit first. ``lang`` None gives each
    participant their own language. When ``progress`` returns False the batch
    stops; summaries already written stay (each is a complete file).
    """
    _check_language(lang)
    start, end = _as_date(date_from, "date_from"), _as_date(date_to, "date_to")
    if start > end:
        raise ValidationError(_("date_from: {start} is after {end}").format(
            start=start.isoformat(), end=end.isoformat()), field="date_from")
    target = Path(folder)
    if target.exists() and not target.is_dir():
        raise ValidationError(_("{folder}: is not a folder").format(folder=target), field="folder")
    with app.uow(write=False) as uow:
        visits = [v for v in uow.select("visit", order_by=("date",))
                  if start.isoformat() <= (v.get("date") or "") <= end.isoformat()]
    written: list[Path] = []
    total = len(visits)
    if progress is not None and not progress(0, total):
        return written
    today = _dt.date.today()
    for index, visit in enumerate(visits, start=1):
        with app.uow(write=False) as uow:
            data = _summary_data(app, uow, visit, today)
        chosen = lang or summary_language(visit, data.organization, data.contact)
        pdf = build_visit_summary(data, chosen)
        path = target / _file_name(visit, data.organization)
        try:
            fileutil.atomic_write_bytes(path, pdf)
        except OSError as exc:
            raise ValidationError(_("{file}: cannot be written ({reason})").format(
                file=path, reason=display.os_reason(exc)), field="folder") from None
        written.append(path)
        if progress is not None and not progress(index, total):
            break
    return written
