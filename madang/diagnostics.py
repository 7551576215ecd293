"""Diagnostics: a located, bilingual message about a file someone wrote.

Rules yield `Diagnostic`s by slug; the severity and the words for each slug
live in `MESSAGES`, in one place. Mistakes in users' files are diagnostics,
never exceptions.
"""

from dataclasses import dataclass

ERROR = "error"
WARNING = "warning"

SEVERITY_LABELS = {ERROR: "오류", WARNING: "경고"}

# slug: (severity, Korean, English). Placeholders are filled by keyword.
MESSAGES = {
    "yaml-syntax": (ERROR, "YAML 문법 오류: {problem}", "YAML syntax error: {problem}"),
    "yaml-duplicate-key": (ERROR, "'{key}' 항목이 두 번 나옵니다", "key '{key}' appears twice"),
    "yaml-too-complex": (ERROR, "YAML이 너무 깊거나 큽니다", "the YAML is too deep or too large"),
    "yaml-unsupported": (ERROR, "지원하지 않는 YAML 표기입니다: {what}", "unsupported YAML construct: {what}"),
    "not-utf8": (ERROR, "UTF-8 텍스트가 아닙니다. UTF-8로 저장해 주세요", "not UTF-8 text; save the file as UTF-8"),
    "nul-byte": (ERROR, "파일에 NUL 문자가 들어 있습니다", "the file contains a NUL character"),
    "unreadable": (ERROR, "읽을 수 없습니다 (권한을 확인하세요)", "cannot be read (check its permissions)"),
    "file-too-large": (ERROR, "파일이 1 MB를 넘습니다", "the file is larger than 1 MB"),
    "symlink-outside": (ERROR, "아카이브 밖을 가리키는 링크입니다", "symbolic link pointing outside the archive"),
    "not-a-file": (ERROR, "파일이어야 할 자리에 폴더가 있습니다", "a folder where a file is expected"),
    "not-a-mapping": (ERROR, "'항목: 값' 형태여야 합니다", "expected 'key: value' pairs"),
    "front-matter-missing": (
        ERROR,
        "파일 맨 앞에 '---'로 둘러싼 머리말(제목, 제안자 등)이 있어야 합니다",
        "the file must start with front matter between '---' lines",
    ),
    "front-matter-unclosed": (ERROR, "머리말을 닫는 '---' 줄이 없습니다", "the front matter has no closing '---' line"),
    "missing-field": (ERROR, "필수 항목 '{field}'이(가) 없습니다", "required field '{field}' is missing"),
    "empty-field": (ERROR, "'{field}' 항목이 비어 있습니다", "field '{field}' is empty"),
    "unknown-field": (WARNING, "알 수 없는 항목 '{field}'은(는) 무시됩니다", "unknown field '{field}' is ignored"),
    "not-text": (ERROR, "'{field}'은(는) 글이어야 합니다", "field '{field}' must be text"),
    "not-text-list": (ERROR, "'{field}'은(는) 글 목록이어야 합니다 (예: [가, 나])", "field '{field}' must be a list of texts"),
    "not-a-date": (
        ERROR,
        "'{field}'의 값 '{value}'은(는) 날짜가 아닙니다. 2020-10-02처럼 적어 주세요",
        "'{field}' value '{value}' is not a date; write it like 2020-10-02",
    ),
    "date-order": (
        ERROR,
        "'{later}'({later_value})이(가) '{earlier}'({earlier_value})보다 앞섭니다",
        "'{later}' ({later_value}) is before '{earlier}' ({earlier_value})",
    ),
    "bad-id": (
        ERROR,
        "'{name}'은(는) 기록 이름으로 쓸 수 없습니다. 영문 소문자, 숫자, '-'만 쓰세요 (예: 2020-09-infant-hours)",
        "'{name}' is not a valid record id; use lowercase ASCII letters, digits and '-'",
    ),
    "bad-handle": (
        ERROR,
        "'{name}'은(는) 아이디로 쓸 수 없습니다. 영문, 숫자, '-'만 쓰세요",
        "'{name}' is not a valid handle; use ASCII letters, digits and '-'",
    ),
    "bad-act-file": (
        ERROR,
        "'{name}': 참여 파일은 '<아이디>.yml' 이름이어야 합니다",
        "'{name}': an act file must be named '<handle>.yml'",
    ),
    "duplicate-handle": (
        ERROR,
        "'{name}'은(는) '{other}'와(과) 같은 사람입니다 (대소문자만 다름). 하나만 남겨 주세요",
        "'{name}' is the same person as '{other}' (case differs); keep one",
    ),
    "record-missing": (
        ERROR,
        "'{folder}'에 {record} 파일이 없습니다",
        "'{folder}' has no {record} file",
    ),
    "act-outside-record": (
        WARNING,
        "'{name}'은(는) 읽지 않습니다. 참여 파일은 '{expected}' 폴더 안에 두세요",
        "'{name}' is not read; act files belong in the '{expected}' folder",
    ),
    "stray-file": (
        WARNING,
        "'{name}'은(는) 아카이브가 읽지 않는 파일입니다",
        "'{name}' is not a file the archive reads",
    ),
    "bad-value": (
        ERROR,
        "'{field}'의 값 '{value}'은(는) 허용되지 않습니다. 가능한 값: {allowed}",
        "'{field}' value '{value}' is not allowed; allowed: {allowed}",
    ),
    "bad-source": (
        ERROR,
        "'source'에는 'offline'만 쓸 수 있습니다 (운영자가 종이 명단 등을 옮겨 적을 때)",
        "'source' may only be 'offline' (a maintainer transcribing a paper sheet)",
    ),
    "unknown-option": (
        ERROR,
        "'{value}'은(는) 이 투표의 선택지가 아닙니다. 가능한 값: {allowed}",
        "'{value}' is not an option of this poll; allowed: {allowed}",
    ),
    "too-many-choices": (
        ERROR,
        "선택지를 {limit}개까지 고를 수 있습니다",
        "at most {limit} choices are allowed",
    ),
    "too-many-with-other": (
        ERROR,
        "'기타' 답도 하나로 셉니다. 선택지와 기타를 합쳐 {limit}개까지 고를 수 있습니다",
        "an 'other' answer counts as a choice; at most {limit} in all",
    ),
    "duplicate-choice": (
        WARNING,
        "선택지 '{value}'을(를) 두 번 골랐습니다. 한 번만 셉니다",
        "option '{value}' is chosen twice; it counts once",
    ),
    "max-choices-ignored": (
        WARNING,
        "'max_choices'는 복수응답 투표('multiple: true')에서만 쓰입니다. 지금은 하나만 고를 수 있습니다",
        "'max_choices' only applies with 'multiple: true'; this poll takes one choice",
    ),
    "no-choice": (ERROR, "선택지를 하나 이상 골라 주세요", "choose at least one option"),
    "other-not-allowed": (ERROR, "이 투표는 '기타' 답을 받지 않습니다", "this poll takes no 'other' answer"),
    "duplicate-option": (ERROR, "선택지 '{value}'이(가) 두 번 나옵니다", "option '{value}' appears twice"),
    "not-a-list": (
        ERROR,
        "'{field}'은(는) 목록이어야 합니다 (항목마다 '- '로 시작하는 줄)",
        "field '{field}' must be a list (one '- ' line per item)",
    ),
    "bad-count": (
        ERROR,
        "'{option}'의 표 수 '{value}'은(는) 0 이상의 정수여야 합니다",
        "the count for '{option}' ('{value}') must be a whole number, 0 or more",
    ),
    "count-over-participants": (
        ERROR,
        "표 수({votes})가 참여자 수 'participants'({participants})보다 많습니다",
        "{votes} votes is more than the {participants} participants ('participants')",
    ),
    "duplicate-email": (
        ERROR,
        "이메일 '{value}'이(가) '{other}'에게도 등록되어 있습니다",
        "e-mail '{value}' is also listed for '{other}'",
    ),
    "unknown-role": (
        WARNING,
        "알 수 없는 역할 '{value}'입니다. 가능한 값: {allowed}",
        "unknown role '{value}'; known roles: {allowed}",
    ),
    "unknown-phase": (
        WARNING,
        "'{value}'은(는) mkdocs.yml에 선언된 단계가 아닙니다",
        "'{value}' is not a phase declared in mkdocs.yml",
    ),
    "shallow-history": (
        WARNING,
        "git 기록이 일부만 있어(shallow clone) 참여 작성자를 확인할 수 없습니다. 'git fetch --unshallow'로 전체 기록을 받으세요",
        "the git history is shallow, so acts could not be verified; run 'git fetch --unshallow'",
    ),
    "not-a-repository": (
        WARNING,
        "git 저장소가 아니어서 참여를 집계할 수 없습니다 ('git init' 후 커밋하세요)",
        "not a git repository, so no act can be counted (run 'git init' and commit)",
    ),
    # meetings, sign-ups and tasks
    # score polls
    # news and experiments
    # proposal life, phases and targets
    # opinions
}


@dataclass(frozen=True)
class Diagnostic:
    """One problem in one file, at one line."""

    slug: str
    path: str
    """Archive-relative path, with '/' separators."""
    line: int
    """1-based line; 1 when the problem concerns the whole file."""
    values: tuple = ()
    """The message's placeholders, as sorted (name, value) pairs."""

    @property
    def severity(self) -> str:
        return MESSAGES[self.slug][0]

    @property
    def korean(self) -> str:
        return MESSAGES[self.slug][1].format(**dict(self.values))

    @property
    def english(self) -> str:
        return MESSAGES[self.slug][2].format(**dict(self.values))

    def __str__(self) -> str:
        label = SEVERITY_LABELS[self.severity]
        return f"{self.path}:{self.line}: {label}[{self.slug}] {self.korean} / {self.english}"


def diagnostic(slug: str, path: str, line: int = 1, **values) -> Diagnostic:
    """Make a diagnostic; values fill the message's placeholders."""
    assert slug in MESSAGES, slug
    return Diagnostic(slug, path, line, tuple(sorted((k, str(v)) for k, v in values.items())))


def has_errors(diagnostics) -> bool:
    return any(d.severity == ERROR for d in diagnostics)


def sort_key(d: Diagnostic):
    return (d.path, d.line, d.slug)
