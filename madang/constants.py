"""Allowed values and their Korean labels, in one place.

Every status, reason, level and role the archive knows is listed here; the
validators, the tally and the pages all read these tables, so a value cannot
be allowed in one stage and unknown in another.
"""

import re

from .i18n import N_, NP_, Words

ID_PATTERN = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?\Z")
"""A record id: a lowercase ASCII slug, as in `2020-09-infant-hours`."""

BEST_TOP, BEST_MINIMUM = 3, 3
"""BEST marks the proposals ranked in the top BEST_TOP by endorsements (ties at the cut together), each with at
least BEST_MINIMUM endorsements (setting `best: {top, min}`)."""
DEFAULT_ENDORSE_DAYS = 30
"""A new proposal's endorsement window, in days from the day it is proposed (setting `endorse_days`)."""

HANDLE_PATTERN = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\Z")
"""A person's forge login; compared case-insensitively."""

DATE_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}\Z")

MAX_FILE_BYTES = 1024 * 1024
"""Files over 1 MB are refused: no citizen's record needs more."""

DEFAULT_TIMEZONE = "Asia/Seoul"

ARCHIVE_FORMAT = 1
"""The archive format this madang reads: `format:` in mkdocs.yml's madang settings (absent: 1). It grows when
a file of the format changes meaning (CHANGELOG.md); an archive naming a newer format is refused (settings.py)."""

# How an act is tied to its actor (DESIGN.md, "The actor must be the author").
VERIFIED = "verified"
FORGE = "forge"
ATTESTED = "attested"
UNVERIFIED = "unverified"
LEVELS = Words({
    VERIFIED: N_("본인 확인"),
    FORGE: N_("계정 기록으로 본인 확인"),
    ATTESTED: N_("운영자 대리 입력"),
    UNVERIFIED: N_("본인 확인 안 됨"),
})
"""verified: the commit's author e-mail is the person's; forge: the forge recorded that the pull request came
from the person's own account; attested: a maintainer entered it (`source: offline`); unverified: none of these."""
DEFAULT_COUNTED_LEVELS = (VERIFIED, FORGE, ATTESTED)
LEVEL_ORDER = (VERIFIED, FORGE, ATTESTED, UNVERIFIED)
"""Strongest first: an act changed by several commits takes the weakest of their levels."""

# Why an act is not counted. `None` means counted.
REASONS = Words({
    "late": N_("마감 뒤에 반영됨"),
    "withdrawn": N_("본인이 철회함"),
    "removed": N_("본인이 아닌 사람(운영자 등)이 삭제함"),
    UNVERIFIED: N_("작성자가 본인임을 확인할 수 없음"),
    VERIFIED: N_("본인 확인된 참여는 이 아카이브 설정(count)에서 집계하지 않음"),
    FORGE: N_("계정 기록으로 확인된 참여는 이 아카이브 설정(count)에서 집계하지 않음"),
    ATTESTED: N_("운영자 대리 입력은 이 아카이브에서 집계하지 않음"),
    "duplicate": N_("같은 사람의 다른 파일이 이미 집계됨"),
    "bad-name": N_("파일 이름으로 누구의 참여인지 알 수 없음"),
    "bad-content": N_("파일 내용이 형식에 맞지 않음"),
    "uncommitted": N_("아직 커밋되지 않음 (미리보기에서만 보임)"),
    "not-eligible": N_("이 투표에 참여할 수 있는 역할이 아님"),
    "voided": N_("운영진이 무효로 함 (운영 기록)"),
})

OFFLINE_SOURCE = "offline"

# Proposal statuses a maintainer may write; without one, the deadline decides.
OPEN = "open"
CLOSED = "closed"
STATUSES = Words({
    OPEN: N_("진행중"),
    CLOSED: N_("마감"),
    "selected": N_("선정"),
    "rejected": N_("미선정"),
})

MAINTAINER = "maintainer"
ROLES = Words({
    MAINTAINER: N_("운영자"),
    "citizen": N_("시민"),
    "proposer": N_("시민 제안가"),
    "promoter": N_("홍보"),
    "agenda": N_("의제 선정·기획"),
    "experiment": N_("실험장 기획·운영"),
    "staff": N_("도서관·기관"),
    "answerer": N_("답변 담당"),
})
MEMBER_PUBLIC = ("name", "roles")
"""What a member entry (members.yml) or a join request may list under `public:`: what the person agrees to show
on the site beside their handle. Private by default: nothing listed, only the handle is shown."""
ANSWERER = "answerer"
"""A member who may write a proposal's official answers (proposals/<id>/answers/<n>.md), as maintainers may."""

# Official answers to proposals (proposals/<id>/answers/<n>.md).
ANSWER_FOLDER = "answers"
ANSWER_NAME = re.compile(r"^(?P<number>[1-9][0-9]{0,3})\.md\Z")
"""An answer file: <n>.md, numbered from 1 in the order the answers were given."""
ANSWER_STATES = Words({
    "reviewing": N_("검토 중"),
    "accepted": N_("수용"),
    "partly": N_("부분 수용"),
    "declined": N_("불수용"),
})
ORG_PREFIX = "org:"
"""`by: org:도서관정책과`: an answer given by a department, entered by a maintainer, instead of a member's handle."""
ANSWER_STANDINGS = Words({
    "answered": N_("답변함"),
    "waiting": N_("답변 기다림"),
    "overdue": N_("답변 기한 지남"),
})
"""Where a proposal whose threshold promised an answer stands (promises.py)."""

# Record kinds and where their files live: (folder, record file). A record is
# a folder holding its record file and its act folders.
PROPOSAL_KIND = "proposal"
POLL_KIND = "poll"
MEETING_KIND = "meeting"
EXPERIMENT_KIND = "experiment"
NEWS_KIND = "news"
RECORD_LAYOUT = {
    PROPOSAL_KIND: ("proposals", "proposal.md"),
    POLL_KIND: ("polls", "poll.yml"),
    MEETING_KIND: ("content/meetings", "index.md"),
    EXPERIMENT_KIND: ("content/experiments", "index.md"),
}
JURY_KIND = "jury"
RECORD_LAYOUT[JURY_KIND] = ("juries", "jury.yml")
"""A citizen jury drawn by lot (시민배심원 추첨): juries/<id>/jury.yml, its applications in applicants/."""
JOIN_FOLDER = "joins"
"""Join requests (가입 신청): joins/<handle>.yml, one per person; a maintainer approves one by adding the person
to members.yml and deleting the request."""
NEWS_FOLDER = "content/news"
"""News posts are single files, content/news/<id>.md, with no acts."""

# Act kinds: (record kind, act folder). A record's main act (endorsement,
# ballot, sign-up) is named after the record kind, so counts of proposal
# 'x' are under ("proposal", "x"); opinions and the endorsements of opinions
# are "<record kind>-opinion" and "<record kind>-opinion-endorsement".
OPINION = "-opinion"
OPINION_ENDORSEMENT = "-opinion-endorsement"
OPINION_FOLDER = "opinions"
OPINION_ENDORSEMENT_FOLDER = "opinion-endorsements"
ACT_LAYOUT = {
    PROPOSAL_KIND: (PROPOSAL_KIND, "endorsements"),
    POLL_KIND: (POLL_KIND, "ballots"),
    MEETING_KIND: (MEETING_KIND, "rsvps"),
    JURY_KIND: (JURY_KIND, "applicants"),
}
for _record_kind in (PROPOSAL_KIND, POLL_KIND, EXPERIMENT_KIND):
    ACT_LAYOUT[_record_kind + OPINION] = (_record_kind, OPINION_FOLDER)
    ACT_LAYOUT[_record_kind + OPINION_ENDORSEMENT] = (_record_kind, OPINION_ENDORSEMENT_FOLDER)

OPINION_NAME = re.compile(r"^(?P<handle>[A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))\.(?P<number>[0-9]{1,4})\.md\Z")
"""An opinion file: <handle>.<number>.md, e.g. heidi.1.md; its id is 'heidi.1'."""


def act_handle(kind: str, name: str) -> str | None:
    """The actor's handle from an act file's name, or None when the name is not an act's."""
    if kind.endswith(OPINION):
        match = OPINION_NAME.match(name)
        return match["handle"] if match else None
    handle = name[: -len(".yml")] if name.endswith(".yml") else None
    return handle if handle is not None and HANDLE_PATTERN.match(handle) else None


def act_actor(kind: str, name: str, content, aliases: dict) -> str | None:
    """Whose act a file is: the login its `handle:` field names, else the member whose `aliases` (members.yml)
    hold its name exactly, else its name when that is a login; None when nothing says.

    A name is not always a login (a letter asked for "your name"): the field or the alias maps it to one, and
    two names that differ only by case stay two people unless they map to one login. Opinions are named
    `<handle>.<n>.md`, their ids, and keep their names.
    """
    if kind.endswith(OPINION):
        return act_handle(kind, name)
    if not name.endswith(".yml") or not is_act_name(name.removesuffix(".yml")):
        return None
    written = content.get("handle") if isinstance(content, dict) else None
    if written is not None:
        return written if isinstance(written, str) and HANDLE_PATTERN.match(written) else None
    return aliases.get(name.removesuffix(".yml")) or act_handle(kind, name)


def is_act_name(stem: str) -> bool:
    """Whether an act file may be called `<stem>.yml` when its `handle:` or an alias says whose it is:
    any one-line name that is not hidden ('.x') and not an option ('-x')."""
    return bool(stem) and not stem.startswith((".", "-")) and stem.isprintable() and len(stem) <= 100


def act_name(kind: str, name: str) -> str:
    """An act file's name as shown when it names no one: without its `.yml` (or `.md`)."""
    return name.removesuffix(".md") if kind.endswith(OPINION) else name.removesuffix(".yml")


def is_multiple(kind: str) -> bool:
    """Whether one person may hold several acts of this kind on one record (opinions)."""
    return kind.endswith(OPINION)


# Poll statuses: decided by the opening day and the close (`closes`, or `closed`
# written by a maintainer when the discussion wraps up).
UPCOMING = "upcoming"
POLL_STATUSES = Words({
    UPCOMING: N_("예정"),
    OPEN: N_("진행중"),
    CLOSED: N_("마감"),
})

# Meeting statuses: decided by the sign-up deadline, the start and the end.
RECRUITING = "recruiting"
OVER = "over"
MEETING_STATUSES = Words({
    UPCOMING: N_("예정"),  # a meeting that takes no sign-ups, until it ends
    RECRUITING: N_("모집중"),
    CLOSED: N_("마감"),
    OVER: N_("종료"),
})

# A proposal's path through the process (the deck): the last step written in
# its `life:` is where it stands; without one it is 제안.
LIFE_STAGES = Words({
    "proposed": NP_("stage", "제안"),
    "candidate": NP_("stage", "의제 후보"),
    "forum": NP_("stage", "열린토론회"),
    "selected": NP_("stage", "실험장 선정"),
    "running": NP_("stage", "실험 중"),
    "shared": NP_("stage", "결과 공유"),
    "not-selected": NP_("stage", "미선정"),
    "ended": NP_("stage", "종료"),
})
DELIBERATION_FORMS = Words({
    "pro-con": N_("찬반형"),
    "discussion": N_("토론형"),
    "disclosure": N_("정보공개형"),
    "experiment": N_("실험형"),
})

# Experiments: status and the deck's plan steps.
EXPERIMENT_STATUSES = Words({
    "planned": NP_("progress", "준비중"),
    "running": NP_("progress", "진행중"),
    "done": NP_("progress", "완료"),
})
EXPERIMENT_STEPS = Words({
    "plan": N_("기획"),
    "forum": N_("공론장 개최"),
    "content": N_("결과 콘텐츠 제작"),
    "share": N_("결과 게시·의견 수렴"),
})
STEP_STATES = Words({"todo": NP_("progress", "예정"), "doing": NP_("progress", "진행중"), "done": NP_("progress", "완료")})

# The deck's 공론화 선정 기준, the default criteria of a score poll.
SCORE_MIN, SCORE_MAX = 1, 5
SCORE_CRITERIA = Words({
    "daily-life": N_("일상 영향"),
    "importance": N_("중요성"),
    "debate-fit": N_("시민 토론 적합성"),
    "alternatives": N_("대안 가능성"),
    "feasibility": N_("실현 가능성"),
})
SCORE_POLL = "score"
POLL_TYPES = Words({"choice": N_("선택 투표"), SCORE_POLL: N_("점수 투표")})

# The group's targets (mkdocs.yml `targets`): what each measure counts, its Korean label and unit.
TARGET_MEASURES = {
    "proposals": ("제안", "건"),
    "endorsements": ("공감", "건"),
    "polls": ("투표", "건"),
    "meetings": ("모임", "회"),
    "experiments": ("완료된 실험", "건"),
    "participants": ("참여한 사람", "명"),
    "attendees": ("모임 참석자", "명"),
}
TARGET_STATES = Words({"met": NP_("progress", "달성"), "missed": NP_("progress", "미달"), "ongoing": NP_("progress", "진행중")})
PHASE_STATES = Words({"done": NP_("progress", "완료"), "current": NP_("progress", "진행중"), "upcoming": NP_("progress", "예정")})

# Citizen juries (시민배심원): the strata an application gives and quotas balance, and where a draw's seed comes from.
STRATA = Words({"age_band": N_("연령대"), "gender": N_("성별"), "region": N_("지역")})
"""In this order the draw checks quotas (madang/sortition.py)."""
SEED_SOURCES = Words({
    "lottery": N_("추첨일에 발표된 복권 번호"),
    "commit-after": N_("그날이 끝난 뒤 처음 반영된 기록의 고유 번호"),
})
JURY_METHODS = Words({
    "greedy": N_("추첨값 순서대로 몫이 허락하는 사람을 뽑음"),
    "leximin": N_("가장 공정한 추첨 계획(LEXIMIN)에서 배심원단 하나를 뽑음"),
})
"""A jury's `method` (madang/sortition.py, step 5); greedy when not given."""

# The public moderation log: moderation/<n>.yml, written by maintainers (moderation.py).
MODERATION_FOLDER = "moderation"
MODERATION_NAME = re.compile(r"^(?P<number>[1-9][0-9]{0,5})\.yml\Z")
MODERATION_ACTIONS = Words({
    "hide": N_("가림"),
    "void": N_("무효"),
    "erase": N_("삭제"),
})
"""hide: the target's text is replaced by HIDDEN_TEXT wherever it appears, its count unchanged;
void: an act is not counted (reason `voided`, the entry's reason shown in 집계 내역)."""
HIDDEN_TEXT = N_("운영진이 가렸습니다: {reason}")
ERASED_TEXT = N_("개인정보 보호 요청으로 지웠습니다 (운영 기록 {number})")
"""erase: the target's text leaves every output (its reason may itself be personal, so it is not shown there);
`madang erase --rewrite` can take it out of git's history too (erasure.py)."""
