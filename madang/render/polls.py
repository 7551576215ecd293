"""The 투표 (polls) board: the listing, a page per poll and data/polls.json.

A poll page shows the question, its rules, the participants, a bar and a
percentage per option, the 기타 answers, the results a maintainer entered from
outside the archive (apart, with their source), who voted and the audit list.
"""

from ..constants import CLOSED, OPEN, POLL_KIND, POLL_STATUSES, POLL_TYPES, SCORE_POLL, UPCOMING
from ..tally import poll_tally, score_tally
from ..validate.actfields import act_values
from . import scores
from .actlists import RecordLists, audit_section, markdown_list
from .format import (
    act_fields_text, act_items, headcount, act_list, day, html_text, live_d_day, live_status, moment, page_heading, person,
    provenance, text,
)
from .opendata import act_json, declared_json
from .actions import (
    HANDLE, act_block, act_template, actor_path, choice_block, handle_form, yaml_comment, yaml_scalar,
)
from .opinions import opinion_section
from .jury import deliberation_section
from .proposals import OPINION_TEMPLATE
from ..i18n import N_, _, ngettext, translated

NO_CLOSING_DAY = N_("토론 정리 시 종료")
"""Shown for a poll without a closing day: a maintainer closes it when the discussion wraps up."""
OTHER_LABEL = N_("기타")
BAR_WIDTH = 20
"""Blocks in a full (100%) bar."""


def status_of(poll, today) -> str:
    """예정 before the opening day, 마감 once the closing day (`closed`, else `closes`) has ended."""
    if today < poll.opened:
        return UPCOMING
    if poll.deadline is not None and today > poll.deadline:
        return CLOSED
    return OPEN


def closing(poll, status, settings) -> str:
    """How the poll ends: the day it closed or closes (with a live D-day while open), or 토론 정리 시 종료."""
    if poll.closed:
        return _("{day} (토론 정리로 종료)", day=day(poll.closed))
    if poll.closes:
        live = live_d_day(poll.closes, settings.today, settings.timezone)
        return day(poll.closes) + (f" ({live})" if status == OPEN else "")
    return translated(NO_CLOSING_DAY)


def _status(poll, status, settings) -> str:
    """진행중, which the reader's browser turns to 마감 once the closing day has ended."""
    if status == OPEN and poll.deadline is not None:
        return live_status(POLL_STATUSES[OPEN], poll.deadline, POLL_STATUSES[CLOSED], settings.timezone)
    return POLL_STATUSES[status]


def rules(poll) -> str:
    """복수응답가능 · 최대 2개 · 기타 허용, or 하나만 선택."""
    parts = [_("복수응답가능") if poll.multiple else _("하나만 선택")]
    if poll.multiple and poll.max_choices:
        parts.append(ngettext("최대 {n}개", "최대 {n}개", poll.max_choices))
    if poll.other:
        parts.append(_("기타 허용"))
    return " · ".join(parts)


def percent(votes: int, base: int | None) -> str:
    """votes as a whole percentage of base (half rounds up); a dash when there is no base."""
    if not base:
        return "—"
    return f"{(200 * votes + base) // (2 * base)}%"


def bar(votes: int, base: int | None) -> str:
    """A bar of ▇ blocks, hidden from screen readers (the percentage beside it says the same)."""
    blocks = (2 * BAR_WIDTH * votes + base) // (2 * base) if base else 0
    return f'<span class="madang-bar" aria-hidden="true">{"▇" * blocks}</span>' if blocks else ""


def tally_of(poll, counts):
    """The poll's PollTally, or its ScoreTally for a score poll; both have `participants`."""
    record = counts.records[(POLL_KIND, poll.id)]
    return score_tally(poll, record) if poll.type == SCORE_POLL else poll_tally(poll, record)


def poll_pages(archive, counts, settings) -> dict[str, str]:
    """The listing and every poll's page, keyed by path under polls/."""
    polls = sorted(archive.polls.values(), key=lambda p: (p.opened, p.id), reverse=True)
    statuses = {p.id: status_of(p, settings.today) for p in polls}
    tallies = {p.id: tally_of(p, counts) for p in polls}
    pages = {"index.md": _listing(polls, statuses, tallies, settings)}
    for poll in polls:
        record = counts.records[(POLL_KIND, poll.id)]
        lists = RecordLists(f"{poll.id}.md", poll.question)
        pages[f"{poll.id}.md"] = poll_page(poll, record, tallies[poll.id], statuses[poll.id], archive, counts, settings, lists)
        pages.update(lists.files)
    return pages


def _listing(polls, statuses, tallies, settings) -> str:
    lines = ["# " + _("투표"), ""]
    if not polls:
        return "\n".join(lines + [_("아직 투표가 없습니다.")]) + "\n"
    headers = [_("질문"), _("작성자"), _("시작"), _("마감"), _("상태"), _("참여")]
    lines += ["| " + " | ".join(headers) + " |", "| --- | --- | --- | --- | --- | ---: |"]
    for poll in polls:
        status = statuses[poll.id]
        kind = f" · {POLL_TYPES[SCORE_POLL]}" if poll.type == SCORE_POLL else ""
        lines.append(
            f"| [{text(poll.question)}]({poll.id}.md){kind} | @{text(poll.author)} | {day(poll.opened)} "
            f"| {closing(poll, status, settings)} | {_status(poll, status, settings)} | {headcount(tallies[poll.id].participants)} |"
        )
    lines += ["", ngettext("투표 {n}건", "투표 {n}건", len(polls))]
    return "\n".join(lines) + "\n"


def poll_page(poll, record, tally, status, archive, counts, settings, lists) -> str:
    """`lists` collects the pages of its long lists (actlists.RecordLists)."""
    members = archive.members
    rows = [
        (_("작성자"), person(poll.author, members)),
        (_("시작"), day(poll.opened)),
        (_("마감"), closing(poll, status, settings)),
    ]
    if poll.closed and poll.closes and poll.closes != poll.closed:
        rows.append((_("처음 정한 마감"), day(poll.closes)))
    score = poll.type == SCORE_POLL
    rows.append((_("방식"), scores.rules(poll) if score else rules(poll)))
    if score or poll.voters_role:
        rows.append((_("투표할 수 있는 사람"), scores.voters(poll)))
    if poll.phase:
        rows.append((_("단계"), text({p.id: p.title for p in settings.phases}.get(poll.phase, poll.phase))))
    rows += [(_("상태"), _status(poll, status, settings)), (_("참여"), f"**{headcount(tally.participants)}**")]
    lines = [*page_heading(poll.question), "", "| " + _("항목") + " | " + _("내용") + " |", "| --- | --- |"]
    lines += [f"| {label} | {value} |" for label, value in rows]
    lines.append("")
    if score:
        lines += scores.score_page_sections(poll, record, tally, status, archive, settings, lists)
        lines += take_part(poll, status, settings)
        lines += opinion_section(POLL_KIND, poll.id, archive, counts, settings, lists)
        lines += _changed_after(record, members, settings, lists,
                                lambda act: scores.ballot_text(poll, scores.scores_of(act)))
        return "\n".join(lines) + "\n"
    lines += _results(poll, tally, status)
    lines += deliberation_section(poll, archive, counts, settings)
    if poll.other:
        lines += _other_answers(record, members, lists)
    if poll.offline_results:
        lines += _offline(poll)
    lines += _voters(poll, record, members, settings, lists)
    lines += take_part(poll, status, settings)
    lines += opinion_section(POLL_KIND, poll.id, archive, counts, settings, lists)
    lines += audit_section(record, settings, lists)
    lines += _changed_after(record, members, settings, lists, lambda act: _answers_text(poll, act))
    return "\n".join(lines) + "\n"


def take_part(poll, status, settings) -> list[str]:
    """While open, a button per option (and 기타) opening the ballot already filled for it, or, for a score
    poll or where the forge cannot prefill, the ballot to fill in; and 의견 남기기."""
    lines = ["## " + _("참여하기"), "", *handle_form()]
    if status == OPEN:
        ballot = actor_path("polls", poll.id, "ballots")
        buttons = None if poll.type == SCORE_POLL else choice_block(
            settings, ballot, [(label, act_template(content, poll.act_fields)) for label, content in option_ballots(poll)],
            own=_("내 표"))
        if buttons is not None:
            lines += [_choice_hint(poll), "", *buttons]
        else:
            template = scores.ballot_template(poll) if poll.type == SCORE_POLL else ballot_template(poll)
            lines += act_block(settings, _("투표하기"), ballot, act_template(template, poll.act_fields), own=_("내 표"))
    opinion = actor_path("polls", poll.id, "opinions", f"{HANDLE}.1.md")
    return lines + act_block(settings, _("의견 남기기"), opinion, translated(OPINION_TEMPLATE))


def _limit(poll) -> int:
    return (poll.max_choices or len(poll.options)) if poll.multiple else 1


def _choice_hint(poll) -> str:
    if poll.multiple:
        return ngettext("고르고 싶은 선택지를 누르면 그 선택지가 적힌 표가 열립니다. 여러 개를 고르려면 열린 화면에서 "
                        "대괄호 안에 쉼표로 더하세요 (최대 {n}개).",
                        "고르고 싶은 선택지를 누르면 그 선택지가 적힌 표가 열립니다. 여러 개를 고르려면 열린 화면에서 "
                        "대괄호 안에 쉼표로 더하세요 (최대 {n}개).", _limit(poll))
    return _("고르고 싶은 선택지를 누르면 그 선택지가 적힌 표가 열립니다. 열린 화면에서 **변경 제안하기**를 누르세요.")


def option_ballots(poll) -> list[tuple[str, str]]:
    """(button label, ballot file) for each option, then 기타 where the poll takes it: the one ballot a tap
    on that button means. In a multiple-choice poll the file lists the other options, to add by hand."""
    found = []
    for option in poll.options:
        others = [other for other in poll.options if other.id != option.id] if poll.multiple else []
        found.append((option.label, f"choices: [{yaml_scalar(option.id)}]\n" + _more_options(poll, others)))
    if poll.other:
        others = poll.options if poll.multiple else []
        found.append((_("기타 (직접 적기)"),
                      'choices: []\nother: ""   # ' + _("따옴표 안에 생각을 적어 주세요") + "\n" + _more_options(poll, others)))
    return found


def _more_options(poll, others) -> str:
    """The options not yet chosen, as comments: their ids, to add inside choices' brackets."""
    if not others:
        return ""
    lines = ["# " + ngettext("더 고르려면 choices의 대괄호 안에 쉼표로 더하세요 (최대 {n}개):", "더 고르려면 choices의 대괄호 안에 쉼표로 더하세요 (최대 {n}개):", _limit(poll))]
    lines += [yaml_comment(f"{option.id}: {option.label}", indent=3) for option in others]
    return "\n".join(lines) + "\n"


def ballot_template(poll) -> str:
    """A ballot file to complete: the option ids to choose from, as YAML comments."""
    lines = ["# " + ngettext("고를 수 있는 선택지 (최대 {n}개):", "고를 수 있는 선택지 (최대 {n}개):", _limit(poll))]
    lines += [yaml_comment(f"{option.id}: {option.label}", indent=3) for option in poll.options]
    lines.append("choices: []")
    if poll.other:
        lines.append("# other: " + _("기타 의견"))
    return "\n".join(lines) + "\n"


def _table(rows, base, unit) -> list[str]:
    """One row per (label, votes): the number, its percentage of `base` and a bar."""
    counted = _("고른 사람") if unit == "명" else _("표")
    lines = ["| " + " | ".join([_("선택지"), counted, _("비율"), _("그래프")]) + " |", "| --- | ---: | ---: | --- |"]
    for label, votes in rows:
        number = headcount(votes) if unit == "명" else ngettext("{n}표", "{n}표", votes)
        lines.append(f"| {text(label)} | {number} | {percent(votes, base)} | {bar(votes, base)} |")
    return lines


def _option_rows(poll, votes, other_count):
    labels = {option.id: option.label for option in poll.options}
    rows = [(labels[option_id], count) for option_id, count in votes]
    if poll.other:
        rows.append((translated(OTHER_LABEL), other_count))
    return rows


def _results(poll, tally, status) -> list[str]:
    lines = ["## " + _("결과"), ""]
    if status == OPEN:
        lines += [_("진행중인 투표입니다. 마감 전까지 표를 바꾸거나 철회할 수 있어 결과가 달라질 수 있습니다."), ""]
    lines.append(ngettext("참여 {n}명", "참여 {n}명", tally.participants))
    if poll.multiple:
        lines.append(_("복수응답이라 비율은 참여자 가운데 그 선택지를 고른 사람의 비율이고, 합이 100%를 넘을 수 있습니다."))
    lines.append("")
    lines += _table(_option_rows(poll, tally.votes, len(tally.other)), tally.participants, "명")
    return lines + [""]


def _other_answers(record, members, lists) -> list[str]:
    lines = ["## " + _("기타 답"), ""]
    answers = [act for act in record.acts if act.counted and act.other]
    if not answers:
        return lines + [_("집계된 기타 답이 없습니다."), ""]
    rows = [f"- “{text(act.other)}” — {person(act.handle, members)}" for act in answers]
    keys = [act.handle for act in answers]
    return lines + lists.show("other-answers", _("기타 답"), rows, markdown_list, keys=keys) + [""]


def offline_base(poll, result) -> int | None:
    """What an offline result's percentages are of: its participants if written, else,
    for a one-choice poll, every answer counted; unknown for multiple choice."""
    if result.participants is not None:
        return result.participants
    if not poll.multiple:
        return sum(votes for _, votes in result.counts) + len(result.other)
    return None


def _offline(poll) -> list[str]:
    lines = [
        "## " + _("현장 집계"),
        "",
        _("아카이브 밖(현장 투표, 종이 집계 등)에서 센 결과를 운영자가 합계로 옮겨 적은 것입니다. "
          "위의 결과에 더하지 않았습니다."),
        "",
    ]
    for result in poll.offline_results:
        base = offline_base(poll, result)
        facts = [_("출처: {source}", source=text(result.source))]
        if result.date:
            facts.append(day(result.date))
        if result.participants is not None:
            facts.append(ngettext("참여 {n}명", "참여 {n}명", result.participants))
        heading = text(result.source) + (f" ({day(result.date)})" if result.date else "")
        lines += [f"### {heading}", "", " · ".join(facts), ""]
        if base is None:
            lines += [_("참여자 수가 적혀 있지 않아 비율은 계산하지 않았습니다."), ""]
        lines += _table(_option_rows(poll, result.counts, len(result.other)), base, "표")
        lines.append("")
        if result.other:
            lines += [_("기타 답") + ": " + ", ".join(f"“{text(answer)}”" for answer in result.other), ""]
    return lines


def _voters(poll, record, members, settings, lists) -> list[str]:
    lines = ["## " + _("투표한 사람"), ""]
    counted = [act for act in record.acts if act.counted]
    if not counted:
        return lines + [_("아직 집계된 표가 없습니다."), ""]
    labels = {option.id: option.label for option in poll.options}

    def answers(act) -> str:
        chosen = [html_text(labels.get(choice, choice)) for choice in act.choices]
        if act.other:
            chosen.append(translated(OTHER_LABEL) + f": “{html_text(act.other)}”")
        return act_fields_text(poll.act_fields, act.content) + f" — {', '.join(chosen)}"

    rows = act_items(counted, members, settings, answers)
    keys = [act.handle for act in counted]
    return lines + lists.show("voters", _("투표한 사람"), rows, act_list, keys=keys, unit="명") + [""]


def _answers_text(poll, act) -> str:
    """A choice ballot's answers as it was judged: option labels, then 기타."""
    labels = {option.id: option.label for option in poll.options}
    stood = ", ".join(text(labels.get(choice, choice)) for choice in act.choices)
    if act.other:
        stood += (", " if stood else "") + translated(OTHER_LABEL) + f": “{text(act.other)}”"
    return stood


def _changed_after(record, members, settings, lists, describe) -> list[str]:
    """Ballots edited or removed after the close: the count kept them as they stood (`describe(act)`)."""
    changed = [act for act in record.acts if act.changed_after is not None]
    if not changed:
        return []
    lines = [_("마감 뒤에 바뀐 표는 마감 때의 내용으로 셌습니다."), ""]
    rows = []
    for act in changed:
        later = act.changed_after
        when = moment(later.landed, settings.timezone)
        what = _("{when}에 지움", when=when) if later.change == "D" else _("{when}에 고침", when=when)
        stood = describe(act) or _("없음")
        rows.append(
            f"- {person(act.handle, members)} · {what} · "
            f"{provenance(settings, later.pr, later.commit)} — " + _("마감 때: {stood}", stood=stood)
        )
    keys = [act.handle for act in changed]
    return lines + lists.show("changed-after", _("마감 뒤에 바뀐 표"), rows, markdown_list, keys=keys) + [""]


def poll_items(archive, counts, settings) -> list[dict]:
    """data/polls.json: one object per poll, sorted by id (keys in docs/data.md)."""
    items = []
    for poll in sorted(archive.polls.values(), key=lambda p: p.id):
        record = counts.records[(POLL_KIND, poll.id)]
        tally = poll_tally(poll, record)
        item = {
            "id": poll.id,
            "question": poll.question,
            "author": poll.author,
            "opened": poll.opened.isoformat(),
            "closes": poll.closes.isoformat() if poll.closes else None,
            "closed": poll.closed.isoformat() if poll.closed else None,
            "status": status_of(poll, settings.today),
            "multiple": poll.multiple,
            "max_choices": poll.max_choices if poll.multiple else None,
            "allows_other": poll.other,
            "participants": tally.participants,
            "options": _options(poll, tally.votes),
            "other": list(tally.other),
            "frozen_at": record.frozen_at.sha if record.frozen_at else None,
            "offline_results": [
                {
                    "source": result.source,
                    "date": result.date.isoformat() if result.date else None,
                    "participants": result.participants,
                    "options": _options(poll, result.counts),
                    "other": list(result.other),
                }
                for result in poll.offline_results
            ],
            "acts": [
                {**act_json(act, settings.timezone), "choices": list(act.choices), "other": act.other,
                 "fields": act_values(poll.act_fields, act.content)}
                for act in record.acts
            ],
            "act_fields": declared_json(poll.act_fields),
        }
        if poll.type == SCORE_POLL:
            item.update(scores.score_json(poll, score_tally(poll, record)))
            for act, data in zip(record.acts, item["acts"]):
                data["scores"] = scores.scores_of(act)
        items.append(item)
    return items


def _options(poll, votes) -> list[dict]:
    """id, label, votes per option; `proposal` too where the option names one."""
    options = {option.id: option for option in poll.options}
    return [
        {"id": option_id, "label": options[option_id].label,
         **({"proposal": options[option_id].proposal} if options[option_id].proposal else {}), "votes": count}
        for option_id, count in votes
    ]
