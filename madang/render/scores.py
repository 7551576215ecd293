"""A score poll's page and data (`type: score`, the deck's 팀원 평가).

Candidates are ranked by their mean score, each with a small table of its
criterion means (three columns, for phones); then who may vote (the role),
who voted with their scores, and the audit list. Means are exact fractions in
the tally and are rounded here only, half up, to two decimals.
"""

from fractions import Fraction
from math import floor

from ..constants import LEVELS, OPEN, ROLES, SCORE_MAX, SCORE_MIN
from .actions import yaml_comment, yaml_scalar
from .format import headcount, moment, on_paper, person, provenance, text
from .actlists import audit_section, markdown_list
from ..i18n import _, ngettext


def rounded(value: Fraction | None) -> float | None:
    """An exact mean rounded half up to two decimals (13/3 → 4.33, 87/20 → 4.35); None stays None."""
    return None if value is None else floor(value * 100 + Fraction(1, 2)) / 100


def score_text(value) -> str:
    """4.33, or a dash before any score."""
    return "—" if value is None else f"{rounded(value):.2f}"


def rules(poll) -> str:
    """점수 투표 · 기준 5개 · 1~5점."""
    return ngettext("점수 투표 · 기준 {n}개 · {low}~{high}점", "점수 투표 · 기준 {n}개 · {low}~{high}점", len(poll.criteria), low=SCORE_MIN, high=SCORE_MAX)


def voters(poll) -> str:
    """Who may vote: the role in Korean, or everyone."""
    if poll.voters_role is None:
        return _("누구나")
    return _("{role} 역할", role=ROLES[poll.voters_role]) + f" (`{poll.voters_role}`)"


def results(poll, tally, status) -> list[str]:
    """The ranking, then each candidate's criterion means."""
    lines = ["## " + _("결과"), ""]
    if status == OPEN:
        lines += [_("진행중인 투표입니다. 마감 전까지 점수를 바꾸거나 철회할 수 있어 결과가 달라질 수 있습니다."), ""]
    lines += [
        ngettext("참여 {n}명.", "참여 {n}명.", tally.participants) + " "
        + _("점수는 집계된 표의 평균입니다 ({low}~{high}점, 소수 셋째 자리에서 반올림).", low=SCORE_MIN, high=SCORE_MAX),
        "",
        "| " + " | ".join([_("순위"), _("후보"), _("평균"), _("채점")]) + " |",
        "| ---: | --- | ---: | ---: |",
    ]
    options = {option.id: option for option in poll.options}
    ranked = tally.ranked()
    for rank, candidate in ranked:
        label = _candidate(options[candidate.option])
        lines.append(f"| {rank or '—'} | {label} | {score_text(candidate.total)} | {headcount(candidate.ballots)} |")
    lines.append("")
    criteria = {criterion.id: criterion.label for criterion in poll.criteria}
    for rank, candidate in ranked:
        if not candidate.ballots:
            continue
        heading = _("{rank}위", rank=rank) + f" · {text(options[candidate.option].label)}"
        lines += [f"### {heading}", "", _("평균 **{score}**점", score=score_text(candidate.total)) + " · "
                  + ngettext("채점 {n}명", "채점 {n}명", candidate.ballots), ""]
        lines += ["| " + " | ".join([_("기준"), _("평균"), _("합계")]) + " |", "| --- | ---: | ---: |"]
        lines += [
            f"| {text(criteria[score.criterion])} | {score_text(score.mean)} | {score.sum} |"
            for score in candidate.criteria
        ]
        lines.append("")
    return lines


def _candidate(option) -> str:
    """The candidate's label, linked to its proposal when it names one."""
    label = text(option.label)
    return f"[{label}](../proposals/{option.proposal}.md)" if option.proposal else label


def score_page_sections(poll, record, tally, status, archive, settings, lists) -> list[str]:
    """Everything under a score poll's facts table; `lists` collects the pages of its long lists."""
    lines = results(poll, tally, status)
    lines += _eligible(poll, archive.members)
    lines += _voters(poll, record, archive.members, settings, lists)
    lines += audit_section(record, settings, lists)
    return lines


def _eligible(poll, members) -> list[str]:
    lines = ["## " + _("투표할 수 있는 사람"), ""]
    if poll.voters_role is None:
        return lines + [_("누구나 투표할 수 있습니다."), ""]
    role = ROLES[poll.voters_role]
    holders = sorted((m for m in members.values() if poll.voters_role in m.roles), key=lambda m: m.key)
    lines.append(
        _("모임 명단(members.yml)에서 **{role}** 역할(`{id}`)을 가진 사람의 표만 집계합니다. "
          "다른 사람의 표는 집계 내역에 사유와 함께 남습니다.", role=role, id=poll.voters_role)
    )
    lines.append("")
    if not holders:
        return lines + [_("이 역할을 가진 사람이 아직 없습니다."), ""]
    return lines + [f"- {person(m.handle, members)}" for m in holders] + [""]


def ballot_text(poll, scores) -> str:
    """후보 라벨 5·4·3·4·5, … in the poll's candidate and criterion order."""
    parts = []
    for option in poll.options:
        row = {str(key): value for key, value in (scores.get(option.id) or {}).items()}
        if row:
            parts.append(f"{text(option.label)} " + "·".join(str(row.get(c.id, "—")) for c in poll.criteria))
    return ", ".join(parts) or _("점수 없음")


def scores_of(act) -> dict:
    """A ballot's `scores` as judged, ids as text; {} when there is none."""
    scores = (act.content or {}).get("scores")
    return {str(key): row for key, row in scores.items()} if isinstance(scores, dict) else {}


def _voters(poll, record, members, settings, lists) -> list[str]:
    lines = ["## " + _("투표한 사람"), ""]
    counted = [act for act in record.acts if act.counted]
    if not counted:
        return lines + [_("아직 집계된 표가 없습니다."), ""]
    order = "·".join(text(c.label) for c in poll.criteria)
    lines += [_("점수 순서: {order}", order=order), ""]
    rows = [
        f"- {person(act.handle, members)} · {moment(act.landed, settings.timezone)}{on_paper(act)} · "
        f"{provenance(settings, act.pr, act.commit)} · {LEVELS[act.level]} — {ballot_text(poll, scores_of(act))}"
        for act in counted
    ]
    keys = [act.handle for act in counted]
    return lines + lists.show("voters", _("투표한 사람"), rows, markdown_list, keys=keys, unit="명") + [""]


def score_json(poll, tally) -> dict:
    """The keys a score poll adds to data/polls.json (documented in pages.POLL_DATA_KEYS)."""
    return {
        "type": poll.type,
        "voters_role": poll.voters_role,
        "criteria": [{"id": c.id, "label": c.label} for c in poll.criteria],
        "options": [
            {
                "id": candidate.option,
                "label": option.label,
                **({"proposal": option.proposal} if option.proposal else {}),
                "votes": candidate.ballots,
                "scores": {score.criterion: rounded(score.mean) for score in candidate.criteria},
                "total": rounded(candidate.total),
            }
            for option, candidate in zip(poll.options, tally.candidates)
        ],
    }


def ballot_template(poll) -> str:
    """A score ballot to fill in: every candidate × criterion left blank, the labels as comments."""
    lines = ["# " + _("후보마다 기준별로 {low}~{high}점을 적어 주세요:", low=SCORE_MIN, high=SCORE_MAX)]
    lines += [yaml_comment(f"{criterion.id}: {criterion.label}", indent=3) for criterion in poll.criteria]
    lines.append("scores:")
    for option in poll.options:
        blanks = ", ".join(f"{yaml_scalar(criterion.id)}: " for criterion in poll.criteria)
        lines.append(f"  {yaml_scalar(option.id)}: {{{blanks}}}  {yaml_comment(option.label)}")
    return "\n".join(lines) + "\n"
