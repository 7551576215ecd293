"""Allowed values and their Korean labels, in one place.

Every status, reason, level and role the archive knows is listed here; the
validators, the tally and the pages all read these tables, so a value cannot
be allowed in one stage and unknown in another.
"""

import re

ID_PATTERN = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?\Z")
"""A record id: a lowercase ASCII slug, as in `2020-09-infant-hours`."""

HANDLE_PATTERN = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\Z")
"""A person's forge login; compared case-insensitively."""

DATE_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}\Z")

MAX_FILE_BYTES = 1024 * 1024
"""Files over 1 MB are refused: no citizen's record needs more."""

DEFAULT_TIMEZONE = "Asia/Seoul"

# How an act is tied to its actor (DESIGN.md, "The actor must be the author").
VERIFIED = "verified"
ATTESTED = "attested"
UNVERIFIED = "unverified"
LEVELS = {
    VERIFIED: "본인 확인",
    ATTESTED: "운영자 대리 입력",
    UNVERIFIED: "본인 확인 안 됨",
}
DEFAULT_COUNTED_LEVELS = (VERIFIED, ATTESTED)
LEVEL_ORDER = (VERIFIED, ATTESTED, UNVERIFIED)
"""Strongest first: an act changed by several commits takes the weakest of their levels."""

# Why an act is not counted. `None` means counted.
REASONS = {
    "late": "마감 뒤에 반영됨",
    "withdrawn": "마감 전에 철회됨",
    UNVERIFIED: "작성자가 본인임을 확인할 수 없음",
    VERIFIED: "본인 확인된 참여는 이 아카이브 설정(count)에서 집계하지 않음",
    ATTESTED: "운영자 대리 입력은 이 아카이브에서 집계하지 않음",
    "duplicate": "같은 사람의 다른 파일이 이미 집계됨",
    "invalid": "파일 내용이 형식에 맞지 않음",
    "uncommitted": "아직 커밋되지 않음 (미리보기에서만 보임)",
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

# Where act files live: (record folder, record file, act folder).
PROPOSAL_KIND = "proposal"
POLL_KIND = "poll"
ACT_LAYOUT = {
    PROPOSAL_KIND: ("proposals", "proposal.md", "endorsements"),
    POLL_KIND: ("polls", "poll.yml", "ballots"),
}

# Poll statuses: decided by the opening day and the close (`closes`, or `closed`
# written by a maintainer when the discussion wraps up).
UPCOMING = "upcoming"
POLL_STATUSES = {
    UPCOMING: "예정",
    OPEN: "진행중",
    CLOSED: "마감",
}
