"""Use cases of the documents' settings: the target groups, the programme's and partners' logos, the contact.

The values live in the data folder's ``settings.json`` under ``reports.*``
(see ``settings.REPORT_DEFAULTS``); logo files are copied into the data
folder's ``logos/`` folder, so a document never depends on a file elsewhere
on the disk. The CLI's ``check``, the Preferences page and the report
preview all ask here; nothing in the faces decides what is valid.

Imports: errors, i18n, settings, fileutil, core (municipalities), reports.data, services.app.
"""

from __future__ import annotations

import io
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping, Sequence

from cirkular_desktop import fileutil, settings
from cirkular_desktop.core import municipalities
from cirkular_desktop.errors import ValidationError
from cirkular_desktop.i18n import gettext as _
from cirkular_desktop.reports.data import ContactDetails, TargetGroup, Targets
from cirkular_desktop.services.app import App

LOGO_FOLDER = "logos"
LOGO_SUFFIXES = (".png", ".jpg", ".jpeg")
MAX_LOGOS, MAX_LOGO_BYTES = 6, 2 * 1024 * 1024
PROGRAMME_STEM = "programme"
BASES = ("year", "region")


@dataclass(frozen=True)
class ReportSettings:
    targets: Targets
    programme_logo: str | None = None           # file name in the logos folder
    partner_logos: tuple[str, ...] = ()
    contact: ContactDetails = field(default_factory=lambda: ContactDetails(""))


def logo_folder(app: App) -> Path:
    return app.paths.data_dir / LOGO_FOLDER


def _is_logo(path: Path) -> bool:
    return path.is_file() and path.suffix.lower() in LOGO_SUFFIXES and path.stat().st_size <= MAX_LOGO_BYTES


def _targets(values: Mapping[str, Any]) -> Targets:
    basis = values.get("reports.target_basis")
    groups = []
    for raw in values.get("reports.target_groups") or []:
        if not isinstance(raw, Mapping) or not str(raw.get("name") or "").strip():
            continue
        try:
            target = max(0, int(raw.get("target") or 0))
            years = tuple(int(y) for y in raw.get("years") or ())
        except (TypeError, ValueError):
            continue   # a hand-edited settings file: a group that makes no sense is left out, not fatal
        keys = tuple(str(k) for k in raw.get("municipalities") or ())
        groups.append(TargetGroup(str(raw["name"]).strip(), target, years, keys))
    return Targets(basis if basis in BASES else "year", tuple(groups))


def load(app: App) -> ReportSettings:
    """The documents' settings, with anything unreadable replaced by its default."""
    values = settings.load(app.paths)
    folder = logo_folder(app)
    programme = values.get("reports.programme_logo")
    programme = programme if isinstance(programme, str) and _is_logo(folder / programme) else None
    partners_raw = values.get("reports.partner_logos")
    if isinstance(partners_raw, list):
        partners = tuple(name for name in partners_raw if isinstance(name, str) and _is_logo(folder / name))
    elif folder.is_dir():
        # Not chosen in Preferences yet: every image in the folder (as earlier releases did), but not the programme's.
        partners = tuple(p.name for p in sorted(folder.iterdir())
                         if _is_logo(p) and p.name != programme and p.stem != PROGRAMME_STEM)
    else:
        partners = ()
    stored_contact = values.get("reports.contact")
    contact: Mapping[str, Any] = stored_contact if isinstance(stored_contact, Mapping) else {}
    details = ContactDetails(*(str(contact.get(k) or "").strip() for k in ("name", "role", "phone", "email")))
    return ReportSettings(_targets(values), programme, partners[:MAX_LOGOS], details)


def logo_bytes(app: App) -> tuple[bytes | None, tuple[bytes, ...]]:
    """The programme's logo and the partners' logos as the documents print them."""
    found = load(app)
    folder = logo_folder(app)
    programme = (folder / found.programme_logo).read_bytes() if found.programme_logo else None
    return programme, tuple((folder / name).read_bytes() for name in found.partner_logos)


def warnings(app: App) -> list[str]:
    """What a coordinator should fix before documents go out (printed by ``cirkular check`` and the preview)."""
    out = []
    if load(app).programme_logo is None:
        out.append(_("The programme's logo is missing: the documents carry the EU emblem but not the Interreg "
                     "programme's logo. Add it in Preferences ▸ Documents and reports."))
    return out


def _copy_logo(app: App, source: str | Path, stem: str) -> str:
    path = Path(source)
    if path.suffix.lower() not in LOGO_SUFFIXES:
        raise ValidationError(_("{file}: choose a PNG or JPEG image").format(file=path.name), field="FILE")
    try:
        size = path.stat().st_size
        if size > MAX_LOGO_BYTES:
            raise ValidationError(_("{file}: is larger than 2 MB; save a smaller image").format(file=path.name),
                                  field="FILE")
        data = path.read_bytes()
    except OSError as exc:
        raise ValidationError(_("{file}: cannot be read ({reason})").format(
            file=path, reason=fileutil.os_reason(exc)), field="FILE") from None
    from PIL import Image, UnidentifiedImageError   # loaded here: `cirkular check` need not pay for it

    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError(_("{file}: is not a readable image").format(file=path.name), field="FILE") from None
    name = stem + path.suffix.lower()
    folder = logo_folder(app)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fileutil.atomic_write_bytes(folder / name, data)
    except OSError as exc:
        raise ValidationError(_("{file}: cannot be written ({reason})").format(
            file=folder / name, reason=fileutil.os_reason(exc)), field="FILE") from None
    return name


def set_programme_logo(app: App, source: str | Path | None) -> str | None:
    """Copy ``source`` in as the programme's logo (None removes it); returns the stored file name."""
    old = load(app).programme_logo
    name = _copy_logo(app, source, PROGRAMME_STEM) if source is not None else None
    settings.save(app.paths, {"reports.programme_logo": name})
    if old and old != name:
        (logo_folder(app) / old).unlink(missing_ok=True)
    return name


def set_partner_logos(app: App, sources: Sequence[str | Path]) -> tuple[str, ...]:
    """The partners' logos, in this order: files already in the logos folder are kept, others copied in."""
    if len(sources) > MAX_LOGOS:
        raise ValidationError(_("at most {count} partner logos fit on the page").format(count=MAX_LOGOS),
                              field="FILE")
    folder = logo_folder(app)
    names = []
    for index, source in enumerate(sources, start=1):
        path = Path(source)
        if path.parent.resolve() == folder.resolve() and _is_logo(path):
            names.append(path.name)
        else:
            stem = "partner-" + re.sub(r"[^\w-]+", "-", path.stem).strip("-")[:40]
            names.append(_copy_logo(app, path, f"{stem or 'logo'}-{index}"))
    settings.save(app.paths, {"reports.partner_logos": names})
    return tuple(names)


def save_contact(app: App, details: ContactDetails) -> None:
    settings.save(app.paths, {"reports.contact": {"name": details.name.strip(), "role": details.role.strip(),
                                                  "phone": details.phone.strip(), "email": details.email.strip()}})


def parse_members(basis: str, text: str) -> tuple[tuple[int, ...], tuple[str, ...]]:
    """Years ("2025, 2026") or municipalities by name or key ("Säffle, Torsby") as typed in Preferences."""
    words = [w.strip() for w in re.split(r"[,;\n]+", text) if w.strip()]
    if basis == "year":
        years = []
        for word in words:
            if not re.fullmatch(r"(19|20)\d\d", word):
                raise ValidationError(_("“{value}” is not a year").format(value=word), field="years")
            years.append(int(word))
        return tuple(years), ()
    keys = []
    for word in words:
        found = municipalities.find(None, word)
        if found is None:
            raise ValidationError(_("“{value}” is not a municipality in Sweden or Norway").format(value=word),
                                  field="municipalities")
        keys.append(found.key)
    return (), tuple(keys)


def members_text(basis: str, group: TargetGroup) -> str:
    if basis == "year":
        return ", ".join(str(y) for y in group.years)
    return ", ".join((found.name if (found := municipalities.get(k)) else k) for k in group.municipalities)


def save_targets(app: App, basis: str, groups: Sequence[tuple[str, Any, str]]) -> Targets:
    """Check and store the target groups: (name, target, years or municipalities as typed) each."""
    if basis not in BASES:
        raise ValidationError(_("“{value}” is neither “year” nor “region”").format(value=basis), field="basis")
    stored, out = [], []
    for name, target, members in groups:
        name = str(name or "").strip()
        if not name:
            continue
        try:
            count = int(str(target).strip())
        except ValueError:
            raise ValidationError(_("{group}: the target “{value}” is not a whole number").format(
                group=name, value=target), field="target") from None
        if count < 0 or count > 10_000:
            raise ValidationError(_("{group}: the target must be between 0 and 10 000").format(group=name),
                                  field="target")
        years, keys = parse_members(basis, members)
        stored.append({"name": name, "target": count, "years": list(years), "municipalities": list(keys)})
        out.append(TargetGroup(name, count, years, keys))
    settings.save(app.paths, {"reports.target_basis": basis, "reports.target_groups": stored})
    return Targets(basis, tuple(out))


def remove_logo_files(app: App) -> None:
    """Forget every logo (used by tests and by "Remove all" in Preferences)."""
    shutil.rmtree(logo_folder(app), ignore_errors=True)
    settings.save(app.paths, {"reports.programme_logo": None, "reports.partner_logos": []})
