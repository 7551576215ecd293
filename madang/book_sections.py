"""The book's chapters as HTML (book.py typesets them): cover, contents, process,
proposals, polls, meetings, selection, experiments, members and the audit.

Every text someone wrote is escaped here, and every Markdown body goes through
render/safe.py, as on the site. Headings carry ids (`p-…`, `v-…`) that the
contents link to; WeasyPrint turns those links into page numbers.
"""

import re
from datetime import date
from html import escape, unescape
from pathlib import Path
from urllib.parse import quote

from .constants import (
    EXPERIMENT_STATUSES, EXPERIMENT_STEPS, LIFE_STAGES, MEETING_KIND, POLL_KIND, PROPOSAL_KIND, ROLES, SCORE_POLL,
    STATUSES, STEP_STATES,
)
from .render.format import day
from .render.meetings import when
from .render.polls import percent
from .render.polls import status_of as poll_status
from .render.proposals import status_of
from .render.safe import safe_html
from .render.scores import rounded, score_text
from .score import score
from .tally import poll_tally, score_tally, signup_queue

IMAGE_SOURCE = re.compile(r'(<img\s[^>]*?\bsrc=")([^"]*)"')
CHAPTERS = (
    ("process", "과정과 단계"), ("proposals", "제안"), ("polls", "투표"), ("meetings", "모임"),
    ("selection", "실험장 선정"), ("experiments", "실험장"), ("members", "참여자"), ("audit", "감사 기록"),
)


def book_body(archive, counts, history, settings, counted: str, phase: str | None, root: Path) -> str:
    """The whole book's body; with `phase`, only the records of that phase."""
    records = _records(archive, settings, phase)
    chapters = {
        "process": _process(settings, phase),
        "proposals": [_proposal(p, counts, archive, settings) for p in records["proposals"]],
        "polls": [_poll(p, counts, settings) for p in records["polls"]],
        "meetings": [_meeting(m, counts, archive) for m in records["meetings"]],
        "selection": _selection(archive, counts, settings, {p.id for p in records["proposals"]}),
        "experiments": [_experiment(e, archive, root) for e in records["experiments"]],
        "members": _members(archive),
        "audit": _audit(history, settings, counted),
    }
    shown = [(key, title) for key, title in CHAPTERS if chapters[key]]
    parts = [_cover(settings, phase, history), _contents(shown, records)]
    for key, title in shown:
        parts.append(f'<section><h1 id="{key}">{escape(title)}</h1>\n' + "\n".join(chapters[key]) + "</section>")
    return "\n".join(parts)


def _records(archive, settings, phase: str | None) -> dict[str, list]:
    """Each board's records in reading order; with `phase`, those of that phase (or, with no
    phase written, whose day falls within it)."""
    span = next(((p.start, p.end) for p in settings.phases if p.id == phase), None)

    def kept(record, when_: date) -> bool:
        if phase is None:
            return True
        return record.phase == phase if record.phase else span[0] <= when_ <= span[1]

    return {
        "proposals": sorted((p for p in archive.proposals.values() if kept(p, p.proposed)), key=lambda p: (p.proposed, p.id)),
        "polls": sorted((p for p in archive.polls.values() if kept(p, p.opened)), key=lambda p: (p.opened, p.id)),
        "meetings": sorted((m for m in archive.meetings.values() if kept(m, m.start.date())), key=lambda m: (m.start, m.id)),
        "experiments": sorted(
            (e for e in archive.experiments.values() if kept(e, _first_step_day(e) or date.max)),
            key=lambda e: e.id,
        ),
    }


def _first_step_day(experiment) -> date | None:
    return min((step.date for step in experiment.steps if step.date), default=None)


def _period(settings, phase: str | None) -> str:
    phases = [p for p in settings.phases if phase in (None, p.id)]
    if not phases:
        return ""
    return f"{day(min(p.start for p in phases))} ~ {day(max(p.end for p in phases))}"


def _cover(settings, phase, history) -> str:
    titles = {p.id: p.title for p in settings.phases}
    subtitle = f'<p class="period">{escape(titles[phase])}</p>' if phase else ""
    commit = f" · 커밋 {history.head[:12]}" if history.head else ""
    return (
        f'<div class="cover"><p class="book-title">{escape(settings.site_name)}</p>{subtitle}'
        f'<p class="period">{_period(settings, phase)}</p>'
        f'<p class="made">기록 아카이브에서 만든 책 · {day(settings.today)}{commit}</p></div>'
    )


def _contents(shown, records) -> str:
    items = []
    for key, title in shown:
        items.append(f'<li><a href="#{key}">{escape(title)}</a></li>')
        if key == "proposals":
            items += [f'<li class="sub"><a href="#p-{p.id}">{escape(p.title)}</a></li>' for p in records["proposals"]]
        if key == "polls":
            items += [f'<li class="sub"><a href="#v-{p.id}">{escape(p.question)}</a></li>' for p in records["polls"]]
    return '<div class="toc"><h1>차례</h1><ul>' + "".join(items) + "</ul></div>"


def _meta(*parts: str) -> str:
    return '<p class="meta">' + " · ".join(part for part in parts if part) + "</p>"


def _name(handle: str, members) -> str:
    member = members.get(handle.lower())
    return escape(f"{member.name} (@{handle})" if member and member.name != member.handle else f"@{handle}")


def _process(settings, phase) -> list[str]:
    lines = []
    for number, p in enumerate(settings.phases, 1):
        if phase in (None, p.id):
            lines.append(f"<h2>{number}. {escape(p.title)}</h2>" + _meta(f"{day(p.start)} ~ {day(p.end)}"))
            if p.description:
                lines.append(f"<p>{escape(p.description)}</p>")
    return lines


def _proposal(proposal, counts, archive, settings) -> str:
    record = counts.records[(PROPOSAL_KIND, proposal.id)]
    deadline = f"공감 마감 {day(proposal.endorse_until)}" if proposal.endorse_until else ""
    return (
        f'<div class="record"><h2 id="p-{proposal.id}">{escape(proposal.title)}</h2>'
        + _meta(f"제안 {_name(proposal.proposer, archive.members)}", day(proposal.proposed), deadline)
        + _meta(f"<strong>공감 {record.count}명</strong>", f"상태 {STATUSES[status_of(proposal, settings.today)]}",
                f"단계 {LIFE_STAGES[proposal.stage]}")
        + safe_html(proposal.body, top_heading=3) + "</div>"
    )


def _poll(poll, counts, settings) -> str:
    record = counts.records[(POLL_KIND, poll.id)]
    closes = poll.deadline
    lines = [
        f'<div class="record"><h2 id="v-{poll.id}">{escape(poll.question)}</h2>',
        _meta(f"{day(poll.opened)} ~ {day(closes)}" if closes else day(poll.opened),
              {"upcoming": "예정", "open": "진행중", "closed": "마감"}[poll_status(poll, settings.today)]),
    ]
    lines += _score_results(poll, record) if poll.type == SCORE_POLL else _choice_results(poll, record)
    for result in poll.offline_results:
        rows = "".join(f"<tr><td>{escape(_label(poll, option))}</td><td class='n'>{votes}</td></tr>"
                       for option, votes in result.counts)
        lines.append(f"<h3>현장 집계 · {escape(result.source)}</h3>"
                     f"{_meta(day(result.date), f'참여 {result.participants}명' if result.participants else '')}"
                     f"<table><tr><th>선택지</th><th class='n'>표</th></tr>{rows}</table>")
    return "\n".join(lines) + "</div>"


def _label(poll, option_id: str) -> str:
    return next(option.label for option in poll.options if option.id == option_id)


def _choice_results(poll, record) -> list[str]:
    tally = poll_tally(poll, record)
    rows = "".join(
        f"<tr><td>{escape(_label(poll, option))}</td><td class='n'>{votes}</td>"
        f"<td class='n'>{percent(votes, tally.participants)}</td></tr>"
        for option, votes in tally.votes
    )
    lines = [_meta(f"참여 {tally.participants}명"),
             f"<table><tr><th>선택지</th><th class='n'>표</th><th class='n'>비율</th></tr>{rows}</table>"]
    if tally.other:
        lines.append("<p>기타: " + ", ".join(escape(answer) for answer in tally.other) + "</p>")
    return lines


def _score_results(poll, record) -> list[str]:
    tally = score_tally(poll, record)
    rows = "".join(
        f"<tr><td class='n'>{rank or '—'}</td><td>{escape(_label(poll, c.option))}</td>"
        f"<td class='n'>{score_text(c.total)}</td><td class='n'>{c.ballots}명</td></tr>"
        for rank, c in tally.ranked()
    )
    criteria = " · ".join(escape(c.label) for c in poll.criteria)
    return [_meta(f"점수 투표 · 참여 {tally.participants}명", f"기준: {criteria}"),
            f"<table><tr><th class='n'>순위</th><th>후보</th><th class='n'>평균</th><th class='n'>채점</th></tr>"
            f"{rows}</table>"]


def _meeting(meeting, counts, archive) -> str:
    members = archive.members
    confirmed, waiting = signup_queue(meeting, counts.records[(MEETING_KIND, meeting.id)])
    lines = [f"<h2>{escape(meeting.title)}</h2>", _meta(escape(when(meeting)), escape(meeting.place or "온라인"))]
    if confirmed or waiting:
        lines.append(_meta(f"참석 신청 {len(confirmed)}명" + (f" · 대기 {len(waiting)}명" if waiting else "")))
    if meeting.attendees:
        lines.append(f"<p><strong>참석 {len(meeting.attendees)}명</strong>: "
                     + ", ".join(_name(handle, members) for handle in meeting.attendees) + "</p>")
    if meeting.decisions:
        lines.append("<h3>결정</h3><ul>" + "".join(f"<li>{escape(d)}</li>" for d in meeting.decisions) + "</ul>")
    if meeting.tasks:
        rows = "".join(
            f"<tr><td>{'완료' if t.done else '할 일'}</td><td>{escape(t.text)}</td>"
            f"<td>{_name(t.owner, members) if t.owner else '—'}</td><td>{day(t.due) or '—'}</td></tr>"
            for t in meeting.tasks
        )
        lines.append(f"<h3>할 일</h3><table><tr><th>상태</th><th>할 일</th><th>담당</th><th>기한</th></tr>{rows}</table>")
    return '<div class="record">' + "\n".join(lines) + "</div>"


def _selection(archive, counts, settings, proposals: set[str]) -> list[str]:
    """The weighted selection (madang.score) and its computation, component by component;
    left out of a book whose `proposals` hold none of its candidates (another phase's book)."""
    result = score(archive, counts, settings)
    if result is None or not {c.proposal for c in result.candidates} & proposals:
        return []
    setting = result.setting
    weights = " + ".join(f"{escape(c.label)} {c.weight}%" for c in setting.components)
    lines = [
        f"<h2>{escape(setting.title)}</h2>",
        f"<p>구성요소마다 가장 높은 후보를 100으로 환산한 뒤 가중치를 곱해 더합니다: {weights}. "
        f"상위 {setting.winners}건을 선정합니다.</p>",
    ]
    rows = "".join(
        f"<tr><td class='n'>{c.rank}</td><td>{escape(_title_of(c.proposal, archive))}</td>"
        f"<td class='n'>{_points(c.total)}</td><td>{'선정' if c.rank <= setting.winners else ''}</td></tr>"
        for c in result.candidates
    )
    lines.append(f"<table><tr><th class='n'>순위</th><th>후보</th><th class='n'>합계</th><th></th></tr>{rows}</table>")
    for candidate in result.candidates:
        parts = "".join(
            f"<tr><td>{escape(component.label)} ({component.weight}%)</td><td class='n'>{_points(value.raw)}</td>"
            f"<td class='n'>{_points(value.normalised)}</td><td class='n'>{_points(value.points)}</td></tr>"
            for component, value in zip(setting.components, candidate.values)
        )
        lines.append(
            f"<h3>{candidate.rank}. {escape(_title_of(candidate.proposal, archive))}</h3>"
            f"<table><tr><th>구성요소</th><th class='n'>값</th><th class='n'>환산 (0~100)</th><th class='n'>점수</th></tr>"
            f"{parts}<tr><td>합계</td><td></td><td></td><td class='n'>{_points(candidate.total)}</td></tr></table>"
        )
    return lines


def _title_of(proposal_id: str, archive) -> str:
    proposal = archive.proposals.get(proposal_id)
    return proposal.title if proposal else proposal_id


def _points(value) -> str:
    """An exact value rounded half up to two decimals, as the site shows it."""
    return f"{rounded(value):.2f}"


def _experiment(experiment, archive, root: Path) -> str:
    folder = (root / experiment.path).parent
    team = ", ".join(f"{_name(handle, archive.members)} ({escape(role)})" for handle, role in experiment.team)
    steps = "".join(
        f"<tr><td>{EXPERIMENT_STEPS[s.step]}</td><td>{STEP_STATES[s.state]}</td><td>{day(s.date) or '—'}</td></tr>"
        for s in experiment.steps
    )
    budget = f"예산 {experiment.budget:,}원" if experiment.budget is not None else ""
    lines = [
        f"<h2>{escape(experiment.title)}</h2>",
        _meta(EXPERIMENT_STATUSES[experiment.status], budget),
        f"<p><strong>팀</strong>: {team}</p>" if team else "",
        f"<table><tr><th>단계</th><th>상태</th><th>날짜</th></tr>{steps}</table>" if steps else "",
        _images_from(folder, safe_html(experiment.body, top_heading=3)),
        *(f'<p><img src="{_file_url(folder, image)}" alt=""></p>' for image in experiment.card_news),
    ]
    return '<div class="record">' + "\n".join(line for line in lines if line) + "</div>"


def _images_from(folder: Path, html: str) -> str:
    """Relative image paths of an experiment's body, made absolute to its folder."""
    return IMAGE_SOURCE.sub(lambda m: f'{m[1]}{_file_url(folder, unescape(m[2]))}"', html)


def _file_url(folder: Path, src: str) -> str:
    if "://" in src or src.startswith(("/", "data:")):
        return escape(src, quote=True)
    return "file://" + quote(str((folder / src).resolve()))


def _members(archive) -> list[str]:
    if not archive.members:
        return []
    rows = "".join(
        f"<tr><td>{escape(m.name)}</td><td>@{escape(m.handle)}</td>"
        f"<td>{escape(', '.join(ROLES.get(role, role) for role in m.roles)) or '—'}</td></tr>"
        for m in archive.members.values()
    )
    return [f"<table><tr><th>이름</th><th>아이디</th><th>역할</th></tr>{rows}</table>"]


def _audit(history, settings, counted: str) -> list[str]:
    commit = history.head or "—"
    return [
        "<p>이 책의 모든 숫자는 아래 커밋의 git 기록에서 센 것입니다. 누구나 저장소를 복제해 같은 명령으로 다시 세고, "
        "마지막 줄의 요약값(digest)이 같은지 확인할 수 있습니다.</p>",
        f'<p>커밋 / commit</p><p class="digest">{commit}</p>',
        f'<p>요약값 / digest</p><p class="digest">{counted}</p>',
        f"<pre>madang recount --at {commit[:12]}</pre>",
        _meta(f"집계하는 참여: {', '.join(sorted(settings.counted_levels))}", f"시간대: {settings.timezone.key}"),
    ]
