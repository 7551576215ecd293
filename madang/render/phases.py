"""One page per phase (`phases/<id>.md`): what the phase holds and, once a
maintainer has tagged it, its results frozen at the tag, with the digest that
`recount --at TAG` prints. A row of links on every phase page lets a reader
switch between the phases.
"""

import html

from ..constants import EXPERIMENT_STATUSES, LIFE_STAGES, PHASE_STATES, POLL_KIND, PROPOSAL_KIND
from .format import day, endorsers, how_to_check, html_text, page_heading, provenance, text
from .meetings import meeting_moment
from .selection import number
from ..i18n import _, current_language, ngettext

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
        lines += _ranking(frozen.selection, archive, _("고정 시점"))
    elif selection and any(_phase_of(archive, c.proposal) == phase.id for c in selection.candidates):
        lines += _ranking(selection, archive, _("이 단계 제안들의 집계로"))
    return "\n".join(lines) + "\n"


def switcher(settings, current: str) -> str:
    """단계 보기: every phase, the one shown in bold, the others linked; wraps on a phone."""
    items = [
        f"**{text(phase.title)}**" if phase.id == current else f"[{text(phase.title)}]({phase.id}.md)"
        for phase in settings.phases
    ]
    items.append("[" + _("전체 과정") + "](../process.md)")
    return _("단계 보기:") + " " + " · ".join(items)


BENIGN_NOTICE = "phase-tag-missing"


def _freeze(phase, settings, frozen) -> list[str]:
    """Frozen at its pinned commit or its tag (with the digest and the command that recounts it), or live."""
    if not phase.tag and not phase.commit:
        return [_("이 단계는 결과를 고정하지 않아 지금까지의 집계를 보여 줍니다."), ""]
    if frozen is None:
        return [_("이 단계의 결과는 아직 고정되지 않았습니다. 아래 집계는 지금까지의 것입니다."), ""]
    notice = (frozen.notice.english if current_language() == "en" else frozen.notice.korean) if frozen.notice else ""
    # A missing tag is the clone's, not the record's (tags do not travel): its note waits behind the evidence.
    benign = frozen.notice is not None and frozen.notice.slug == BENIGN_NOTICE
    warning = ["**" + _("고정 확인") + f"**: {text(notice)}", ""] if notice and not benign else []
    noted = [html.escape(notice)] if benign else []
    if frozen.digest is None and frozen.problem is None:
        return warning + [_("아래 집계는 지금까지의 것입니다."), "", *([how_to_check(*noted), ""] if noted else [])]
    at = provenance(settings, None, frozen.commit, in_html=True)
    tag = f" (<code>{html_text(frozen.tag)}</code>)" if frozen.tag else ""
    lines = ["## " + _("결과 고정"), "", *warning,
             _("이 단계의 결과는 단계가 끝날 때의 기록으로 고정되었습니다. 그 뒤의 참여는 이 단계의 결과를 바꾸지 않습니다."), ""]
    if frozen.digest is None:
        return lines + [_("고정한 기록에서 다시 셀 수 없습니다: {problem}", problem=text(frozen.problem)), "",
                        how_to_check(_("고정한 기록(커밋): {at}", at=at + tag), *noted), ""]
    return lines + [how_to_check(
        _("고정한 기록(커밋): {at}", at=at + tag),
        _("요약값(digest): {digest}", digest=f"<code>{frozen.digest}</code>"),
        _("누구나 이 기록에서 다시 셀 수 있습니다: {command}", command=f"<code>madang recount . --at {frozen.commit}</code>"),
        _("마지막 줄이 {line}이면 같은 결과입니다.", line=f"<code>digest: {frozen.digest}</code>"),
        *noted,
    ), "", "[" + _("다시 세는 법") + "](../audit.md)", ""]


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
    lines = _listed(_("모임"), [
        f"[{text(m.title)}](../meetings/{m.id}/index.md) · {meeting_moment(m.start)}" for m in of_phase["meetings"]
    ])
    lines += _listed(_("제안"), [
        f"[{text(p.title)}](../proposals/{p.id}.md) · {LIFE_STAGES[p.stage]} · "
        + endorsers(counts.records[(PROPOSAL_KIND, p.id)].count)
        for p in of_phase["proposals"]
    ])
    lines += _listed(_("투표"), [
        f"[{text(p.question)}](../polls/{p.id}.md) · "
        + ngettext("참여 {n}명", "참여 {n}명", counts.records[(POLL_KIND, p.id)].count)
        + "".join(f" · {text(r.source)} " + ngettext("{n}명", "{n}명", r.participants) for r in p.offline_results
                if r.participants is not None)
        for p in of_phase["polls"]
    ])
    lines += _listed(_("실험장"), [
        f"[{text(e.title)}](../experiments/{e.id}/index.md) · {EXPERIMENT_STATUSES.get(e.status, e.status)}"
        for e in of_phase["experiments"]
    ])
    return lines or [_("이 단계에 속한 기록이 없습니다."), ""]


def _listed(heading, items) -> list[str]:
    return [f"## {heading}", "", *(f"- {item}" for item in items), ""] if items else []


def _phase_of(archive, proposal_id: str) -> str | None:
    proposal = archive.proposals.get(proposal_id)
    return proposal.phase if proposal else None


def _ranking(result, archive, when: str) -> list[str]:
    """A selection's ranking; the full computation is on the selection page."""
    lines = [f"## {text(result.setting.title)} — {when}", "", "| " + " | ".join([_("순위"), _("후보"), _("합계 (100점)")]) + " |", "| ---: | --- | ---: |"]
    for candidate in result.candidates:
        proposal = archive.proposals.get(candidate.proposal)
        title = text(proposal.title) if proposal else text(candidate.proposal)
        lines.append(f"| {candidate.rank} | [{title}](../proposals/{candidate.proposal}.md) | {number(candidate.total)} |")
    return lines + ["", _("계산 과정 전체: [선정 결과와 계산](../selection.md)"), ""]
