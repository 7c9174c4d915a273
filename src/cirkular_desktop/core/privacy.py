"""What personal and shared data may reach the other side of a match.

Anything meant for a partner outside the project (a match card shown to a
partner, a shared export, a partner-facing match summary) asks these
functions, so the rule of what may be shown lives in one place.

Imports: standard library only.
"""

from __future__ import annotations

from typing import Any, Mapping


def stream_is_shared(record: Mapping[str, Any]) -> bool:
    """A stream or need may be shown to matched partners unless marked not shared."""
    return record.get("visibility") != "private"


def contact_is_shared(contact: Mapping[str, Any]) -> bool:
    """A contact person may be shown to matched partners only with their consent, and never once erased."""
    return bool(contact.get("consent")) and not contact.get("erased")
