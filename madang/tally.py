"""Stage 4: which acts count, by the rules of DESIGN.md "When an act counts".

Pure: records, act events and settings in; counts out. Each rule lives in one
function: `TallyPoints` (the deadline freezes the count), `verification`
(the actor must be the author), `_result` (late, withdrawn or removed, a bad name or content),
`_mark_duplicates` (one person, one act) and `poll_tally` (what the counted
ballots chose).
"""

import hashlib
import re
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from fractions import Fraction
from itertools import accumulate

from . import gcpause
from .constants import (
    ACT_LAYOUT, ATTESTED, FORGE, JURY_KIND, LEVEL_ORDER, MAINTAINER, MEETING_KIND, OPINION, POLL_KIND,
    PROPOSAL_KIND, UNVERIFIED, VERIFIED, act_actor, act_handle, act_name, is_multiple,
)
from .diagnostics import has_errors
from .history import ActEvent, History, Landing
from .load import Document, decode, front_matter_document
from .records import Archive, Meeting, Poll
from .validate import act_diagnostics, ballot_answers, is_offline, paper_day
from .yamltext import YamlProblem, parse_yaml

NOREPLY_DOMAIN = re.compile(r"^(?:users\.noreply\.[^@]+|noreply\.[^@]+)$")
"""GitHub and GitLab (users.noreply.<host>) and Gitea/Forgejo (noreply.<host>) private addresses."""


@dataclass(frozen=True)
class ActResult:
    """One act file as the tally judged it."""

    handle: str
    path: str
    counted: bool
    reason: str | None
    """None when counted, else a key of constants.REASONS."""
    level: str | None
    """verified, forge, attested or unverified (constants.LEVELS); None when the file was not present to judge."""
    commit: str | None
    """The commit that added, last changed or removed the file."""
    pr: int | None
    landed: datetime | None
    comment: str | None
    choices: tuple[str, ...] = ()
    """A ballot's option ids as the file stood when judged: at the tally point, or as it
    landed for a late ballot; empty for an endorsement, a removed file or one with bad content."""
    other: str | None = None
    """A ballot's free-text 기타 answer, judged the same way."""
    changed_after: "LaterChange | None" = None
    """For a file judged as it stood at the tally point: the last change that landed
    after it (an edit or a removal), which the count ignores but the pages show."""
    added: datetime | None = None
    """When the file's present life began: the landing of its last add (sign-ups queue by it)."""
    content: dict | None = None
    """The file's fields as judged (e.g. a score ballot's `scores`, an opinion's `reply_to`)."""
    body: str | None = None
    """An opinion's Markdown body as judged; None for other acts."""
    blob: str | None = None
    """The git blob id of the file as judged (git hash-object): what the digest covers, never the text itself."""
    moderation: str | None = None
    """For an act the moderation log voided (reason `voided`): the entry's reason, shown in 집계 내역."""
    paper_day: date | None = None
    """For an act transcribed from paper: the day it was made (`on:`, validate.paper_day), as its file says now,
    so a maintainer may add the day after a phase froze; shown beside the landing and used by the charts, never
    by the counts."""


@dataclass(frozen=True)
class LaterChange:
    """An edit ('M') or removal ('D') of an act file that landed after the tally point."""

    change: str
    commit: str
    pr: int | None
    landed: datetime


@dataclass(frozen=True)
class RecordCount:
    kind: str
    record_id: str
    count: int
    acts: tuple[ActResult, ...]
    frozen_at: Landing | None
    """The first-parent commit whose tree was counted; None when nothing had landed."""
    deadline_end: datetime | None
    """The moment the deadline passes (the next midnight in the archive's time zone)."""


@dataclass(frozen=True)
class Counts:
    records: dict
    """(kind, record id) -> RecordCount."""
    orphans: tuple[ActEvent, ...]
    """Act events for records that no longer exist."""


@gcpause.paused()
def tally(archive: Archive, history: History, settings) -> Counts:
    """Count every record's acts of every kind as of its tally point."""
    events_by_record = defaultdict(list)
    for event in history.events:
        events_by_record[(event.kind, event.record_id)].append(event)
    uncommitted = defaultdict(list)
    known_paths = {event.path for event in history.events}
    for act in archive.acts:
        if act.path not in known_paths:
            uncommitted[(act.kind, act.record_id)].append(act)
    points = TallyPoints(history.landings)
    frozen_by_phase = _phase_freezes(settings, history)
    records = {}
    for kind, (record_kind, _) in ACT_LAYOUT.items():
        for record in archive.records_of(record_kind).values():
            key = (kind, record.id)
            deadline_end = end_of_day(deadline_of(kind, record), settings.timezone)
            point = points.point(deadline_end)
            if getattr(record, "phase", None) in frozen_by_phase:
                point = min(point, frozen_by_phase[record.phase])
            acts = _record_acts(events_by_record[key], point, archive, settings, record)
            acts += [_uncommitted(act) for act in uncommitted[key]]
            if not is_multiple(kind):
                acts = _mark_duplicates(acts)
            frozen_at = history.landings[point] if point >= 0 else None
            count = sum(act.counted for act in acts)
            records[key] = RecordCount(kind, record.id, count, tuple(acts), frozen_at, deadline_end)
    orphans = tuple(e for key, events in events_by_record.items() if key not in records for e in events)
    return Counts(records, orphans)


def deadline_of(kind: str, record):
    """The day whose end freezes a record's acts of `kind`; None: they count up to HEAD.

    Endorsements: `endorse_until`; ballots: the poll's close; sign-ups: `signup_until`,
    else the meeting's day (a sign-up landing after the meeting is late); jury
    applications: `apply_until`; opinions: none.
    """
    if kind == PROPOSAL_KIND:
        return record.endorse_until
    if kind == POLL_KIND:
        return record.deadline
    if kind == MEETING_KIND:
        return record.signup_until or record.start.date()
    if kind == JURY_KIND:
        return record.apply_until
    return None


def _phase_freezes(settings, history) -> dict:
    """phase id -> position of its freezing commit on the first-parent chain (phase_commit).

    A phase's commit freezes its records: they are counted as of it when their
    own deadline comes later (DESIGN.md, "Phases"). A commit off the chain freezes nothing.
    """
    positions = {landing.sha: landing.position for landing in history.landings}
    tags = dict(history.tags)
    freezes = {phase.id: phase_commit(phase, tags, positions)[0] for phase in settings.phases}
    return {phase: positions[sha] for phase, sha in freezes.items() if sha in positions}


def phase_commit(phase, tags: dict, landed) -> tuple[str | None, tuple[str, dict] | None]:
    """The full sha of the commit that freezes `phase`, and what is wrong with its pin: a
    diagnostics slug and its values, or None.

    `tags` maps tag names to commits, `landed` holds the first-parent chain's shas. A pinned
    `commit:` decides, whether or not the tag exists in this clone (tags do not travel with every
    clone or fork); it must be a landing. Its tag, when named, is only checked: missing in this
    clone (said, for information) or naming another commit (moved: said with both commits).
    Without `commit:`, the tag's commit, where the tag exists, as before pins existed.
    """
    tagged = tags.get(phase.tag) if phase.tag else None
    if not phase.commit:
        return tagged, None
    if phase.commit not in landed:
        return None, ("phase-commit-unknown", {"commit": phase.commit})
    if phase.tag and tagged is None:
        return phase.commit, ("phase-tag-missing", {"tag": phase.tag, "commit": phase.commit})
    if phase.tag and tagged != phase.commit:
        return phase.commit, ("phase-tag-moved", {"tag": phase.tag, "commit": phase.commit, "target": tagged})
    return phase.commit, None


def end_of_day(day, zone) -> datetime | None:
    """The instant a deadline day ends: the following midnight in `zone`."""
    if day is None:
        return None
    return datetime.combine(day + timedelta(days=1), time(0), zone)


class TallyPoints:
    """Where each deadline freezes the count, for many deadlines over one history.

    The tally point of a deadline is the position of the last first-parent
    commit that landed before the deadline day ended, walking back from HEAD as
    `git log --first-parent --before=…` does, so a commit whose clock ran
    backwards cannot pull later landings in; -1 when nothing had landed by then.
    That is the highest position among landings with an earlier time: landings
    sorted by time with a running maximum of positions give it by bisection.
    """

    def __init__(self, landings):
        ordered = sorted((landing.time, landing.position) for landing in landings)
        self.times = [time for time, _ in ordered]
        self.latest = list(accumulate((position for _, position in ordered), max))
        self.head = len(landings) - 1

    def point(self, deadline_end: datetime | None) -> int:
        """The tally point for a deadline; HEAD when there is none."""
        if deadline_end is None:
            return self.head
        index = bisect_left(self.times, deadline_end)
        return self.latest[index - 1] if index else -1


def _record_acts(events, point, archive, settings, record) -> list[ActResult]:
    aliases = archive.aliases
    lives = _lives(events)
    return [_result(lives[path], point, archive, settings, record, aliases) for path in sorted(lives)]


def _lives(events) -> dict[str, list[ActEvent]]:
    """path -> every event of the act file there, oldest first. A rename ('R') carries the events of the
    file it was renamed from: the act moved, with its history, and is no longer at its old path."""
    lives = {}
    for event in events:
        if event.change == "R" and event.moved_from in lives:
            lives[event.path] = [*lives.get(event.path, ()), *lives.pop(event.moved_from), event]
        else:
            lives.setdefault(event.path, []).append(event)
    return lives


def _result(events, point, archive, settings, record, aliases) -> ActResult:
    """Judge one act file from its events on the first-parent chain."""
    before = [e for e in events if e.landing.position <= point]
    after = [e for e in events if e.landing.position > point]
    state = before[-1] if before else None
    if state is not None and state.change != "D":
        document = _parse(state)
        handle = _actor(state, document, aliases)
        if document is None or has_errors(act_diagnostics(state.kind, document, record)):
            return _from_event(handle or act_name(state.kind, state.name), state, False, "bad-content", None, None)
        if handle is None:
            return _from_event(act_name(state.kind, state.name), state, False, "bad-name", None, document)
        life = _since_added(before)
        offline = is_offline(document)
        level = max((verification(e, handle, offline, archive.members) for e in life), key=LEVEL_ORDER.index)
        reason = None if level in settings.counted_levels else level
        if reason is None and not eligible(handle, record, archive.members):
            reason = "not-eligible"
        last = after[-1] if after else None
        changed_after = LaterChange(last.change, last.commit, last.landing.pr, last.landing.time) if last else None
        present = _parse(last) if last is not None and last.change != "D" else document
        return _from_event(handle, state, reason is None, reason, level, document,
                           added=life[0].landing.time, changed_after=changed_after,
                           paper_day=paper_day(present.yaml.value) if present is not None else None)
    added_later = [e for e in after if e.change != "D"]
    if added_later:
        landed = [e for e in after if e.landing.position == added_later[0].landing.position][-1]
        document = _parse(landed)  # as it landed: a merge's side commits before it are not on the branch
        handle = _actor(landed, document, aliases)
        return _from_event(handle or act_name(landed.kind, landed.name), landed, False,
                           "late" if handle else "bad-name", None, document)
    state = state or events[-1]
    last_version = next((e for e in reversed(before) if e.change != "D"), None)
    handle = _actor(last_version, _parse(last_version), aliases) if last_version else None
    if handle is None:
        return _from_event(act_name(state.kind, state.name), state, False, "bad-name", None, None)
    withdrawn = verification(state, handle, False, archive.members) in (VERIFIED, FORGE)
    return _from_event(handle, state, False, "withdrawn" if withdrawn else "removed", None, None)


def _actor(event: ActEvent, document, aliases) -> str | None:
    """Whose act the file is, as it stood after `event` (constants.act_actor); its name when it names no one
    but its content cannot be read either (then the content is what is wrong)."""
    content = document.yaml.value if document is not None else None
    actor = act_actor(event.kind, event.name, content, aliases)
    return actor if actor is not None or document is not None else act_handle(event.kind, event.name)


def _since_added(before: list[ActEvent]) -> list[ActEvent]:
    """The file's present life: its last add and every change after it (a rename moves it, not adds it).

    The act is judged on all of them: the commit that added it must be its
    owner's (DESIGN.md), and so must every later edit, or a forger could change
    someone's ballot after they cast it. The weakest level wins.
    """
    start = max((i for i, e in enumerate(before) if e.change == "A"), default=0)
    return before[start:]


def verification(event: ActEvent, handle: str, offline: bool, members) -> str:
    """verified, forge, attested or unverified: who made the commit, against whose act it is.

    verified: the commit's author e-mail is the person's; forge: the forge recorded that the pull
    request bringing it came from the person's own account (history.ActEvent.opened_by); attested:
    a maintainer entered it for them (`source: offline`). A rename by a maintainer keeps the act as
    it was (its other commits decide), so it is judged verified here.
    """
    if owns(event.author_email, handle, members):
        return VERIFIED
    if event.opened_by and event.opened_by.lower() == handle.lower():
        return FORGE
    if event.change == "R" and _is_maintainer(event.author_email, members):
        return VERIFIED
    if offline and any(_is_maintainer(email, members) for email in (event.author_email, event.committer_email)):
        return ATTESTED
    return UNVERIFIED


def owns(email: str, handle: str, members) -> bool:
    """Whether a git e-mail address proves a commit was made by `handle`."""
    email = email.strip().lower()
    handle = handle.lower()
    member = members.get(handle)
    if member is not None and email in member.emails:
        return True
    local, _, domain = email.rpartition("@")
    if not NOREPLY_DOMAIN.match(domain):
        return False
    if local == handle:
        return True
    user_id, separator = local[: -len(handle) - 1], local[-len(handle) - 1 : -len(handle)]
    return local.endswith(handle) and separator in ("+", "-") and user_id.isdigit()


def eligible(handle: str, record, members) -> bool:
    """Whether the person may act on the record: a poll with `voters_role` takes only members with that role."""
    role = getattr(record, "voters_role", None)
    if role is None:
        return True
    member = members.get(handle.lower())
    return member is not None and role in member.roles


def _is_maintainer(email: str, members) -> bool:
    return any(MAINTAINER in m.roles and owns(email, m.handle, members) for m in members.values())


def _parse(event: ActEvent) -> Document | None:
    """The act file as it was after this event, read as `load` reads it; None if unreadable."""
    if event.text is None:
        return None
    text, problem = decode(event.text)
    if problem:
        return None
    try:
        if event.kind.endswith(OPINION):
            return front_matter_document(event.path, text, optional=True)
        return Document(event.path, parse_yaml(text))
    except YamlProblem:
        return None


def _comment(document) -> str | None:
    value = document.yaml.value if document is not None else None
    comment = value.get("comment") if isinstance(value, dict) else None
    return str(comment) if comment not in (None, "") else None


def _from_event(handle, event, counted, reason, level, document, **later) -> ActResult:
    """The judged act; `document` is the file's content it was judged on, if any;
    `later`: `added` and `changed_after`, for an act judged as it stood."""
    choices, other = ballot_answers(document) if event.kind == POLL_KIND else ((), None)
    value = document.yaml.value if document is not None else None
    return ActResult(
        handle=handle,
        path=event.path,
        counted=counted,
        reason=reason,
        level=level,
        commit=event.commit,
        pr=event.landing.pr,
        landed=event.landing.time,
        comment=_comment(document),
        choices=choices,
        other=other,
        content=value if isinstance(value, dict) else {} if document is not None else None,
        body=document.body if document is not None and event.kind.endswith(OPINION) else None,
        blob=blob_id(event.text) if event.text is not None else None,
        **later,
    )


def blob_id(data: bytes) -> str:
    """The id git gives a file's content (`git hash-object`), so a digest can name it without holding it."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def _uncommitted(act) -> ActResult:
    return ActResult(act.handle, act.path, False, "uncommitted", None, None, None, None, None)


def _mark_duplicates(acts: list[ActResult]) -> list[ActResult]:
    """Count one act per person: handles compare case-insensitively."""
    seen = set()
    marked = []
    for act in acts:
        key = act.handle.lower()
        if act.counted and key in seen:
            act = replace(act, counted=False, reason="duplicate")
        if act.counted:
            seen.add(key)
        marked.append(act)
    return marked


@dataclass(frozen=True)
class PollTally:
    """What the counted ballots of one poll chose, at its tally point."""

    participants: int
    """Counted ballots: one per person."""
    votes: tuple[tuple[str, int], ...]
    """(option id, counted ballots choosing it), in the poll's option order."""
    other: tuple[str, ...]
    """The 기타 texts of the counted ballots, in the order of their files."""


def poll_tally(poll: Poll, record: RecordCount) -> PollTally:
    """Count choices from the counted ballots only, each as it stood at the tally point.

    Each ballot gives each option at most one vote. Results a maintainer entered
    from outside the archive (`poll.offline_results`) are never added here.
    """
    counted = [act for act in record.acts if act.counted]
    votes = tuple((option.id, sum(option.id in act.choices for act in counted)) for option in poll.options)
    other = tuple(act.other for act in counted if act.other)
    return PollTally(len(counted), votes, other)


@dataclass(frozen=True)
class CriterionScore:
    """One candidate's scores on one criterion, from the counted ballots."""

    criterion: str
    sum: int
    n: int
    """How many ballots scored it."""

    @property
    def mean(self) -> Fraction | None:
        """Exact; pages round it for reading. None before any score."""
        return Fraction(self.sum, self.n) if self.n else None


@dataclass(frozen=True)
class CandidateScore:
    option: str
    ballots: int
    """Counted ballots scoring this candidate."""
    criteria: tuple[CriterionScore, ...]
    """In the poll's criteria order."""

    @property
    def total(self) -> Fraction | None:
        """The mean of every score the candidate got; as every ballot scores every criterion,
        it is also the mean of its criterion means. None before any score."""
        n = sum(score.n for score in self.criteria)
        return Fraction(sum(score.sum for score in self.criteria), n) if n else None


@dataclass(frozen=True)
class ScoreTally:
    """What the counted ballots of a score poll gave each candidate (the deck's 팀원 평가)."""

    participants: int
    candidates: tuple[CandidateScore, ...]
    """In the poll's option order."""

    def of(self, option_id: str) -> CandidateScore:
        return next(candidate for candidate in self.candidates if candidate.option == option_id)

    def ranked(self) -> tuple[tuple[int, CandidateScore], ...]:
        """(rank, candidate), highest total first; equal totals share a rank (1, 1, 3);
        candidates without a score come last, unranked (rank 0), in option order."""
        scored = sorted((c for c in self.candidates if c.total is not None), key=lambda c: -c.total)
        ranked = []
        for position, candidate in enumerate(scored, 1):
            tied = ranked and ranked[-1][1].total == candidate.total
            ranked.append((ranked[-1][0] if tied else position, candidate))
        return tuple(ranked) + tuple((0, c) for c in self.candidates if c.total is None)


def score_tally(poll: Poll, record: RecordCount) -> ScoreTally:
    """Sum and count each candidate's scores per criterion, from the counted ballots only,
    each as it stood at the tally point. Pure and exact (fractions), so any reuse (a
    weighted selection) rounds only once, where it shows the result."""
    sheets = [_score_sheet(act.content) for act in record.acts if act.counted]
    candidates = []
    for option in poll.options:
        rows = [sheet[option.id] for sheet in sheets if option.id in sheet]
        criteria = tuple(
            CriterionScore(c.id, sum(row[c.id] for row in rows if c.id in row), sum(c.id in row for row in rows))
            for c in poll.criteria
        )
        candidates.append(CandidateScore(option.id, len(rows), criteria))
    return ScoreTally(len(sheets), tuple(candidates))


def _score_sheet(content) -> dict[str, dict[str, int]]:
    """A counted ballot's `scores` with ids as text; counted means valid, so every score is 1–5."""
    scores = (content or {}).get("scores") or {}
    return {str(option): {str(key): value for key, value in (row or {}).items()} for option, row in scores.items()}


def signup_queue(meeting: Meeting, record: RecordCount) -> tuple[tuple[ActResult, ...], tuple[ActResult, ...]]:
    """(confirmed, wait-listed): the counted sign-ups in the order their adds landed.

    Ties (one landing bringing several) go by file path. The first `capacity`
    are confirmed and the rest wait in that order; a withdrawal frees a place
    for the first in line. Without a capacity, everyone is confirmed.
    """
    queue = sorted((act for act in record.acts if act.counted), key=lambda act: (act.added, act.path))
    if meeting.capacity is None:
        return tuple(queue), ()
    return tuple(queue[: meeting.capacity]), tuple(queue[meeting.capacity :])


def opinion_endorsement_counts(record: RecordCount | None) -> dict[str, int]:
    """공감 per opinion id (lower-cased, 'dandi.1') from the counted opinion-endorsement files of one record.

    Each counted file gives one to each opinion it lists, once; endorsing one's
    own opinion gives nothing. Ids of no opinion are kept: pages show only opinions.
    """
    counts = {}
    for act in record.acts if record is not None else ():
        if not act.counted:
            continue
        listed = act.content.get("opinions") or ()
        ids = {str(entry).lower() for entry in ([listed] if isinstance(listed, str) else listed)}
        for opinion in ids:
            if opinion.rsplit(".", 1)[0] != act.handle.lower():
                counts[opinion] = counts.get(opinion, 0) + 1
    return counts
