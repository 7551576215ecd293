"""Official answers: a proposal's answers on its page, the 답변 page (proposals/answers.md), the answers'
open data (data/answers.json) and their Atom feed (proposals/answers.xml).

When a threshold promised an answer (`answer_within_days`), each answer says
whether it came in time against the day the threshold was reached
(promises.py); the 답변 page lists the proposals overdue, waiting and answered.
"""

import json
from datetime import date, datetime, time

from ..constants import ANSWER_STANDINGS, ANSWER_STATES
from ..promises import ANSWERED, OVERDUE, WAITING
from .atom import Entry, atom
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
        return "후속 답변"
    late = promise.days_late(answer.date)
    return "기한 안에" if late <= 0 else f"기한 지남 {late}일"


def promise_line(promise, today) -> str:
    """The promise in words: reached on, due on, and how a proposal still waiting stands."""
    crossing = promise.crossing
    line = (f"공감 {crossing.at}명에 {day(promise.reached)} 도달 · {crossing.answer_within_days}일 안에 답변 약속 "
            f"(기한 {day(promise.due)})")
    if not promise.answers:
        late = promise.days_late(today)
        line += f" · **기한 지남 {late}일**, 아직 답변 없음" if late > 0 else f" · 답변 기다림 (D-{-late})"
    return line


def answer_section(proposal, archive, promise, settings) -> list[str]:
    """## 답변: every answer (state, who, day, in time or not, text), and the promise."""
    answers = archive.answers.get(proposal.id, ())
    if not answers and promise is None:
        return []
    lines = ["## 답변 / Answers", ""]
    if promise is not None:
        lines += [promise_line(promise, settings.today), ""]
    for answer in answers:
        parts = (f"<strong>{ANSWER_STATES[answer.state]}</strong>", answerer(answer, archive.members, html_text),
                 day(answer.date), timeliness(promise, answer))
        heading = " · ".join(part for part in parts if part)
        lines += [f'<p class="madang-answer" id="answer-{answer.number}">답변 {answer.number} · {heading}</p>', "",
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
    lines = ["# 답변", "", "공감 문턱에 도달한 제안에 약속한 공식 답변과, 지금까지 나온 답변입니다. / Official answers "
             f"promised and given. [답변 피드 구독]({FEED})", ""]
    for standing, proposals in groups.items():
        lines += [f"## {ANSWER_STANDINGS[standing]} ({len(proposals)}건)", ""]
        if not proposals:
            lines += ["없음 / none", ""]
            continue
        lines += ["| 제안 | 약속 | 답변 |", "| --- | --- | --- |"]
        for proposal in proposals:
            promise = promises.get(proposal.id)
            promised = promise_line(promise, settings.today) if promise else "-"
            given = "<br>".join(
                f"[{ANSWER_STATES[a.state]} · {answerer(a, archive.members)} · {day(a.date)}"
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


def answers_json(archive, promises, settings) -> str:
    return json.dumps(answer_rows(archive, promises, settings), ensure_ascii=False, indent=2) + "\n"


def answers_feed(archive, promises, settings) -> str:
    """proposals/answers.xml: every answer, newest first, linked to its place on the proposal's page."""
    entries = []
    for proposal_id, answers in archive.answers.items():
        proposal = archive.proposals.get(proposal_id)
        if proposal is None:
            continue
        for answer in answers:
            when = timeliness(promises.get(proposal_id), answer)
            summary = " · ".join(part for part in (ANSWER_STATES[answer.state], day(answer.date), when) if part)
            entries.append(Entry(
                f"답변: {proposal.title} — {ANSWER_STATES[answer.state]}", f"answers/{proposal_id}/{answer.number}",
                datetime.combine(answer.date, time()), f"{proposal_id}/#answer-{answer.number}",
                f"<p>{html_text(summary)}</p>" + body_html(answer.body, up="../"),
                answer.org or _name(answer.by, archive),
            ))
    origin = min((p.proposed for p in archive.proposals.values()), default=NO_DATE)
    return atom(f"{settings.site_name} 답변", "answers", FEED, origin, entries, settings)


def _name(handle: str, archive) -> str:
    member = archive.members.get(handle.lower())
    return member.name if member else handle
