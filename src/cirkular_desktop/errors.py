"""Error types that carry a message meant for the user.

Every refusal the user can cause raises one of these with a one-line, already
translated message that names the field or file and the reason. The CLI prints
the message and exits with ``exit_code``; the GUI shows it. Imports: nothing
from the package (it sits at the very bottom of the layers).
"""

from __future__ import annotations


# Characters that would break a message across lines (or garble a terminal), shown as escapes instead:
# a refusal is one line even when it quotes input that holds a line break.
_UNPRINTABLE = {code: f"\\u{code:04x}" for code in (*range(0x20), 0x7F, *range(0x80, 0xA0), 0x2028, 0x2029)}
_UNPRINTABLE.update({0x0A: "\\n", 0x0D: "\\r", 0x09: "\\t"})


def one_line(text: str) -> str:
    """``text`` with line breaks and control characters written as escapes (\\n, \\u0007)."""
    return text.translate(_UNPRINTABLE)


class CirkularError(Exception):
    """Base class: an expected failure with a user-facing message (always one line)."""

    exit_code = 1

    def __init__(self, message: str, *, field: str | None = None) -> None:
        message = one_line(message)
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return self.message


class ValidationError(CirkularError):
    """Input was refused: a value does not fit its field."""


class NotFoundError(CirkularError):
    """A record, table or file that was asked for does not exist."""


class ConflictError(CirkularError):
    """The request contradicts the current state (e.g. editing a deleted record)."""


class StoreError(CirkularError):
    """The database cannot be used: damaged, not SQLite, or from a newer release."""


class BundleError(CirkularError):
    """A sync bundle was refused (hostile, damaged, wrong passphrase, ...)."""


class UsageError(CirkularError):
    """The command line itself is wrong; exits 2 like argparse does."""

    exit_code = 2
