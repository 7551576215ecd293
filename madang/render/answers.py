"""Official answers: a proposal's answers on its page, the 답변 page (proposals/answers.md), the answers'
open data (data/answers.json) and their Atom feed (proposals/answers.xml).

When a threshold promised an answer (`answer_within_days`), each answer says
whether it came in time against the day the threshold was reached
(promises.py); the 답변 page lists the proposals overdue, waiting and answered.
"""

from datetime import date, datetime, time

from ..constants import ANSWER_STANDINGS, ANSWER_STATES
from ..promises import ANSWERED, OVERDUE, WAITING
from .atom import Entry, atom
from ..i18n import _, translated
from .format import day, html_text, person, text
from .news import body_html

PAGE = "answers.md"
FEED = "answers.xml"
NO_DATE = date(2000, 1, 1)
"""The feed's day when the archive has no proposal: fixed, so the bytes never depend on the clock."""
"""Beside the proposals' pages: proposals/answers.md and proposals/answers.xml."""


def answerer(answer, members, inert=text) -> str:
    """도서관정책과 for a department, else the member's name and handle."""
    return inert(answer.org) if answer.org is not None else person(answer.by, members, inert)


def timeliness(promise, answer) -> str:
    """기한 안에 / 기한 지남 N일 for the answer that kept or broke the promise (the first), 후속 답변 for the
    later ones; '' when no threshold promised an answer."""
    if promise is None:
        return ""
    if answer != promise.answers[0]:
        return _("후속 답변")
    late = promise.days_late(answer.date)
    return _("기한 안에") if late <= 0 else _("기한 지남 {n}일", n=late)


def promise_line(promise, today) -> str:
    """The promise in words: reached on, due on, and how a proposal still waiting stands."""
    crossing = promise.crossing
    line = _("공감 {n}명에 {reached} 도달 · {days}일 안에 답변 약속 (기한 {due})", n=crossing.at,
             reached=day(promise.reached), days=crossing.answer_within_days, due=day(promise.due))
    if not promise.answers:
        late = promise.days_late(today)
        line += " · " + (_("**기한 지남 {n}일**, 아직 답변 없음", n=late) if late > 0
                         else _("답변 기다림 (D-{n})", n=-late))
    return line


def answer_section(proposal, archive, promise, settings) -> list[str]:
    """## 답변: every answer (state, who, day, in time or not, text), and the promise."""
    answers = archive.answers.get(proposal.id, ())
    if not answers and promise is None:
        return []
    lines = ["## " + _("답변"), ""]
    if promise is not None:
        lines += [promise_line(promise, settings.today), ""]
    for answer in answers:
        parts = (f"<strong>{translated(ANSWER_STATES[answer.state])}</strong>",
                 answerer(answer, archive.members, html_text),
                 day(answer.date), timeliness(promise, answer))
        heading = " · ".join(part for part in parts if part)
        number = _("답변 {n}", n=answer.number)
        lines += [f'<p class="madang-answer" id="answer-{answer.number}">{number} · {heading}</p>', "",
                  body_html(answer.body, up="../", top_heading=3), ""]
    return lines


def standing_of(proposal_id, archive, promises, today) -> str | None:
    """answered, waiting or overdue; None for a proposal no threshold promised an answer and none answered."""
    if proposal_id in promises:
        return promises[proposal_id].standing(today)
    return ANSWERED if archive.answers.get(proposal_id) else None


def answers_page(archive, promises, settings) -> str:
    """proposals/answers.md: the proposals overdue, waiting and answered, in that order."""
    groups = {OVERDUE: [], WAITING: [], ANSWERED: []}
    for proposal in sorted(archive.proposals.values(), key=lambda p: (p.proposed, p.id), reverse=True):
        standing = standing_of(proposal.id, archive, promises, settings.today)
        if standing is not None:
            groups[standing].append(proposal)
    lines = ["# " + _("답변"), "", _("공감 문턱에 도달한 제안에 약속한 공식 답변과, 지금까지 나온 답변입니다."),
             "", "[" + _("답변 피드 구독") + f"]({FEED})", ""]
    for standing, proposals in groups.items():
        count = _("{n}건", n=len(proposals))
        lines += [f"## {translated(ANSWER_STANDINGS[standing])} ({count})", ""]
        if not proposals:
            lines += [_("없음"), ""]
            continue
        header = (_("제안"), _("약속"), _("답변"))
        lines += ["| " + " | ".join(header) + " |", "| --- | --- | --- |"]
        for proposal in proposals:
            promise = promises.get(proposal.id)
            promised = promise_line(promise, settings.today) if promise else "-"
            given = "<br>".join(
                f"[{translated(ANSWER_STATES[a.state])} · {answerer(a, archive.members)} · {day(a.date)}"
                f"{' · ' + timeliness(promise, a) if promise else ''}]({proposal.id}.md#answer-{a.number})"
                for a in archive.answers.get(proposal.id, ())
            ) or "-"
            lines.append(f"| [{text(proposal.title)}]({proposal.id}.md) | {promised} | {given} |")
        lines.append("")
    return "\n".join(lines) + "\n"


def answer_rows(archive, promises, settings) -> list[dict]:
    """data/answers.json: one object per answer, with its proposal's promise (datafields.ANSWERS)."""
    rows = []
    for proposal_id in sorted(archive.answers):
        promise = promises.get(proposal_id)
        for answer in archive.answers[proposal_id]:
            rows.append({
                "proposal": proposal_id,
                "number": answer.number,
                "by": answer.by,
                "org": answer.org,
                "date": answer.date.isoformat(),
                "state": answer.state,
                "due": promise.due.isoformat() if promise else None,
                "days_late": promise.days_late(answer.date) if promise and answer == promise.answers[0] else None,
                "body": answer.body,
            })
    return rows


def answers_feed(archive, promises, settings) -> str:
    """proposals/answers.xml: every answer, newest first, linked to its place on the proposal's page."""
    entries = []
    for proposal_id, answers in archive.answers.items():
        proposal = archive.proposals.get(proposal_id)
        if proposal is None:
            continue
        for answer in answers:
            when = timeliness(promises.get(proposal_id), answer)
            state = translated(ANSWER_STATES[answer.state])
            summary = " · ".join(part for part in (state, day(answer.date), when) if part)
            entries.append(Entry(
                _("답변: {title} — {state}", title=proposal.title, state=state), f"answers/{proposal_id}/{answer.number}",
                datetime.combine(answer.date, time()), f"{proposal_id}/#answer-{answer.number}",
                f"<p>{html_text(summary)}</p>" + body_html(answer.body, up="../"),
                answer.org or _name(answer.by, archive),
            ))
    origin = min((p.proposed for p in archive.proposals.values()), default=NO_DATE)
    return atom(_("{site} 답변", site=settings.site_name), "answers", FEED, origin, entries, settings)


def _name(handle: str, archive) -> str:
    member = archive.members.get(handle.lower())
    return member.shown_name if member else handle
