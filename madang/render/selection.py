"""Transparent decisions: the selection page (selection.md) and a proposal's thresholds.

The selection page shows the whole computation of score.py: per candidate each
component's raw value, its 0–100 score and its weighted points, the total and
the rank; the rule in one paragraph; the tie-break; the ranking under other
weights; and the commit of the settings used. Exact fractions are rounded here
only, half up, to two decimals.
"""

from fractions import Fraction
from math import floor

from .format import commit_url, how_to_check, html_link, moment, page_heading, provenance, text
from ..i18n import _, ngettext

PAGE = "selection.md"
BAR_CELLS = 10


def fixed(value: Fraction) -> str:
    """Half up to two decimals: 200/3 → 66.67, 1/8 → 0.13."""
    hundredths = floor(value * 100 + Fraction(1, 2))
    return f"{hundredths // 100}.{hundredths % 100:02}"


def number(value: Fraction) -> str:
    """A whole number as is (3), anything else to two decimals (4.30)."""
    return str(value.numerator) if value.denominator == 1 else fixed(value)


def selection_page(result, archive, settings, head: str | None) -> str:
    setting = result.setting
    lines = [*page_heading(setting.title), "", _rule(result), ""]
    lines += _results(result, archive)
    for index, component in enumerate(setting.components):
        lines += _component(index, component, result, archive)
    lines += _ties(result, archive)
    lines += _sensitivity(result, archive)
    lines += _sources(result, settings, head)
    return "\n".join(lines) + "\n"


def _title(archive, proposal_id: str) -> str:
    proposal = archive.proposals.get(proposal_id)
    return f"[{text(proposal.title if proposal else proposal_id)}](proposals/{proposal_id}.md)"


def _weights_text(setting) -> str:
    return ", ".join(f"{text(c.label)} {c.weight}%" for c in setting.components)


def _rule(result) -> str:
    """The rule in one paragraph a volunteer can follow with a calculator."""
    setting = result.setting
    return ngettext(
        "후보 {candidates}건을 항목 {components}가지로 비교했습니다. 항목마다 값이 가장 높은 "
        "후보를 100점으로 두고, 나머지 후보는 그 값에 비례한 점수를 받습니다 (가장 높은 값이 10이고 내 값이 5이면 50점, "
        "모든 후보가 0이면 모두 0점). 이 점수에 항목의 가중치를 곱해 더한 합계(100점 만점)가 높은 순서로 순위를 "
        "정하고, 1위부터 {n}위까지의 후보를 선정합니다. 가중치: {weights}. 계산은 분수로 정확히 하고, "
        "보여 줄 때만 소수 셋째 자리에서 반올림합니다.",
        "후보 {candidates}건을 항목 {components}가지로 비교했습니다. 항목마다 값이 가장 높은 "
        "후보를 100점으로 두고, 나머지 후보는 그 값에 비례한 점수를 받습니다 (가장 높은 값이 10이고 내 값이 5이면 50점, "
        "모든 후보가 0이면 모두 0점). 이 점수에 항목의 가중치를 곱해 더한 합계(100점 만점)가 높은 순서로 순위를 "
        "정하고, 1위부터 {n}위까지의 후보를 선정합니다. 가중치: {weights}. 계산은 분수로 정확히 하고, "
        "보여 줄 때만 소수 셋째 자리에서 반올림합니다.",
        setting.winners, candidates=len(setting.candidates), components=len(setting.components),
        weights=_weights_text(setting),
    ).replace("1위부터 1위까지의", "1위")


def _results(result, archive) -> list[str]:
    lines = ["## " + _("결과"), "", "| " + " | ".join([_("순위"), _("후보"), _("합계")]) + " |", "| ---: | --- | ---: |"]
    for candidate in result.candidates:
        chosen = candidate.rank <= result.setting.winners
        rank = "**" + _("{rank} (선정)", rank=candidate.rank) + "**" if chosen else str(candidate.rank)
        total = f"**{fixed(candidate.total)}**" if chosen else fixed(candidate.total)
        parts = " + ".join(fixed(value.points) for value in candidate.values)
        tied = " " + _("(동점)") if candidate.tied else ""
        lines.append(f"| {rank} | {_title(archive, candidate.proposal)}{tied}<br>= {parts} | {total} |")
    labels = " + ".join(text(c.label) for c in result.setting.components)
    return lines + ["", _("합계 = {labels}의 반영 점수. 항목마다의 계산은 아래에 있습니다.", labels=labels), ""]


def _source(component, archive) -> str:
    """What the component's raw value is, in plain words."""
    if component.source == "endorsements":
        return _("값: 각 제안 페이지의 집계된 공감 수")
    poll = archive.polls.get(component.poll)
    named = f"[{text(poll.question if poll else component.poll)}](polls/{component.poll}.md)"
    if component.source == "score-poll":
        return _("값: 점수 투표 {poll}에서 후보가 받은 모든 점수의 평균 (괄호 안은 채점한 사람 수)", poll=named)
    return _("값: 투표 {poll}에서 후보의 선택지를 고른 집계된 표와, 그 투표에 운영자가 적은 현장 집계의 "
             "표를 더한 수 (한 사람은 온라인이나 현장 중 한 곳에만 적습니다)", poll=named)


def _raw(value) -> str:
    if value.online is not None:
        return number(value.raw) + " " + _("(온라인 {online} + 현장 {offline})", online=value.online, offline=value.offline)
    if value.scored_by is not None:
        return number(value.raw) + " (" + ngettext("{n}명", "{n}명", value.scored_by) + ")"
    return number(value.raw)


def _component(index, component, result, archive) -> list[str]:
    best = result.best[index]
    lines = [
        "### " + text(component.label) + " · " + _("가중치 {weight}%", weight=component.weight),
        "",
        _source(component, archive),
        "",
        _("가장 높은 값: {best} → 100점. 점수 = 값 ÷ {best} × 100", best=number(best))
        if best else _("모든 후보의 값이 0이라 모두 0점입니다."),
        "",
        "| " + " | ".join([_("후보"), _("값"), _("점수")]) + f" | ×{component.weight}% |",
        "| --- | ---: | ---: | ---: |",
    ]
    for candidate in result.candidates:
        value = candidate.values[index]
        lines.append(
            f"| {_title(archive, candidate.proposal)} | {_raw(value)} | {fixed(value.normalised)} | {fixed(value.points)} |"
        )
    return lines + [""]


def _ties(result, archive) -> list[str]:
    labels = [_("'{label}'의 값이 높은 후보", label=text(result.setting.components[i].label)) for i in result.tie_break]
    rule = _(", 그래도 같으면 ").join(labels)
    lines = [
        "## " + _("동점일 때"),
        "",
        _("합계가 같으면 {rule}, 그래도 같으면 제안의 영문 이름(id)이 알파벳 순서로 앞선 후보가 앞섭니다. 그래서 순위는 "
          "언제나 하나로 정해집니다.", rule=rule),
        "",
    ]
    tied = [c for c in result.candidates if c.tied]
    if not tied:
        return lines + [_("이번 결과에는 합계가 같은 후보가 없습니다."), ""]
    names = ", ".join(_("{rank}위", rank=c.rank) + " " + _title(archive, c.proposal) for c in tied)
    return lines + [_("이번에는 합계가 같은 후보가 있어 이 규칙으로 정했습니다: {names}.", names=names), ""]


def _scenario_name(scenario, setting) -> str:
    if scenario.kind == "as-set":
        return _("정한 가중치")
    if scenario.kind == "equal":
        return _("모두 같은 가중치")
    return _("'{label}' 빼고", label=text(setting.components[scenario.left_out].label))


def _sensitivity(result, archive) -> list[str]:
    setting = result.setting
    chosen = set(result.candidates[i].proposal for i in range(min(setting.winners, len(result.candidates))))
    labels = " · ".join(text(c.label) for c in setting.components)
    lines = [
        "## " + _("가중치가 다르면"),
        "",
        _("같은 값으로 가중치만 바꾸어 계산한 순위입니다. 가중치는 {labels} 순서이고, 한 항목을 빼면 나머지를 같은 "
          "비율로 늘려 합이 100이 되게 했습니다.", labels=labels),
        "",
        "| " + " | ".join([_("경우"), _("가중치"), _("순위")]) + " |",
        "| --- | --- | --- |",
    ]
    for scenario in result.scenarios:
        weights = " · ".join(number(w) if w.denominator == 1 else fixed(w) for w in scenario.weights)
        order = "<br>".join(f"{rank}. {_title(archive, p)}" for rank, p in enumerate(scenario.order, 1))
        changed = "" if set(scenario.order[: setting.winners]) == chosen else "<br>**" + _("선정이 바뀜") + "**"
        lines.append(f"| {_scenario_name(scenario, setting)}{changed} | {weights} | {order} |")
    return lines + [""]


def _sources(result, settings, head: str | None) -> list[str]:
    lines = ["## " + _("근거"), ""]
    lines += [_("각 값의 집계 시점과 집계되지 않은 참여는 제안과 투표 페이지의 '집계 내역'에 있습니다. "
                "누구나 같은 기록으로 다시 계산할 수 있습니다."), ""]
    evidence = []
    if result.settings_commit:
        commit = html_link(f"<code>{result.settings_commit[:7]}</code>", commit_url(settings, result.settings_commit))
        evidence.append(_("이 결과는 설정 커밋 {commit} (mkdocs.yml)을 썼습니다.", commit=commit))
    else:
        evidence.append(_("설정(mkdocs.yml)이 아직 커밋되지 않았습니다."))
    if head:
        evidence += [
            _("다시 계산하는 명령: {command}", command=f"<code>madang recount . --at {head}</code>"),
            _("`selection` 줄에 같은 순위와 분수로 된 정확한 합계가 나옵니다. 감사 페이지의 요약값(digest)도 "
              "이 계산을 담고 있습니다.").replace("`selection`", "<code>selection</code>"),
        ]
    return lines + [how_to_check(*evidence), "", "[" + _("감사 페이지") + "](audit.md)", ""]


def threshold_section(crossings, count: int, settings) -> list[str]:
    """Each threshold: when it was reached (the landing of the endorsement that crossed it), or the progress to it."""
    if not crossings:
        return []
    lines = ["## " + _("공감 문턱"), ""]
    lines.append(" · ".join(ngettext("{n}명이면 {label}", "{n}명이면 {label}", c.at, label=text(c.label)) for c in crossings) + ".")
    lines.append("")
    upcoming = next((c for c in crossings if c.act is None), None)
    for crossing in crossings:
        name = f"**{text(crossing.label)}** (" + ngettext("{n}명", "{n}명", crossing.at) + ")"
        if crossing.act is not None:
            landing = crossing.landing
            where = provenance(settings, landing.pr, landing.sha) if landing else provenance(
                settings, crossing.act.pr, crossing.act.commit
            )
            when = moment(landing.time if landing else crossing.act.added, settings.timezone)
            lines.append(f"- ✓ {name} — " + _("{when} 도달", when=when) + f" · {where} (" + _("{n}번째 공감: {handle}", n=crossing.at, handle="@" + text(crossing.act.handle)) + ")")
        elif crossing is upcoming:
            lines.append("- " + _("다음: {name}", name=name) + f" {bar(count, crossing.at)} {count}/"
                         + ngettext("{n}명", "{n}명", crossing.at) + " · " + ngettext("{n}명 남음", "{n}명 남음", crossing.at - count))
        else:
            lines.append(f"- {name}")
    return lines + [
        "",
        _("문턱에 도달한 때는 집계된 공감을 반영된 순서로 세어 그 번째 공감이 반영된 때입니다."),
        "",
    ]


def bar(count: int, goal: int) -> str:
    """▓▓▓░░░░░░░: the share of the goal reached, in ten cells."""
    filled = min(BAR_CELLS, count * BAR_CELLS // goal)
    return "▓" * filled + "░" * (BAR_CELLS - filled)

