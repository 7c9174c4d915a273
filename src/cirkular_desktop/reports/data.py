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
    stream_title: str = ""   # the residual stream it shows ("" for a photo of the visit itself)


@dataclass(frozen=True)
class Opportunity:
    """A match or an idea for one of the organization's streams or needs, as the summary shows it.

    ``partner`` is the other side's organization, or "" when it may not be
    named (their stream or need is not shared); ``stage`` is the match stage
    or idea status code; ``reason`` the code of why it was rejected and
    ``note`` the words that came with it; ``reasons`` why it was suggested,
    as ``core.explain`` items. Codes are put into words by the builder, in
    the document's language.
    """

    kind: str                      # "match" or "idea"
    record_title: str              # the organization's own stream or need
    title: str                     # the idea, or the partner's stream or need
    partner: str = ""
    stage: str = ""
    hierarchy: str = ""
    reason: str = ""
    note: str = ""
    reasons: tuple[Mapping[str, Any], ...] = ()


@dataclass(frozen=True)
class NextStep:
    """One agreed step: what, who does it, by when (None: no date set)."""

    what: str
    who: str = ""
    when: _dt.date | None = None


@dataclass(frozen=True)
class ContactDetails:
    """How the participant reaches the project: a visitor's name, role, phone, e-mail."""

    name: str
    role: str = ""
    phone: str = ""
    email: str = ""


@dataclass(frozen=True)
class TargetGroup:
    """One group of the project's target (e.g. 8 SMEs in a region or a year)."""

    name: str
    target: int
    years: tuple[int, ...] = ()            # by year: the year of the first finished visit
    municipalities: tuple[str, ...] = ()   # by region: municipality keys ("SE-1785")


@dataclass(frozen=True)
class Targets:
    """The project's target of participating SMEs and how it is split into groups."""

    basis: str = "year"                    # "year" or "region"
    groups: tuple[TargetGroup, ...] = ()

    @property
    def total(self) -> int:
        return sum(group.target for group in self.groups) or DEFAULT_TARGET


DEFAULT_TARGET = 24


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
    opportunities: Sequence[Opportunity] = ()
    steps: Sequence[NextStep] = ()            # the next steps of the matches (the visit's own are in its record)
    contacts: Sequence[ContactDetails] = ()   # the visitors' contact details, for the participant
    programme_logo: bytes | None = None
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
    match_events: Sequence[Record] = ()
    activities: Sequence[Record] = ()
    printed_on: _dt.date = field(default_factory=_dt.date.today)
    logos: Sequence[bytes] = ()
    programme_logo: bytes | None = None
    period_from: _dt.date | None = None
    period_to: _dt.date | None = None
    targets: Targets = field(default_factory=Targets)
