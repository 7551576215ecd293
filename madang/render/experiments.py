"""The 실험장 (experiments) board: the listing and a page per experiment.

An experiment and its proposals link both ways: its page links the proposals
it came from, and `experiments_of` gives a proposal's page the experiments
that came from it.
"""

from urllib.parse import quote, urlsplit

from ..constants import EXPERIMENT_KIND, EXPERIMENT_STATUSES, EXPERIMENT_STEPS, STEP_STATES
from .actlists import RecordLists
from .format import day, page_heading, person, text
from .news import body_html
from .opinions import opinion_count, opinion_section
from ..i18n import _, ngettext

STATUS_ORDER = ("running", "planned", "done")
"""Listing order: what is happening now first."""
STATE_MARKS = {"done": "✅", "doing": "▶️", "todo": "⬜"}
URL_SAFE = "/:?#&=%@+~.,;!*$-_"
"""Characters kept as written in a link; others (parentheses, quotes) are escaped so Markdown cannot break."""


def pages(archive, counts, history, settings) -> dict[str, str]:
    """Every generated file of this board, keyed by its path in the site's source tree."""
    experiments = sorted(archive.experiments.values(), key=lambda e: e.id, reverse=True)
    files = {"experiments/index.md": _listing(experiments, archive, counts)}
    for experiment in experiments:
        lists = RecordLists(f"experiments/{experiment.id}/index.md", experiment.title)
        files[f"experiments/{experiment.id}/index.md"] = experiment_page(experiment, archive, counts, settings, lists)
        files.update(lists.files)
    return files


def experiments_of(proposal_id: str, archive) -> list[str]:
    """Markdown lines for the page of a proposal (proposals/<id>.md): the experiments that came from it."""
    found = sorted((e for e in archive.experiments.values() if proposal_id in e.proposals), key=lambda e: e.id)
    if not found:
        return []
    lines = ["## " + _("실험장"), "", _("이 제안에서 나온 실험장:"), ""]
    lines += [f"- [{text(e.title)}](../experiments/{e.id}/index.md) — {EXPERIMENT_STATUSES[e.status]}" for e in found]
    return lines + [""]


def _listing(experiments, archive, counts) -> str:
    lines = ["# " + _("실험장"), "", _("열린토론회와 선정을 거친 제안을 작은 실험으로 해 보는 곳입니다."), ""]
    if not experiments:
        return "\n".join(lines + [_("아직 실험장이 없습니다.")]) + "\n"
    for status in STATUS_ORDER:
        chosen = [e for e in experiments if e.status == status]
        if not chosen:
            continue
        lines += [f"## {EXPERIMENT_STATUSES[status]}", ""]
        for experiment in chosen:
            proposals = ", ".join(_proposal_link(pid, archive, "../") for pid in experiment.proposals)
            opinions = opinion_count(EXPERIMENT_KIND, experiment.id, counts)
            lines += [f"- **[{text(experiment.title)}]({experiment.id}/index.md)**  ",
                      "  " + _("제안: {proposals}", proposals=proposals) + " · " + ngettext("의견 {n}건", "의견 {n}건", opinions)]
        lines.append("")
    lines.append(ngettext("실험장 {n}곳", "실험장 {n}곳", len(experiments)))
    return "\n".join(lines) + "\n"


def _proposal_link(proposal_id: str, archive, up: str) -> str:
    return f"[{text(archive.proposals[proposal_id].title)}]({up}proposals/{proposal_id}.md)"


def experiment_page(experiment, archive, counts, settings, lists) -> str:
    """`lists` collects the pages of its long lists of opinions (actlists.RecordLists)."""
    lines = [*page_heading(experiment.title), "", _facts(experiment, settings), ""]
    lines += ["## " + _("제안"), ""]
    lines += [f"- {_proposal_link(pid, archive, '../../')}" for pid in experiment.proposals]
    lines += ["", *_steps(experiment), *_team(experiment, archive)]
    lines += ["## " + _("계획과 결과"), "", f'<div class="madang-body">\n{body_html(experiment.body, top_heading=2)}\n</div>', ""]
    lines += _media(_("카드뉴스"), experiment.card_news) + _media(_("영상"), experiment.videos)
    lines += opinion_section(EXPERIMENT_KIND, experiment.id, archive, counts, settings, lists)
    lines.append("[← " + _("실험장 목록") + "](../index.md)")
    return "\n".join(lines) + "\n"


def _facts(experiment, settings) -> str:
    """상태 **진행중** · 예산 1,500,000원 · 3단계 실행·실험장"""
    parts = [_("상태 **{status}**", status=EXPERIMENT_STATUSES[experiment.status])]
    if experiment.budget is not None:
        parts.append(_("예산 {amount}원", amount=f"{experiment.budget:,}"))
    if experiment.phase:
        titles = {phase.id: phase.title for phase in settings.phases}
        parts.append(text(titles.get(experiment.phase, experiment.phase)))
    return " · ".join(parts)


def _steps(experiment) -> list[str]:
    """The deck's four steps in order; a step not written is 예정 (to do)."""
    written = {step.step: step for step in experiment.steps}
    lines = ["## " + _("진행 단계"), ""]
    for number, (step, label) in enumerate(EXPERIMENT_STEPS.items(), start=1):
        state = written[step].state if step in written else "todo"
        when = f" · {day(written[step].date)}" if step in written and written[step].date else ""
        lines.append(f"{number}. {label} — {STATE_MARKS[state]} {STEP_STATES[state]}{when}")
    return lines + [""]


def _team(experiment, archive) -> list[str]:
    if not experiment.team:
        return []
    lines = ["## " + _("함께하는 사람"), ""]
    for handle, role in experiment.team:
        lines.append(f"- {person(handle, archive.members)}" + (f" — {text(role)}" if role else ""))
    return lines + [""]


def _media(label: str, links) -> list[str]:
    """카드뉴스 1 · instagram.com, or the file's name for a file beside the page."""
    if not links:
        return []
    lines = [f"## {label}", ""]
    for number, link in enumerate(links, start=1):
        where = urlsplit(link).hostname or link.rsplit("/", 1)[-1]
        lines.append(f"- [{label} {number} · {text(where)}]({quote(link, safe=URL_SAFE)})")
    return lines + [""]
