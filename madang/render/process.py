"""The 과정 (process) page: the phases as the deck draws them, the group's targets, and what each phase holds.

Phases and targets are plugin settings (mkdocs.yml); a target's number is
counted here from the records and the tally, so the page and the boards can
never disagree.
"""

from ..constants import ACT_LAYOUT, PHASE_STATES, PROPOSAL_KIND, TARGET_MEASURES, TARGET_STATES
from .format import day, text
from . import participation
from .phases import page_path, phase_state
from ..i18n import N_, _, ngettext, translated

MARKERS = {"done": "✓", "current": "▶", "upcoming": "·"}
RELATED_PAGES = ((N_("구성원"), "members.md"), (N_("일감 보드"), "tasks.md"), (N_("참석 기록"), "attendance.md"))


def process_page(archive, counts, settings) -> str:
    lines = ["# " + _("과정"), "", _("프로젝트는 단계별로 진행됩니다."), ""]
    lines += _steps(settings)
    lines += _targets(archive, counts, settings)
    if settings.selection:
        lines += [f"## {text(settings.selection.title)}", "",
                  _("후보마다 항목별 점수, 가중치, 합계와 순위, 계산 규칙: [선정 결과와 계산 보기](selection.md)"), ""]
    related = RELATED_PAGES + (((N_("시민배심원"), "juries/index.md"),) if archive.juries else ())
    lines += [_("함께 보기:") + " " + " · ".join(f"[{translated(label)}]({path})" for label, path in related), ""]
    lines += participation.archive_section(counts, settings)
    return "\n".join(lines) + "\n"


def _steps(settings) -> list[str]:
    """1단계 → 2단계 → 3단계 as an ordered list, which wraps on a phone; the current one in bold."""
    if not settings.phases:
        return [_("아직 정한 단계가 없습니다."), ""]
    lines = ["## " + _("단계"), "", _("단계를 누르면 그 단계의 기록과 고정된 결과를 봅니다."), ""]
    for number, phase in enumerate(settings.phases, 1):
        state = phase_state(phase, settings.today)
        title = f"[{text(phase.title)}]({page_path(phase)})"
        label = "**" + _("{phase} · {state} (지금)", phase=title, state=PHASE_STATES[state]) + "**" if state == "current" else f"{title} · {PHASE_STATES[state]}"
        lines.append(f"{number}. {MARKERS[state]} {label} — {day(phase.start)} ~ {day(phase.end)}")
    return lines + [""]


def _targets(archive, counts, settings) -> list[str]:
    """Each target: its number against the goal, and 달성, 미달 or 진행중."""
    if not settings.targets:
        return []
    lines = ["## " + _("목표"), "", "| " + " | ".join([_("목표"), _("실적"), _("기한"), _("상태")]) + " |", "| --- | ---: | --- | --- |"]
    for target in settings.targets:
        actual = measure(target, archive, counts, settings)
        due = day(target_deadline(target, settings)) or "—"
        state = TARGET_STATES[target_state(actual, target, settings)]
        lines.append(f"| {text(target.label)} | {actual} / {goal_text(target)} | {due} | {state} |")
    lines += ["", _("실적은 지금 아카이브에 있는 기록과 집계된 참여로 셉니다."), ""]
    return lines


def goal_text(target) -> str:
    """The goal with its Korean unit (10건, 25명, 1회); English needs none beside the target's label."""
    unit = TARGET_MEASURES[target.measure][1]
    if unit == "명":
        return ngettext("{n}명", "{n}명", target.goal)
    return ngettext("{n}회", "{n}회", target.goal) if unit == "회" else ngettext("{n}건", "{n}건", target.goal)


def target_deadline(target, settings):
    """`by`, else the end of the target's phase; None when neither is given."""
    if target.by:
        return target.by
    phase = next((p for p in settings.phases if p.id == target.phase), None)
    return phase.end if phase else None


def target_state(actual: int, target, settings) -> str:
    """met once the goal is reached; missed when its day has passed without; else ongoing."""
    if actual >= target.goal:
        return "met"
    deadline = target_deadline(target, settings)
    return "missed" if deadline and settings.today > deadline else "ongoing"


def measure(target, archive, counts, settings) -> int:
    """The number a target's `measure` counts (constants.TARGET_MEASURES), within its phase if it has one."""

    def of_phase(records):
        return [r for r in records.values() if target.phase is None or r.phase == target.phase]

    if target.measure == "proposals":
        return len(of_phase(archive.proposals))
    if target.measure == "endorsements":
        return sum(counts.records[(PROPOSAL_KIND, p.id)].count for p in of_phase(archive.proposals))
    if target.measure == "polls":
        return len(of_phase(archive.polls))
    if target.measure == "meetings":
        return sum(m.start.date() <= settings.today for m in of_phase(archive.meetings))
    if target.measure == "experiments":
        return sum(e.status == "done" for e in of_phase(archive.experiments))
    if target.measure == "attendees":
        if target.meeting:
            meeting = archive.meetings.get(target.meeting)
            return len(meeting.attendees) if meeting else 0
        return len({h.lower() for m in of_phase(archive.meetings) for h in m.attendees})
    return len(participants(target.phase, archive, counts))


def participants(phase_id, archive, counts) -> set[str]:
    """Everyone who proposed, attended, or acted with a counted act (any kind) on a record of the phase."""
    people = {p.proposer.lower() for p in archive.proposals.values() if phase_id in (None, p.phase)}
    people |= {h.lower() for m in archive.meetings.values() if phase_id in (None, m.phase) for h in m.attendees}
    for (kind, record_id), record in counts.records.items():
        owner = archive.records_of(ACT_LAYOUT[kind][0]).get(record_id)
        if owner is not None and phase_id in (None, owner.phase):
            people |= {act.handle.lower() for act in record.acts if act.counted}
    return people
