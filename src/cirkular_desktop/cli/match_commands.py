"""``cirkular match suggest``: ranked stream–need pairs with reasons and border flags.

Imports: i18n, core.explain, services, cli.output.
"""

from __future__ import annotations

import argparse
from decimal import Decimal
from typing import Any

from cirkular_desktop import i18n
from cirkular_desktop.cli.output import to_json, write_table
from cirkular_desktop.core import explain
from cirkular_desktop.i18n import gettext as _
from cirkular_desktop.services import matching
from cirkular_desktop.services import records as record_services


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
    s.set_defaults(handler=cmd_suggest)


def cmd_suggest(args: argparse.Namespace, ctx: Any) -> int:
    from cirkular_desktop.errors import ValidationError

    if args.per_need < 1:
        raise ValidationError(_("--per-need must be at least 1"), field="per-need")
    app = ctx.app()
    suggestions = matching.suggest(app, per_need=args.per_need)
    if args.format == "json":
        ctx.out.write(to_json([s.as_dict() for s in suggestions]) + "\n")
        return 0
    titles: dict[tuple[str, str], str] = {}

    def title(table: str, record_id: str) -> str:
        if (table, record_id) not in titles:
            titles[(table, record_id)] = record_services.get_record(app, table, record_id).get("title") or ""
        return titles[(table, record_id)]

    # Two decimals always, with the language's decimal mark (sv and nb: 0,98).
    mark = i18n.format_decimal(Decimal("0.5"))[1]
    rows = [[f"{s.score:.2f}".replace(".", mark), title("stream", s.stream_id), title("need", s.need_id),
             _("yes") if s.cross_border else "", "; ".join(explain.describe_all(s.reasons))] for s in suggestions]
    write_table(ctx.out, [_("Score"), _("Residual stream"), _("Need"), _("Across the border"), _("Why")], rows,
                limit=60)
    ctx.out.write(_("{count} suggestions").format(count=len(suggestions)) + "\n")
    return 0
