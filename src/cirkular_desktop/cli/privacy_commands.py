"""Commands about personal data: export-person (GDPR access) and export-shared (what partners may see).

Imports: i18n, services (privacy_access, records).
"""

from __future__ import annotations

import argparse
from typing import Any

from cirkular_desktop.i18n import gettext as _
from cirkular_desktop.services import privacy_access
from cirkular_desktop.services import records as record_services


def register(sub: Any) -> None:
    p = sub.add_parser("export-person", help=_("GDPR access: everything held about a contact person, as JSON"),
                       description=_("Write everything held about a contact person — the record and its history, "
                                     "the visits, streams and needs that refer to them, and text elsewhere that "
                                     "names them — to a JSON file with field labels in your language."))
    p.add_argument("contact_id", metavar=_("CONTACT_ID"))
    p.add_argument("-o", "--output", required=True, metavar=_("FILE.json"))
    p.set_defaults(handler=cmd_export_person)

    p = sub.add_parser("export-shared", help=_("what partners may see: shared streams and needs, as .xlsx or .csv"),
                       description=_("Write the residual streams and needs that are shared with partners, one "
                                     "row each, with the contact person only where they consented to sharing "
                                     "with matched partners."))
    p.add_argument("-o", "--output", required=True, metavar=_("FILE"))
    p.set_defaults(handler=cmd_export_shared)


def cmd_export_person(args: argparse.Namespace, ctx: Any) -> int:
    contact_id = record_services.resolve_id(ctx.app(), "contact", args.contact_id, label="CONTACT_ID")
    path = privacy_access.export_person(ctx.app(), contact_id, args.output)
    ctx.out.write(_("Wrote {path}").format(path=path) + "\n")
    return 0


def cmd_export_shared(args: argparse.Namespace, ctx: Any) -> int:
    path = privacy_access.export_shared(ctx.app(), args.output)
    ctx.out.write(_("Wrote {path}").format(path=path) + "\n")
    return 0
