"""What a pull request may change, given who opened it.

On a public archive anyone can open a pull request; a maintainer merges it,
often on a phone. These rules say in Korean and English what is wrong before
anyone merges, so that the counts stay honest:

- an act file is its actor's: only they add, change or delete it, except a
  maintainer entering or withdrawing a paper act marked `source: offline`;
- a record is its author's (`proposer` of a proposal, `author` of a poll) and
  is frozen after its deadline; meetings, experiments and news are the team's,
  so people listed in members.yml write them;
- records are never deleted or renamed (their acts would be orphaned), the
  archive's settings and code are changed by maintainers only, and generated
  output (`site/`) never enters the repository.

Pure: the changed paths and the archive read at the base and at the head come
in; diagnostics go out. The rules judge maintainers by members.yml at the base,
so a pull request cannot make its own author a maintainer.
"""

import re
from dataclasses import dataclass

from .constants import MAINTAINER, NEWS_FOLDER, RECORD_LAYOUT, act_handle
from .diagnostics import diagnostic
from .history import ACT_PATH, KIND_OF_FOLDER
from .tally import deadline_of
from .validate import is_offline

PROTECTED = re.compile(r"^(?:members\.yml|mkdocs\.yml|build\.py|pyproject\.toml|Makefile|madang/|\.github/|tests/|\.ci/)")
"""Settings and code: maintainers only."""
GENERATED = re.compile(r"^site/")
RECORD_FILE = re.compile(
    "^(?:" + "|".join(
        f"(?P<{kind}>{re.escape(folder)})/(?P<{kind}_id>[^/]+)/{re.escape(record_file)}"
        for kind, (folder, record_file) in RECORD_LAYOUT.items()
    ) + f"|(?P<news>{re.escape(NEWS_FOLDER)})/(?P<news_id>[^/]+)\\.md)$"
)
AUTHOR_FIELD = {"proposal": "proposer", "poll": "author"}
"""Records a citizen writes, and the field naming their author; the other kinds are the team's."""


@dataclass(frozen=True)
class Side:
    """The archive at one end of the pull request: parsed files and validated records."""

    files: object
    """load.LoadedFiles"""
    archive: object
    """records.Archive"""

    def act_document(self, path: str):
        return next((entry.document for entry in self.files.acts if entry.path == path), None)


def review(changes, base: Side, head: Side, author: str, today) -> list:
    """Diagnostics for every change `author` may not make; `changes` are (status A/M/D, archive path)."""
    maintainer = _is_maintainer(author, base.archive.members)
    problems = []
    for status, path in changes:
        if GENERATED.match(path):
            problems.append(diagnostic("pr-generated-output", path))
        elif ACT_PATH.match(path):
            problems += _act_change(status, path, base, head, author, maintainer)
        elif RECORD_FILE.match(path):
            problems += _record_change(status, path, base, head, author, maintainer, today)
        elif PROTECTED.match(path) and not maintainer:
            problems.append(diagnostic("pr-maintainers-only", path, author=author))
    return problems + _renames(changes)


def _is_maintainer(handle: str, members) -> bool:
    member = members.get(handle.lower())
    return member is not None and MAINTAINER in member.roles


def _act_change(status, path, base, head, author, maintainer) -> list:
    match = ACT_PATH.match(path)
    handle = act_handle(KIND_OF_FOLDER[(match["folder"], match["acts"])], match["name"])
    if handle is None or handle.lower() == author.lower():
        return []  # a badly named file is reported by the archive's own checks
    entered_on_paper = is_offline(base.act_document(path) if status == "D" else head.act_document(path))
    if maintainer and entered_on_paper:
        return []
    slug = "pr-act-for-someone-else" if status == "A" else "pr-others-act"
    return [diagnostic(slug, path, handle=handle, author=author)]


def _record_change(status, path, base, head, author, maintainer, today) -> list:
    kind, record_id = _record_key(path)
    if status == "D":
        return [] if maintainer else [diagnostic("pr-record-removed", path)]
    if maintainer:
        return []
    field = AUTHOR_FIELD.get(kind)
    if field is None:
        known = author.lower() in base.archive.members
        return [] if known else [diagnostic("pr-members-only", path, author=author)]
    side = head if status == "A" else base
    record = side.archive.records_of(kind).get(record_id)
    owner = getattr(record, field, None)
    if owner is not None and owner.lower() != author.lower():
        return [diagnostic("pr-others-record", path, owner=owner, author=author)]
    deadline = deadline_of(kind, record) if record is not None and status == "M" else None
    if deadline is not None and today > deadline:
        return [diagnostic("pr-record-after-deadline", path, deadline=deadline.isoformat())]
    return []


def _record_key(path: str) -> tuple[str, str]:
    match = RECORD_FILE.match(path)
    kind = next(name for name, value in match.groupdict().items() if value and not name.endswith("_id"))
    return kind, match[f"{kind}_id"]


def _renames(changes) -> list:
    """A record removed and another of the same kind added in one pull request is a rename."""
    removed = {_record_key(path)[0]: path for status, path in changes if status == "D" and RECORD_FILE.match(path)}
    return [
        diagnostic("pr-record-renamed", path, old=removed[kind])
        for status, path in changes
        if status == "A" and RECORD_FILE.match(path) and (kind := _record_key(path)[0]) in removed
    ]
