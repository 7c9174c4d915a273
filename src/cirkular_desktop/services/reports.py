"""Use cases: print a visit summary, the project report, and summaries for a range of visits.

Each function gathers plain data from the store in one read unit of work
and hands it to the pure builders in ``reports``. A summary is printed in
the participant's language unless another is asked for: the contact's
language, else the organization's country (SE → sv, NO → nb).

``visit_summary_document`` and ``project_report_document`` also return the
warnings a person should see before saving: the programme's logo is
missing, characters no font could draw were replaced by "�".

Imports: errors, i18n, fileutil, settings, core (display, questionnaire, privacy), reports, store (uow
through App, blobs), services (app, report_settings).
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from pathlib import Path
from dataclasses import dataclass
from typing import Any, Callable, Mapping, Protocol, Sequence

from cirkular_desktop import fileutil, i18n, settings
from cirkular_desktop.core import privacy, questionnaire
from cirkular_desktop.errors import CirkularError, NotFoundError, ValidationError
from cirkular_desktop.i18n import gettext as _, ngettext
from cirkular_desktop.reports import fonts
from cirkular_desktop.reports.data import (
    ContactDetails, NextStep, Opportunity, Photo, ProjectData, VisitSummaryData,
)
from cirkular_desktop.reports.visit_summary import build_visit_summary
from cirkular_desktop.services import report_settings
from cirkular_desktop.services.app import App
from cirkular_desktop.store import blobs, queries

Progress = Callable[[int, int], bool]  # (done, total) -> keep going?


class RecordSource(Protocol):
    """What a visit summary reads records through: a unit of work, or the read path's ``queries.RecordReader``."""

    def get(self, table: str, record_id: str, *, include_deleted: bool = False) -> dict[str, Any] | None: ...

    def select(self, table: str, *, where: Mapping[str, Any] | None = None,
               order_by: Sequence[str] | None = None) -> list[dict[str, Any]]: ...

PRINTABLE_TYPES = ("image/jpeg", "image/png", "image/gif", "image/bmp", "image/tiff", "image/webp")
MAX_PHOTOS = 12  # a summary is a handout, not an album


@dataclass(frozen=True)
class Document:
    """A PDF and what the person printing it should know first."""

    pdf: bytes
    warnings: tuple[str, ...] = ()
    replaced: str = ""        # the characters no font could draw (printed as "�")


_umask: int | None = None


def _normal_mode() -> int:
    """The mode a file the user saves would get from their own programs (0644 with the usual umask)."""
    global _umask
    if _umask is None:
        import os

        _umask = os.umask(0o022)   # read it the only way POSIX offers, and put it back at once
        os.umask(_umask)
    return 0o666 & ~_umask


def write_file(path: str | Path, data: bytes, field: str = "FILE") -> Path:
    """Write a document atomically with the user's normal permissions; one line when it cannot be written.

    A temporary file is private (0600) while it is written; the saved
    document is not, so a colleague or a backup program can read it as they
    can any other file the user saves.
    """
    import os

    target = Path(path)
    try:
        fileutil.atomic_write_bytes(target, data)
        os.chmod(target, _normal_mode())
    except OSError as exc:
        raise ValidationError(_("{file}: cannot be written ({reason})").format(
            file=target, reason=fileutil.os_reason(exc)), field=field) from None
    return target


def _replacement_warning(missing: set[str]) -> str:
    shown = " ".join(sorted(missing)[:8])
    return ngettext("{count} character cannot be printed by any font and shows as “�”: {chars}",
                    "{count} characters cannot be printed by any font and show as “�”: {chars}",
                    len(missing)).format(count=len(missing), chars=shown)


def _document(build: Callable[[], bytes], app: App) -> Document:
    with fonts.collecting() as missing:
        pdf = build()
    warnings = list(report_settings.warnings(app))
    if missing:
        warnings.append(_replacement_warning(missing))
    return Document(pdf, tuple(warnings), "".join(sorted(missing)))


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
        return str(contact["language"])
    return {"SE": "sv", "NO": "nb"}.get(organization.get("country") or "", i18n.get_language())


def _template(visit: Mapping[str, Any]) -> questionnaire.Template | None:
    try:
        return questionnaire.load(visit.get("template_id") or "mapping", visit.get("template_version"))
    except CirkularError:
        return None  # a template from a newer release: the summary prints without the answers


def _photos(app: App, uow: RecordSource, owners: list[tuple[str, str, str]]) -> list[Photo]:
    """The printable photos of each owner, captioned with the stream they show."""
    photos: list[Photo] = []
    for owner_table, owner_id, title in owners:
        for attachment in uow.select("attachment", where={"owner_table": owner_table, "owner_id": owner_id},
                                     order_by=("filename",)):
            if attachment.get("media_type") not in PRINTABLE_TYPES or len(photos) >= MAX_PHOTOS:
                continue
            try:
                data = blobs.read(app.paths.attachments, attachment["sha256"])
            except NotFoundError:
                continue  # the photo has not arrived from the other laptop yet
            photos.append(Photo(data, attachment.get("caption") or "", attachment.get("filename") or "", title))
    return photos


def _by_title(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(rows, key=lambda r: ((r.get("title") or "").casefold(), r["id"]))


def _contact_for(uow: RecordSource, visit: Mapping[str, Any], organization: Mapping[str, Any]) -> dict[str, Any] | None:
    """The visit's contact person, else the organization's first contact."""
    contact = uow.get("contact", visit["contact_id"]) if visit.get("contact_id") else None
    if contact is None and organization.get("id"):
        contacts = uow.select("contact", where={"organization_id": organization["id"]}, order_by=("name",))
        contact = contacts[0] if contacts else None
    return contact


def partner_logos(app: App) -> tuple[bytes, ...]:
    """The partners' logos for the foot of the first page (Preferences ▸ Reports, or ``<data dir>/logos``)."""
    return report_settings.logo_bytes(app)[1]


def _opportunities(uow: RecordSource, organization: Mapping[str, Any], streams: list[dict[str, Any]],
                   needs: list[dict[str, Any]], ideas: list[dict[str, Any]]) -> tuple[list[Opportunity],
                                                                                       list[NextStep]]:
    """Matches of the organization's streams and needs with their partners, and the ideas, stream by stream.

    A partner is named only when their side of the match may be shown
    (``core.privacy.stream_is_shared``); the summary is meant for another
    organization than theirs. Also returns the matches' next steps (what,
    who, by when) that are still open.
    """
    out: list[Opportunity] = []
    steps: list[NextStep] = []
    own = [("stream", s) for s in streams] + [("need", n) for n in needs]
    ideas_by_stream: dict[str | None, list[dict[str, Any]]] = {}
    for idea in ideas:
        ideas_by_stream.setdefault(idea.get("stream_id"), []).append(idea)
    for kind, record in own:
        title = record.get("title") or ""
        key = "stream_id" if kind == "stream" else "need_id"
        for match in sorted(uow.select("match", where={key: record["id"]}), key=lambda m: (m.get("stage") or "",
                                                                                           m["id"])):
            other_table, other_key = ("need", "need_id") if kind == "stream" else ("stream", "stream_id")
            other_id = match.get(other_key)
            other = uow.get(other_table, other_id) if other_id else None
            partner = ""
            other_title = ""
            if other is not None and privacy.stream_is_shared(other):
                other_title = other.get("title") or ""
                partner_id = other.get("organization_id")
                partner_org = uow.get("organization", partner_id) if partner_id else None
                if partner_org is not None:
                    partner = partner_org.get("name") or ""
            stage = match.get("stage") or "proposed"
            reasons = tuple(item for item in match.get("reasons") or () if isinstance(item, Mapping))
            out.append(Opportunity("match", title, other_title or match.get("title") or "", partner, stage,
                                   reason=(match.get("rejection_reason") or "") if stage == "rejected" else "",
                                   note=(match.get("rejection_note") or "").strip() if stage == "rejected" else "",
                                   reasons=reasons))
            if match.get("next_step") and stage not in ("rejected", "implemented"):
                due = match.get("next_step_due")
                about = partner or other_title
                what = match["next_step"] + (f" ({title} → {about})" if about else f" ({title})")
                steps.append(NextStep(what, match.get("next_step_owner") or "",
                                      _dt.date.fromisoformat(due) if due else None))
        if kind == "stream":
            for idea in ideas_by_stream.get(record["id"], []):
                out.append(Opportunity("idea", title, idea.get("title") or "", "", idea.get("status") or "new",
                                       idea.get("hierarchy") or ""))
    for idea in ideas_by_stream.get(None, []):
        out.append(Opportunity("idea", "", idea.get("title") or "", "", idea.get("status") or "new",
                               idea.get("hierarchy") or ""))
    steps.sort(key=lambda step: (step.when or _dt.date.max, step.what))
    return out, steps


def _summary_data(app: App, uow: RecordSource, visit: dict[str, Any], printed_on: _dt.date) -> VisitSummaryData:
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
    ideas = _by_title(list(found.values()))
    streams, needs = _by_title(streams), _by_title(needs)
    owners = [("visit", visit["id"], "")] + [("stream", s["id"], s.get("title") or "") for s in streams]
    setup = report_settings.load(app)
    programme, partners = report_settings.logo_bytes(app)
    visitors = visit.get("visitors") or []
    # The printing user's details go with their own name, or first when no visitor is named like them.
    contacts = [setup.contact] if setup.contact.name and (not visitors or setup.contact.name in visitors) else []
    contacts += [ContactDetails(v) for v in visitors if v != setup.contact.name]
    opportunities, steps = _opportunities(uow, organization, streams, needs, ideas)
    return VisitSummaryData(
        visit=visit, organization=organization, contact=contact, template=_template(visit),
        streams=streams, needs=needs, ideas=ideas, photos=_photos(app, uow, owners), printed_on=printed_on,
        logos=partners, programme_logo=programme, contacts=contacts, opportunities=opportunities, steps=steps,
        privacy=settings.privacy(app.paths))


def visit_summary_pdf(app: App, visit_id: str, lang: str | None = None, *, invariant: bool = False,
                      printed_on: _dt.date | None = None) -> bytes:
    """The summary of one visit as PDF bytes; ``lang`` None means the participant's language."""
    _check_language(lang)
    # The read path (store.queries): `cirkular report visit` as a whole process needs no ORM (design §6).
    with app.snapshot() as conn:
        reader = queries.RecordReader(conn)
        visit = reader.get("visit", visit_id)
        if visit is None:
            raise NotFoundError(_("visit: no record with id “{id}”").format(id=visit_id), field="VISIT_ID")
        data = _summary_data(app, reader, visit, printed_on or _dt.date.today())
    chosen = lang or summary_language(visit, data.organization, data.contact)
    return build_visit_summary(data, chosen, invariant=invariant)


def visit_summary_document(app: App, visit_id: str, lang: str | None = None, *, invariant: bool = False,
                           printed_on: _dt.date | None = None) -> Document:
    """The summary as a ``Document``: the PDF and the warnings to show before it is saved."""
    return _document(lambda: visit_summary_pdf(app, visit_id, lang, invariant=invariant, printed_on=printed_on),
                     app)


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


def project_data(app: App, printed_on: _dt.date | None = None, date_from: _dt.date | str | None = None,
                 date_to: _dt.date | str | None = None) -> ProjectData:
    """Every live record the project report counts, with the period and the target groups."""
    start = _as_date(date_from, "--from") if date_from not in (None, "") else None
    end = _as_date(date_to, "--to") if date_to not in (None, "") else None
    if start and end and start > end:
        raise ValidationError(_("--from: {start} is after --to {end}").format(
            start=start.isoformat(), end=end.isoformat()), field="from")
    setup = report_settings.load(app)
    programme, partners = report_settings.logo_bytes(app)
    from cirkular_desktop.core import records as record_specs

    with app.uow(write=False) as uow:
        def rows(table: str) -> list[dict[str, Any]]:
            if table not in record_specs.TABLES:
                return []   # a table a later release adds (activities): nothing to count yet
            return [r for r in uow.all_rows(table) if not r["deleted"]]

        return ProjectData(
            organizations=rows("organization"), visits=rows("visit"), streams=rows("stream"), needs=rows("need"),
            ideas=rows("idea"), matches=rows("match"), test_environments=rows("test_environment"),
            outcomes=rows("outcome"), match_events=rows("match_event"), activities=rows("activity"),
            printed_on=printed_on or _dt.date.today(), logos=partners, programme_logo=programme,
            period_from=start, period_to=end, targets=setup.targets)


def project_report_pdf(app: App, lang: str | None = None, *, invariant: bool = False,
                       printed_on: _dt.date | None = None, date_from: _dt.date | str | None = None,
                       date_to: _dt.date | str | None = None) -> bytes:
    """The project report as PDF bytes in ``lang`` (default: the active language), for a period."""
    _check_language(lang)
    from cirkular_desktop.reports.project_report import build_project_report  # not needed by a visit summary

    data = project_data(app, printed_on, date_from, date_to)
    return build_project_report(data, lang or i18n.get_language(), invariant=invariant)


def project_report_document(app: App, lang: str | None = None, *, invariant: bool = False,
                            printed_on: _dt.date | None = None, date_from: _dt.date | str | None = None,
                            date_to: _dt.date | str | None = None) -> Document:
    """The project report as a ``Document``: the PDF and the warnings to show before it is saved."""
    return _document(lambda: project_report_pdf(app, lang, invariant=invariant, printed_on=printed_on,
                                                date_from=date_from, date_to=date_to), app)


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
        path = write_file(target / _file_name(visit, data.organization), pdf, "folder")
        written.append(path)
        if progress is not None and not progress(index, total):
            break
    return written
