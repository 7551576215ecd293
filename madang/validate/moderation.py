"""moderation/<n>.yml: the public moderation log.

    target: proposals/2020-09-infant-hours/opinions/mallory.1.md
    action: hide          # hide: the text is covered, the count kept; void: the act is not counted
    reason: 개인 전화번호가 적혀 있어 가렸습니다
    date: 2020-09-20
    by: jay               # the maintainer who did it

Only maintainers write it (permissions.py); what it does is moderation.py's.
"""

from ..constants import ACT_LAYOUT, MODERATION_ACTIONS, MODERATION_NAME, RECORD_LAYOUT
from ..diagnostics import diagnostic
from ..records import ModerationEntry
from .fields import Fields

MODERATION_FIELDS = {"target", "action", "reason", "date", "by"}


def moderation(files, diagnostics) -> tuple[ModerationEntry, ...]:
    """Every readable entry of the log, by number."""
    found = []
    for name, document in sorted(files.moderation.items()):
        path = f"moderation/{name}"
        match = MODERATION_NAME.match(name)
        if not match:
            diagnostics.append(diagnostic("bad-moderation-name", path, name=name))
            continue
        if document is None:
            continue
        fields = Fields(path, document.yaml, MODERATION_FIELDS)
        target = fields.text("target", required=True)
        action = fields.choice("action", MODERATION_ACTIONS) if fields.given("action", True) else None
        reason = fields.text("reason", required=True)
        when = fields.date("date", required=True)
        by = fields.handle("by", required=True)
        if target is not None and action == "void" and not is_act_path(target):
            fields.report("bad-moderation-target", "target", value=target)
            target = None
        diagnostics.extend(fields.diagnostics)
        if None not in (target, action, reason, when, by):
            found.append(ModerationEntry(int(match["number"]), target, action, reason, when, by, path))
    return tuple(sorted(found, key=lambda entry: entry.number))


def rewrites(files) -> tuple[dict, ...]:
    """The records of history rewritten for an erasure (erasure.py writes them; read as plain data)."""
    found = []
    for name, document in sorted(files.rewrites.items()):
        value = document.yaml.value if document is not None else None
        if isinstance(value, dict) and isinstance(value.get("commits"), list):
            found.append(value)
    return tuple(found)


def is_act_path(path: str) -> bool:
    """Whether `path` is where an act file lives: <record folder>/<id>/<act folder>/<name>."""
    for record_kind, acts in ACT_LAYOUT.values():
        folder = RECORD_LAYOUT[record_kind][0]
        rest = path.removeprefix(f"{folder}/")
        parts = rest.split("/")
        if rest != path and len(parts) == 3 and parts[1] == acts and parts[2]:
            return True
    return False
