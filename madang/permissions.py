"""Who may change what in an archive: one table, read by the pull request review.

Allow, don't deny: every path of a pull request is looked up here, the first
rule whose pattern matches decides, and what its rule does not allow the
author's role is refused (review.py). The maintainers' documentation of the
table (docs/permissions.md, README) is `as_markdown()`, and the tests walk
every rule from it.

Roles, from members.yml at the pull request's base:
- owner: the act's actor (constants.act_actor: its `handle:`, a members.yml alias, or its name) or the record's author field;
- member: listed in members.yml; maintainer: a member with the maintainer role;
- answerer: a member with the `answerer` role (a proposal's official answers);
- anyone: whoever opens the pull request.
A maintainer may do what a member or a record's owner may, but never act in
someone's name; what `nobody` may do, no one does.
"""

import re
from dataclasses import dataclass

from .constants import (
    ACT_LAYOUT, ANSWER_FOLDER, ANSWERER, EXPERIMENT_KIND, JOIN_FOLDER, JURY_KIND, MEETING_KIND, NEWS_FOLDER, POLL_KIND,
    PROPOSAL_KIND, RECORD_LAYOUT,
)

MEMBERS_RULE = "members"
"""members.yml: the maintainers', but each member decides what of their own entry is public (review.py)."""
JOIN_KIND = "join"
"""A join request is an act on the group itself: no record, no deadline; the person named adds it."""
ANYONE, OWNER, MEMBER, MAINTAINER, NOBODY = "anyone", "owner", "member", "maintainer", "nobody"
ROLE_WORDS = {ANYONE: "누구나", OWNER: "본인", MEMBER: "팀원", ANSWERER: "답변 담당", MAINTAINER: "운영자",
              NOBODY: "아무도"}
NAMED_ROLES = (ANSWERER,)
"""members.yml roles the table names (constants.ROLES); a maintainer holds them all."""
ADD, CHANGE, DELETE = "A", "M", "D"
GENERATED_RULE = "generated-output"
LINK_MODES = ("120000", "160000")
"""A symbolic link and a submodule: never at a record's or an act's path; elsewhere only a maintainer's."""


@dataclass(frozen=True)
class Rule:
    name: str
    """Shown in every refusal, e.g. `proposal`."""
    pattern: str
    """The paths it covers, as people read them."""
    regex: re.Pattern
    add: str
    change: str
    delete: str
    owner_field: str | None = None
    """For a record: the field naming its author (the owner); for an act: None, the actor is the owner (constants.act_actor)."""
    act_kind: str | None = None
    """For an act: its kind (constants.ACT_LAYOUT); a maintainer may also enter it on paper (`source: offline`)."""
    record_kind: str | None = None
    until: str = ""
    """After when the owner may no longer change it (Korean / English); the review knows the day."""
    maintainer_fields: tuple[str, ...] = ()
    """Fields only a maintainer may set or change: the team's decisions about a record."""
    frozen_fields: tuple[str, ...] = ()
    """Fields no one changes after the record's deadline (a jury's roster and seed)."""
    before_seed_day: bool = False
    """A jury's lottery plan (lottery.py): no one adds, changes or deletes it from the seed's day (the
    base's jury.yml) on, and it must be the plan of the jury's roster."""

    def allows(self, change: str, roles: set) -> bool:
        """Whether someone holding `roles` may make `change` (A, M or D) under this rule."""
        return {ADD: self.add, CHANGE: self.change, DELETE: self.delete}[change] in roles

    def roles_of(self, *, owner: bool, member: bool, maintainer: bool, named=()) -> set:
        """The roles someone holds under this rule. A maintainer holds every role but an act's owner:
        a maintainer enters someone's act only from paper (`source: offline`), never in their name.
        `named`: the person's roles in members.yml (NAMED_ROLES count)."""
        roles = {ANYONE, *(role for role in named if role in NAMED_ROLES and (member or maintainer))}
        if maintainer:
            roles.update(NAMED_ROLES)
        if member or maintainer:
            roles.add(MEMBER)
        if maintainer:
            roles.add(MAINTAINER)
        if owner or (maintainer and self.act_kind is None):
            roles.add(OWNER)
        return roles


def _rule(name, pattern, regex, add, change, delete, **details) -> Rule:
    return Rule(name, pattern, re.compile(regex), add, change, delete, **details)


def _act_rules() -> list[Rule]:
    rules = []
    for act_kind, (record_kind, acts) in ACT_LAYOUT.items():
        folder = RECORD_LAYOUT[record_kind][0]
        main_act = act_kind == record_kind  # opinions have no deadline
        rules.append(_rule(
            f"{record_kind}-{acts}", f"{folder}/<id>/{acts}/<아이디>", rf"^{re.escape(folder)}/[^/]+/{re.escape(acts)}/[^/]+$",
            OWNER, OWNER, OWNER, act_kind=act_kind, record_kind=record_kind,
            until="마감 뒤에는 세지 않음 (경고) / not counted after the deadline (warning)" if main_act else "",
        ))
    return rules


PROPOSAL_FIELDS = ("status", "life", "thresholds", "form", "act_fields")
POLL_FIELDS = ("closed", "offline_results", "voters_role", "act_fields")
MEETING_FIELDS = ("act_fields",)
"""`act_fields` says what citizens may write in their act files: the team decides it (validate/actfields.py)."""
JURY_FROZEN_FIELDS = ("seats", "quotas", "apply_until", "seed")
"""Once the roster froze (apply_until passed), no one changes these; the seed may still be written once."""

CITIZEN_FOLDERS = tuple(RECORD_LAYOUT[kind][0] for kind in (PROPOSAL_KIND, POLL_KIND, JURY_KIND))
"""Record folders outside content/: nothing but their record file and act files belongs there."""
TEAM_ASSETS = ("png", "jpg", "jpeg", "gif", "webp", "pdf")
"""Besides its index.md, what the team may put in a meeting's or an experiment's folder: pictures and
documents, never a page's HTML, script or style (those are the maintainers')."""


def _team_record_rules() -> list[Rule]:
    """Meetings and experiments: the team's records under content/, with their pictures."""
    rules = []
    for kind in (MEETING_KIND, EXPERIMENT_KIND):
        folder, record_file = RECORD_LAYOUT[kind]
        rules.append(_rule(kind, f"{folder}/<id>/{record_file}", rf"^{re.escape(folder)}/[^/]+/{re.escape(record_file)}$",
                           MEMBER, MEMBER, MAINTAINER, record_kind=kind,
                           maintainer_fields=MEETING_FIELDS if kind == MEETING_KIND else ()))
        rules.append(_rule(f"{kind}-assets", f"{folder}/<id>/*.{{{','.join(TEAM_ASSETS)}}}",
                           rf"^{re.escape(folder)}/[^/]+/[^/]+\.(?:{'|'.join(TEAM_ASSETS)})$", MEMBER, MEMBER, MEMBER))
    return rules


RULES: tuple[Rule, ...] = (
    _rule(GENERATED_RULE, "site/…", r"^site/", NOBODY, NOBODY, NOBODY),
    *_act_rules(),
    _rule("join", f"{JOIN_FOLDER}/<아이디>.yml", rf"^{re.escape(JOIN_FOLDER)}/[^/]+$", OWNER, OWNER, MAINTAINER,
          act_kind=JOIN_KIND, until="운영자가 members.yml에 더하고 지움 (승인) / a maintainer adds the person to "
                                    "members.yml and deletes it (approval)"),
    _rule("proposal", "proposals/<id>/proposal.md", r"^proposals/[^/]+/proposal\.md$", OWNER, OWNER, MAINTAINER,
          owner_field="proposer", record_kind="proposal", maintainer_fields=PROPOSAL_FIELDS,
          until="공감 마감(endorse_until)까지 / until endorse_until"),
    _rule("poll", "polls/<id>/poll.yml", r"^polls/[^/]+/poll\.yml$", OWNER, OWNER, MAINTAINER,
          owner_field="author", record_kind="poll", maintainer_fields=POLL_FIELDS,
          until="투표 마감까지 / until the poll closes"),
    _rule("proposal-answer", f"proposals/<id>/{ANSWER_FOLDER}/<번호>.md",
          rf"^proposals/[^/]+/{ANSWER_FOLDER}/[^/]+$", ANSWERER, ANSWERER, MAINTAINER,
          until="답변 담당은 자기 이름(by)으로만, 부서 이름(org:)은 운영자만 / an answerer answers in their own name "
                "(by); only a maintainer writes a department's (org:)"),
    *_team_record_rules(),
    _rule("news", f"{NEWS_FOLDER}/<id>.md", rf"^{re.escape(NEWS_FOLDER)}/(?!(?:index|README)\.md$)[^/]+\.md$", MEMBER,
          MEMBER, MAINTAINER, record_kind="news"),
    _rule("jury", "juries/<id>/jury.yml", r"^juries/[^/]+/jury\.yml$", MAINTAINER, MAINTAINER, MAINTAINER,
          record_kind="jury", frozen_fields=JURY_FROZEN_FIELDS,
          until="신청 마감(apply_until) 뒤에는 명단 규칙과 seed를 아무도 못 바꿈 / after apply_until no one changes "
                "the roster's rules or the seed"),
    _rule("jury-plan", "juries/<id>/plan.json", r"^juries/[^/]+/plan\.json$", MAINTAINER, MAINTAINER, MAINTAINER,
          before_seed_day=True,
          until="씨앗의 날(seed.date) 전까지, 그 명단의 계획만 / before the seed's day, and only the roster's plan"),
    _rule("record-folder-other", "proposals/<id>/…, polls/<id>/…, juries/<id>/… (그 밖 / anything else)",
          rf"^(?:{'|'.join(re.escape(folder) for folder in CITIZEN_FOLDERS)})/", NOBODY, NOBODY, MAINTAINER),
    _rule("moderation", "moderation/<번호>.yml", r"^moderation/", MAINTAINER, MAINTAINER, MAINTAINER),
    _rule(MEMBERS_RULE, "members.yml", r"^members\.yml$", MAINTAINER, MAINTAINER, MAINTAINER,
          until="팀원 본인은 자기 항목의 `public:`(사이트에 보일 것)만 고침 / a member changes only their own entry's "
                "`public:` (what the site shows of them)"),
    _rule("settings", "mkdocs.yml", r"^mkdocs\.yml$", MAINTAINER, MAINTAINER, MAINTAINER),
    _rule("pages", "content/… (손으로 쓴 쪽, 그림, HTML, JS / hand-written pages and assets)", r"^content/",
          MAINTAINER, MAINTAINER, MAINTAINER),
    _rule("workflows", ".github/…", r"^\.github/", MAINTAINER, MAINTAINER, MAINTAINER),
    _rule("code-and-tests", "*.py, madang/…, tests/…, pyproject.toml, Makefile",
          r"(?:^|/)[^/]*\.py$|^(?:madang|tests)/|^(?:pyproject\.toml|Makefile|setup\.cfg)$",
          MAINTAINER, MAINTAINER, MAINTAINER),
    _rule("everything-else", "그 밖의 모든 파일 / every other file", r"", MAINTAINER, MAINTAINER, MAINTAINER),
)
"""First match wins; the last rule matches every path (what no other rule names is the maintainers')."""

RECORD_FOLDERS = tuple(f"{folder}/" for folder, _ in RECORD_LAYOUT.values()) + (f"{NEWS_FOLDER}/", f"{JOIN_FOLDER}/")
"""Where a link or a type change is refused for everyone."""


def rule_for(path: str) -> Rule:
    return next(rule for rule in RULES if rule.regex.search(path))


def as_markdown() -> str:
    """The table as maintainers read it (docs/permissions.md and the README show exactly this)."""
    lines = [
        "| 경로 / path | 규칙 / rule | 더하기 / add | 고치기 / change | 지우기 / delete | 언제까지 / until | "
        "운영자만 쓰는 항목 / maintainer-only fields | 마감 뒤 아무도 못 바꾸는 항목 / frozen after the deadline |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for rule in RULES:
        roles = [f"{ROLE_WORDS[role]} ({role}){'*' if rule.act_kind else ''}" for role in (rule.add, rule.change, rule.delete)]
        fields = [", ".join(f"`{field}`" for field in names) or "-" for names in (rule.maintainer_fields, rule.frozen_fields)]
        lines.append(f"| `{rule.pattern}` | {rule.name} | {' | '.join(roles)} | {rule.until or '-'} | {' | '.join(fields)} |")
    lines += [
        "",
        "\\* 운영자는 종이 명단을 옮겨 적은 참여(`source: offline`)만 더하고 고치고 지웁니다. / A maintainer adds, "
        "changes or deletes someone's act only when it is transcribed from paper (`source: offline`).",
        "",
        "모든 경로에서: 심볼릭 링크와 서브모듈, 파일 종류 바꾸기는 기록과 참여 폴더에서 아무도, 그 밖에서는 운영자만 "
        "할 수 있습니다. 기록은 이름을 바꿀 수 없습니다. / Everywhere: symbolic links, submodules and type changes "
        "are refused for everyone in record and act folders, and for all but maintainers elsewhere; records are "
        "never renamed.",
    ]
    return "\n".join(lines) + "\n"
