"""One page per phase (`phases/<id>.md`): what the phase holds and, once a
maintainer has tagged it, its results frozen at the tag, with the digest that
`recount --at TAG` prints. A row of links on every phase page lets a reader
switch between the phases.
"""

from ..constants import EXPERIMENT_STATUSES, LIFE_STAGES, PHASE_STATES, POLL_KIND, PROPOSAL_KIND
from .format import day, page_heading, provenance, text
from .meetings import meeting_moment
from .selection import number

def phase_state(phase, today) -> str:
    """done, current or upcoming (constants.PHASE_STATES), as of the build day."""
    if today > phase.end:
        return "done"
    return "current" if today >= phase.start else "upcoming"


def page_path(phase) -> str:
    return f"phases/{phase.id}.md"


def pages(archive, counts, settings, frozen, selection) -> dict[str, str]:
    """`selection` is today's (score.py); each phase page shows the one of its tag, if its settings had one."""
    frozen_by_phase = {f.phase: f for f in frozen}
    return {
        page_path(phase): phase_page(phase, archive, counts, settings, frozen_by_phase.get(phase.id), selection)
        for phase in settings.phases
    }


def phase_page(phase, archive, counts, settings, frozen, selection) -> str:
    state = phase_state(phase, settings.today)
    lines = [*page_heading(phase.title), "", switcher(settings, phase.id), "",
             f"{day(phase.start)} ~ {day(phase.end)} · {PHASE_STATES[state]}", ""]
    if phase.description:
        lines += [text(phase.description), ""]
    lines += _freeze(phase, settings, frozen)
    lines += _records(phase, archive, counts)
    if frozen and frozen.selection:
        lines += _ranking(frozen.selection, archive, "고정 시점 / when frozen")
    elif selection and any(_phase_of(archive, c.proposal) == phase.id for c in selection.candidates):
        lines += _ranking(selection, archive, "이 단계 제안들의 집계로 / from this phase's proposals")
    return "\n".join(lines) + "\n"


def switcher(settings, current: str) -> str:
    """단계 보기: every phase, the one shown in bold, the others linked; wraps on a phone."""
    items = [
        f"**{text(phase.title)}**" if phase.id == current else f"[{text(phase.title)}]({phase.id}.md)"
        for phase in settings.phases
    ]
    items.append("[전체 과정 / all phases](../process.md)")
    return "단계 보기 / Phases: " + " · ".join(items)


def _freeze(phase, settings, frozen) -> list[str]:
    """Frozen at its pinned commit or its tag (with the digest and the command that recounts it), or live."""
    if not phase.tag and not phase.commit:
        return ["결과를 고정한 커밋이 없는 단계라 지금까지의 집계를 보여 줍니다. / This phase has no pinned commit: "
                "the counts below are live.", ""]
    if frozen is None:
        return [f"결과 고정 태그 `{text(phase.tag)}`는 아직 없습니다. 아래 집계는 지금까지의 것입니다. / "
                "The tag does not exist yet: the counts below are live.", ""]
    warning = [f"**고정 확인 / Pin** `{frozen.notice.slug}`: {text(frozen.notice.korean)} / "
               f"{text(frozen.notice.english)}", ""] if frozen.notice else []
    if frozen.digest is None and frozen.problem is None:
        return warning + ["아래 집계는 지금까지의 것입니다. / The counts below are live.", ""]
    at = provenance(settings, None, frozen.commit)
    if phase.commit:
        where = f"커밋 {at}" + (f" (태그 `{text(frozen.tag)}`)" if frozen.tag else "")
    else:
        where = f"태그 `{text(frozen.tag)}`의 커밋 {at}"
    lines = ["## 결과 고정 / Frozen results", "", *warning,
             f"이 단계의 집계는 {where}에서 멈췄습니다. 그 뒤의 참여는 이 단계의 결과를 "
             "바꾸지 않습니다. / This phase's counts are frozen at that commit.", ""]
    if frozen.digest is None:
        return lines + [f"이 커밋에서는 다시 셀 수 없습니다 / cannot be recounted at this commit: {text(frozen.problem)}", ""]
    return lines + [
        f"- 요약값 / digest: `{frozen.digest}`",
        "",
        "```sh",
        f"madang recount . --at {frozen.commit}",
        "```",
        "",
        f"마지막 줄 / last line: `digest: {frozen.digest}` ([다시 세는 법 / how to recount](../audit.md))",
        "",
    ]


def _records(phase, archive, counts) -> list[str]:
    of_phase = {
        kind: sorted((r for r in records.values() if r.phase == phase.id), key=key)
        for kind, records, key in (
            ("meetings", archive.meetings, lambda m: (m.start, m.id)),
            ("proposals", archive.proposals, lambda p: (p.proposed, p.id)),
            ("polls", archive.polls, lambda p: (p.opened, p.id)),
            ("experiments", archive.experiments, lambda e: e.id),
        )
    }
    lines = _listed("모임", [
        f"[{text(m.title)}](../meetings/{m.id}/index.md) · {meeting_moment(m.start)}" for m in of_phase["meetings"]
    ])
    lines += _listed("제안", [
        f"[{text(p.title)}](../proposals/{p.id}.md) · {LIFE_STAGES[p.stage]} · "
        f"공감 {counts.records[(PROPOSAL_KIND, p.id)].count}명"
        for p in of_phase["proposals"]
    ])
    lines += _listed("투표", [
        f"[{text(p.question)}](../polls/{p.id}.md) · 참여 {counts.records[(POLL_KIND, p.id)].count}명"
        + "".join(f" · {text(r.source)} {r.participants}명" for r in p.offline_results
                if r.participants is not None)
        for p in of_phase["polls"]
    ])
    lines += _listed("실험장", [
        f"[{text(e.title)}](../experiments/{e.id}/index.md) · {EXPERIMENT_STATUSES.get(e.status, e.status)}"
        for e in of_phase["experiments"]
    ])
    return lines or ["이 단계에 속한 기록이 없습니다. / No records in this phase.", ""]


def _listed(heading, items) -> list[str]:
    return [f"## {heading}", "", *(f"- {item}" for item in items), ""] if items else []


def _phase_of(archive, proposal_id: str) -> str | None:
    proposal = archive.proposals.get(proposal_id)
    return proposal.phase if proposal else None


def _ranking(result, archive, when: str) -> list[str]:
    """A selection's ranking; the full computation is on the selection page."""
    lines = [f"## {text(result.setting.title)} — {when}", "", "| 순위 | 후보 | 합계 (100점) |", "| ---: | --- | ---: |"]
    for candidate in result.candidates:
        proposal = archive.proposals.get(candidate.proposal)
        title = text(proposal.title) if proposal else text(candidate.proposal)
        lines.append(f"| {candidate.rank} | [{title}](../proposals/{candidate.proposal}.md) | {number(candidate.total)} |")
    return lines + ["", "계산 과정 전체 / the full computation: [선정 결과와 계산](../selection.md)", ""]
