"""Participation over time: counted acts per day, drawn as a chart that needs no script.

The rule: every counted act (공감, 표, 참석 신청, 의견, 의견 공감, 배심원 신청)
counts once, on the day, in the archive's time zone, when its file's present
version began: the landing of its last add (`ActResult.added`). Later edits do
not move it; withdrawn, late and unverified acts are not counted. It is
rebuilt from the history on every build, so it always agrees with the tallies.

The chart is an inline SVG (a bar per day, or per week or month over long
spans, each with a `<title>`), labelled for screen readers, and a table of the
same bars follows it (those with acts), so a page stays the same size however
long the archive runs.
"""

import html
from collections import Counter
from datetime import date, timedelta

from ..constants import ACT_LAYOUT
from .format import day
from ..i18n import _, ngettext

BAR_STEP, BAR_WIDTH, BAR_HEIGHT = 10, 8, 50
"""SVG units: one bar per step; the busiest bar is BAR_HEIGHT tall."""
DAILY_LIMIT, WEEKLY_LIMIT = 92, 7 * 92
"""Longer spans are drawn and tabled by week, then by month."""


def daily_counts(records, zone) -> dict[date, int]:
    """day -> counted acts whose present version landed that day (archive time zone), or, for an act
    transcribed from paper, that was made that day (chart_day)."""
    days = Counter(
        chart_day(act, zone) for record in records for act in record.acts if act.counted and act.added is not None
    )
    return dict(sorted(days.items()))


def chart_day(act, zone) -> date:
    """The day a chart places an act on: its paper day (`on:`, ActResult.paper_day) when it has one no later than
    its landing, else the day it landed. The counts keep the landing either way."""
    landed = act.added.astimezone(zone).date()
    made = act.paper_day
    return made if made is not None and made <= landed else landed


def records_by_record(counts) -> dict[tuple[str, str], list]:
    """(record kind, record id) -> the tallies of every act kind on that record (a proposal's 공감, 의견
    and 의견 공감), read in one pass: a city has thousands of records."""
    grouped = {}
    for (kind, record_id), record in sorted(counts.records.items()):
        grouped.setdefault((ACT_LAYOUT[kind][0], record_id), []).append(record)
    return grouped


def proposal_section(records, settings) -> list[str]:
    """참여 추이 on a proposal's page: its 공감, 의견 and 의견 공감 (`records`) per day."""
    days = daily_counts(records, settings.timezone)
    return section("## " + _("참여 추이"), days, _("이 제안의 공감·의견·의견 공감"))


def archive_section(counts, settings) -> list[str]:
    """참여 추이 on the 과정 page: every counted act of the archive per day."""
    days = daily_counts(counts.records.values(), settings.timezone)
    return section("## " + _("참여 추이"), days, _("아카이브 전체의 집계된 참여"))


def section(heading: str, days: dict[date, int], what: str) -> list[str]:
    lines = [heading, ""]
    if not days:
        return lines + [_("아직 집계된 참여가 없습니다."), ""]
    total = sum(days.values())
    bars = buckets(days)
    period = _("날짜") if len(bars) == (max(days) - min(days)).days + 1 else _("기간")
    lines += [
        ngettext("{what}: 반영된 날(아카이브 시간대 기준)마다 센 수, 모두 {n}건. 참여가 반영된 날에 한 번 세고, "
                 "나중에 고쳐도 날짜는 그대로입니다.",
                 "{what}: 반영된 날(아카이브 시간대 기준)마다 센 수, 모두 {n}건. 참여가 반영된 날에 한 번 세고, "
                 "나중에 고쳐도 날짜는 그대로입니다.", total, what=what),
        "",
        chart(days, what, bars),
        "",
        "| " + period + " | " + _("참여") + " |",
        "| --- | ---: |",
        *(f"| {label} | " + ngettext("{n}건", "{n}건", n) + " |" for label, n in bars if n),
        "",
    ]
    return lines


def buckets(days: dict[date, int]) -> list[tuple[str, int]]:
    """(label, acts) for every day from the first to the last, or every week (from Monday) when that
    spans over DAILY_LIMIT days, or every month beyond WEEKLY_LIMIT: a chart keeps a readable number of bars."""
    first, last = min(days), max(days)
    span = (last - first).days + 1
    if span <= DAILY_LIMIT:
        start, step, label = first, lambda d: d + timedelta(days=1), day
    elif span <= WEEKLY_LIMIT:
        start, step, label = first - timedelta(first.weekday()), lambda d: d + timedelta(weeks=1), lambda d: _("{day} 주", day=day(d))
    else:
        start, step, label = first.replace(day=1), _next_month, lambda d: f"{d.year}.{d.month:02}"
    totals, current, ordered, index = [], start, sorted(days.items()), 0
    while current <= last:
        following = step(current)
        total = 0
        while index < len(ordered) and ordered[index][0] < following:
            total += ordered[index][1]
            index += 1
        totals.append((label(current), total))
        current = following
    return totals


def _next_month(d: date) -> date:
    return date(d.year + d.month // 12, d.month % 12 + 1, 1)


def chart(days: dict[date, int], what: str, bars: list[tuple[str, int]]) -> str:
    """One raw HTML line: an SVG bar per day (or week, or month: `bars`) from the first to the last with acts."""
    busiest = max(n for _, n in bars)
    width = len(bars) * BAR_STEP
    busiest_day = max(days, key=days.get)
    summary = _("{what}: {first}부터 {last}까지 {total}건, 가장 많은 날 {busiest} {most}건", what=what,
                first=day(min(days)), last=day(max(days)), total=sum(days.values()), busiest=day(busiest_day),
                most=days[busiest_day])
    rects = []
    for offset, (label, count) in enumerate(bars):
        tall = max(1, round(BAR_HEIGHT * count / busiest)) if count else 0
        x = offset * BAR_STEP + (BAR_STEP - BAR_WIDTH) / 2
        rects.append(
            f'<rect x="{x:g}" y="{BAR_HEIGHT - tall}" width="{BAR_WIDTH}" height="{tall}" fill="currentColor">'
            "<title>" + _("{label}: {count}건", label=label, count=count) + "</title></rect>"
        )
    wide = f"width:100%;max-width:{max(len(bars) * 24, 120)}px"
    return (
        f'<div class="madang-chart"><svg role="img" aria-label="{html.escape(summary)}" '
        f'viewBox="0 0 {width} {BAR_HEIGHT}" preserveAspectRatio="none" style="{wide};height:6rem">'
        f'<title>{html.escape(summary)}</title>{"".join(rects)}'
        f'<line x1="0" y1="{BAR_HEIGHT}" x2="{width}" y2="{BAR_HEIGHT}" stroke="currentColor" '
        f'vector-effect="non-scaling-stroke"/></svg>'
        f'<div aria-hidden="true" style="{wide};display:flex;justify-content:space-between;font-size:.7rem">'
        f"<span>{bars[0][0]}</span><span>{bars[-1][0]}</span></div></div>"
    )
