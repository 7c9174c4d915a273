"""``cirkular match …``: suggestions, and a match from acceptance along its stages (design §5).

``suggest`` ranks stream–need pairs with reasons and border flags; ``accept``
makes a proposed match that keeps them as data; ``reject``/``unreject`` turn
a pair down (remembered, so it is not suggested again) or take that back;
``stage`` moves a match as a dated event with a note; ``show`` prints a match
with its history, test environments and outcomes. Ids may be given by their
first characters, as lists print them. Refusals are one line (exit 1).

Imports: i18n, errors, core (border, explain, records, display), services, cli.output.
"""

from __future__ import annotations

import argparse
from decimal import Decimal
from typing import Any

from cirkular_desktop import i18n
from cirkular_desktop.cli.output import printable, to_json, write_table
from cirkular_desktop.core import border, explain, match_text, records
from cirkular_desktop.errors import ValidationError
from cirkular_desktop.i18n import gettext as _
from cirkular_desktop.services import pipeline
from cirkular_desktop.services import records as record_services


def register(sub: Any) -> None:
    p = sub.add_parser("match", help=_("matchmaking of residual streams and needs"),
                       description=_("Matchmaking of residual streams and needs: suggestions, and matches from "
                                     "acceptance through their stages to an implemented reuse."))
    match_sub = p.add_subparsers(dest="match_command", metavar=_("ACTION"))
    match_sub.required = True

    s = match_sub.add_parser("suggest", help=_("suggest streams for every need, best first"),
                             description=_("Rank residual streams against needs by material, quantity, distance, "
                                           "timing and economics. Suggestions are for a person to judge."))
    which = s.add_mutually_exclusive_group()
    which.add_argument("--stream", metavar="ID", help=_("only the needs this residual stream could serve"))
    which.add_argument("--need", metavar="ID", help=_("only the streams that could serve this need"))
    s.add_argument("--format", choices=("table", "json"), default="table",
                   help=_("table for people (the default), json for scripts"))
    s.add_argument("--per-need", type=int, default=5, metavar="N", help=_("at most N suggestions per need"))
    s.set_defaults(handler=cmd_suggest)

    a = match_sub.add_parser("accept", help=_("make a match of a stream and a need; prints its id"),
                             description=_("Make a proposed match of a residual stream and a need. It keeps the "
                                           "suggestion's score, reasons and border flags."))
    a.add_argument("stream_id", metavar="STREAM_ID", help=_("the residual stream (its id or first characters)"))
    a.add_argument("need_id", metavar="NEED_ID", help=_("the need (its id or first characters)"))
    a.add_argument("--processor", metavar="ORG_ID",
                   help=_("an organization that turns the stream into what the receiver needs"))
    a.add_argument("--note", metavar=_("TEXT"), help=_("a note kept on the match and its first event"))
    a.set_defaults(handler=cmd_accept)

    r = match_sub.add_parser("reject", help=_("turn a pair down with a reason; it is not suggested again"),
                             description=_("Turn a stream–need pair down. The reason is one of: {codes}, or "
                                           "free text.").format(codes=", ".join(records.table("match").field(
                                               "rejection_reason").choice_values())))
    r.add_argument("stream_id", metavar="STREAM_ID", help=_("the residual stream (its id or first characters)"))
    r.add_argument("need_id", metavar="NEED_ID", help=_("the need (its id or first characters)"))
    r.add_argument("--reason", metavar=_("TEXT"), help=_("why (required)"))
    r.add_argument("--note", metavar=_("TEXT"), help=_("more about it"))
    r.set_defaults(handler=cmd_reject)

    u = match_sub.add_parser("unreject", help=_("take a rejection back"),
                             description=_("Take a rejection back: a match returns to the stage it had; a pair "
                                           "rejected from the suggestions is suggested again."))
    u.add_argument("stream_id", metavar="STREAM_ID", help=_("the residual stream (its id or first characters)"))
    u.add_argument("need_id", metavar="NEED_ID", help=_("the need (its id or first characters)"))
    u.set_defaults(handler=cmd_unreject)

    st = match_sub.add_parser("stage", help=_("move a match to another stage"),
                              description=_("Move a match to a stage: {stages}. Each move is a dated event; "
                                            "rejected needs --note.").format(stages=", ".join(pipeline.PIPELINE
                                                                                            + ("rejected",))))
    st.add_argument("match_id", metavar="MATCH_ID", help=_("the match (its id or first characters)"))
    st.add_argument("stage", metavar=_("STAGE"), help=_("the stage to move to (its code or its name)"))
    st.add_argument("--note", metavar=_("TEXT"), help=_("what happened"))
    st.set_defaults(handler=cmd_stage)

    sh = match_sub.add_parser("show", help=_("a match with its history, test environments and outcomes"),
                              description=_("Show a match: both sides, why it was suggested, border flags, its "
                                            "history, test environments and outcomes, in your language."))
    sh.add_argument("match_id", metavar="MATCH_ID", help=_("the match (its id or first characters)"))
    sh.add_argument("--format", choices=("text", "json"), default="text",
                    help=_("text for people (the default), json for scripts"))
    sh.set_defaults(handler=cmd_show)


def _id(ctx: Any, table: str, given: str | None, label: str) -> str | None:
    if given is None:
        return None
    return record_services.resolve_id(ctx.app(), table, given, label=label)


def _score(value: float | Decimal | str | None) -> str:
    """Two decimals always, with the language's decimal mark (sv and nb: 0,98)."""
    if value in (None, ""):
        return ""
    mark = i18n.format_decimal(Decimal("0.5"))[1]
    return f"{float(value):.2f}".replace(".", mark)


def cmd_suggest(args: argparse.Namespace, ctx: Any) -> int:
    if args.per_need < 1:
        raise ValidationError(_("--per-need must be at least 1"), field="per-need")
    app = ctx.app()
    stream_id = _id(ctx, "stream", args.stream, "--stream")
    need_id = _id(ctx, "need", args.need, "--need")
    suggestions = pipeline.suggestions(app, stream_id=stream_id, need_id=need_id, per_need=args.per_need)
    if args.format == "json":
        ctx.out.write(to_json([s.as_dict() for s in suggestions]) + "\n")
        return 0
    # Titles come with the suggestions: no query per printed line.
    rows = [[_score(s.score), s.stream_title, s.need_title,
             _("yes") if s.cross_border else "", "; ".join(explain.describe_all(s.reasons))] for s in suggestions]
    write_table(ctx.out, [_("Score"), _("Residual stream"), _("Need"), _("Across the border"), _("Why")], rows,
                limit=60)
    ctx.out.write(_("{count} suggestions").format(count=len(suggestions)) + "\n")
    if args.stream or args.need:
        # One record's handful: each pair's flags in full (the region's list keeps them for --format json).
        for s in suggestions:
            if s.flags:
                ctx.out.write("\n" + _("{stream} → {need}:").format(stream=s.stream_title, need=s.need_title) + "\n")
                ctx.out.writelines(f"  - {text}\n" for text in explain.describe_all(s.flags))
    # The same words as the GUI and the PDFs: flags prepare a decision, the authorities make it.
    ctx.out.write("\n" + border.caution_text() + "\n")
    return 0


def _pair(ctx: Any, args: argparse.Namespace) -> tuple[str, str]:
    return (_id(ctx, "stream", args.stream_id, "STREAM_ID") or "", _id(ctx, "need", args.need_id, "NEED_ID") or "")


def cmd_accept(args: argparse.Namespace, ctx: Any) -> int:
    stream_id, need_id = _pair(ctx, args)
    processor = _id(ctx, "organization", args.processor, "--processor")
    result = pipeline.accept(ctx.app(), stream_id, need_id, processor_id=processor, note=args.note)
    ctx.out.write(result.value + "\n")
    if processor:
        _warn_processor(ctx, stream_id, processor)
    return 0


def _warn_processor(ctx: Any, stream_id: str, processor: str) -> None:
    """A processor whose industry code says it does not take in the stream's material: said, not refused."""
    from cirkular_desktop.core import industry, materials
    from cirkular_desktop.services import codes

    fit = codes.processor_fit(ctx.app(), stream_id, processor)
    if fit["fits"] is False:
        found = materials.get(fit["material"])
        material = found.name() if found else fit["material"]
        ctx.err.write(_("warning: the processor's industry ({industry}) does not usually take in {material}; "
                        "check that it can process it").format(industry=industry.label(fit["industry_code"]),
                                                              material=material) + "\n")


def cmd_reject(args: argparse.Namespace, ctx: Any) -> int:
    if not (args.reason or "").strip():
        raise ValidationError(_("match reject: say why with --reason (one of: {codes}, or free text)").format(
            codes=", ".join(records.table("match").field("rejection_reason").choice_values())), field="reason")
    stream_id, need_id = _pair(ctx, args)
    result = pipeline.reject(ctx.app(), stream_id, need_id, args.reason, note=args.note)
    ctx.out.write(result.value + "\n")
    return 0


def cmd_unreject(args: argparse.Namespace, ctx: Any) -> int:
    stream_id, need_id = _pair(ctx, args)
    result = pipeline.unreject(ctx.app(), stream_id, need_id)
    if result.value is None:
        ctx.out.write(_("The rejection was taken back; the pair can be suggested again.") + "\n")
    else:
        ctx.out.write(result.value + "\n")
    return 0


def cmd_stage(args: argparse.Namespace, ctx: Any) -> int:
    stage = pipeline.stage_value(args.stage)   # an unknown stage is refused before the id is looked up
    match_id = _id(ctx, "match", args.match_id, "MATCH_ID") or ""
    pipeline.set_stage(ctx.app(), match_id, stage, note=args.note)
    return 0


def cmd_show(args: argparse.Namespace, ctx: Any) -> int:
    match_id = _id(ctx, "match", args.match_id, "MATCH_ID") or ""
    data = pipeline.show(ctx.app(), match_id)
    if args.format == "json":
        out = dict(data)
        out["match"] = dict(data["match"])
        out["match"]["reasons"] = [explain.as_json(r) for r in data["match"]["reasons"]]
        out["match"]["flags"] = [explain.as_json(f) for f in data["match"]["flags"]]
        ctx.out.write(to_json(out) + "\n")
        return 0
    ctx.out.write("".join(printable(line) + "\n" for line in match_text.lines(data)))
    return 0
