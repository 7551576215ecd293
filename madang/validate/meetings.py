"""content/meetings/<id>/index.md (a meeting and its minutes) and its sign-ups (rsvps).

Times are local to the archive's time zone: `start: 2020-09-22 19:00`, and
`end: 21:00` (the same day) or `end: 2020-09-22 21:00`. Our YAML reader keeps
`19:00` as the text written, so every time arrives here as text. The minutes'
action items are the body's task-list lines: `- [ ] 장소 섭외 @jay 2020-09-25`.
"""

import re
from datetime import date, datetime, time
from urllib.parse import urlsplit

from ..constants import HANDLE_PATTERN
from ..diagnostics import diagnostic
from ..records import Meeting, Task
from .actfields import declared
from .fields import Fields, parse_date
from .proposals import phase_field

MEETING_FIELDS = {
    "title", "start", "end", "place", "online", "capacity", "signup_until", "phase", "proposals", "attendees",
    "decisions", "act_fields",
}
RSVP_FIELDS = {"comment", "source"}

DATE_TIME = re.compile(r"^(?P<day>\d{4}-\d{2}-\d{2})[ T](?P<time>\d{1,2}:\d{2})\Z")
TIME_ONLY = re.compile(r"^\d{1,2}:\d{2}\Z")
TASK_LINE = re.compile(r"^\s*[-*+]\s+\[(?P<mark>[ xX])\]\s+(?P<text>.*)$")
OWNER = re.compile(r"(?<![\w.@])@(?P<handle>[A-Za-z0-9][A-Za-z0-9-]{0,38})(?![\w@])")
DUE = re.compile(r"(?<!\d)(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})(?!\d)")
FENCE = re.compile(r"^\s*(```|~~~)")


def meeting(name, document, context, diagnostics) -> Meeting | None:
    fields = Fields(document.path, document.yaml, MEETING_FIELDS)
    title = fields.text("title", required=True)
    start = _start(fields)
    end = _end(fields, start)
    place = fields.text("place")
    online = _link(fields, "online")
    if not fields.given("place", False) and not fields.given("online", False):
        fields.diagnostics.append(diagnostic("no-place", fields.path, document.yaml.line_of()))
    capacity = fields.integer("capacity")
    signup_until = fields.date("signup_until")
    if signup_until and start and signup_until > start.date():
        fields.report("signup-after-meeting", "signup_until", value=signup_until, start=start.date())
    phase = phase_field(fields, context)
    proposals = fields.texts("proposals")
    attendees = _handles(fields, "attendees")
    decisions = fields.texts("decisions")
    act_fields = declared(fields, RSVP_FIELDS)
    tasks = tasks_of(name, document, fields.diagnostics)
    diagnostics.extend(fields.diagnostics)
    if None in (title, start, end):
        return None
    return Meeting(
        name, title, start, end, place, online, capacity, signup_until, phase, attendees, decisions, tasks,
        proposals, document.body, document.path, document.body_line,
        proposal_lines=tuple(document.yaml.line_of("proposals", i) for i in range(len(proposals))),
        act_fields=act_fields,
    )


def _start(fields: Fields) -> datetime | None:
    """`start`: a day and a time; a time alone is the commonest slip, so it has its own message."""
    if not fields.given("start", True):
        return None
    value = fields.values["start"]
    if isinstance(value, str) and TIME_ONLY.match(value.strip()):
        fields.report("time-without-date", "start", value=value)
        return None
    parsed = parse_date_time(value)
    if parsed is None:
        fields.report("not-a-datetime", "start", field="start", value=value)
    return parsed


def _end(fields: Fields, start: datetime | None) -> datetime | None:
    """`end`: a time on the start's day, or a day and a time; after the start."""
    if not fields.given("end", True):
        return None
    value = fields.values["end"]
    text = value.strip() if isinstance(value, str) else None
    if text is not None and TIME_ONLY.match(text):
        clock = parse_time(text)
        end = datetime.combine(start.date(), clock) if clock and start else None
        if clock is None:
            fields.report("not-an-end", "end", value=value)
    else:
        end = parse_date_time(value)
        if end is None:
            fields.report("not-an-end", "end", value=value)
    if end and start and end <= start:
        fields.report("end-before-start", "end", end=_shown(end), start=_shown(start))
        return None
    return end


def parse_date_time(value) -> datetime | None:
    """`2020-09-22 19:00` as a naive local datetime; None when it is not a real day and time."""
    match = DATE_TIME.match(value.strip()) if isinstance(value, str) else None
    if not match:
        return None
    day, clock = parse_date(match["day"]), parse_time(match["time"])
    return datetime.combine(day, clock) if day and clock else None


def parse_time(value: str) -> time | None:
    hours, minutes = (int(part) for part in value.split(":"))
    return time(hours, minutes) if hours < 24 and minutes < 60 else None


def _shown(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M")


def _link(fields: Fields, key: str) -> str | None:
    """An https address, the only kind the page links to."""
    value = fields.text(key)
    if value is None:
        return None
    value = value.strip()
    parts = urlsplit(value)
    if parts.scheme != "https" or not parts.netloc or any(ch.isspace() for ch in value):
        fields.report("not-a-link", key, field=key, value=value)
        return None
    return value


def _handles(fields: Fields, key: str) -> tuple[str, ...]:
    """A list of handles, each once (case-insensitively); a malformed one is reported at its item."""
    found = {}
    for index, handle in enumerate(fields.texts(key)):
        handle = handle.strip().lstrip("@")
        if not HANDLE_PATTERN.match(handle):
            line = fields.document.line_of(key, index)
            fields.diagnostics.append(diagnostic("bad-handle", fields.path, line, name=handle))
            continue
        found.setdefault(handle.lower(), handle)
    return tuple(found.values())


def tasks_of(meeting_id: str, document, diagnostics) -> tuple[Task, ...]:
    """The body's task-list lines (outside code blocks) as action items.

    The owner is the first `@handle` on the line, the due day the first
    YYYY-MM-DD; both are taken out of the text shown. `[x]` means done.
    """
    tasks, in_code = [], False
    for offset, line in enumerate(document.body.split("\n")):
        if FENCE.match(line):
            in_code = not in_code
        match = None if in_code else TASK_LINE.match(line)
        if not match:
            continue
        number = document.body_line + offset
        text = match["text"]
        owner = OWNER.search(text)
        due = DUE.search(text)
        due_day = _task_day(due, document.path, number, diagnostics) if due else None
        shown = text
        for found in (owner, due):
            if found:
                shown = shown.replace(found[0], " ", 1)
        shown = " ".join(shown.split()) or " ".join(text.split())
        tasks.append(Task(
            shown, owner["handle"] if owner else None, due_day, match["mark"] != " ", meeting_id, document.path, number,
        ))
    return tuple(tasks)


def _task_day(found, path, line, diagnostics) -> date | None:
    try:
        return date(int(found["year"]), int(found["month"]), int(found["day"]))
    except ValueError:
        diagnostics.append(diagnostic("bad-task-date", path, line, value=found[0]))
        return None


def rsvp_rules(fields: Fields, meeting) -> None:
    """A sign-up may be empty (`comment` optional); the meeting must take sign-ups (`signup_until`)."""
    fields.text("comment")
    if meeting is not None and meeting.signup_until is None:
        fields.diagnostics.append(diagnostic("signups-not-taken", fields.path, 1, meeting=meeting.id))


def links(archive) -> list:
    """Every id in a meeting's `proposals` names a proposal of the archive."""
    found = []
    for record in archive.meetings.values():
        for proposal_id, line in zip(record.proposals, record.proposal_lines):
            if proposal_id not in archive.proposals:
                found.append(diagnostic("unknown-proposal", record.path, line, value=proposal_id))
    return found
