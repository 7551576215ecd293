"""The book's chapters as HTML (book.py typesets them): cover, contents, process,
proposals, their official answers, polls, meetings, selection, experiments, members and the audit.

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
    ANSWER_STATES, EXPERIMENT_STATUSES, EXPERIMENT_STEPS, LIFE_STAGES, MEETING_KIND, POLL_KIND, POLL_STATUSES,
    PROPOSAL_KIND, ROLES, SCORE_POLL, STATUSES, STEP_STATES,
)
from .i18n import N_, _, ngettext, pgettext, translated
from .promises import promises as answer_promises
from .render.answers import answerer, promise_line, timeliness
from .render.format import day, endorsers, headcount
from .render.meetings import when
from .render.polls import percent
from .render.polls import status_of as poll_status
from .render.proposals import status_of
from .render.safe import safe_html
from .render.scores import rounded, score_text
from .score import score, threshold_crossings
from .tally import poll_tally, score_tally, signup_queue

IMAGE_SOURCE = re.compile(r'(<img\s[^>]*?\bsrc=")([^"]*)"')
CHAPTERS = (
    ("process", N_("과정과 단계")), ("proposals", N_("제안")), ("answers", N_("답변")), ("polls", N_("투표")),
    ("meetings", N_("모임")), ("selection", N_("실험장 선정")), ("experiments", N_("실험장")), ("members", N_("참여자")),
    ("audit", N_("감사 기록")),
)
"""The chapters in order, with their titles (catalog messages)."""


def book_body(archive, counts, history, settings, counted: str, phase: str | None, root: Path) -> str:
    """The whole book's body; with `phase`, only the records of that phase."""
    records = _records(archive, settings, phase)
    chapters = {
        "process": _process(settings, phase),
        "proposals": [_proposal(p, counts, archive, settings) for p in records["proposals"]],
        "answers": _answers(records["proposals"], archive, counts, history, settings),
        "polls": [_poll(p, counts, settings) for p in records["polls"]],
        "meetings": [_meeting(m, counts, archive) for m in records["meetings"]],
        "selection": _selection(archive, counts, settings, {p.id for p in records["proposals"]}),
        "experiments": [_experiment(e, archive, root) for e in records["experiments"]],
        "members": _members(archive),
        "audit": _audit(history, settings, counted),
    }
    shown = [(key, translated(title)) for key, title in CHAPTERS if chapters[key]]
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
    commit = " · " + _("커밋 {sha}", sha=history.head[:12]) if history.head else ""
    made = _("기록 아카이브에서 만든 책 · {day}", day=day(settings.today)) + commit
    return (
        f'<div class="cover"><p class="book-title">{escape(settings.site_name)}</p>{subtitle}'
        f'<p class="period">{_period(settings, phase)}</p>'
        f'<p class="made">{made}</p></div>'
    )


def _contents(shown, records) -> str:
    items = []
    for key, title in shown:
        items.append(f'<li><a href="#{key}">{escape(title)}</a></li>')
        if key == "proposals":
            items += [f'<li class="sub"><a href="#p-{p.id}">{escape(p.title)}</a></li>' for p in records["proposals"]]
        if key == "polls":
            items += [f'<li class="sub"><a href="#v-{p.id}">{escape(p.question)}</a></li>' for p in records["polls"]]
    return '<div class="toc"><h1>' + _("차례") + "</h1><ul>" + "".join(items) + "</ul></div>"


def _header(*cells) -> str:
    """A table's opening and its header row: each cell a heading, or (class, heading) for a number column."""
    shown = "".join(f"<th class='{cell[0]}'>{cell[1]}</th>" if isinstance(cell, tuple) else f"<th>{cell}</th>"
                    for cell in cells)
    return f"<table><tr>{shown}</tr>"


def _meta(*parts: str) -> str:
    return '<p class="meta">' + " · ".join(part for part in parts if part) + "</p>"


def _name(handle: str, members) -> str:
    member = members.get(handle.lower())
    return escape(f"{member.shown_name} (@{handle})" if member and member.shown_name != member.handle else f"@{handle}")


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
    deadline = _("공감 마감 {day}", day=day(proposal.endorse_until)) if proposal.endorse_until else ""
    return (
        f'<div class="record"><h2 id="p-{proposal.id}">{escape(proposal.title)}</h2>'
        + _meta(_("제안 {person}", person=_name(proposal.proposer, archive.members)), day(proposal.proposed), deadline)
        + _meta("<strong>" + endorsers(record.count) + "</strong>",
                _("상태 {status}", status=STATUSES[status_of(proposal, settings.today)]),
                _("단계 {stage}", stage=LIFE_STAGES[proposal.stage]))
        + safe_html(proposal.body, top_heading=3) + "</div>"
    )


def _answers(proposals, archive, counts, history, settings) -> list[str]:
    """답변: each answered proposal's official answers (state, who, day, in time or not against the promise,
    text), from the moderated records, as on its page (render/answers.py)."""
    promised = answer_promises(archive, threshold_crossings(archive, counts, history), settings.timezone)
    parts = []
    for proposal in proposals:
        given = archive.answers.get(proposal.id, ())
        if not given:
            continue
        promise = promised.get(proposal.id)
        lines = [f'<div class="record"><h2 id="a-{proposal.id}">{escape(proposal.title)}</h2>']
        if promise is not None:
            lines.append(_meta(escape(promise_line(promise, settings.today))))
        for answer in given:
            lines.append(_meta(_("답변 {n}", n=answer.number), f"<strong>{translated(ANSWER_STATES[answer.state])}</strong>",
                               answerer(answer, archive.members, escape), day(answer.date),
                               timeliness(promise, answer)))
            lines.append(safe_html(answer.body, top_heading=3))
        parts.append("".join(lines) + "</div>")
    return parts


def _poll(poll, counts, settings) -> str:
    record = counts.records[(POLL_KIND, poll.id)]
    closes = poll.deadline
    lines = [
        f'<div class="record"><h2 id="v-{poll.id}">{escape(poll.question)}</h2>',
        _meta(f"{day(poll.opened)} ~ {day(closes)}" if closes else day(poll.opened),
              POLL_STATUSES[poll_status(poll, settings.today)]),
    ]
    lines += _score_results(poll, record) if poll.type == SCORE_POLL else _choice_results(poll, record)
    for result in poll.offline_results:
        rows = "".join(f"<tr><td>{escape(_label(poll, option))}</td><td class='n'>{votes}</td></tr>"
                       for option, votes in result.counts)
        taking_part = ngettext("참여 {n}명", "참여 {n}명", result.participants) if result.participants else ""
        lines.append("<h3>" + _("현장 집계 · {source}", source=escape(result.source)) + "</h3>"
                     + _meta(day(result.date), taking_part) + _header(_("선택지"), ("n", _("표"))) + f"{rows}</table>")
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
    lines = [_meta(ngettext("참여 {n}명", "참여 {n}명", tally.participants)),
             _header(_("선택지"), ("n", _("표")), ("n", _("비율"))) + f"{rows}</table>"]
    if tally.other:
        lines.append("<p>" + _("기타: {answers}", answers=", ".join(escape(answer) for answer in tally.other)) + "</p>")
    return lines


def _score_results(poll, record) -> list[str]:
    tally = score_tally(poll, record)
    rows = "".join(
        f"<tr><td class='n'>{rank or '—'}</td><td>{escape(_label(poll, c.option))}</td>"
        f"<td class='n'>{score_text(c.total)}</td><td class='n'>{headcount(c.ballots)}</td></tr>"
        for rank, c in tally.ranked()
    )
    criteria = " · ".join(escape(c.label) for c in poll.criteria)
    return [_meta(_("점수 투표") + " · " + ngettext("참여 {n}명", "참여 {n}명", tally.participants),
                  _("기준: {criteria}", criteria=criteria)),
            _header(("n", _("순위")), _("후보"), ("n", _("평균")), ("n", _("채점"))) + f"{rows}</table>"]


def _meeting(meeting, counts, archive) -> str:
    members = archive.members
    confirmed, waiting = signup_queue(meeting, counts.records[(MEETING_KIND, meeting.id)])
    lines = [f"<h2>{escape(meeting.title)}</h2>", _meta(escape(when(meeting)), escape(meeting.place or _("온라인")))]
    if confirmed or waiting:
        lines.append(_meta(ngettext("참석 신청 {n}명", "참석 신청 {n}명", len(confirmed))
                           + (" · " + ngettext("대기 {n}명", "대기 {n}명", len(waiting)) if waiting else "")))
    if meeting.attendees:
        lines.append("<p><strong>" + ngettext("참석 {n}명", "참석 {n}명", len(meeting.attendees)) + "</strong>: "
                     + ", ".join(_name(handle, members) for handle in meeting.attendees) + "</p>")
    if meeting.decisions:
        lines.append("<h3>" + _("결정") + "</h3><ul>" + "".join(f"<li>{escape(d)}</li>" for d in meeting.decisions) + "</ul>")
    if meeting.tasks:
        done, to_do = _("완료"), pgettext("task", "할 일")
        rows = "".join(
            f"<tr><td>{done if t.done else to_do}</td><td>{escape(t.text)}</td>"
            f"<td>{_name(t.owner, members) if t.owner else '—'}</td><td>{day(t.due) or '—'}</td></tr>"
            for t in meeting.tasks
        )
        heading = "<h3>" + _("할 일") + "</h3>"
        lines.append(heading + _header(_("상태"), to_do, _("담당"), _("기한")) + f"{rows}</table>")
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
        "<p>" + ngettext("구성요소마다 가장 높은 후보를 100으로 환산한 뒤 가중치를 곱해 더합니다: {weights}. 상위 {n}건을 선정합니다.",
                         "구성요소마다 가장 높은 후보를 100으로 환산한 뒤 가중치를 곱해 더합니다: {weights}. 상위 {n}건을 선정합니다.",
                         setting.winners, weights=weights) + "</p>",
    ]
    chosen = _("선정")
    rows = "".join(
        f"<tr><td class='n'>{c.rank}</td><td>{escape(_title_of(c.proposal, archive))}</td>"
        f"<td class='n'>{_points(c.total)}</td><td>{chosen if c.rank <= setting.winners else ''}</td></tr>"
        for c in result.candidates
    )
    lines.append(_header(("n", _("순위")), _("후보"), ("n", _("합계")), "") + f"{rows}</table>")
    for candidate in result.candidates:
        parts = "".join(
            f"<tr><td>{escape(component.label)} ({component.weight}%)</td><td class='n'>{_points(value.raw)}</td>"
            f"<td class='n'>{_points(value.normalised)}</td><td class='n'>{_points(value.points)}</td></tr>"
            for component, value in zip(setting.components, candidate.values)
        )
        header = _header(_("구성요소"), ("n", _("값")), ("n", _("환산 (0~100)")), ("n", _("점수")))
        total = "<tr><td>" + _("합계") + f"</td><td></td><td></td><td class='n'>{_points(candidate.total)}</td></tr></table>"
        lines.append(f"<h3>{candidate.rank}. {escape(_title_of(candidate.proposal, archive))}</h3>" + header + parts + total)
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
    budget = _("예산 {won}원", won=f"{experiment.budget:,}") if experiment.budget is not None else ""
    lines = [
        f"<h2>{escape(experiment.title)}</h2>",
        _meta(EXPERIMENT_STATUSES[experiment.status], budget),
        "<p><strong>" + pgettext("book", "팀") + f"</strong>: {team}</p>" if team else "",
        _header(pgettext("book", "단계"), _("상태"), _("날짜")) + f"{steps}</table>" if steps else "",
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
        f"<tr><td>{escape(m.shown_name)}</td><td>@{escape(m.handle)}</td>"
        f"<td>{escape(', '.join(ROLES.get(role, role) for role in m.shown_roles)) or '—'}</td></tr>"
        for m in archive.members.values()
    )
    return [_header(pgettext("book", "이름"), _("아이디"), pgettext("book", "역할")) + f"{rows}</table>"]


def _audit(history, settings, counted: str) -> list[str]:
    commit = history.head or "—"
    return [
        "<p>" + _("이 책의 모든 숫자는 아래 커밋의 git 기록에서 센 것입니다. 누구나 저장소를 복제해 같은 명령으로 "
                  "다시 세고, 마지막 줄의 요약값(digest)이 같은지 확인할 수 있습니다.") + "</p>",
        "<p>" + pgettext("book", "커밋") + f'</p><p class="digest">{commit}</p>',
        "<p>" + pgettext("book", "요약값") + f'</p><p class="digest">{counted}</p>',
        f"<pre>madang recount --at {commit[:12]}</pre>",
        _meta(_("집계하는 참여: {levels}", levels=", ".join(sorted(settings.counted_levels))),
              _("시간대: {zone}", zone=settings.timezone.key)),
    ]
