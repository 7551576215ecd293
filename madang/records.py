"""The records and acts of an archive, as plain frozen data classes.

Each remembers the file it came from, so every number on the site can point
back to a line someone wrote.
"""

from dataclasses import dataclass, field
from datetime import date, datetime


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
    aliases: tuple[str, ...] = ()
    """Names this person's act files carry instead of the handle (a letter's "your name"), matched exactly."""
    public: frozenset = frozenset()
    """What the person agreed to show on the site (`public: [name, roles]`, constants.MEMBER_PUBLIC); nothing
    when absent: the site then shows the handle alone, as their acts already do."""

    @property
    def key(self) -> str:
        return self.handle.lower()

    @property
    def shown_name(self) -> str:
        """The name every output prints: the display name if they published it, else the handle."""
        return self.name if "name" in self.public else self.handle

    @property
    def shown_roles(self) -> tuple[str, ...]:
        """The roles every output prints: theirs if they published them, else none (the review and the
        count still read `roles`)."""
        return self.roles if "roles" in self.public else ()


@dataclass(frozen=True)
class ActField:
    """A field a record declares for its acts (`act_fields:`), e.g. a letter's signer's `name`."""

    name: str
    """The key act files write, e.g. `name`."""
    type: str
    """validate.actfields.FIELD_TYPES: text (one line), url (an http or https address), choice."""
    label: str
    """Shown before each value; the name when none is given."""
    choices: tuple[str, ...] = ()
    """A choice field's allowed values, in the order written."""
    line: int = 1


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
    life: tuple["LifeStep", ...] = ()
    """The steps it has taken through the process, oldest first (constants.LIFE_STAGES)."""
    form: str | None = None
    """The form its deliberation takes once it is an agenda (constants.DELIBERATION_FORMS)."""
    thresholds: tuple["Threshold", ...] = ()
    """What reaching a number of endorsements brings, fewest first (`thresholds:`)."""
    act_fields: tuple[ActField, ...] = ()
    """What its endorsements may carry beyond `comment` (`act_fields:`)."""

    @property
    def stage(self) -> str:
        """Where it stands: the last step of its life, 'proposed' before any."""
        return self.life[-1].stage if self.life else "proposed"


@dataclass(frozen=True)
class Threshold:
    """`thresholds: {50: 답변}` or `{50: {label: 답변, answer_within_days: 30}}`."""

    at: int
    """Counted endorsements that reach it."""
    label: str
    """What reaching it brings, e.g. 답변."""
    answer_within_days: int | None = None
    """When set, reaching it promises an official answer within this many days of the day it was reached."""


@dataclass(frozen=True)
class Answer:
    """proposals/<id>/answers/<n>.md: an official answer to a proposal, by a member or a department."""

    proposal: str
    number: int
    by: str
    """A member's handle, or `org:<department>` (constants.ORG_PREFIX)."""
    date: date
    state: str
    """constants.ANSWER_STATES"""
    body: str
    path: str
    body_line: int = 1

    @property
    def org(self) -> str | None:
        """The department's name when a department answered."""
        return self.by[len("org:"):] if self.by.startswith("org:") else None


@dataclass(frozen=True)
class ModerationEntry:
    """moderation/<n>.yml: one thing the maintainers did to what someone wrote, in public."""

    number: int
    target: str
    """The path it acts on: a record's file, an act or an opinion, e.g. proposals/x/endorsements/heidi.yml."""
    action: str
    """constants.MODERATION_ACTIONS"""
    reason: str
    date: date
    by: str
    """The maintainer's handle."""
    path: str


@dataclass(frozen=True)
class LifeStep:
    """One move of a proposal (의제 후보, 열린토론회, 실험장 선정…) and what moved it."""

    stage: str
    date: date | None
    meeting: str | None = None
    poll: str | None = None
    experiment: str | None = None
    line: int = 1
    answer: int | None = None
    """The number of the proposal's answer that moved it (answers/<n>.md)."""


@dataclass(frozen=True)
class PollOption:
    id: str
    label: str
    proposal: str | None = None
    """The proposal this option stands for (a score poll's candidates are agenda candidates)."""
    line: int = 1


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
    phase: str | None = None
    type: str = "choice"
    """'choice' (ballots choose options) or 'score' (ballots score each option on each criterion)."""
    criteria: tuple[PollOption, ...] = ()
    """A score poll's criteria (the deck's 공론화 선정 기준)."""
    voters_role: str | None = None
    """When set, only ballots of members with this role count (constants.ROLES)."""
    before: str | None = None
    """A deliberative poll's earlier poll (사전 투표): its page shows how the people who voted in both moved."""
    before_line: int = 1
    act_fields: tuple[ActField, ...] = ()
    """What its ballots may carry beyond their answers (`act_fields:`)."""

    @property
    def deadline(self) -> date | None:
        """The day whose end freezes the tally: `closed` if a maintainer wrote it, else `closes`."""
        return self.closed or self.closes


@dataclass(frozen=True)
class Task:
    """An action item of a meeting's minutes: a task-list line with @owner and a due day."""

    text: str
    owner: str | None
    due: date | None
    done: bool
    meeting: str
    path: str
    line: int


@dataclass(frozen=True)
class Meeting:
    """content/meetings/<id>/index.md: a meeting, its sign-ups and, afterwards, its minutes.

    Times are local to the archive's time zone (naive datetimes)."""

    id: str
    title: str
    start: datetime
    end: datetime
    place: str | None
    online: str | None
    """A link to join online."""
    capacity: int | None
    """Confirmed places; later sign-ups wait in order. None: no limit."""
    signup_until: date | None
    """Sign-ups are taken only when set; the last day (inclusive) they count."""
    phase: str | None
    attendees: tuple[str, ...]
    """Handles of who came (the minutes)."""
    decisions: tuple[str, ...]
    tasks: tuple[Task, ...]
    proposals: tuple[str, ...]
    """Ids of proposals the meeting dealt with."""
    body: str
    path: str
    body_line: int = 1
    proposal_lines: tuple[int, ...] = ()
    """The file line of each id in `proposals`, where a link to a missing proposal is reported."""
    act_fields: tuple[ActField, ...] = ()
    """What its sign-ups may carry beyond `comment` (`act_fields:`)."""


@dataclass(frozen=True)
class ExperimentStep:
    step: str
    """constants.EXPERIMENT_STEPS"""
    state: str
    """constants.STEP_STATES"""
    date: date | None


@dataclass(frozen=True)
class Experiment:
    """content/experiments/<id>/index.md: a pilot (실험장) and what it learned."""

    id: str
    title: str
    proposals: tuple[str, ...]
    team: tuple[tuple[str, str], ...]
    """(handle, role as written, e.g. 기획)."""
    steps: tuple[ExperimentStep, ...]
    budget: int | None
    """In won."""
    status: str
    """constants.EXPERIMENT_STATUSES"""
    phase: str | None
    card_news: tuple[str, ...]
    videos: tuple[str, ...]
    body: str
    """The plan and the results, in Markdown (images beside index.md)."""
    path: str
    body_line: int = 1
    proposal_lines: tuple[int, ...] = ()
    """The file line of each id in `proposals`, for diagnostics about links."""


@dataclass(frozen=True)
class NewsPost:
    """content/news/<id>.md: a dated post (소식)."""

    id: str
    title: str
    date: date
    author: str
    phase: str | None
    tags: tuple[str, ...]
    body: str
    path: str
    body_line: int = 1


@dataclass(frozen=True)
class JurySeed:
    """Where a jury draw's public random seed comes from: fixed before the draw, unknown until after it."""

    source: str
    """constants.SEED_SOURCES: 'lottery' (numbers announced that day) or 'commit-after' (the hash of
    the first first-parent commit landed after that day ended)."""
    date: date
    numbers: str | None = None
    """A lottery's numbers as announced, written by a maintainer after the draw; None before."""


@dataclass(frozen=True)
class Jury:
    """juries/<id>/jury.yml: a citizen jury drawn by lot from its applications (madang/sortition.py)."""

    id: str
    title: str
    seats: int
    apply_until: date
    """Last day (inclusive, archive time zone) an application counts: the roster freezes when it ends."""
    quotas: tuple[tuple[str, tuple[tuple[str, int], ...]], ...]
    """(stratum, ((category, seats at most), …)) in constants.STRATA order, categories as written."""
    seed: JurySeed | None
    path: str
    roster_tag: str | None = None
    """A git tag naming the commit whose tree holds the roster, when the maintainers froze it by a tag."""
    phase: str | None = None
    quotas_line: int = 1
    """The line of `quotas:` in jury.yml, where a plan's infeasible quota is reported."""
    method: str = "greedy"
    """constants.JURY_METHODS: 'greedy' (the walk by ticket) or 'leximin' (a panel drawn from plan.json)."""


@dataclass(frozen=True)
class ActFile:
    """An act file present in the working tree: one person's endorsement, ballot, sign-up or opinion."""

    kind: str
    """An act kind (constants.ACT_LAYOUT)."""
    record_id: str
    handle: str
    path: str
    document: object = field(default=None, compare=False, repr=False)
    """The file as loaded (load.Document), for rules linking acts to acts (an opinion's
    `reply_to`); None when it could not be read."""


@dataclass(frozen=True)
class JoinRequest:
    """A request to join the group (joins/<handle>.yml), pending until a maintainer adds the person to members.yml."""

    handle: str
    name: str
    """The name they give; shown only if `public` lists it."""
    message: str
    """A word to the maintainers, shown with the request while it waits."""
    path: str
    public: frozenset = frozenset()
    """What they agree to show once on the list (constants.MEMBER_PUBLIC): the maintainer copies it into members.yml."""


@dataclass(frozen=True)
class Archive:
    """Everything read from an archive's files, valid or not yet counted."""

    root: str
    members: dict[str, Member] = field(default_factory=dict)
    """Keyed by lower-cased handle."""
    proposals: dict[str, Proposal] = field(default_factory=dict)
    polls: dict[str, Poll] = field(default_factory=dict)
    acts: tuple[ActFile, ...] = ()
    meetings: dict[str, Meeting] = field(default_factory=dict)
    experiments: dict[str, Experiment] = field(default_factory=dict)
    news: dict[str, NewsPost] = field(default_factory=dict)
    juries: dict[str, Jury] = field(default_factory=dict)
    plans: dict = field(default_factory=dict)
    """jury id -> lottery.PlanFiles of a `method: leximin` jury: filled once git is read (pipeline.count)."""
    answers: dict[str, tuple[Answer, ...]] = field(default_factory=dict)
    """A proposal's id -> its official answers, by number."""
    moderation: tuple[ModerationEntry, ...] = ()
    """The moderation log, by number."""
    rewrites: tuple[dict, ...] = ()
    """moderation/rewrites/<n>.yml as written by `madang erase --rewrite` (erasure.py): the request, the day,
    the commits replaced (old, new) and the digests before and after."""
    join_requests: tuple[JoinRequest, ...] = ()
    """Every valid join request, by handle; approved ones are the handles members.yml lists."""

    @property
    def aliases(self) -> dict[str, str]:
        """Act file name (without `.yml`) -> the handle of the member whose `aliases` list it."""
        return {alias: member.handle for member in self.members.values() for alias in member.aliases}

    def records_of(self, kind: str) -> dict:
        """The records of one kind (constants.RECORD_LAYOUT, and news posts), by id."""
        return {
            "proposal": self.proposals, "poll": self.polls, "meeting": self.meetings, "experiment": self.experiments,
            "jury": self.juries, "news": self.news,
        }[kind]
