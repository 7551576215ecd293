"""The fields of every open-data file, in one table: the JSON Schema, the CSV columns
and the Korean page explaining each file are all made from it, so they cannot disagree.

A field is (key, type, Korean meaning, English meaning). Types are short names
(TYPES); an array of objects lists its own fields. `optional` fields may be
absent from an object (score-poll keys); every other key is always there.
"""

import csv
import io
import json
from dataclasses import dataclass

from ..constants import (
    ANSWER_STATES, DELIBERATION_FORMS, EXPERIMENT_STATUSES, EXPERIMENT_STEPS, LEVELS, LIFE_STAGES, MEETING_STATUSES, POLL_STATUSES,
    POLL_TYPES, REASONS, STATUSES, STEP_STATES,
)
from ..validate.actfields import FIELD_TYPES

SCHEMA_DRAFT = "https://json-schema.org/draft/2020-12/schema"
BOM = "\ufeff"
"""CSV files start with a byte order mark so spreadsheet programs read them as UTF-8 (Korean intact)."""
LIST_SEPARATOR = ";"
"""A list of plain values in one CSV cell: `a;b` (as data/attendance.csv)."""

DAY = r"^\d{4}-\d{2}-\d{2}$"
MOMENT = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:\d{2}|Z)?$"
SHA = r"^[0-9a-f]{40}$"
TYPES = {
    "string": ({"type": "string"}, "글 / text"),
    "string?": ({"type": ["string", "null"]}, "글 또는 null"),
    "integer": ({"type": "integer"}, "정수 / integer"),
    "integer?": ({"type": ["integer", "null"]}, "정수 또는 null"),
    "number?": ({"type": ["number", "null"]}, "수 또는 null"),
    "boolean": ({"type": "boolean"}, "true / false"),
    "date": ({"type": "string", "pattern": DAY}, "YYYY-MM-DD"),
    "date?": ({"type": ["string", "null"], "pattern": DAY}, "YYYY-MM-DD 또는 null"),
    "moment": ({"type": "string", "pattern": MOMENT}, "ISO 8601"),
    "moment?": ({"type": ["string", "null"], "pattern": MOMENT}, "ISO 8601 (시간대 포함) 또는 null"),
    "sha?": ({"type": ["string", "null"], "pattern": SHA}, "커밋 sha (40자) 또는 null"),
    "strings": ({"type": "array", "items": {"type": "string"}}, "글 목록 / list"),
    "map": ({"type": "object"}, "객체 / object"),
    "objects": ({"type": "array"}, "객체 목록 / list of objects"),
}


@dataclass(frozen=True)
class Field:
    key: str
    type: str
    korean: str
    english: str
    items: tuple = ()
    """The fields of each object of an `objects` array."""
    values: tuple = ()
    """The allowed values, when they are a closed set (null is allowed when the type is)."""
    optional: bool = False


@dataclass(frozen=True)
class DataFile:
    name: str
    """data/<name>.json, data/<name>.csv, data/schemas/<name>.schema.json, data/<name>.md."""
    title: str
    """Korean, shown on the 자료 page."""
    description: str
    fields: tuple
    csv_columns: tuple = ()
    """The CSV's columns when its rows are not the JSON's (nested files); empty: the JSON fields."""
    has_csv: bool = True


def schema(data_file: DataFile) -> dict:
    """A JSON Schema (draft 2020-12) of the file: an array of objects with exactly these keys."""
    return {
        "$schema": SCHEMA_DRAFT,
        "title": f"data/{data_file.name}.json",
        "description": data_file.description,
        "type": "array",
        "items": _object(data_file.fields),
    }


def _object(fields) -> dict:
    return {
        "type": "object",
        "properties": {field.key: _property(field) for field in fields},
        "required": [field.key for field in fields if not field.optional],
        "additionalProperties": False,
    }


def _property(field: Field) -> dict:
    fragment = {**TYPES[field.type][0], "description": f"{field.korean} / {field.english}"}
    if field.items:
        fragment["items"] = _object(field.items)
    if field.values:
        fragment["enum"] = list(field.values) + ([None] if "null" in fragment["type"] else [])
    return fragment


def schema_text(data_file: DataFile) -> str:
    return json.dumps(schema(data_file), ensure_ascii=False, indent=2) + "\n"


def columns(data_file: DataFile) -> tuple:
    return data_file.csv_columns or tuple(field.key for field in data_file.fields)


def csv_text(data_file: DataFile, rows) -> str:
    """UTF-8 CSV with a BOM; lists of plain values joined by ';', objects as compact JSON, null empty."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    header = columns(data_file)
    writer.writerow(header)
    for row in rows:
        writer.writerow([cell(row.get(key)) for key in header])
    return BOM + out.getvalue()


def cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return spreadsheet_safe(LIST_SEPARATOR.join(value))
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return spreadsheet_safe(value) if isinstance(value, str) else str(value)


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(text: str) -> str:
    """A text cell a spreadsheet will not run: one starting like a formula gets a leading `'`, as
    OWASP's CSV injection advice says (the JSON files keep the text as written)."""
    return "'" + text if text.startswith(FORMULA_START) else text


def rows_of(fields, prefix: str = "") -> list[tuple[str, str, str]]:
    """(key as `acts[].handle`, type in words, meaning) of every field, nested ones after their array."""
    rows = []
    for field in fields:
        meaning = f"{field.korean} / {field.english}"
        if field.values:
            meaning += " — " + ", ".join(f"`{value}`" for value in field.values)
        if field.optional:
            meaning += " (없을 수 있음 / may be absent)"
        rows.append((f"{prefix}{field.key}", TYPES[field.type][1], meaning))
        rows += rows_of(field.items, f"{prefix}{field.key}[].")
    return rows


# --- the fields ----------------------------------------------------------------------------------

ACT = (
    Field("handle", "string", "파일 이름의 아이디", "the handle in the file name"),
    Field("counted", "boolean", "집계 여부", "whether it counts"),
    Field("reason", "string?", "집계되지 않은 사유, 집계되면 null", "why it does not count; null when it does",
          values=tuple(REASONS)),
    Field("level", "string?", "본인 확인 수준", "how the actor was verified", values=tuple(LEVELS)),
    Field("commit", "sha?", "파일을 더하거나 마지막으로 바꾸거나 지운 커밋", "the commit that added, last changed or removed it"),
    Field("pr", "integer?", "풀 리퀘스트 번호", "pull request number"),
    Field("landed", "moment?", "브랜치에 반영된 시각", "when it landed on the branch"),
)
"""The keys every act has (opendata.act_json)."""
DECLARED = Field("act_fields", "objects", "참여 파일에 더 적을 수 있게 기록이 정한 항목 (`act_fields:`)",
                 "the fields the record's acts may carry (`act_fields:`)", items=(
    Field("name", "string", "참여 파일에 적는 항목 이름", "the key act files write"),
    Field("type", "string", "종류", "its type", values=FIELD_TYPES),
    Field("label", "string", "보이는 이름", "the label shown"),
    Field("choices", "strings", "고를 수 있는 값 (`choice`만, 아니면 [])", "allowed values (`choice` only, else [])"),
))
"""What a proposal, a poll or a meeting declares (opendata.declared_json)."""
DECLARED_VALUES = Field("fields", "map", "기록이 정한 항목마다 이 파일의 값 (없거나 형식에 맞지 않으면 null)",
                        "each declared field's value in this file; null where absent or not of its type")
"""Every main act's values of its record's `act_fields` (validate.actfields.act_values)."""

LIFE = (
    Field("stage", "string", "단계", "the step", values=tuple(LIFE_STAGES)),
    Field("date", "date?", "날짜", "its day"),
    Field("meeting", "string?", "그 단계로 옮긴 모임 id", "the meeting that moved it"),
    Field("poll", "string?", "그 단계로 옮긴 투표 id", "the poll that moved it"),
    Field("experiment", "string?", "그 단계로 옮긴 실험장 id", "the experiment that moved it"),
    Field("answer", "integer?", "그 단계로 옮긴 답변 번호 (answers.json)", "the answer that moved it"),
)
PROPOSALS = DataFile("proposals", "제안", "제안마다 하나 / one object per proposal", (
    Field("id", "string", "제안 이름 (폴더 이름)", "the proposal's folder name"),
    Field("title", "string", "제목", "title"),
    Field("proposer", "string", "제안자 아이디", "proposer's handle"),
    Field("proposed", "date", "제안일", "day proposed"),
    Field("endorse_until", "date?", "공감 마감일 (그날 포함)", "last day endorsements count"),
    Field("tags", "strings", "태그", "tags"),
    Field("status", "string", "상태", "status", values=tuple(STATUSES)),
    Field("stage", "string", "과정에서 지금 있는 곳 (`life`의 마지막)", "where it stands", values=tuple(LIFE_STAGES)),
    Field("form", "string?", "공론화 방식", "deliberation form", values=tuple(DELIBERATION_FORMS)),
    Field("life", "objects", "제안 뒤에 거친 단계", "each step after being proposed", items=LIFE),
    Field("endorsements", "integer", "집계된 공감 수", "the counted endorsements"),
    Field("frozen_at", "sha?", "집계한 커밋 (마감 전 마지막 반영)", "the first-parent commit whose tree was counted"),
    Field("acts", "objects", "공감 파일마다 (집계 여부와 사유)", "every endorsement file, counted or not",
          items=ACT + (DECLARED_VALUES,)),
    DECLARED,
), csv_columns=("id", "title", "proposer", "proposed", "endorse_until", "tags", "status", "stage", "form",
                "endorsements", "frozen_at"))

OPTION = (
    Field("id", "string", "선택지 id", "option id"),
    Field("label", "string", "선택지 이름", "its label"),
    Field("proposal", "string", "선택지가 가리키는 제안 id", "the proposal it stands for", optional=True),
    Field("votes", "integer", "그 선택지를 고른 (점수 투표: 채점한) 집계된 표 수", "counted ballots choosing (scoring) it"),
    Field("scores", "map", "점수 투표: 기준 id마다 평균 (소수 둘째 자리)", "score polls: mean per criterion", optional=True),
    Field("total", "number?", "점수 투표: 모든 점수의 평균", "score polls: mean of every score", optional=True),
)
POLLS = DataFile("polls", "투표", "투표마다 하나 / one object per poll", (
    Field("id", "string", "투표 이름 (폴더 이름)", "the poll's folder name"),
    Field("question", "string", "질문", "the question"),
    Field("author", "string", "작성자 아이디", "author's handle"),
    Field("opened", "date", "시작일", "opening day"),
    Field("closes", "date?", "정한 마감일", "planned closing day"),
    Field("closed", "date?", "운영자가 토론 정리로 닫은 날", "day a maintainer closed it"),
    Field("status", "string", "상태", "status", values=tuple(POLL_STATUSES)),
    Field("multiple", "boolean", "복수응답가능", "multiple choice"),
    Field("max_choices", "integer?", "최대 선택 수", "most answers per ballot"),
    Field("allows_other", "boolean", "기타 답 허용", "whether 기타 is allowed"),
    Field("participants", "integer", "집계된 표 수 (한 사람 한 표)", "counted ballots"),
    Field("options", "objects", "선택지마다", "every option", items=OPTION),
    Field("other", "strings", "집계된 표의 기타 답", "기타 texts of counted ballots"),
    Field("frozen_at", "sha?", "집계한 커밋", "the first-parent commit whose tree was counted"),
    Field("offline_results", "objects", "아카이브 밖에서 센 결과 (더하지 않음)", "results counted outside, never added", items=(
        Field("source", "string", "출처", "where the numbers come from"),
        Field("date", "date?", "센 날", "when counted"),
        Field("participants", "integer?", "참여자 수", "how many took part"),
        Field("options", "objects", "선택지마다", "every option", items=OPTION),
        Field("other", "strings", "기타 답", "기타 answers"),
    )),
    Field("acts", "objects", "표 파일마다 (집계 여부와 사유)", "every ballot file, counted or not", items=ACT + (
        Field("choices", "strings", "판단한 시점의 선택지 id", "option ids as judged"),
        Field("other", "string?", "기타 답", "the 기타 answer"),
        Field("scores", "map", "점수 투표: {후보: {기준: 점수}}", "score polls: the ballot's scores", optional=True),
        DECLARED_VALUES,
    )),
    DECLARED,
    Field("type", "string", "점수 투표에만 `score`", "score polls only", values=tuple(POLL_TYPES), optional=True),
    Field("voters_role", "string?", "점수 투표: 표가 집계되는 역할", "score polls: the role whose ballots count",
          optional=True),
    Field("criteria", "objects", "점수 투표: 평가 기준", "score polls: criteria", optional=True, items=(
        Field("id", "string", "기준 id", "criterion id"),
        Field("label", "string", "기준 이름", "its label"),
    )),
), csv_columns=("poll", "question", "type", "status", "participants", "option", "label", "proposal", "votes", "total"))

ENDORSEMENTS = DataFile("endorsements", "공감", "공감 파일마다 하나 / one object per endorsement file", (
    Field("proposal", "string", "제안 id", "proposal id"), *ACT,
    Field("comment", "string?", "공감 한마디", "the comment"),
    DECLARED_VALUES,
))
BALLOTS = DataFile("ballots", "표", "표 파일마다 하나 / one object per ballot file", (
    Field("poll", "string", "투표 id", "poll id"), *ACT,
    Field("choices", "strings", "판단한 시점의 선택지 id", "option ids as judged"),
    Field("other", "string?", "기타 답", "the 기타 answer"),
    Field("scores", "map", "점수 투표의 점수 {후보: {기준: 점수}}, 아니면 {}", "a score ballot's scores, else {}"),
    DECLARED_VALUES,
))
MEETINGS = DataFile("meetings", "모임", "모임마다 하나 / one object per meeting", (
    Field("id", "string", "모임 이름 (폴더 이름)", "the meeting's folder name"),
    Field("title", "string", "제목", "title"),
    Field("start", "moment", "시작 (아카이브 시간대)", "start, in the archive's time zone"),
    Field("end", "moment", "끝", "end"),
    Field("place", "string?", "장소", "place"),
    Field("online", "string?", "온라인 참여 주소", "link to join online"),
    Field("capacity", "integer?", "정원 (null은 제한 없음)", "places; null: no limit"),
    Field("signup_until", "date?", "참석 신청 마감일", "last sign-up day"),
    Field("phase", "string?", "단계 id", "phase id"),
    Field("status", "string", "상태", "status", values=tuple(MEETING_STATUSES)),
    Field("confirmed", "integer", "확정된 참석 신청 수", "confirmed sign-ups"),
    Field("waiting", "integer", "대기 중인 신청 수", "wait-listed sign-ups"),
    Field("attendees", "strings", "참석자 아이디 (회의록)", "who came (the minutes)"),
    Field("decisions", "strings", "결정한 것", "decisions"),
    Field("proposals", "strings", "다룬 제안 id", "proposals dealt with"),
    DECLARED,
))
SIGNUPS = DataFile("signups", "참석 신청", "신청 파일마다 하나 / one object per sign-up file", (
    Field("meeting", "string", "모임 id", "meeting id"), *ACT,
    Field("place", "string?", "확정 또는 대기 (집계된 신청만)", "confirmed or waiting (counted only)",
          values=("confirmed", "waiting")),
    DECLARED_VALUES,
))
TASKS = DataFile("tasks", "할 일", "회의록의 할 일마다 하나 / one object per action item", (
    Field("meeting", "string", "모임 id", "meeting id"),
    Field("text", "string", "할 일", "the task"),
    Field("owner", "string?", "담당 아이디", "owner's handle"),
    Field("due", "date?", "기한", "due day"),
    Field("done", "boolean", "완료 여부", "done"),
))
ATTENDANCE = DataFile("attendance", "참석 기록", "사람마다 하나 / one object per person", (
    Field("handle", "string", "아이디", "handle"),
    Field("name", "string", "이름", "name"),
    Field("meetings_attended", "integer", "참석한 모임 수", "meetings attended"),
    Field("meeting_ids", "strings", "참석한 모임 id", "the meetings"),
))
EXPERIMENTS = DataFile("experiments", "실험장", "실험장마다 하나 / one object per experiment", (
    Field("id", "string", "실험장 이름 (폴더 이름)", "the experiment's folder name"),
    Field("title", "string", "제목", "title"),
    Field("proposals", "strings", "나온 제안 id", "proposals it came from"),
    Field("status", "string", "상태", "status", values=tuple(EXPERIMENT_STATUSES)),
    Field("phase", "string?", "단계 id", "phase id"),
    Field("budget", "integer?", "예산 (원)", "budget in won"),
    Field("team", "objects", "팀", "the team", items=(
        Field("handle", "string", "아이디", "handle"), Field("role", "string", "역할", "role"))),
    Field("steps", "objects", "단계", "plan steps", items=(
        Field("step", "string", "단계", "step", values=tuple(EXPERIMENT_STEPS)),
        Field("state", "string", "상태", "state", values=tuple(STEP_STATES)),
        Field("date", "date?", "날짜", "day"))),
    Field("card_news", "strings", "카드뉴스 이미지", "card news images"),
    Field("videos", "strings", "영상 주소", "video links"),
))
NEWS = DataFile("news", "소식", "소식마다 하나 / one object per post", (
    Field("id", "string", "소식 이름 (파일 이름)", "the post's file name"),
    Field("title", "string", "제목", "title"),
    Field("date", "date", "날짜", "day"),
    Field("author", "string", "글쓴이 아이디", "author's handle"),
    Field("phase", "string?", "단계 id", "phase id"),
    Field("tags", "strings", "태그", "tags"),
))
OPINIONS = DataFile("opinions", "의견", "의견 파일마다 하나 / one object per opinion file", (
    Field("record_kind", "string", "기록 종류", "record kind", values=("proposal", "poll", "experiment")),
    Field("record", "string", "기록 id", "record id"),
    Field("id", "string", "의견 id (`아이디.번호`)", "opinion id"), *ACT,
    Field("reply_to", "string?", "답한 의견 id", "the opinion it replies to"),
    Field("endorsements", "integer", "받은 공감 수", "counted endorsements it got"),
    Field("body", "string?", "의견 글 (Markdown)", "the text, Markdown"),
))
OPINION_ENDORSEMENTS = DataFile("opinion-endorsements", "의견 공감", "의견 공감 파일마다 하나 / one object per file", (
    Field("record_kind", "string", "기록 종류", "record kind", values=("proposal", "poll", "experiment")),
    Field("record", "string", "기록 id", "record id"), *ACT,
    Field("opinions", "strings", "공감한 의견 id", "the opinions it endorses"),
))
ANSWERS = DataFile("answers", "답변", "공식 답변마다 하나 / one object per official answer", (
    Field("proposal", "string", "제안 id", "proposal id"),
    Field("number", "integer", "답변 번호 (answers/<번호>.md)", "the answer's number"),
    Field("by", "string", "답변한 팀원 아이디, 또는 `org:부서 이름`", "the answerer's handle, or `org:` a department"),
    Field("org", "string?", "부서가 답변했을 때 그 이름", "the department, when one answered"),
    Field("date", "date", "답변한 날", "the answer's day"),
    Field("state", "string", "답변 상태", "the answer's state", values=tuple(ANSWER_STATES)),
    Field("due", "date?", "문턱이 약속한 답변 기한 (없으면 null)", "the day a threshold promised an answer by"),
    Field("days_late", "integer?", "첫 답변이 기한보다 늦은 날수 (0 이하는 기한 안에; 후속 답변은 null)",
          "days the first answer came past the due day (0 or less: in time; null for later answers)"),
    Field("body", "string", "답변 글 (Markdown)", "the answer's text, Markdown"),
))
MEMBERS = DataFile("members", "멤버", "members.yml의 사람마다 하나 (이메일 없음) / one per member, no e-mail", (
    Field("handle", "string", "아이디", "handle"),
    Field("name", "string", "이름", "name"),
    Field("roles", "strings", "역할 (`maintainer` 운영자 등)", "roles"),
))

DATA_FILES = (PROPOSALS, ENDORSEMENTS, POLLS, BALLOTS, MEETINGS, SIGNUPS, TASKS, ATTENDANCE, EXPERIMENTS, NEWS,
              OPINIONS, OPINION_ENDORSEMENTS, MEMBERS, ANSWERS)
