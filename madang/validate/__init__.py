"""Stage 2: check parsed documents against the archive format, build records.

One rule set serves `check`, `build` and the tally: a field is read once, by
`Fields`, which both converts it and reports what is wrong with it. One module
per kind of file; this one calls them in turn, then checks the links between
records (a meeting naming a proposal, an opinion replying to another).
"""

from dataclasses import dataclass, replace

from .. import gcpause
from ..constants import (
    EXPERIMENT_KIND, ID_PATTERN, MEETING_KIND, NEWS_FOLDER, NEWS_KIND, POLL_KIND, PROPOSAL_KIND, RECORD_LAYOUT,
)
from ..diagnostics import diagnostic
from ..load import LoadedFiles
from ..records import Archive
from . import content, meetings, opinions, polls, proposals
from . import answers as answer_files, jury
from .moderation import moderation as moderation_log, rewrites as rewrite_records
from .acts import act_diagnostics, acts, is_offline, paper_day, paper_days_after
from .fields import Fields, parse_date
from .members import join_requests, members as read_members
from .polls import ballot_answers

__all__ = [
    "Fields", "act_diagnostics", "ballot_answers", "is_offline", "paper_day", "paper_days_after", "parse_date", "validate",
]


@dataclass(frozen=True)
class Context:
    """What a record's rules may look at beyond its own file."""

    phase_ids: tuple[str, ...]
    members: dict


RECORD_RULES = {
    PROPOSAL_KIND: proposals.proposal,
    POLL_KIND: polls.poll,
    MEETING_KIND: meetings.meeting,
    EXPERIMENT_KIND: content.experiment,
    NEWS_KIND: content.news_post,
    "jury": jury.jury,
}
"""kind -> rules(id, document, context, diagnostics) returning the record, or None when unusable."""

LINK_RULES = (proposals.links, answer_files.links, meetings.links, content.links, opinions.links, jury.links)
"""rules(archive) -> diagnostics about references between records."""


@gcpause.paused()
def validate(files: LoadedFiles, phase_ids=()) -> tuple[Archive, list]:
    """Records built from every valid document, and every diagnostic found."""
    from ..render import is_reserved_id  # the render code names its own pages; it imports the tally, which imports this

    diagnostics = list(files.diagnostics)
    context = Context(tuple(phase_ids), read_members(files.members, diagnostics))
    records = {kind: {} for kind in RECORD_RULES}
    for (kind, name), document in files.records.items():
        if not ID_PATTERN.match(name):
            diagnostics.append(diagnostic("bad-id", _record_path(kind, name), name=name))
            continue
        if is_reserved_id(kind, name):
            diagnostics.append(diagnostic("reserved-id", _record_file(kind, name), name=name))
            continue
        if document is None:
            continue
        record = RECORD_RULES[kind](name, document, context, diagnostics)
        if record is not None:
            records[kind][name] = record
    archive = Archive(
        str(files.root), context.members, records[PROPOSAL_KIND], records[POLL_KIND],
        meetings=records[MEETING_KIND], experiments=records[EXPERIMENT_KIND], news=records[NEWS_KIND],
        juries=records["jury"], join_requests=join_requests(files.joins, diagnostics),
    )
    archive = replace(archive, acts=tuple(acts(files, archive, diagnostics)),
                      answers=answer_files.answers(files, archive, diagnostics),
                      moderation=moderation_log(files, diagnostics), rewrites=rewrite_records(files))
    for rules in LINK_RULES:
        diagnostics.extend(rules(archive))
    return archive, diagnostics


def _record_file(kind: str, name: str) -> str:
    if kind == NEWS_KIND:
        return f"{NEWS_FOLDER}/{name}.md"
    folder, record_file = RECORD_LAYOUT[kind]
    return f"{folder}/{name}/{record_file}"


def _record_path(kind: str, name: str) -> str:
    if kind == NEWS_KIND:
        return f"{NEWS_FOLDER}/{name}.md"
    return f"{RECORD_LAYOUT[kind][0]}/{name}"
