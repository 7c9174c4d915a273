"""Which module registers which ``cirkular`` command: one line per module, loaded only when needed.

A command line imports only the module that registers its command (and what
that module imports), so ``cirkular list`` loads none of sync, reports or
SQLAlchemy. A command line whose command the table does not name (``--help``,
a typo, a command a module registers but the table does not list yet) loads
every module, so argparse can answer with all of them — a missing entry is
slow, never wrong. tests/cli/test_lazy_commands.py holds the table to what
the modules register.

To add a command module: write ``cli/NAME.py`` with ``register(sub)`` and add
one line below. Imports: nothing.
"""

from __future__ import annotations

from typing import Sequence

PROG = "cirkular"

# One line per command module, in the order the commands appear in --help.
COMMAND_MODULES: dict[str, tuple[str, ...]] = {
    "maintenance_commands": ("init", "demo", "dump", "backup", "restore", "repair", "check"),
    "record_commands": ("list", "show", "add", "set", "remove", "erase"),
    "sync_commands": ("export-bundle", "import-bundle", "quarantine", "conflicts", "resolve"),
    "report_commands": ("report", "export-table", "export-workbook"),
    "match_commands": ("match",),
    "privacy_commands": ("export-person", "export-shared"),
}

# Options before the command that take a value.
_GLOBAL_VALUES = ("--data-dir", "--lang")


def _command_word(argv: Sequence[str]) -> str | None:
    """The command named in ``argv``: the first word that is not a global option or its value."""
    words = iter(argv)
    for word in words:
        if word in _GLOBAL_VALUES:
            next(words, None)
        elif word.startswith(tuple(f"{option}=" for option in _GLOBAL_VALUES)) or word == "--version":
            continue
        elif word.startswith("-"):
            return None   # --help, -h or an unknown option: argparse answers it with every command
        else:
            return word
    return None


def modules_for(argv: Sequence[str] | None) -> tuple[str, ...]:
    """The command modules ``argv`` needs: the one that registers its command, else all of them."""
    command = None if argv is None else _command_word(argv)
    for name, commands in COMMAND_MODULES.items():
        if command in commands:
            return (name,)
    return tuple(COMMAND_MODULES)
