"""The digest of every tally: one hash anyone can recompute from a clone.

`canonical` turns the counts into plain JSON values that depend only on the
archive's commits and settings (never on the machine, the clock or the order
files were read in); `digest` is the sha256 of their canonical JSON text.
`madang recount --at REV` prints it, and the site's audit page shows
the one it was built with, so a reader can check that both agree.
"""

import hashlib
import json
from datetime import timezone

from . import score

DIGEST_VERSION = 4
"""Part of what is hashed: bump when the canonical form changes, so old and new digests never collide.
2: the weighted selection (score.py) is hashed too. 3: the forge level, true reasons (bad-name, bad-content,
removed), merges judged by git's combined diff, renames. 4: the moderation log, and an act's file by
its git blob id (its text is never hashed: a hidden or erased text leaves the digest as it was)."""


def canonical(counts, settings, head: str | None, selection=None, moderation=()) -> dict:
    """Every record's tally as plain values, sorted, with times in UTC; `head` is the counted commit;
    `selection` the weighted selection (score.SelectionResult), if the settings declare one."""
    return {
        "version": DIGEST_VERSION,
        "timezone": settings.timezone.key,
        "count": sorted(settings.counted_levels),
        "records": [_record(record, head) for _, record in sorted(counts.records.items())],
        "orphans": sorted(event.path for event in counts.orphans),
        "selection": score.canonical(selection),
        "moderation": [
            {"number": e.number, "target": e.target, "action": e.action, "reason": e.reason,
             "date": e.date.isoformat(), "by": e.by}
            for e in moderation
        ],
    }


def _record(record, head: str | None) -> dict:
    """A record's tally; the commit it froze at only when that is not the counted commit itself
    (naming HEAD would change the digest with every commit even when no count changed)."""
    frozen = record.frozen_at.sha if record.frozen_at and record.frozen_at.sha != head else None
    return {
        "kind": record.kind,
        "id": record.record_id,
        "count": record.count,
        "frozen_at": frozen,
        "deadline_end": _utc(record.deadline_end),
        "acts": sorted((_act(act) for act in record.acts), key=lambda a: (a["path"], a["commit"] or "")),
    }


def _act(act) -> dict:
    return {
        "path": act.path,
        "handle": act.handle,
        "counted": act.counted,
        "reason": act.reason,
        "level": act.level,
        "commit": act.commit,
        "pr": act.pr,
        "landed": _utc(act.landed),
        "blob": act.blob,
        "choices": list(act.choices),
        "moderation": act.moderation,
    }


def _utc(moment) -> str | None:
    return moment.astimezone(timezone.utc).isoformat() if moment else None


def canonical_json(value) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def digest(counts, settings, head: str | None, selection, moderation=()) -> str:
    """sha256 (64 hex digits) of the canonical JSON of every tally, the selection and the moderation log
    (records.ModerationEntry) as of commit `head`."""
    value = canonical(counts, settings, head, selection, moderation)
    return hashlib.sha256(canonical_json(value).encode("utf-8")).hexdigest()


def summary(counts) -> list[str]:
    """One line per record with acts: kind, id, count and the commit it was frozen at."""
    lines = []
    for (kind, record_id), record in sorted(counts.records.items()):
        if not record.acts:
            continue
        frozen = record.frozen_at.sha[:12] if record.frozen_at else "-"
        lines.append(f"{kind} {record_id}: {record.count} (frozen at {frozen})")
    return lines
