"""The plain data a document is built from; the services fill these from the store.

Records are the dicts the services return (``services.records.get_record``
shape: canonical values, decimals as strings, dates as ISO strings). Nothing
here reads files or the database, so a builder can be timed or tested with
data made by hand.

Imports: standard library, core.questionnaire (the Template type only).
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

from cirkular_desktop.core.questionnaire import Template

Record = Mapping[str, Any]


@dataclass(frozen=True)
class Photo:
    data: bytes          # PNG or JPEG bytes
    caption: str = ""
    filename: str = ""


@dataclass(frozen=True)
class VisitSummaryData:
    """Everything printed in one visit summary."""

    visit: Record
    organization: Record
    template: Template | None
    contact: Record | None = None
    streams: Sequence[Record] = ()
    needs: Sequence[Record] = ()
    ideas: Sequence[Record] = ()
    photos: Sequence[Photo] = ()
    printed_on: _dt.date = field(default_factory=_dt.date.today)
    logos: Sequence[bytes] = ()
    project_contact: str = ""     # who to ask about the data, e.g. the visitors' names
    privacy: Mapping[str, Any] | None = None   # settings.privacy: the notice's controllers and audit period


@dataclass(frozen=True)
class ProjectData:
    """The records a project report counts (deleted records already left out)."""

    organizations: Sequence[Record] = ()
    visits: Sequence[Record] = ()
    streams: Sequence[Record] = ()
    needs: Sequence[Record] = ()
    ideas: Sequence[Record] = ()
    matches: Sequence[Record] = ()
    test_environments: Sequence[Record] = ()
    outcomes: Sequence[Record] = ()
    printed_on: _dt.date = field(default_factory=_dt.date.today)
    logos: Sequence[bytes] = ()
