"""Export for one recipient device: what that device has not acknowledged, or everything if it is unknown.

``export-bundle FILE --for DEVICE`` names the device by its id (or the
start of it, at least four characters) or by its name as the Sync history
shows it. A device is known here when its bundles were imported here or
its changes are held here; what it has acknowledged is the ``holds`` of the
last bundle it sent (bundle format §6). A device never heard of — a new
laptop — gets everything this database holds.

``known_devices`` lists the possible recipients (for the Sync view's choice);
``resolve`` and ``wanted`` are what ``services.sync.export_bundle`` calls.

Imports: errors, i18n, services.app, store (meta, oplog), replication.ranges.
"""

from __future__ import annotations

from typing import Any

from cirkular_desktop.errors import ValidationError
from cirkular_desktop.i18n import gettext as _
from cirkular_desktop.replication import ranges
from cirkular_desktop.services.app import App
from cirkular_desktop.store import meta, oplog

MIN_PREFIX = 4


def _own(uow: Any) -> set[str]:
    """This device and its earlier incarnations (before a restore)."""
    return {uow.device} | set(filter(None, (uow.meta_get(meta.INCARNATIONS, "") or "").split(",")))


def _devices(uow: Any) -> dict[str, str]:
    """Every other device known here, id -> name (may be empty)."""
    names = oplog.device_names(uow)
    found = set(oplog.peers(uow)) | set(oplog.acknowledgements(uow)) | set(oplog.held_ranges(uow))
    return {device: names.get(device, "") for device in sorted(found - _own(uow))}


def known_devices(app: App) -> list[dict[str, Any]]:
    """Other devices known here, by name then id, with whether they ever sent a bundle."""
    with app.uow(write=False) as uow:
        devices = _devices(uow)
        acks = oplog.acknowledgements(uow)
    out = [{"device": d, "name": n, "sent_bundles": d in acks} for d, n in devices.items()]
    return sorted(out, key=lambda d: (not d["name"], d["name"].casefold(), d["device"]))


def resolve(uow: Any, text: str) -> dict[str, Any]:
    """The device ``text`` names: ``{"device": id or None, "name": ..., "known": bool}``.

    An id, a unique id prefix, or a name (case does not matter). A name or id
    that matches nothing is a new device (``known`` false, everything is sent).
    """
    given = text.strip()
    if not given:
        raise ValidationError(_("name the device the bundle is for"), field="DEVICE")
    devices = _devices(uow)
    own = _own(uow)
    lowered = given.casefold()
    names = oplog.device_names(uow)
    if lowered in own or lowered == (names.get(uow.device) or "").casefold():
        raise ValidationError(_("“{device}” is this device; name the device that will import the bundle").format(
            device=given), field="DEVICE")
    matches = [d for d in devices if d == lowered]
    if not matches and len(lowered) >= MIN_PREFIX:
        matches = [d for d in devices if d.startswith(lowered)]
    if not matches:
        matches = [d for d, n in devices.items() if n and n.casefold() == lowered]
    if len(matches) > 1:
        raise ValidationError(_("“{device}” names several devices ({ids}); give the device id").format(
            device=given, ids=", ".join(matches)), field="DEVICE")
    if matches:
        return {"device": matches[0], "name": devices[matches[0]], "known": True}
    return {"device": None, "name": given, "known": False}


def wanted(uow: Any, recipient: dict[str, Any]) -> dict[str, ranges.Ranges]:
    """Per origin device, the operations held here that the recipient has not acknowledged."""
    held = oplog.held_ranges(uow)
    if recipient["device"] is None:
        return held
    acknowledged = oplog.acknowledgements(uow).get(recipient["device"], {})
    out = {}
    for origin, have in held.items():
        need = ranges.subtract(have, acknowledged.get(origin, []))
        if need:
            out[origin] = need
    return out
