"""What a pull request may change, given who opened it: the table in permissions.py, applied.

On a public archive anyone can open a pull request; a maintainer merges it,
often on a phone. Every changed path is looked up in the table; what its rule
does not allow the author is refused in Korean and English, with the rule's
name, before anyone merges. Field by field, the team's decisions about a
record (`status`, `closed`, a jury's seed…) are the maintainers' alone.

Pure: the changed paths and the archive read at the base and at the head come
in; diagnostics go out. Roles come from members.yml at the base, so a pull
request cannot make its own author a maintainer.
"""

from dataclasses import dataclass, field

from .constants import MAINTAINER, NEWS_KIND, RECORD_LAYOUT, act_actor
from .diagnostics import diagnostic
from .history import Change
from .lottery import PlanError, read_plan
from .permissions import (
    ADD, CHANGE, DELETE, GENERATED_RULE, LINK_MODES, MEMBER, MEMBERS_RULE, NOBODY, OWNER, RECORD_FOLDERS, Rule,
    rule_for,
)
from .render.actions import HANDLE as PLACEHOLDER
from .tally import deadline_of
from .validate import is_offline

KIND_OF_CHANGE = {"A": ADD, "M": CHANGE, "D": DELETE, "T": CHANGE}
ANSWER_RULE = "proposal-answer"


@dataclass(frozen=True)
class Side:
    """The archive at one end of the pull request: parsed files and validated records."""

    files: object
    """load.LoadedFiles"""
    archive: object
    """records.Archive"""
    plans: dict = field(default_factory=dict)
    """jury id -> its plan.json text, for the juries whose plan the pull request changes."""

    def act_document(self, path: str):
        return next((entry.document for entry in self.files.acts if entry.path == path), None)

    def record_document(self, kind: str, record_id: str):
        return self.files.records.get((kind, record_id))

    def record(self, kind: str, record_id: str):
        return self.archive.records_of(kind).get(record_id)


@dataclass(frozen=True)
class Author:
    handle: str
    member: bool
    maintainer: bool
    roles: tuple = ()
    """Their roles in members.yml at the base."""


def review(changes: list[Change], base: Side, head: Side, author: str, today, rosters=None) -> list:
    """Diagnostics for every change `author` may not make, and warnings for acts that will not count.

    `rosters` (jury id -> the roster's digest at the head) judges a jury's plan.json; pipeline
    computes it from the history only when a pull request changes one."""
    member = base.archive.members.get(author.lower())
    who = Author(author, member is not None, member is not None and MAINTAINER in member.roles,
                 member.roles if member is not None else ())
    problems = []
    for change in changes:
        rule = rule_for(change.path)
        problems += _judge(change, rule, base, head, who, today)
        if rule.before_seed_day:
            problems += _plan_change(change, rule, base, head, today, rosters or {})
    return problems + _renames(changes)


def _plan_change(change: Change, rule: Rule, base: Side, head: Side, today, rosters: dict) -> list:
    """A jury's plan lands before the seed's day its base's jury.yml names, for the roster at the head."""
    jury_id = change.path.split("/")[1]
    jury = base.record("jury", jury_id)
    if jury is None or jury.seed is None:
        return [diagnostic("pr-plan-no-seed", change.path, rule=rule.name)]
    if today >= jury.seed.date:
        return [diagnostic("pr-plan-too-late", change.path, seed=jury.seed.date.isoformat(), rule=rule.name)]
    if KIND_OF_CHANGE[change.status] == DELETE:
        return []
    digest = rosters.get(jury_id)
    try:
        planned = read_plan(head.plans.get(jury_id) or "").roster_digest
    except PlanError:
        planned = None
    if digest is not None and planned != digest:
        return [diagnostic("pr-plan-other-roster", change.path, digest=digest[:12], rule=rule.name)]
    return []


def _judge(change: Change, rule: Rule, base: Side, head: Side, who: Author, today) -> list:
    if change.new_mode in LINK_MODES or change.status == "T":
        if change.path.startswith(RECORD_FOLDERS) or not who.maintainer:
            return [diagnostic("pr-link", change.path, rule=rule.name)]
    if rule.act_kind:
        return _act_change(change, rule, base, head, who, today)
    if rule.name == ANSWER_RULE:
        return _answer_change(change, rule, head, who)
    if rule.name == MEMBERS_RULE and who.member and not who.maintainer:
        return _own_public_change(change, rule, base, head, who)
    return _record_change(change, rule, base, head, who, today)


def _act_change(change: Change, rule: Rule, base: Side, head: Side, who: Author, today) -> list:
    name = change.path.rsplit("/", 1)[1]
    if name.startswith(PLACEHOLDER):
        return [diagnostic("pr-placeholder-name", change.path, author=who.handle, name=name, rule=rule.name)]
    kind = KIND_OF_CHANGE[change.status]
    sides = {ADD: (head,), CHANGE: (base, head), DELETE: (base,)}[kind]  # a change keeps the owner on both sides
    owners = {_actor(side, rule, change.path, base.archive.aliases) for side in sides}
    if None in owners:
        return []  # a file that names no one is reported by the archive's own checks
    roles = rule.roles_of(owner=owners == {who.handle.lower()}, member=who.member, maintainer=who.maintainer)
    document = base.act_document(change.path) if kind == DELETE else head.act_document(change.path)
    if not rule.allows(kind, roles) and not (who.maintainer and is_offline(document)):
        slug = "pr-act-for-someone-else" if kind == ADD else "pr-others-act"
        handle = next((owner for owner in sorted(owners) if owner != who.handle.lower()), who.handle)
        return [diagnostic(slug, change.path, handle=handle, author=who.handle, rule=rule.name)]
    record = head.record(rule.record_kind, change.path.split("/")[-3]) if rule.record_kind else None
    deadline = deadline_of(rule.act_kind, record) if record is not None and kind != DELETE else None
    if deadline is not None and today > deadline:
        return [diagnostic("pr-late-act", change.path, deadline=deadline.isoformat(), rule=rule.name)]
    return []


def _answer_change(change: Change, rule: Rule, head: Side, who: Author) -> list:
    """An answer: an answerer's or a maintainer's; an answerer writes it in their own name, never a department's
    (`by: org:…` is entered by a maintainer) nor another member's."""
    kind = KIND_OF_CHANGE[change.status]
    roles = rule.roles_of(owner=False, member=who.member, maintainer=who.maintainer, named=who.roles)
    if not rule.allows(kind, roles):
        return [diagnostic("pr-answerers-only", change.path, author=who.handle, rule=rule.name)]
    if kind == DELETE or who.maintainer:
        return []
    document = head.files.answers.get(tuple(change.path.split("/")[1::2]))
    by = _value(document, "by")
    if not isinstance(by, str) or by.lower() != who.handle.lower():
        line = document.yaml.line_of("by") if document is not None else 1
        return [diagnostic("pr-answer-by", change.path, line, author=who.handle, value=by, rule=rule.name)]
    return []


def _own_public_change(change: Change, rule: Rule, base: Side, head: Side, who: Author) -> list:
    """members.yml is the maintainers', but a member may change their own entry's `public:` (what the site
    shows of them), and nothing else: every other entry and field stays as at the base."""
    before, after = _member_entries(base), _member_entries(head)
    own = next((key for key in before if str(key).lower() == who.handle.lower()), None)
    unchanged = lambda entries: {key: _without_public(value) if key == own else value  # noqa: E731
                                 for key, value in entries.items()}
    if KIND_OF_CHANGE[change.status] == CHANGE and before != after and unchanged(before) == unchanged(after):
        return []
    return [diagnostic("pr-members-file", change.path, author=who.handle, rule=rule.name)]


def _member_entries(side: Side) -> dict:
    document = side.files.members
    value = document.yaml.value if document is not None else None
    return value if isinstance(value, dict) else {}


def _without_public(entry) -> dict:
    return {key: value for key, value in (entry if isinstance(entry, dict) else {}).items() if key != "public"}


def _actor(side: Side, rule: Rule, path: str, aliases: dict) -> str | None:
    """Whose act the file at `path` is on one side (constants.act_actor), lower-cased; the base's aliases
    decide on both sides, as a pull request cannot change the members it is judged by."""
    document = side.act_document(path)
    content = document.yaml.value if document is not None else None
    actor = act_actor(rule.act_kind, path.rsplit("/", 1)[1], content, aliases)
    return actor.lower() if actor else None


def _record_change(change: Change, rule: Rule, base: Side, head: Side, who: Author, today) -> list:
    kind = KIND_OF_CHANGE[change.status]
    record_id = _record_id(rule, change.path)
    sides = {ADD: (head,), CHANGE: (base, head), DELETE: (base,)}[kind]  # a change keeps the owner on both sides
    owners = {_owner(side, rule, record_id) for side in sides}
    is_owner = rule.owner_field is not None and owners == {who.handle.lower()}
    roles = rule.roles_of(owner=is_owner, member=who.member, maintainer=who.maintainer)
    if not rule.allows(kind, roles):
        return [_refusal(change, rule, kind, who, owners)]
    if kind == DELETE or rule.record_kind is None:
        return []
    problems = []
    base_document = base.record_document(rule.record_kind, record_id)
    head_document = head.record_document(rule.record_kind, record_id)
    if not who.maintainer:
        problems += _changed_fields(
            "pr-maintainer-field", change.path, rule, rule.maintainer_fields, base_document, head_document
        )
        record = base.record(rule.record_kind, record_id) if kind == CHANGE else None
        deadline = deadline_of(rule.record_kind, record) if record is not None and rule.owner_field else None
        if deadline is not None and today > deadline:
            problems.append(
                diagnostic("pr-record-after-deadline", change.path, deadline=deadline.isoformat(), rule=rule.name)
            )
    base_record = base.record(rule.record_kind, record_id)
    problems += _frozen_fields(change.path, rule, base_record, base_document, head_document, today)
    return problems


def _refusal(change: Change, rule: Rule, kind: str, who: Author, owners: set):
    needed = {ADD: rule.add, CHANGE: rule.change, DELETE: rule.delete}[kind]
    if needed == NOBODY:
        slug = "pr-generated-output" if rule.name == GENERATED_RULE else "pr-no-one"
        return diagnostic(slug, change.path, rule=rule.name)
    if needed == OWNER:
        owner = next((owner for owner in owners if owner and owner != who.handle.lower()), "?")
        return diagnostic("pr-others-record", change.path, owner=owner, author=who.handle, rule=rule.name)
    if needed == MEMBER:
        return diagnostic("pr-members-only", change.path, author=who.handle, rule=rule.name)
    if kind == DELETE and rule.record_kind:
        return diagnostic("pr-record-removed", change.path, rule=rule.name)
    return diagnostic("pr-maintainers-only", change.path, author=who.handle, rule=rule.name)


def _record_id(rule: Rule, path: str) -> str | None:
    if rule.record_kind is None:
        return None
    if rule.record_kind == NEWS_KIND:
        return path.rsplit("/", 1)[1].removesuffix(".md")
    folder = RECORD_LAYOUT[rule.record_kind][0]
    return path[len(folder) + 1:].split("/", 1)[0]


def _owner(side: Side, rule: Rule, record_id: str | None) -> str | None:
    """The record's author at one side, as its author field names them (lowercase), or None."""
    document = side.record_document(rule.record_kind, record_id) if rule.owner_field else None
    value = _value(document, rule.owner_field)
    return value.lower() if isinstance(value, str) else None


def _value(document, field: str):
    mapping = document.yaml.value if document is not None else None
    return mapping.get(field) if isinstance(mapping, dict) else None


def _changed_fields(slug: str, path: str, rule: Rule, fields, base_document, head_document) -> list:
    """A diagnostic at the head's line of every field in `fields` whose value differs from the base's."""
    return [
        diagnostic(slug, path, head_document.yaml.line_of(field) if head_document else 1, field=field, rule=rule.name)
        for field in fields
        if _value(base_document, field) != _value(head_document, field)
    ]


def _frozen_fields(path: str, rule: Rule, base_record, base_document, head_document, today) -> list:
    """After its deadline, no one changes a record's frozen fields; one still unset may be written once."""
    deadline = deadline_of(rule.record_kind, base_record) if base_record is not None and rule.frozen_fields else None
    if deadline is None or today <= deadline:
        return []
    fields = [field for field in rule.frozen_fields if _value(base_document, field) is not None]
    return _changed_fields("pr-frozen-field", path, rule, fields, base_document, head_document)


def _renames(changes: list[Change]) -> list:
    """A record removed and another of the same kind added in one pull request is a rename."""
    removed = {kind: c.path for c in changes if c.status == "D" and (kind := _record_file_kind(c.path))}
    return [
        diagnostic("pr-record-renamed", change.path, old=removed[kind], rule=rule_for(change.path).name)
        for change in changes
        if change.status == "A" and (kind := _record_file_kind(change.path)) in removed
    ]


def _record_file_kind(path: str) -> str | None:
    """The record kind when `path` is a record's own file (proposal.md, poll.yml, index.md, a news post)."""
    rule = rule_for(path)
    if rule.record_kind is None or rule.act_kind:
        return None
    if rule.record_kind == NEWS_KIND:
        return NEWS_KIND
    folder, record_file = RECORD_LAYOUT[rule.record_kind]
    return rule.record_kind if path == f"{folder}/{_record_id(rule, path)}/{record_file}" else None
