"""``cirkular match suggest``: ranked stream–need pairs with reasons and border flags.

Imports: i18n, core (border, explain), services, cli.output.
"""

from __future__ import annotations

import argparse
from decimal import Decimal
from typing import Any

from cirkular_desktop import i18n
from cirkular_desktop.cli.output import to_json, write_table
from cirkular_desktop.core import border, explain
from cirkular_desktop.i18n import gettext as _
from cirkular_desktop.services import matching


def register(sub: Any) -> None:
    p = sub.add_parser("match", help=_("matchmaking of residual streams and needs"),
                       description=_("Matchmaking of residual streams and needs. Suggestions change nothing; "
                                     "record a match a person agrees with by cirkular add match."))
    match_sub = p.add_subparsers(dest="match_command", metavar=_("ACTION"))
    match_sub.required = True
    s = match_sub.add_parser("suggest", help=_("suggest streams for every need, best first"),
                             description=_("Rank residual streams against needs by material, quantity, distance, "
                                           "timing and economics. Suggestions are for a person to judge."))
    s.add_argument("--format", choices=("table", "json"), default="table",
                   help=_("table for people (the default), json for scripts"))
    s.add_argument("--per-need", type=int, default=5, metavar="N", help=_("at most N suggestions per need"))
    one = s.add_mutually_exclusive_group()
    one.add_argument("--stream", metavar="ID", help=_("only the needs this residual stream could serve"))
    one.add_argument("--need", metavar="ID", help=_("only the streams suggested for this need"))
    s.set_defaults(handler=cmd_suggest)


def cmd_suggest(args: argparse.Namespace, ctx: Any) -> int:
    from cirkular_desktop.errors import ValidationError

    if args.per_need < 1:
        raise ValidationError(_("--per-need must be at least 1"), field="per-need")
    app = ctx.app()
    suggestions = matching.suggest(app, per_need=args.per_need, need_id=args.need, stream_id=args.stream)
    if args.format == "json":
        ctx.out.write(to_json([s.as_dict() for s in suggestions]) + "\n")
        return 0
    # Two decimals always, with the language's decimal mark (sv and nb: 0,98). Titles come with the suggestions.
    mark = i18n.format_decimal(Decimal("0.5"))[1]
    rows = [[f"{s.score:.2f}".replace(".", mark), s.stream_title, s.need_title,
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
