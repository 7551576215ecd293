"""The fields of every open-data file, in one table: the JSON Schema, the CSV columns
and the Korean page explaining each file are all made from it, so they cannot disagree.

A field is (key, type, meaning): the meaning is a catalog message (Korean id, English in en.po), shown
in the site's language on the field pages and in both languages in the schemas. Types are short names
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
from ..i18n import N_, NP_, _, speaking, translated
from ..validate.actfields import FIELD_TYPES
from .jsonfile import json_file

SCHEMA_DRAFT = "https://json-schema.org/draft/2020-12/schema"
BOM = "\ufeff"
"""CSV files start with a byte order mark so spreadsheet programs read them as UTF-8 (Korean intact)."""
LIST_SEPARATOR = ";"
"""A list of plain values in one CSV cell: `a;b` (as data/attendance.csv)."""

DAY = r"^\d{4}-\d{2}-\d{2}$"
MOMENT = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:\d{2}|Z)?$"
SHA = r"^[0-9a-f]{40}$"
TYPES = {
    "string": ({"type": "string"}, N_("글")),
    "string?": ({"type": ["string", "null"]}, N_("글 또는 null")),
    "integer": ({"type": "integer"}, N_("정수")),
    "integer?": ({"type": ["integer", "null"]}, N_("정수 또는 null")),
    "number?": ({"type": ["number", "null"]}, N_("수 또는 null")),
    "boolean": ({"type": "boolean"}, N_("true / false")),
    "date": ({"type": "string", "pattern": DAY}, N_("YYYY-MM-DD")),
    "date?": ({"type": ["string", "null"], "pattern": DAY}, N_("YYYY-MM-DD 또는 null")),
    "moment": ({"type": "string", "pattern": MOMENT}, N_("ISO 8601")),
    "moment?": ({"type": ["string", "null"], "pattern": MOMENT}, N_("ISO 8601 (시간대 포함) 또는 null")),
    "sha?": ({"type": ["string", "null"], "pattern": SHA}, N_("커밋 sha (40자) 또는 null")),
    "strings": ({"type": "array", "items": {"type": "string"}}, N_("글 목록")),
    "map": ({"type": "object"}, N_("객체")),
    "objects": ({"type": "array"}, N_("객체 목록")),
}


@dataclass(frozen=True)
class Field:
    key: str
    type: str
    meaning: str
    """A catalog message (N_), read in the current language where it is shown."""
    items: tuple = ()
    """The fields of each object of an `objects` array."""
    values: tuple = ()
    """The allowed values, when they are a closed set (null is allowed when the type is)."""
    optional: bool = False


@dataclass(frozen=True)
class DataFile:
    name: str
    """data/<name>.json, data/<name>.csv, data/schemas/<name>.schema.json, data/<name>.md."""
    title: tuple[str, str]
    """A catalog label (NP_), shown on the 자료 page."""
    description: str
    """A catalog message (N_): what one object of the file is."""
    fields: tuple
    csv_columns: tuple = ()
    """The CSV's columns when its rows are not the JSON's (nested files); empty: the JSON fields."""
    has_csv: bool = True


def schema(data_file: DataFile) -> dict:
    """A JSON Schema (draft 2020-12) of the file: an array of objects with exactly these keys."""
    return {
        "$schema": SCHEMA_DRAFT,
        "title": f"data/{data_file.name}.json",
        "description": both_languages(data_file.description),
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
    fragment = {**TYPES[field.type][0], "description": both_languages(field.meaning)}
    if field.items:
        fragment["items"] = _object(field.items)
    if field.values:
        fragment["enum"] = list(field.values) + ([None] if "null" in fragment["type"] else [])
    return fragment


def both_languages(message: str) -> str:
    """A message as `Korean / English`: a schema is read by programmers of either language, whatever the site's."""
    with speaking("en"):
        english = translated(message)
    return f"{message} / {english}"


def schema_text(data_file: DataFile) -> str:
    return json_file(schema(data_file))


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
        meaning = translated(field.meaning)
        if field.values:
            meaning += " — " + ", ".join(f"`{value}`" for value in field.values)
        if field.optional:
            meaning += " " + _("(없을 수 있음)")
        rows.append((f"{prefix}{field.key}", translated(TYPES[field.type][1]), meaning))
        rows += rows_of(field.items, f"{prefix}{field.key}[].")
    return rows


# --- the fields ----------------------------------------------------------------------------------

ACT = (
    Field("handle", "string", N_("파일 이름의 아이디")),
    Field("counted", "boolean", N_("집계 여부")),
    Field("reason", "string?", N_("집계되지 않은 사유, 집계되면 null"),
          values=tuple(REASONS)),
    Field("level", "string?", N_("본인 확인 수준"), values=tuple(LEVELS)),
    Field("commit", "sha?", N_("파일을 더하거나 마지막으로 바꾸거나 지운 커밋")),
    Field("pr", "integer?", N_("풀 리퀘스트 번호")),
    Field("landed", "moment?", N_("브랜치에 반영된 시각")),
)
"""The keys every act has (opendata.act_json)."""
DECLARED = Field("act_fields", "objects", N_("참여 파일에 더 적을 수 있게 기록이 정한 항목 (`act_fields:`)"), items=(
    Field("name", "string", N_("참여 파일에 적는 항목 이름")),
    Field("type", "string", N_("종류"), values=FIELD_TYPES),
    Field("label", "string", N_("보이는 이름")),
    Field("choices", "strings", N_("고를 수 있는 값 (`choice`만, 아니면 [])")),
))
"""What a proposal, a poll or a meeting declares (opendata.declared_json)."""
DECLARED_VALUES = Field("fields", "map", N_("기록이 정한 항목마다 이 파일의 값 (없거나 형식에 맞지 않으면 null)"))
"""Every main act's values of its record's `act_fields` (validate.actfields.act_values)."""

LIFE = (
    Field("stage", "string", N_("거친 단계"), values=tuple(LIFE_STAGES)),
    Field("date", "date?", N_("날짜")),
    Field("meeting", "string?", N_("그 단계로 옮긴 모임 id")),
    Field("poll", "string?", N_("그 단계로 옮긴 투표 id")),
    Field("experiment", "string?", N_("그 단계로 옮긴 실험장 id")),
    Field("answer", "integer?", N_("그 단계로 옮긴 답변 번호 (answers.json)")),
)
PROPOSALS = DataFile("proposals", NP_("자료", "제안"), N_("제안마다 하나"), (
    Field("id", "string", N_("제안 이름 (폴더 이름)")),
    Field("title", "string", N_("제목")),
    Field("proposer", "string", N_("제안자 아이디")),
    Field("proposed", "date", N_("제안일")),
    Field("endorse_until", "date?", N_("공감 마감일 (그날 포함)")),
    Field("tags", "strings", N_("태그")),
    Field("status", "string", N_("상태"), values=tuple(STATUSES)),
    Field("stage", "string", N_("과정에서 지금 있는 곳 (`life`의 마지막)"), values=tuple(LIFE_STAGES)),
    Field("form", "string?", N_("공론화 방식"), values=tuple(DELIBERATION_FORMS)),
    Field("life", "objects", N_("제안 뒤에 거친 단계"), items=LIFE),
    Field("endorsements", "integer", N_("집계된 공감 수")),
    Field("frozen_at", "sha?", N_("집계한 커밋 (마감 전 마지막 반영)")),
    Field("acts", "objects", N_("공감 파일마다 (집계 여부와 사유)"),
          items=ACT + (DECLARED_VALUES,)),
    DECLARED,
), csv_columns=("id", "title", "proposer", "proposed", "endorse_until", "tags", "status", "stage", "form",
                "endorsements", "frozen_at"))

OPTION = (
    Field("id", "string", N_("선택지 id")),
    Field("label", "string", N_("선택지 이름")),
    Field("proposal", "string", N_("선택지가 가리키는 제안 id"), optional=True),
    Field("votes", "integer", N_("그 선택지를 고른 (점수 투표: 채점한) 집계된 표 수")),
    Field("scores", "map", N_("점수 투표: 기준 id마다 평균 (소수 둘째 자리)"), optional=True),
    Field("total", "number?", N_("점수 투표: 모든 점수의 평균"), optional=True),
)
POLLS = DataFile("polls", NP_("자료", "투표"), N_("투표마다 하나"), (
    Field("id", "string", N_("투표 이름 (폴더 이름)")),
    Field("question", "string", N_("질문")),
    Field("author", "string", N_("작성자 아이디")),
    Field("opened", "date", N_("시작일")),
    Field("closes", "date?", N_("정한 마감일")),
    Field("closed", "date?", N_("운영자가 토론 정리로 닫은 날")),
    Field("status", "string", N_("상태"), values=tuple(POLL_STATUSES)),
    Field("multiple", "boolean", N_("복수응답가능")),
    Field("max_choices", "integer?", N_("최대 선택 수")),
    Field("allows_other", "boolean", N_("기타 답 허용")),
    Field("participants", "integer", N_("집계된 표 수 (한 사람 한 표)")),
    Field("options", "objects", N_("선택지마다"), items=OPTION),
    Field("other", "strings", N_("집계된 표의 기타 답")),
    Field("frozen_at", "sha?", N_("집계한 커밋")),
    Field("offline_results", "objects", N_("아카이브 밖에서 센 결과 (더하지 않음)"), items=(
        Field("source", "string", N_("출처")),
        Field("date", "date?", N_("센 날")),
        Field("participants", "integer?", N_("참여자 수")),
        Field("options", "objects", N_("선택지마다"), items=OPTION),
        Field("other", "strings", N_("기타 답")),
    )),
    Field("acts", "objects", N_("표 파일마다 (집계 여부와 사유)"), items=ACT + (
        Field("choices", "strings", N_("판단한 시점의 선택지 id")),
        Field("other", "string?", N_("기타 답")),
        Field("scores", "map", N_("점수 투표: 후보마다 기준별 점수"), optional=True),
        DECLARED_VALUES,
    )),
    DECLARED,
    Field("type", "string", N_("점수 투표에만 `score`"), values=tuple(POLL_TYPES), optional=True),
    Field("voters_role", "string?", N_("점수 투표: 표가 집계되는 역할"),
          optional=True),
    Field("criteria", "objects", N_("점수 투표: 평가 기준"), optional=True, items=(
        Field("id", "string", N_("기준 id")),
        Field("label", "string", N_("기준 이름")),
    )),
), csv_columns=("poll", "question", "type", "status", "participants", "option", "label", "proposal", "votes", "total"))

ENDORSEMENTS = DataFile("endorsements", NP_("자료", "공감"), N_("공감 파일마다 하나"), (
    Field("proposal", "string", N_("제안 id")), *ACT,
    Field("comment", "string?", N_("공감 한마디")),
    DECLARED_VALUES,
))
BALLOTS = DataFile("ballots", NP_("자료", "표"), N_("표 파일마다 하나"), (
    Field("poll", "string", N_("투표 id")), *ACT,
    Field("choices", "strings", N_("판단한 시점의 선택지 id")),
    Field("other", "string?", N_("기타 답")),
    Field("scores", "map", N_("점수 투표의 점수 (후보마다 기준별 점수), 아니면 빈 객체")),
    DECLARED_VALUES,
))
MEETINGS = DataFile("meetings", NP_("자료", "모임"), N_("모임마다 하나"), (
    Field("id", "string", N_("모임 이름 (폴더 이름)")),
    Field("title", "string", N_("제목")),
    Field("start", "moment", N_("시작 (아카이브 시간대)")),
    Field("end", "moment", N_("끝")),
    Field("place", "string?", N_("장소")),
    Field("online", "string?", N_("온라인 참여 주소")),
    Field("capacity", "integer?", N_("정원 (null은 제한 없음)")),
    Field("signup_until", "date?", N_("참석 신청 마감일")),
    Field("phase", "string?", N_("단계 id")),
    Field("status", "string", N_("상태"), values=tuple(MEETING_STATUSES)),
    Field("confirmed", "integer", N_("확정된 참석 신청 수")),
    Field("waiting", "integer", N_("대기 중인 신청 수")),
    Field("attendees", "strings", N_("참석자 아이디 (회의록)")),
    Field("decisions", "strings", N_("결정한 것")),
    Field("proposals", "strings", N_("다룬 제안 id")),
    DECLARED,
))
SIGNUPS = DataFile("signups", NP_("자료", "참석 신청"), N_("신청 파일마다 하나"), (
    Field("meeting", "string", N_("모임 id")), *ACT,
    Field("place", "string?", N_("확정 또는 대기 (집계된 신청만)"),
          values=("confirmed", "waiting")),
    DECLARED_VALUES,
))
TASKS = DataFile("tasks", NP_("자료", "할 일"), N_("회의록의 할 일마다 하나"), (
    Field("meeting", "string", N_("모임 id")),
    Field("text", "string", N_("할 일 내용")),
    Field("owner", "string?", N_("담당 아이디")),
    Field("due", "date?", N_("기한")),
    Field("done", "boolean", N_("완료 여부")),
))
ATTENDANCE = DataFile("attendance", NP_("자료", "참석 기록"), N_("사람마다 하나"), (
    Field("handle", "string", N_("아이디")),
    Field("name", "string", N_("이름")),
    Field("meetings_attended", "integer", N_("참석한 모임 수")),
    Field("meeting_ids", "strings", N_("참석한 모임 id")),
))
EXPERIMENTS = DataFile("experiments", NP_("자료", "실험장"), N_("실험장마다 하나"), (
    Field("id", "string", N_("실험장 이름 (폴더 이름)")),
    Field("title", "string", N_("제목")),
    Field("proposals", "strings", N_("나온 제안 id")),
    Field("status", "string", N_("상태"), values=tuple(EXPERIMENT_STATUSES)),
    Field("phase", "string?", N_("단계 id")),
    Field("budget", "integer?", N_("예산 (원)")),
    Field("team", "objects", N_("팀"), items=(
        Field("handle", "string", N_("아이디")), Field("role", "string", N_("역할")))),
    Field("steps", "objects", N_("실행 계획의 단계"), items=(
        Field("step", "string", N_("단계 이름"), values=tuple(EXPERIMENT_STEPS)),
        Field("state", "string", N_("상태"), values=tuple(STEP_STATES)),
        Field("date", "date?", N_("날짜")))),
    Field("card_news", "strings", N_("카드뉴스 이미지")),
    Field("videos", "strings", N_("영상 주소")),
))
NEWS = DataFile("news", NP_("자료", "소식"), N_("소식마다 하나"), (
    Field("id", "string", N_("소식 이름 (파일 이름)")),
    Field("title", "string", N_("제목")),
    Field("date", "date", N_("날짜")),
    Field("author", "string", N_("글쓴이 아이디")),
    Field("phase", "string?", N_("단계 id")),
    Field("tags", "strings", N_("태그")),
))
OPINIONS = DataFile("opinions", NP_("자료", "의견"), N_("의견 파일마다 하나"), (
    Field("record_kind", "string", N_("기록 종류"), values=("proposal", "poll", "experiment")),
    Field("record", "string", N_("기록 id")),
    Field("id", "string", N_("의견 id (`아이디.번호`)")), *ACT,
    Field("reply_to", "string?", N_("답한 의견 id")),
    Field("endorsements", "integer", N_("받은 공감 수")),
    Field("body", "string?", N_("의견 글 (Markdown)")),
))
OPINION_ENDORSEMENTS = DataFile("opinion-endorsements", NP_("자료", "의견 공감"), N_("의견 공감 파일마다 하나"), (
    Field("record_kind", "string", N_("기록 종류"), values=("proposal", "poll", "experiment")),
    Field("record", "string", N_("기록 id")), *ACT,
    Field("opinions", "strings", N_("공감한 의견 id")),
))
ANSWERS = DataFile("answers", NP_("자료", "답변"), N_("공식 답변마다 하나"), (
    Field("proposal", "string", N_("제안 id")),
    Field("number", "integer", N_("답변 번호 (answers/<번호>.md)")),
    Field("by", "string", N_("답변한 팀원 아이디, 또는 `org:부서 이름`")),
    Field("org", "string?", N_("부서가 답변했을 때 그 이름")),
    Field("date", "date", N_("답변한 날")),
    Field("state", "string", N_("답변 상태"), values=tuple(ANSWER_STATES)),
    Field("due", "date?", N_("문턱이 약속한 답변 기한 (없으면 null)")),
    Field("days_late", "integer?", N_("첫 답변이 기한보다 늦은 날수 (0 이하는 기한 안에; 후속 답변은 null)")),
    Field("body", "string", N_("답변 글 (Markdown)")),
))
MEMBERS = DataFile("members", NP_("자료", "멤버"), N_("members.yml의 사람마다 하나 (이메일 없음, 본인이 공개한 것만)"), (
    Field("handle", "string", N_("아이디")),
    Field("name", "string", N_("이름 (공개하지 않았으면 아이디)")),
    Field("roles", "strings", N_("역할 (`maintainer` 운영자 등; 공개하지 않았으면 빈 목록)")),
    Field("public", "strings", N_("본인이 공개에 동의한 항목 (`name`, `roles`)")),
))

DATA_FILES = (PROPOSALS, ENDORSEMENTS, POLLS, BALLOTS, MEETINGS, SIGNUPS, TASKS, ATTENDANCE, EXPERIMENTS, NEWS,
              OPINIONS, OPINION_ENDORSEMENTS, MEMBERS, ANSWERS)
