"""What the Matchmaking page, the pipeline board and the editors show, as plain data in one read each.

The GUI holds no rules: these functions join suggestions with the names,
places and quantities of both sides, group matches by stage, and say which
contacts may reach the other side of a match (``core.privacy``), so the
faces only lay the data out.

Imports: core (records, explain, privacy, units, municipalities, materials), services (app, pipeline).
"""

from __future__ import annotations

from typing import Any, Mapping

from cirkular_desktop.core import privacy, records
from cirkular_desktop.services import pipeline
from cirkular_desktop.services.app import App


def _tonnes(record: Mapping[str, Any]) -> str | None:
    from cirkular_desktop.core import units
    from cirkular_desktop.core.checks import canonical_decimal

    value = units.tonnes_per_year(record)
    return None if value is None else canonical_decimal(value)


def _km(found: Any) -> int | None:
    for reason in found.reasons:
        if reason.get("code") == "distance":
            try:
                return int(reason.get("km"))
            except (TypeError, ValueError):
                return None
    return None


def suggestion_rows(app: App, *, stream_id: str | None = None, need_id: str | None = None,
                    per_need: int = 5) -> list[dict[str, Any]]:
    """Suggestions best first, each with both sides' titles, organizations, places and tonnes per year."""
    found = pipeline.suggestions(app, stream_id=stream_id, need_id=need_id, per_need=per_need)
    with app.uow(write=False) as uow:
        cache: dict[tuple[str, str], dict[str, Any]] = {}

        def get(table: str, record_id: str) -> dict[str, Any]:
            if (table, record_id) not in cache:
                cache[(table, record_id)] = uow.get(table, record_id) or {}
            return cache[(table, record_id)]

        rows = []
        for s in found:
            stream, need = get("stream", s.stream_id), get("need", s.need_id)
            supplier = get("organization", stream.get("organization_id") or "")
            receiver = get("organization", need.get("organization_id") or "")
            rows.append({
                "stream_id": s.stream_id, "need_id": s.need_id, "score": s.score,
                "components": {k: v for k, v in s.components.items() if v is not None},
                "reasons": [dict(r) for r in s.reasons], "flags": [dict(f) for f in s.flags],
                "cross_border": bool(s.cross_border), "km": _km(s),
                "stream_title": stream.get("title") or "", "need_title": need.get("title") or "",
                "supplier": supplier.get("name") or "", "receiver": receiver.get("name") or "",
                "supplier_country": supplier.get("country"), "receiver_country": receiver.get("country"),
                "supplier_municipality": supplier.get("municipality"),
                "receiver_municipality": receiver.get("municipality"),
                "material": stream.get("material_category") or need.get("material_category"),
                "stream_tonnes": _tonnes(stream) if stream else None,
                "need_tonnes": _tonnes(need) if need else None,
                "rule_set": s.as_dict().get("rule_set"),
            })
    return rows


def board(app: App) -> dict[str, list[dict[str, Any]]]:
    """Live matches by stage, each a card: title, both organizations, across the border, next step."""
    out: dict[str, list[dict[str, Any]]] = {c.value: [] for c in records.MATCH_STAGES}
    with app.uow(write=False) as uow:
        names = {o["id"]: o["name"] for o in uow.select("organization")}
        owners = {}
        for table in ("stream", "need"):
            for row in uow.select(table):
                owners[row["id"]] = (row.get("title") or "", row.get("organization_id"))
        for match in uow.select("match"):
            stream = owners.get(match.get("stream_id") or "", ("", None))
            need = owners.get(match.get("need_id") or "", ("", None))
            card = {"id": match["id"], "stage": match.get("stage") or "proposed",
                    "title": match.get("title") or f"{stream[0]} → {need[0]}",
                    "supplier": names.get(stream[1] or "", ""), "receiver": names.get(need[1] or "", ""),
                    "cross_border": bool(match.get("cross_border")), "next_step": match.get("next_step"),
                    "next_step_due": match.get("next_step_due")}
            out.setdefault(card["stage"], []).append(card)
    for cards in out.values():
        cards.sort(key=lambda c: (c["title"].casefold(), c["id"]))
    return out


def match_context(app: App, match_id: str) -> dict[str, Any]:
    """Everything the match editor shows: the match (``pipeline.show``), the contacts of both sides
    with whether each may be shared with the partner, the organizations a processor can be, photos."""
    from cirkular_desktop.services import attachments

    data = pipeline.show(app, match_id)
    with app.uow(write=False) as uow:
        def contacts(org: Mapping[str, Any] | None) -> list[dict[str, Any]]:
            if not org:
                return []
            found = uow.select("contact", where={"organization_id": org["id"]})
            return [{"id": c["id"], "name": c.get("name") or "", "role": c.get("role") or "",
                     "shared": privacy.contact_is_shared(c)} for c in sorted(found, key=lambda c: c.get("name") or "")]

        data["supplier_contacts"] = contacts(data.get("supplier"))
        data["receiver_contacts"] = contacts(data.get("receiver"))
        # A processor's industry that takes in the stream's material (core.industry) puts it first.
        from cirkular_desktop.core import industry

        material = (uow.get("stream", data["stream"].get("id") or "") or {}).get("material_category")
        data["organizations"] = sorted(({"id": o["id"], "name": o["name"],
                                         "processes": industry.can_process(o, material)}
                                        for o in uow.select("organization")),
                                       key=lambda o: (o["processes"] is not True, o["name"].casefold()))
    data["photos"] = attachments.list_photos(app, "match", match_id)
    return data


def partner_contacts(app: App, match_id: str) -> list[dict[str, Any]]:
    """The match's contacts that may be shown to the other side: only those ``contact_is_shared`` allows."""
    with app.uow(write=False) as uow:
        match = uow.require("match", match_id)
        out = []
        for side in ("supplier_contact_id", "receiver_contact_id"):
            contact = uow.get("contact", match.get(side) or "") if match.get(side) else None
            if contact is not None and privacy.contact_is_shared(contact):
                out.append({"side": side.split("_")[0], "name": contact.get("name"), "role": contact.get("role"),
                            "phone": contact.get("phone"), "email": contact.get("email")})
        return out


def choices(app: App, table: str) -> list[tuple[str, str]]:
    """(id, title) of the live records of ``table``, by title: for the editors' pick lists."""
    spec = records.table(table)
    with app.uow(write=False) as uow:
        rows = [(r["id"], str(r.get(spec.title_field) or r["id"][:8])) for r in uow.select(table)]
    return sorted(rows, key=lambda r: (r[1].casefold(), r[0]))
