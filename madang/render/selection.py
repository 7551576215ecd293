"""Transparent decisions: the selection page (selection.md) and a proposal's thresholds.

The selection page shows the whole computation of score.py: per candidate each
component's raw value, its 0–100 score and its weighted points, the total and
the rank; the rule in one paragraph; the tie-break; the ranking under other
weights; and the commit of the settings used. Exact fractions are rounded here
only, half up, to two decimals.
"""

from fractions import Fraction
from math import floor

from .format import commit_url, link, moment, page_heading, provenance, text

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
    winners = f"1위부터 {setting.winners}위까지" if setting.winners > 1 else "1위"
    return (
        f"후보 {len(setting.candidates)}건을 항목 {len(setting.components)}가지로 비교했습니다. 항목마다 값이 가장 높은 "
        "후보를 100점으로 두고, 나머지 후보는 그 값에 비례한 점수를 받습니다 (가장 높은 값이 10이고 내 값이 5이면 50점, "
        "모든 후보가 0이면 모두 0점). 이 점수에 항목의 가중치를 곱해 더한 합계(100점 만점)가 높은 순서로 순위를 "
        f"정하고, {winners} 후보를 선정합니다. 가중치: {_weights_text(setting)}. 계산은 분수로 정확히 하고, "
        "보여 줄 때만 소수 셋째 자리에서 반올림합니다. / Each component's best candidate gets 100 and the others a "
        "proportional score; the weighted sum (out of 100) ranks them."
    )


def _results(result, archive) -> list[str]:
    lines = ["## 결과 / Result", "", "| 순위 | 후보 | 합계 |", "| ---: | --- | ---: |"]
    for candidate in result.candidates:
        chosen = candidate.rank <= result.setting.winners
        rank = f"**{candidate.rank} (선정)**" if chosen else str(candidate.rank)
        total = f"**{fixed(candidate.total)}**" if chosen else fixed(candidate.total)
        parts = " + ".join(fixed(value.points) for value in candidate.values)
        tied = " (동점)" if candidate.tied else ""
        lines.append(f"| {rank} | {_title(archive, candidate.proposal)}{tied}<br>= {parts} | {total} |")
    labels = " + ".join(text(c.label) for c in result.setting.components)
    return lines + ["", f"합계 = {labels}의 반영 점수. 항목마다의 계산은 아래에 있습니다. / Each total is the sum of "
                    "the components' points, computed below.", ""]


def _source(component, archive) -> str:
    """What the component's raw value is, in plain words."""
    if component.source == "endorsements":
        return "값: 각 제안 페이지의 집계된 공감 수 / the counted endorsements."
    poll = archive.polls.get(component.poll)
    named = f"[{text(poll.question if poll else component.poll)}](polls/{component.poll}.md)"
    if component.source == "score-poll":
        return (f"값: 점수 투표 {named}에서 후보가 받은 모든 점수의 평균 (괄호 안은 채점한 사람 수) / "
                "the mean of every score the candidate got.")
    return (f"값: 투표 {named}에서 후보의 선택지를 고른 집계된 표와, 그 투표에 운영자가 적은 현장 집계(offline_results)의 "
            "표를 더한 수 (한 사람은 온라인이나 현장 중 한 곳에만 적습니다) / counted ballots plus the offline results.")


def _raw(value) -> str:
    if value.online is not None:
        return f"{number(value.raw)} (온라인 {value.online} + 현장 {value.offline})"
    if value.scored_by is not None:
        return f"{number(value.raw)} ({value.scored_by}명)"
    return number(value.raw)


def _component(index, component, result, archive) -> list[str]:
    best = result.best[index]
    lines = [
        f"### {text(component.label)} · 가중치 {component.weight}%",
        "",
        _source(component, archive),
        "",
        f"가장 높은 값 / best: {number(best)} → 100점. 점수 = 값 ÷ {number(best)} × 100"
        if best else "모든 후보의 값이 0이라 모두 0점입니다. / Every value is 0, so every score is 0.",
        "",
        f"| 후보 | 값 | 점수 | ×{component.weight}% |",
        "| --- | ---: | ---: | ---: |",
    ]
    for candidate in result.candidates:
        value = candidate.values[index]
        lines.append(
            f"| {_title(archive, candidate.proposal)} | {_raw(value)} | {fixed(value.normalised)} | {fixed(value.points)} |"
        )
    return lines + [""]


def _ties(result, archive) -> list[str]:
    labels = [f"'{text(result.setting.components[i].label)}'의 값이 높은 후보" for i in result.tie_break]
    rule = ", 그래도 같으면 ".join(labels)
    lines = [
        "## 동점일 때 / Ties",
        "",
        f"합계가 같으면 {rule}, 그래도 같으면 제안의 영문 이름(id)이 알파벳 순서로 앞선 후보가 앞섭니다. 그래서 순위는 "
        "언제나 하나로 정해집니다. / Equal totals: compared by these components' values in turn, then by proposal id.",
        "",
    ]
    tied = [c for c in result.candidates if c.tied]
    if not tied:
        return lines + ["이번 결과에는 합계가 같은 후보가 없습니다. / No tie this time.", ""]
    names = ", ".join(f"{c.rank}위 {_title(archive, c.proposal)}" for c in tied)
    return lines + [f"이번에는 합계가 같은 후보가 있어 이 규칙으로 정했습니다: {names}. / Ties were broken by this rule.", ""]


def _scenario_name(scenario, setting) -> str:
    if scenario.kind == "as-set":
        return "정한 가중치"
    if scenario.kind == "equal":
        return "모두 같은 가중치"
    return f"'{text(setting.components[scenario.left_out].label)}' 빼고"


def _sensitivity(result, archive) -> list[str]:
    setting = result.setting
    chosen = set(result.candidates[i].proposal for i in range(min(setting.winners, len(result.candidates))))
    labels = " · ".join(text(c.label) for c in setting.components)
    lines = [
        "## 가중치가 다르면 / With other weights",
        "",
        f"같은 값으로 가중치만 바꾸어 계산한 순위입니다. 가중치는 {labels} 순서이고, 한 항목을 빼면 나머지를 같은 "
        "비율로 늘려 합이 100이 되게 했습니다. / The same values under other weights.",
        "",
        "| 경우 | 가중치 | 순위 |",
        "| --- | --- | --- |",
    ]
    for scenario in result.scenarios:
        weights = " · ".join(number(w) if w.denominator == 1 else fixed(w) for w in scenario.weights)
        order = "<br>".join(f"{rank}. {_title(archive, p)}" for rank, p in enumerate(scenario.order, 1))
        changed = "" if set(scenario.order[: setting.winners]) == chosen else "<br>**선정이 바뀜**"
        lines.append(f"| {_scenario_name(scenario, setting)}{changed} | {weights} | {order} |")
    return lines + [""]


def _sources(result, settings, head: str | None) -> list[str]:
    lines = ["## 근거 / Provenance", ""]
    if result.settings_commit:
        commit = link(f"`{result.settings_commit[:7]}`", commit_url(settings, result.settings_commit))
        lines.append(f"이 결과는 설정 커밋 {commit} (mkdocs.yml)을 썼습니다. / Computed with the settings of this commit.")
    else:
        lines.append("설정(mkdocs.yml)이 아직 커밋되지 않았습니다. / The settings are not committed yet.")
    lines += ["", "각 값의 집계 시점과 집계되지 않은 참여는 제안과 투표 페이지의 '집계 내역'에 있습니다."]
    if head:
        lines += [
            "누구나 다시 계산할 수 있습니다 / anyone can recompute it:",
            "",
            "```sh",
            f"madang recount . --at {head}",
            "```",
            "",
            "`selection` 줄에 같은 순위와 분수로 된 정확한 합계가 나옵니다. [감사 페이지](audit.md)의 요약값(digest)도 "
            "이 계산을 담고 있습니다. / The `selection` lines give the same ranks and exact totals.",
        ]
    return lines + [""]


def threshold_section(crossings, count: int, settings) -> list[str]:
    """Each threshold: when it was reached (the landing of the endorsement that crossed it), or the progress to it."""
    if not crossings:
        return []
    lines = ["## 공감 문턱 / Thresholds", ""]
    lines.append(" · ".join(f"{c.at}명이면 {text(c.label)}" for c in crossings) + ".")
    lines.append("")
    upcoming = next((c for c in crossings if c.act is None), None)
    for crossing in crossings:
        name = f"**{text(crossing.label)}** ({crossing.at}명)"
        if crossing.act is not None:
            landing = crossing.landing
            where = provenance(settings, landing.pr, landing.sha) if landing else provenance(
                settings, crossing.act.pr, crossing.act.commit
            )
            when = moment(landing.time if landing else crossing.act.added, settings.timezone)
            lines.append(f"- ✓ {name} — {when} 도달 · {where} ({crossing.at}번째 공감: @{text(crossing.act.handle)})")
        elif crossing is upcoming:
            lines.append(f"- 다음 / next: {name} {bar(count, crossing.at)} {count}/{crossing.at}명 · "
                         f"{crossing.at - count}명 남음")
        else:
            lines.append(f"- {name}")
    return lines + [
        "",
        "문턱에 도달한 때는 집계된 공감을 반영된 순서로 세어 그 번째 공감이 반영된 커밋입니다. / A threshold is "
        "reached by the landing of the endorsement that made the count.",
        "",
    ]


def bar(count: int, goal: int) -> str:
    """▓▓▓░░░░░░░: the share of the goal reached, in ten cells."""
    filled = min(BAR_CELLS, count * BAR_CELLS // goal)
    return "▓" * filled + "░" * (BAR_CELLS - filled)

