"""argparse's own messages, marked so that extraction keeps them in our catalogs.

``cli/main.py`` routes argparse's ``_`` and ``ngettext`` through
``cirkular_desktop.i18n``, so usage lines, help headings and usage errors
appear in the user's language. argparse lives outside ``src/``, so its
strings are listed here with ``N_`` (and ``ngettext`` pairs in
``PLURALS``); they keep argparse's %-placeholders because argparse formats
them itself. The list covers the Python versions we support (3.11–3.13).
Nothing imports this module at run time. Imports: i18n only.
"""

from __future__ import annotations

from cirkular_desktop.i18n import N_, ngettext

MESSAGES = (
    # Help output.
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("optional arguments"),
    N_("subcommands"),
    N_("show this help message and exit"),
    N_("show program's version number and exit"),
    N_(" (default: %(default)s)"),
    # Usage errors users meet.
    N_("%(prog)s: error: %(message)s\n"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("the following arguments are required: %s"),
    N_("unrecognized arguments: %s"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("invalid %(type)s value: %(value)r"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("not allowed with argument %s"),
    N_("one of the arguments %s is required"),
    N_("ignored explicit argument %r"),
    N_("unexpected option string: %s"),
    N_("unknown parser %(parser_name)r (choices: %(choices)s)"),
    N_("can't open '%(filename)s': %(error)s"),
    N_("argument \"-\" with mode %r"),
)


def _plurals(n: int) -> tuple[str, ...]:
    # Never called: exists so that extraction sees argparse's plural messages.
    return (ngettext("expected %s argument", "expected %s arguments", n),
            ngettext("conflicting option string: %s", "conflicting option strings: %s", n))
