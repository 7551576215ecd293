"""Allowed values and their Korean labels, in one place.

Every status, reason, level and role the archive knows is listed here; the
validators, the tally and the pages all read these tables, so a value cannot
be allowed in one stage and unknown in another.
"""

import re

ID_PATTERN = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?\Z")
"""A record id: a lowercase ASCII slug, as in `2020-09-infant-hours`."""

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
LEVELS = {
    VERIFIED: "본인 확인",
    FORGE: "계정 기록으로 본인 확인",
    ATTESTED: "운영자 대리 입력",
    UNVERIFIED: "본인 확인 안 됨",
}
"""verified: the commit's author e-mail is the person's; forge: the forge recorded that the pull request came
from the person's own account; attested: a maintainer entered it (`source: offline`); unverified: none of these."""
DEFAULT_COUNTED_LEVELS = (VERIFIED, FORGE, ATTESTED)
LEVEL_ORDER = (VERIFIED, FORGE, ATTESTED, UNVERIFIED)
"""Strongest first: an act changed by several commits takes the weakest of their levels."""

# Why an act is not counted. `None` means counted.
REASONS = {
    "late": "마감 뒤에 반영됨",
    "withdrawn": "본인이 철회함",
    "removed": "본인이 아닌 사람(운영자 등)이 삭제함",
    UNVERIFIED: "작성자가 본인임을 확인할 수 없음",
    VERIFIED: "본인 확인된 참여는 이 아카이브 설정(count)에서 집계하지 않음",
    FORGE: "계정 기록으로 확인된 참여는 이 아카이브 설정(count)에서 집계하지 않음",
    ATTESTED: "운영자 대리 입력은 이 아카이브에서 집계하지 않음",
    "duplicate": "같은 사람의 다른 파일이 이미 집계됨",
    "bad-name": "파일 이름으로 누구의 참여인지 알 수 없음",
    "bad-content": "파일 내용이 형식에 맞지 않음",
    "uncommitted": "아직 커밋되지 않음 (미리보기에서만 보임)",
    "not-eligible": "이 투표에 참여할 수 있는 역할이 아님",
}

OFFLINE_SOURCE = "offline"

# Proposal statuses a maintainer may write; without one, the deadline decides.
OPEN = "open"
CLOSED = "closed"
STATUSES = {
    OPEN: "진행중",
    CLOSED: "마감",
    "selected": "선정",
    "rejected": "미선정",
}

MAINTAINER = "maintainer"
ROLES = {
    MAINTAINER: "운영자",
    "citizen": "시민",
    "proposer": "시민 제안가",
    "promoter": "홍보",
    "agenda": "의제 선정·기획",
    "experiment": "실험장 기획·운영",
    "staff": "도서관·기관",
}

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
POLL_STATUSES = {
    UPCOMING: "예정",
    OPEN: "진행중",
    CLOSED: "마감",
}

# Meeting statuses: decided by the sign-up deadline, the start and the end.
RECRUITING = "recruiting"
OVER = "over"
MEETING_STATUSES = {
    UPCOMING: "예정",  # a meeting that takes no sign-ups, until it ends
    RECRUITING: "모집중",
    CLOSED: "마감",
    OVER: "종료",
}

# A proposal's path through the process (the deck): the last step written in
# its `life:` is where it stands; without one it is 제안.
LIFE_STAGES = {
    "proposed": "제안",
    "candidate": "의제 후보",
    "forum": "열린토론회",
    "selected": "실험장 선정",
    "running": "실험 중",
    "shared": "결과 공유",
    "not-selected": "미선정",
    "ended": "종료",
}
DELIBERATION_FORMS = {
    "pro-con": "찬반형",
    "discussion": "토론형",
    "disclosure": "정보공개형",
    "experiment": "실험형",
}

# Experiments: status and the deck's plan steps.
EXPERIMENT_STATUSES = {
    "planned": "준비중",
    "running": "진행중",
    "done": "완료",
}
EXPERIMENT_STEPS = {
    "plan": "기획",
    "forum": "공론장 개최",
    "content": "결과 콘텐츠 제작",
    "share": "결과 게시·의견 수렴",
}
STEP_STATES = {"todo": "예정", "doing": "진행중", "done": "완료"}

# The deck's 공론화 선정 기준, the default criteria of a score poll.
SCORE_MIN, SCORE_MAX = 1, 5
SCORE_CRITERIA = {
    "daily-life": "일상 영향",
    "importance": "중요성",
    "debate-fit": "시민 토론 적합성",
    "alternatives": "대안 가능성",
    "feasibility": "실현 가능성",
}
SCORE_POLL = "score"
POLL_TYPES = {"choice": "선택 투표", SCORE_POLL: "점수 투표"}

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
TARGET_STATES = {"met": "달성", "missed": "미달", "ongoing": "진행중"}
PHASE_STATES = {"done": "완료", "current": "진행중", "upcoming": "예정"}

# Citizen juries (시민배심원): the strata an application gives and quotas balance, and where a draw's seed comes from.
STRATA = {"age_band": "연령대", "gender": "성별", "region": "지역"}
"""In this order the draw checks quotas (madang/sortition.py)."""
SEED_SOURCES = {
    "lottery": "추첨일에 발표된 복권 번호",
    "commit-after": "그날이 끝난 뒤 처음 반영된 커밋의 해시",
}
