"""The 과정 (process) page: the phases as the deck draws them, the group's targets, and what each phase holds.

Phases and targets are plugin settings (mkdocs.yml); a target's number is
counted here from the records and the tally, so the page and the boards can
never disagree.
"""

from ..constants import ACT_LAYOUT, PHASE_STATES, PROPOSAL_KIND, TARGET_MEASURES, TARGET_STATES
from .format import day, text
from . import participation
from .phases import page_path, phase_state

MARKERS = {"done": "✓", "current": "▶", "upcoming": "·"}
RELATED_PAGES = (("구성원", "members.md"), ("일감 보드", "tasks.md"), ("참석 기록", "attendance.md"))


def process_page(archive, counts, settings) -> str:
    lines = ["# 과정", "", "프로젝트는 단계별로 진행됩니다. / The project runs in phases.", ""]
    lines += _steps(settings)
    lines += _targets(archive, counts, settings)
    if settings.selection:
        lines += [f"## {text(settings.selection.title)}", "",
                  "후보마다 항목별 점수, 가중치, 합계와 순위, 계산 규칙: [선정 결과와 계산 보기](selection.md) / "
                  "the selection and its full computation.", ""]
    related = RELATED_PAGES + ((("시민배심원", "juries/index.md"),) if archive.juries else ())
    lines += ["함께 보기 / see also: " + " · ".join(f"[{label}]({path})" for label, path in related), ""]
    lines += participation.archive_section(counts, settings)
    return "\n".join(lines) + "\n"


def _steps(settings) -> list[str]:
    """1단계 → 2단계 → 3단계 as an ordered list, which wraps on a phone; the current one in bold."""
    if not settings.phases:
        return ["아직 선언된 단계가 없습니다. (mkdocs.yml의 `phases`)", ""]
    lines = ["## 단계 / Phases", "", "단계를 누르면 그 단계의 기록과, 태그로 고정된 결과를 봅니다. / Open a phase for its "
             "records and its results frozen at its tag.", ""]
    for number, phase in enumerate(settings.phases, 1):
        state = phase_state(phase, settings.today)
        title = f"[{text(phase.title)}]({page_path(phase)})"
        label = f"**{title} · {PHASE_STATES[state]} (지금)**" if state == "current" else f"{title} · {PHASE_STATES[state]}"
        lines.append(f"{number}. {MARKERS[state]} {label} — {day(phase.start)} ~ {day(phase.end)}")
    return lines + [""]


def _targets(archive, counts, settings) -> list[str]:
    """Each target: its number against the goal, and 달성, 미달 or 진행중."""
    if not settings.targets:
        return []
    lines = ["## 목표 / Targets", "", "| 목표 | 실적 | 기한 | 상태 |", "| --- | ---: | --- | --- |"]
    for target in settings.targets:
        actual = measure(target, archive, counts, settings)
        unit = TARGET_MEASURES[target.measure][1]
        due = day(target_deadline(target, settings)) or "—"
        state = TARGET_STATES[target_state(actual, target, settings)]
        lines.append(f"| {text(target.label)} | {actual} / {target.goal}{unit} | {due} | {state} |")
    lines += ["", "실적은 지금 아카이브에 있는 기록과 집계된 참여로 셉니다. / Counted from the archive's records "
              "and counted acts.", ""]
    return lines


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
