"""The 모임 (meetings) board: listing, a page per meeting with sign-ups and minutes, .ics files, the task board and attendance."""

import csv
import io
from datetime import date, datetime
from urllib.parse import quote

from ..constants import CLOSED, LEVELS, MEETING_KIND, MEETING_STATUSES, OVER, RECRUITING, UPCOMING
from ..tally import signup_queue
from .actions import act_block, act_template, actor_path, handle_form
from .calendars import calendar, google_calendar_url
from .datafields import spreadsheet_safe
from .actlists import RecordLists, audit_section
from .format import (
    act_fields_text, day, html_text, live_d_day, live_status, moment, nowrap, on_paper, page_heading, person,
    provenance, text,
)
from .minutes import minutes_block
from .paging import PAGE_SIZE, page_file, pager
from ..i18n import N_, _, ngettext, translated

WEEKDAYS = (N_("월"), N_("화"), N_("수"), N_("목"), N_("금"), N_("토"), N_("일"))
CALENDAR_FILE = "calendar.ics"


def status_of(meeting, today: date) -> str:
    """모집중 up to the sign-up deadline, then 마감 until the meeting ends, then 종료.

    A meeting that takes no sign-ups is 예정 until it ends. `today` is a day,
    so the meeting's last day still counts as before its end.
    """
    if today > meeting.end.date():
        return OVER
    if meeting.signup_until is None:
        return UPCOMING
    return RECRUITING if today <= meeting.signup_until else CLOSED


def live_meeting_status(meeting, settings) -> str:
    """The status word; 모집중 turns to 마감 in the reader's browser once the sign-up day has ended."""
    status = status_of(meeting, settings.today)
    if status == RECRUITING:
        return live_status(MEETING_STATUSES[RECRUITING], meeting.signup_until, MEETING_STATUSES[CLOSED], settings.timezone)
    return MEETING_STATUSES[status]


def pages(archive, counts, history, settings) -> dict[str, str]:
    """Every generated file of this board, keyed by its path in the site's source tree."""
    meetings = sorted(archive.meetings.values(), key=lambda m: (m.start, m.id))
    records = {m.id: counts.records[(MEETING_KIND, m.id)] for m in meetings}
    files = {
        **listings(meetings, records, settings),
        CALENDAR_FILE: calendar(meetings, settings, _("{site} 모임", site=settings.site_name)),
        "tasks.md": task_board(meetings, archive.members, settings.today),
        "attendance.md": attendance_page(meetings, archive.members),
        "data/attendance.csv": attendance_csv(meetings, archive.members),
    }
    for meeting in meetings:
        lists = RecordLists(f"meetings/{meeting.id}/index.md", meeting.title)
        files[f"meetings/{meeting.id}/index.md"] = meeting_page(meeting, records[meeting.id], archive, settings, lists)
        files.update(lists.files)
        files[f"meetings/{meeting.id}/meeting.ics"] = calendar([meeting], settings, meeting.title)
    return files


# --- how a meeting reads ---------------------------------------------------------------------


def when(meeting) -> str:
    """2020.09.22 (화) 19:00–21:00, or both days when it runs past midnight."""
    start, end = meeting.start, meeting.end
    shown = f"{_day_with_weekday(start)} {start:%H:%M}"
    if end.date() == start.date():
        return f"{shown}–{end:%H:%M}"
    return f"{shown} – {_day_with_weekday(end)} {end:%H:%M}"


def meeting_moment(start: datetime) -> str:
    """2020.09.22 (화) 19:00, a meeting's local start."""
    return f"{_day_with_weekday(start)} {start:%H:%M}"


def _day_with_weekday(moment_: datetime) -> str:
    return f"{day(moment_.date())} ({translated(WEEKDAYS[moment_.weekday()])})"


def where(meeting) -> str:
    """The place as text, or 온라인 when there is only a link."""
    return text(meeting.place) if meeting.place else _("온라인")


def signups(meeting, record) -> str:
    """확정 3/15명 · 대기 2명, for the listing and the page."""
    confirmed, waiting = signup_queue(meeting, record)
    if meeting.capacity:
        shown = ngettext("확정 {n}/{capacity}명", "확정 {n}/{capacity}명", len(confirmed), capacity=meeting.capacity)
    else:
        shown = ngettext("확정 {n}명", "확정 {n}명", len(confirmed))
    return shown + (" · " + ngettext("대기 {n}명", "대기 {n}명", len(waiting)) if waiting else "")


def _safe_url(url: str) -> str:
    """An https address made safe inside a Markdown link: brackets, quotes and spaces percent-encoded."""
    return quote(url, safe=":/?#@!$&*+,;=%~-._")


# --- the listing ------------------------------------------------------------------------------


def listings(meetings, records, settings) -> dict[str, str]:
    """meetings/index.md with every upcoming meeting and the latest PAGE_SIZE past ones; index-2.md …
    with the older ones, so no page grows with the archive."""
    today = settings.today
    upcoming = [m for m in meetings if m.end.date() >= today]
    past = [m for m in reversed(meetings) if m.end.date() < today]
    count = max(1, -(-len(past) // PAGE_SIZE))
    return {
        f"meetings/{page_file('index.md', number)}": _listing_page(
            upcoming if number == 1 else None, past[(number - 1) * PAGE_SIZE : number * PAGE_SIZE],
            number, count, records, settings,
        )
        for number in range(1, count + 1)
    }


def _listing_page(upcoming, past, number, count, records, settings) -> str:
    """One page of the listing; `upcoming` is None on the pages after the first."""
    lines = [
        "# " + (_("모임") if number == 1 else _("{title} ({number}쪽)", title=_("모임"), number=number)), "",
        "[" + _("할 일") + "](../tasks.md) · [" + _("참석 기록") + "](../attendance.md) · ["
        + _("캘린더 구독 ({file})", file=CALENDAR_FILE) + f"](../{CALENDAR_FILE})", "",
    ]
    if upcoming is not None and not upcoming and not past:
        return "\n".join(lines + [_("아직 모임이 없습니다.")]) + "\n"
    sections = (((_("다가오는 모임"), upcoming),) if upcoming is not None else ()) + ((_("지난 모임"), past),)
    for heading, chosen in sections:
        lines += [f"## {heading}", ""]
        if not chosen:
            lines += [_("없습니다."), ""]
            continue
        lines += ["| " + " | ".join([_("모임"), _("일시"), _("장소"), _("상태")]) + " |", "| --- | --- | --- | --- |"]
        for meeting in chosen:
            status = live_meeting_status(meeting, settings)
            if meeting.signup_until:
                status += f" · {signups(meeting, records[meeting.id])}"
            lines.append(f"| [{text(meeting.title)}]({meeting.id}/index.md) | {nowrap(when(meeting))} | {where(meeting)} | {status} |")
        lines.append("")
    if count > 1:
        lines += [pager("index.md", number, count, ""), ""]
    return "\n".join(lines) + "\n"


# --- a meeting's page -------------------------------------------------------------------------


def meeting_page(meeting, record, archive, settings, lists) -> str:
    """What it is and where, then what it decided and its minutes, then who signed up and the audit;
    `lists` collects the pages of its long lists (actlists.RecordLists)."""
    members = archive.members
    lines = [*page_heading(meeting.title), "", "| " + _("항목") + " | " + _("내용") + " |", "| --- | --- |"]
    lines += [f"| {label} | {value} |" for label, value in _facts(meeting, record, archive, settings)]
    google = _safe_url(google_calendar_url(meeting, settings))
    lines += ["", _("캘린더: [.ics 파일 받기](meeting.ics) · [Google 캘린더에 추가]({google})", google=google), ""]
    if meeting.decisions:
        lines += ["## " + _("결정 사항"), ""] + [f"- {text(decision)}" for decision in meeting.decisions] + [""]
    if meeting.body.strip():
        heading = _("회의록") if status_of(meeting, settings.today) == OVER else _("모임 안내")
        lines += [f"## {heading}", "", minutes_block(meeting.body, heading, members), ""]
    if meeting.tasks:  # under the minutes that hold them
        lines += _task_summary(meeting, settings.today)
    if meeting.attendees:
        names = ", ".join(person(handle, members) for handle in meeting.attendees)
        lines += ["## " + ngettext("참석 ({n}명)", "참석 ({n}명)", len(meeting.attendees)), "", names, ""]
    if meeting.signup_until:
        lines += _signup_lists(meeting, record, members, settings, lists)
    if meeting.signup_until or record.acts:
        lines += audit_section(record, settings, lists)
    return "\n".join(lines) + "\n"


def _facts(meeting, record, archive, settings) -> list[tuple[str, str]]:
    status = status_of(meeting, settings.today)
    rows = [(_("일시"), nowrap(when(meeting))), (_("장소"), where(meeting))]
    if meeting.online:
        rows.append((_("온라인"), "[" + _("참여 링크") + f"]({_safe_url(meeting.online)})"))
    rows.append((_("상태"), live_meeting_status(meeting, settings)))
    if meeting.signup_until:
        deadline = day(meeting.signup_until)
        if status == RECRUITING:
            deadline += f" ({live_d_day(meeting.signup_until, settings.today, settings.timezone)})"
        rows += [
            (_("신청 마감"), deadline),
            (_("정원"), ngettext("{n}명까지", "{n}명까지", meeting.capacity) if meeting.capacity else _("제한 없음")),
            (_("신청"), signups(meeting, record)),
        ]
    else:
        rows.append((_("신청"), _("받지 않음")))
    if meeting.phase:
        titles = {phase.id: phase.title for phase in settings.phases}
        rows.append((_("단계"), text(titles.get(meeting.phase, meeting.phase))))
    if meeting.proposals:
        links = [
            f"[{text(archive.proposals[p].title)}](../../proposals/{p}.md)" if p in archive.proposals else text(p)
            for p in meeting.proposals
        ]
        rows.append((_("다룬 제안"), ", ".join(links)))
    return rows


def _signup_lists(meeting, record, members, settings, lists) -> list[str]:
    confirmed, waiting = signup_queue(meeting, record)
    lines = ["## " + _("참석 신청"), "", _how_to_sign_up(meeting, settings.today), ""]
    if status_of(meeting, settings.today) == RECRUITING:
        rsvp = actor_path("content/meetings", meeting.id, "rsvps")
        template = act_template("comment: \n", meeting.act_fields)
        lines += [*handle_form(), *act_block(settings, _("참석 신청"), rsvp, template, own=_("내 신청"))]
    lines += ["### " + ngettext("확정 ({n}명)", "확정 ({n}명)", len(confirmed)), ""]
    if confirmed:
        lines += lists.show("confirmed", _("참석 확정"), _queue(meeting, confirmed, members, settings), queue_list, unit="명")
    else:
        lines.append(_("확정된 신청이 없습니다."))
    if waiting:
        lines += ["", "### " + ngettext("대기 ({n}명)", "대기 ({n}명)", len(waiting)), ""]
        lines += lists.show("waiting", _("참석 대기"), _queue(meeting, waiting, members, settings), queue_list, unit="명")
    return lines + [""]


def _how_to_sign_up(meeting, today) -> str:
    if status_of(meeting, today) != RECRUITING:
        return _("신청은 {day}에 마감되었습니다. 그 뒤에 반영된 신청은 집계 내역에 보입니다.", day=day(meeting.signup_until))
    return _("아래 단추로 신청하고, 신청 글을 지우면 취소됩니다. 신청이 반영된 순서대로 정원까지 확정되고, "
             "나머지는 차례로 대기합니다.")


def _queue(meeting, acts, members, settings) -> list[str]:
    """In queue order, one `<li>` each: who, when it landed, where (PR or commit), how it was verified,
    and what the sign-up says (the fields the meeting declares, the comment)."""
    return [
        f"<li>{person(act.handle, members, html_text)} · {moment(act.added, settings.timezone)}{on_paper(act)} · "
        f"{provenance(settings, act.pr, act.commit, in_html=True)} · {LEVELS[act.level]}"
        f"{act_fields_text(meeting.act_fields, act.content)}"
        + (f" — “{html_text(act.comment)}”" if act.comment else "") + "</li>"
        for act in acts
    ]


def queue_list(items, first) -> list[str]:
    """_queue's items numbered from `first` (a page of a long queue starts where the last one ended)."""
    start = f' start="{first}"' if first > 1 else ""
    return [f'<ol class="madang-acts"{start}>', *items, "</ol>"]


def _task_summary(meeting, today) -> list[str]:
    done = sum(task.done for task in meeting.tasks)
    late = sum(is_overdue(task, today) for task in meeting.tasks)
    summary = ngettext("할 일 {n}건", "할 일 {n}건", len(meeting.tasks)) + " · " + ngettext("완료 {n}건", "완료 {n}건", done)
    summary += " · **" + ngettext("기한 지남 {n}건", "기한 지남 {n}건", late) + "**" if late else ""
    return [summary + " — [" + _("할 일 보드에서 담당과 기한 보기") + "](../../tasks.md)", ""]


# --- the task board and attendance ------------------------------------------------------------


def is_overdue(task, today) -> bool:
    return not task.done and task.due is not None and task.due < today


def task_board(meetings, members, today) -> str:
    """할 일: every action item of every meeting's minutes, open ones first, by due day."""
    titles = {m.id: m.title for m in meetings}
    order = {m.id: i for i, m in enumerate(meetings)}
    tasks = sorted(
        (task for m in meetings for task in m.tasks),
        key=lambda t: (t.due is None, t.due or date.min, order[t.meeting], t.line),
    )
    lines = [
        "# " + _("할 일"), "",
        _("모임 회의록의 할 일 목록(`- [ ] 할 일 @담당 2020-09-25`)을 모았습니다. 완료는 `- [x]`로 적습니다."), "",
    ]
    open_tasks, done_tasks = [t for t in tasks if not t.done], [t for t in tasks if t.done]
    for heading, chosen in ((ngettext("진행 중 ({n}건)", "진행 중 ({n}건)", len(open_tasks)), open_tasks),
                            (ngettext("완료 ({n}건)", "완료 ({n}건)", len(done_tasks)), done_tasks)):
        lines += [f"## {heading}", ""]
        if not chosen:
            lines += [_("없습니다."), ""]
            continue
        lines += ["| " + " | ".join([_("할 일"), _("담당"), _("기한"), _("모임")]) + " |", "| --- | --- | --- | --- |"]
        for task in chosen:
            due = day(task.due) or "—"
            if is_overdue(task, today):
                due += " · **" + _("기한 지남") + "**"
            owner = person(task.owner, members) if task.owner else "—"
            meeting = f"[{text(titles[task.meeting])}](meetings/{task.meeting}/index.md)"
            lines.append(f"| {text(task.text)} | {owner} | {due} | {meeting} |")
        lines.append("")
    return "\n".join(lines) + "\n"


def attendance(meetings, members) -> list[tuple[str, str, list]]:
    """(handle, name, meetings attended in order) for every member and every other attendee,
    most meetings first."""
    people = {key: (member.handle, member.shown_name) for key, member in members.items()}
    attended = {key: [] for key in people}
    for meeting in meetings:
        for handle in meeting.attendees:
            people.setdefault(handle.lower(), (handle, handle))
            attended.setdefault(handle.lower(), []).append(meeting)
    rows = [(handle, name, attended[key]) for key, (handle, name) in people.items()]
    return sorted(rows, key=lambda row: (-len(row[2]), row[0].lower()))


def attendance_page(meetings, members) -> str:
    with_minutes = sum(bool(m.attendees) for m in meetings)
    lines = [
        "# " + _("참석 기록"), "",
        ngettext("모임 회의록의 참석자(`attendees`)로 셉니다. 참석자가 적힌 모임 {n}회.",
                 "모임 회의록의 참석자(`attendees`)로 셉니다. 참석자가 적힌 모임 {n}회.", with_minutes)
        + " [" + _("CSV로 받기") + "](data/attendance.csv)", "",
    ]
    rows = attendance(meetings, members)
    if not rows:
        return "\n".join(lines + [_("아직 기록이 없습니다.")]) + "\n"
    lines += ["| " + " | ".join([_("사람"), _("참석"), _("모임")]) + " |", "| --- | ---: | --- |"]
    for handle, _name, attended in rows:
        links = ", ".join(f"[{day(m.start.date())}](meetings/{m.id}/index.md)" for m in attended)
        times = ngettext("{n}회", "{n}회", len(attended))
        lines.append(f"| {person(handle, members)} | {times} | {links or '—'} |")
    return "\n".join(lines) + "\n"


def attendance_csv(meetings, members) -> str:
    """data/attendance.csv: one row per person; UTF-8 with a BOM so spreadsheet programs read Korean right."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["handle", "name", "meetings_attended", "meeting_ids"])
    for handle, name, attended in attendance(meetings, members):
        writer.writerow([handle, spreadsheet_safe(name), len(attended), ";".join(m.id for m in attended)])
    return "\ufeff" + out.getvalue()
