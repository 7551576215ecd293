"""The records and acts of an archive, as plain frozen data classes.

Each remembers the file it came from, so every number on the site can point
back to a line someone wrote.
"""

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Member:
    """A person listed in members.yml."""

    handle: str
    """Forge login, as written; compare with `.key`."""
    name: str
    """Display name shown on the site; the handle when none is given."""
    emails: tuple[str, ...] = ()
    """Lower-cased git author addresses that prove a commit is this person's."""
    roles: tuple[str, ...] = ()
    path: str = "members.yml"
    line: int = 1

    @property
    def key(self) -> str:
        return self.handle.lower()


@dataclass(frozen=True)
class Proposal:
    """proposals/<id>/proposal.md: a problem found or an experiment proposed."""

    id: str
    title: str
    proposer: str
    """Handle of the person who proposed it."""
    proposed: date
    endorse_until: date | None
    """Last day (inclusive, archive time zone) on which endorsements count."""
    tags: tuple[str, ...]
    status: str | None
    """A maintainer's explicit status; None lets the deadline decide."""
    phase: str | None
    body: str
    """The Markdown after the front matter."""
    path: str
    body_line: int = 1


@dataclass(frozen=True)
class PollOption:
    id: str
    label: str


@dataclass(frozen=True)
class OfflineResult:
    """A result counted outside the archive (a live vote, a paper count), entered as totals.

    A maintainer writes it in poll.yml under `offline_results`; it is shown with
    its source and never added to the ballots counted from git.
    """

    source: str
    """Where the numbers come from, e.g. 열린토론회 현장 투표."""
    date: date | None
    participants: int | None
    """How many people took part, when the source says; None when unknown."""
    counts: tuple[tuple[str, int], ...]
    """(option id, votes) in the poll's option order; options not written are 0."""
    other: tuple[str, ...] = ()
    """Free-text 기타 answers written on the sheet."""
    line: int = 1


@dataclass(frozen=True)
class Poll:
    """polls/<id>/poll.yml: a question put to the group."""

    id: str
    question: str
    author: str
    opened: date
    closes: date | None
    closed: date | None
    multiple: bool
    max_choices: int | None
    other: bool
    options: tuple[PollOption, ...]
    path: str
    offline_results: tuple[OfflineResult, ...] = ()

    @property
    def deadline(self) -> date | None:
        """The day whose end freezes the tally: `closed` if a maintainer wrote it, else `closes`."""
        return self.closed or self.closes


@dataclass(frozen=True)
class ActFile:
    """An act file present in the working tree: one person's endorsement or ballot."""

    kind: str
    """'proposal' or 'poll' (constants.ACT_LAYOUT)."""
    record_id: str
    handle: str
    path: str


@dataclass(frozen=True)
class Archive:
    """Everything read from an archive's files, valid or not yet counted."""

    root: str
    members: dict[str, Member] = field(default_factory=dict)
    """Keyed by lower-cased handle."""
    proposals: dict[str, Proposal] = field(default_factory=dict)
    polls: dict[str, Poll] = field(default_factory=dict)
    acts: tuple[ActFile, ...] = ()
