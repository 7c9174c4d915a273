"""A match in words, in the active language: what the CLI prints and the GUI and PDFs reuse.

Takes the plain data of ``services.pipeline.show`` (never a database) and
renders the stored codes late: stages and rejection reasons by their labels,
reasons and flags through ``core.explain``, dates and numbers through Babel.

Imports: i18n, core (records, explain, display, border, text), standard library.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Mapping

from cirkular_desktop import i18n
from cirkular_desktop.core import explain, records
from cirkular_desktop.core.text import to_date
from cirkular_desktop.i18n import N_, gettext as _

COMPONENT_LABELS = {"material": N_("material"), "quantity": N_("quantity"), "distance": N_("distance"),
                    "timing": N_("timing"), "economics": N_("economics"), "hierarchy": N_("waste hierarchy")}


def stage_label(stage: str | None) -> str:
    return records.table("match").field("stage").choice_label(stage) if stage else ""


def reason_label(code: str | None) -> str:
    return records.table("match").field("rejection_reason").choice_label(code) if code else ""


def component_label(name: str) -> str:
    return _(COMPONENT_LABELS[name]) if name in COMPONENT_LABELS else name


def number(value: Any, places: int = 2) -> str:
    """A score or component with exactly ``places`` decimals and the language's decimal mark."""
    if value in (None, ""):
        return ""
    mark = i18n.format_decimal(Decimal("0.5"))[1]
    return f"{Decimal(str(value)):.{places}f}".replace(".", mark)


def date(value: str | None) -> str:
    day = to_date(value)
    return i18n.format_date(day, fmt="short") if day else (value or "")


def caution() -> str:
    """The engine's caution that border flags are guidance, when this release has one."""
    from cirkular_desktop.core import border

    found = getattr(border, "caution_text", None)
    return found() if callable(found) else ""


def flags_of(match: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """Flags kept on the match, plus flags found among reasons written as text before schema 0003."""
    from cirkular_desktop.core import legacy_reasons

    reasons = legacy_reasons.stored_items(match.get("reasons")) or []
    return list(match.get("flags") or []) + [r for r in reasons if explain.kind(r) == "flag"]


def reasons_of(match: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    from cirkular_desktop.core import legacy_reasons

    return [r for r in legacy_reasons.stored_items(match.get("reasons")) or [] if explain.kind(r) != "flag"]


def ordered_components(match: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The score's components in the engine's order (known ones first), for bars and lines."""
    found = dict(match.get("components") or {})
    known = [k for k in COMPONENT_LABELS if k in found]
    return [(k, found[k]) for k in known + sorted(set(found) - set(known))]


def party(org: Mapping[str, Any] | None) -> str:
    if not org:
        return ""
    from cirkular_desktop.core import municipalities

    where = municipalities.get(org.get("municipality") or "")
    place = ", ".join(x for x in ((where.name if where else ""), org.get("country") or "") if x)
    return f"{org['name']} ({place})" if place else str(org["name"])


def tonnes(value: str | None) -> str:
    if value in (None, ""):
        return ""
    return _("{tonnes} t/year").format(tonnes=i18n.format_decimal(Decimal(value), max_fraction=1))


def event_line(event: Mapping[str, Any]) -> str:
    moved = stage_label(event.get("stage"))
    if event.get("from_stage"):
        moved = _("{before} → {after}").format(before=stage_label(event["from_stage"]), after=moved)
    parts = [date(event.get("date")), moved]
    if event.get("by"):
        parts.append(event["by"])
    line = "  ".join(p for p in parts if p)
    return f"{line}: {event['note']}" if event.get("note") else line


def test_line(test: Mapping[str, Any]) -> str:
    status = records.table("test_environment").field("status").choice_label(test.get("status"))
    period = " – ".join(d for d in (date(test.get("start_date")), date(test.get("end_date"))) if d)
    details = ", ".join(x for x in (status, period) if x)
    return f"{test.get('title') or ''} ({details})" if details else str(test.get("title") or "")


def outcome_line(outcome: Mapping[str, Any]) -> str:
    spec = records.table("outcome")
    parts = []
    if outcome.get("tonnes_diverted"):
        route = spec.field("diverted_from").choice_label(outcome.get("diverted_from"))
        text = _("{tonnes} t diverted").format(tonnes=i18n.format_decimal(Decimal(outcome["tonnes_diverted"])))
        parts.append(_("{what} from {route}").format(what=text, route=route.lower()) if route else text)
    if outcome.get("co2e_saved"):
        parts.append(_("{tonnes} t CO₂e avoided").format(tonnes=i18n.format_decimal(Decimal(outcome["co2e_saved"]))))
    for amount, currency, label in (("cost_saved", "cost_saved_currency", N_("saved")),
                                    ("revenue", "revenue_currency", N_("revenue"))):
        if outcome.get(amount):
            parts.append(f"{i18n.format_money(Decimal(outcome[amount]), outcome.get(currency))} {_(label)}")
    jobs = (outcome.get("jobs_created") or 0, outcome.get("jobs_kept") or 0)
    if any(jobs):
        parts.append(_("jobs: {created} created, {kept} kept").format(created=jobs[0], kept=jobs[1]))
    return f"{outcome.get('year') or ''}: " + "; ".join(parts)


def lines(data: Mapping[str, Any]) -> list[str]:
    """The whole match as labelled lines (``cirkular match show``)."""
    match = data["match"]
    rows: list[tuple[str, str]] = [(_("Id"), match["id"]), (_("Title"), match.get("title") or ""),
                                   (_("Stage"), stage_label(match.get("stage")))]
    if match.get("stage") == "rejected":
        reason = reason_label(match.get("rejection_reason"))
        rows.append((_("Reason for rejection"), " — ".join(x for x in (reason, match.get("rejection_note") or "")
                                                            if x)))
    rows.append((_("Residual stream"), " · ".join(x for x in (
        data["stream"].get("title") or "", party(data.get("supplier")), tonnes(data["stream"].get("tonnes_per_year")))
        if x)))
    rows.append((_("Need"), " · ".join(x for x in (
        data["need"].get("title") or "", party(data.get("receiver")), tonnes(data["need"].get("tonnes_per_year")))
        if x)))
    if data.get("processor"):
        rows.append((_("Processor"), party(data["processor"])))
    if match.get("score"):
        components = ", ".join(f"{component_label(k)} {number(v)}" for k, v in ordered_components(match))
        rows.append((_("Suggestion score"), f"{number(match['score'])} ({components})" if components
                     else number(match["score"])))
    for why in reasons_of(match):
        rows.append((_("Why it was suggested"), explain.describe(why)))
    flags = flags_of(match)
    for flag in flags:
        rows.append((_("Border flags"), explain.describe(flag)))
    if flags or match.get("rule_set"):
        checked = _("{rules}, checked {date}").format(rules=match.get("rule_set") or "",
                                                     date=date(match.get("flags_checked_on"))) \
            if match.get("flags_checked_on") else (match.get("rule_set") or "")
        if checked:
            rows.append((_("Shipment rules checked"), checked))
        if caution():
            rows.append(("", caution()))
    if match.get("next_step"):
        who_when = ", ".join(x for x in (match.get("next_step_owner") or "", date(match.get("next_step_due"))) if x)
        rows.append((_("Next step"), f"{match['next_step']} ({who_when})" if who_when else match["next_step"]))
    if match.get("notes"):
        rows.append((_("Notes"), match["notes"].replace("\n", " ")))
    width = max(len(label) for label, _v in rows)
    out = [f"{label.ljust(width)}  {value}".rstrip() for label, value in rows]
    for heading, items, render in ((_("History"), data["history"], event_line),
                                   (_("Test environments"), data["test_environments"], test_line),
                                   (_("Outcomes"), data["outcomes"], outcome_line)):
        out.append("")
        out.append(heading)
        out += [f"  {render(item)}" for item in items] or ["  " + _("none")]
    return out
