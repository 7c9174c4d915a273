"""Error types that carry a message meant for the user.

Every refusal the user can cause raises one of these with a one-line, already
translated message that names the field or file and the reason. The CLI prints
the message and exits with ``exit_code``; the GUI shows it. Imports: nothing
from the package (it sits at the very bottom of the layers).
"""

from __future__ import annotations


class CirkularError(Exception):
    """Base class: an expected failure with a user-facing message."""

    exit_code = 1

    def __init__(self, message: str, *, field: str | None = None) -> None:
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
