"""Web forms: a submitted GitHub issue form becomes the record file a pull request adds.

A citizen who cannot use git fills a Korean form (.github/ISSUE_TEMPLATE/);
the form-to-pr workflow runs `madang from-issue . --event EVENT.json`,
which writes the file here, and commits it authored by the person who filled
the form (their GitHub private address, so the act is verified).

The form's answers are user input: every value is written through the YAML
dumper (never pasted into YAML text), ids and handles must match their
patterns, and a body can only be Markdown after the front matter.
"""

import json
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import yaml

from .constants import DEFAULT_ENDORSE_DAYS, HANDLE_PATTERN, ID_PATTERN, OPINION_FOLDER, RECORD_LAYOUT
from .validate import parse_date

NO_RESPONSE = "_No response_"
SECTION = re.compile(r"^### (?P<label>[^\n]*)", re.M)
"""A section heading; its label is stripped in Python (a lazy label before `\\s*$` is quadratic)."""


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    """The form's label, exactly as in the issue template: GitHub writes it as the section heading."""
    required: bool = True


FORMS = {
    "proposal": (
        Field("id", "제안 이름 (영문)", required=False),
        Field("title", "제목"),
        Field("body", "문제와 제안"),
        Field("endorse_until", "공감 마감일", required=False),
        Field("tags", "태그", required=False),
    ),
    "opinion": (
        Field("kind", "의견을 남길 곳"),
        Field("record", "기록 이름 (영문)"),
        Field("body", "의견"),
        Field("reply_to", "답글 대상", required=False),
    ),
    "meeting": (
        Field("id", "모임 이름 (영문)"),
        Field("title", "모임 제목"),
        Field("start", "시작"),
        Field("end", "끝"),
        Field("place", "장소", required=False),
        Field("online", "온라인 링크", required=False),
        Field("capacity", "정원", required=False),
        Field("signup_until", "참석 신청 마감일", required=False),
        Field("body", "안내", required=False),
    ),
}
"""Form name (the template's label `madang:<name>`) -> its fields."""

OPINION_KINDS = {"제안": "proposal", "투표": "poll", "실험장": "experiment"}


class FormError(Exception):
    """The form cannot become a file; the message says why, in Korean and English."""


@dataclass(frozen=True)
class FormFile:
    path: str
    content: str
    title: str
    """The pull request's title."""


def proposal_id(title: str, day: date) -> str:
    """A new proposal's id, made for the citizen: its day, the title's ASCII words (up to 20 characters), and
    6 hex digits of the title's FNV-1a hash, so a Korean title still gets its own id.

    유아 전용 시간 on 2020-09-17 -> 2020-09-17-669787; "Wi-Fi 켜기" -> 2020-09-17-wi-fi-60dd4f.
    The site's 제안하기 makes the same id in the browser (render/actions.py SCRIPT: `proposalId`).
    """
    title = " ".join(title.split())
    words = "-".join(re.findall(r"[A-Za-z0-9]+", title)).lower()[:20].strip("-")
    digest = 0x811C9DC5
    for byte in title.encode("utf-8"):
        digest = ((digest ^ byte) * 0x01000193) & 0xFFFFFFFF
    return "-".join(part for part in (day.isoformat(), words, f"{digest:08x}"[:6]) if part)


def from_issue(event: dict, archive: Path, zone, endorse_days: int = DEFAULT_ENDORSE_DAYS) -> FormFile:
    """The file an `issues` event's form asks for; raises FormError when it cannot be made.

    A proposal without an id gets one (`proposal_id`), and without an endorsement deadline the archive's window
    (`endorse_days` after the day it was proposed)."""
    issue = event.get("issue") or {}
    labels = {label.get("name", "") for label in issue.get("labels") or []}
    form = next((name for name in FORMS if f"madang:{name}" in labels), None)
    if form is None:
        raise FormError("madang 양식으로 만든 이슈가 아닙니다 / not an issue made with a madang form")
    author = (issue.get("user") or {}).get("login", "")
    if not HANDLE_PATTERN.match(author):
        raise FormError(f"'{author}'은(는) 아이디로 쓸 수 없습니다 / not a usable login")
    answers = parse_answers(issue.get("body") or "", FORMS[form])
    day = datetime.fromisoformat(issue["created_at"].replace("Z", "+00:00")).astimezone(zone).date()
    return BUILDERS[form](answers, author, day, archive, endorse_days)


def parse_answers(body: str, fields) -> dict:
    """The answers of an issue form's body: `### <label>` headings, each followed by its value."""
    found = {}
    headings = list(SECTION.finditer(body))
    for heading, following in zip(headings, headings[1:] + [None]):
        value = body[heading.end(): following.start() if following else len(body)].strip()
        found[heading["label"].strip()] = "" if value == NO_RESPONSE else value
    answers = {}
    for field in fields:
        value = found.get(field.label, "")
        if field.required and not value:
            raise FormError(f"'{field.label}' 칸이 비어 있습니다 / the field '{field.label}' is empty")
        answers[field.key] = value
    return answers


def _slug(value: str, label: str) -> str:
    if not ID_PATTERN.match(value):
        raise FormError(
            f"'{label}'에는 영문 소문자, 숫자, '-'만 쓰세요 (예: 2020-09-infant-hours) / "
            f"'{label}' must be lowercase ASCII letters, digits and '-'"
        )
    return value


def _day(value: str, label: str) -> str | None:
    if value and parse_date(value) is None:
        raise FormError(f"'{label}'은(는) 2020-10-02처럼 적어 주세요 / write '{label}' like 2020-10-02")
    return value or None


def _front_matter(fields: dict, body: str) -> str:
    """YAML front matter written by the dumper (every value quoted as needed), then the body."""
    kept = {key: value for key, value in fields.items() if value not in (None, "", [])}
    text = yaml.safe_dump(kept, allow_unicode=True, sort_keys=False, default_flow_style=False)
    return f"---\n{text}---\n\n{body.strip()}\n"


def _unused(archive: Path, path: str) -> str:
    if (archive / path).exists():
        raise FormError(f"{path}이(가) 이미 있습니다. 다른 이름을 고르세요 / {path} exists; choose another name")
    return path


def _proposal(answers, author, day, archive, endorse_days) -> FormFile:
    title = " ".join(answers["title"].split())
    record_id = _slug(answers["id"], "제안 이름 (영문)") if answers["id"] else proposal_id(title, day)
    tags = [tag.strip() for tag in answers["tags"].split(",") if tag.strip()]
    fields = {
        "title": title,
        "proposer": author,
        "proposed": day.isoformat(),
        "endorse_until": _day(answers["endorse_until"], "공감 마감일") or (day + timedelta(endorse_days)).isoformat(),
        "tags": tags,
    }
    path = _unused(archive, f"{RECORD_LAYOUT['proposal'][0]}/{record_id}/{RECORD_LAYOUT['proposal'][1]}")
    return FormFile(path, _front_matter(fields, answers["body"]), f"제안: {fields['title']}")


def _opinion(answers, author, day, archive, _endorse_days) -> FormFile:
    kind = OPINION_KINDS.get(answers["kind"])
    if kind is None:
        raise FormError(f"'의견을 남길 곳'은 {', '.join(OPINION_KINDS)} 중 하나입니다 / choose one of the listed places")
    record_id = _slug(answers["record"], "기록 이름 (영문)")
    folder = f"{RECORD_LAYOUT[kind][0]}/{record_id}"
    if not (archive / folder / RECORD_LAYOUT[kind][1]).is_file():
        raise FormError(f"{folder}이(가) 없습니다 / there is no record {folder}")
    taken = {p.name for p in (archive / folder / OPINION_FOLDER).glob(f"{author}.*.md")}
    number = next(n for n in range(1, 10_000) if f"{author}.{n}.md" not in taken)
    reply_to = answers["reply_to"].strip() or None
    path = f"{folder}/{OPINION_FOLDER}/{author}.{number}.md"
    content = _front_matter({"reply_to": reply_to}, answers["body"]) if reply_to else answers["body"].strip() + "\n"
    return FormFile(path, content, f"의견: {record_id}")


def _meeting(answers, author, day, archive, _endorse_days) -> FormFile:
    record_id = _slug(answers["id"], "모임 이름 (영문)")
    capacity = answers["capacity"].strip()
    if capacity and not capacity.isdigit():
        raise FormError("'정원'은 숫자로 적어 주세요 / write the capacity as a number")
    fields = {
        "title": " ".join(answers["title"].split()),
        "start": answers["start"].strip(),
        "end": answers["end"].strip(),
        "place": answers["place"].strip(),
        "online": answers["online"].strip(),
        "capacity": int(capacity) if capacity else None,
        "signup_until": _day(answers["signup_until"], "참석 신청 마감일"),
    }
    path = _unused(archive, f"{RECORD_LAYOUT['meeting'][0]}/{record_id}/{RECORD_LAYOUT['meeting'][1]}")
    return FormFile(path, _front_matter(fields, answers["body"]), f"모임: {fields['title']}")


BUILDERS = {"proposal": _proposal, "opinion": _opinion, "meeting": _meeting}
"""Form name -> builder(answers, author, day proposed, archive folder, endorsement window in days)."""


def read_event(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise FormError(f"{path}: 이벤트 파일을 읽을 수 없습니다 / cannot read the event file: {error}") from None
