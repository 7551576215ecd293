"""The 제안 (proposals) board: listings, tag pages and a page per proposal."""

import re
from datetime import timedelta

from ..constants import CLOSED, LEVELS, OPEN, PROPOSAL_KIND, REASONS, STATUSES
from .format import d_day, day, moment, person, provenance, text

PAGE_SIZE = 50
"""Rows per listing page."""
SORTS = (("index.md", "최신순", "newest"), ("popular.md", "공감순", "most endorsed"))
STATUS_PAGES = tuple((status, f"{status}.md") for status in STATUSES)


def status_of(proposal, today) -> str:
    """A maintainer's status if given, else open until the deadline passes."""
    if proposal.status:
        return proposal.status
    if proposal.endorse_until is not None and today > proposal.endorse_until:
        return CLOSED
    return OPEN


def tag_file(tag: str) -> str:
    """A file name for a tag page; Korean is kept, URL-unsafe characters are not."""
    return "tags/" + (re.sub(r"[\s/\\?#%&<>\"'|*:]+", "-", tag).strip("-.") or "tag") + ".md"


def proposal_pages(archive, counts, settings) -> dict[str, str]:
    """Every page of the board, keyed by its path under proposals/."""
    proposals = sorted(archive.proposals.values(), key=lambda p: (p.proposed, p.id), reverse=True)
    count = {p.id: counts.records[(PROPOSAL_KIND, p.id)].count for p in proposals}
    statuses = {p.id: status_of(p, settings.today) for p in proposals}
    tags = sorted({tag for p in proposals for tag in p.tags})
    listing = _Listing(proposals, count, statuses, tags, settings)
    pages = {
        **listing.pages("제안", proposals, "index.md"),
        **listing.pages("제안 · 공감순", sorted(proposals, key=lambda p: -count[p.id]), "popular.md"),
    }
    for status, file in STATUS_PAGES:
        chosen = [p for p in proposals if statuses[p.id] == status]
        pages.update(listing.pages(f"제안 · {STATUSES[status]}", chosen, file))
    for tag in tags:
        chosen = [p for p in proposals if tag in p.tags]
        pages.update(listing.pages(f"제안 · #{text(tag)}", chosen, tag_file(tag)))
    for proposal in proposals:
        record = counts.records[(PROPOSAL_KIND, proposal.id)]
        pages[f"{proposal.id}.md"] = proposal_page(proposal, record, statuses[proposal.id], archive, settings)
    return pages


class _Listing:
    """Listing pages share one filter bar and one table layout."""

    def __init__(self, proposals, count, statuses, tags, settings):
        self.count = count
        self.statuses = statuses
        self.tags = tags
        self.settings = settings

    def pages(self, title, proposals, first_file) -> dict[str, str]:
        """The listing split into pages of PAGE_SIZE, so no page grows with the archive."""
        count = max(1, -(-len(proposals) // PAGE_SIZE))
        return {
            page_file(first_file, number): self._page(
                title, proposals[(number - 1) * PAGE_SIZE : number * PAGE_SIZE], len(proposals), first_file, number, count
            )
            for number in range(1, count + 1)
        }

    def _page(self, title, proposals, total, first_file, number, count) -> str:
        file = page_file(first_file, number)
        up = "../" * file.count("/")
        heading = title if number == 1 else f"{title} ({number}쪽)"
        lines = [f"# {heading}", "", self._filters(up, first_file), ""]
        if not proposals:
            lines.append("아직 제안이 없습니다. / No proposals yet.")
            return "\n".join(lines) + "\n"
        lines += ["| 제안 | 제안자 | 제안일 | 마감 | 공감 |", "| --- | --- | --- | --- | ---: |"]
        for p in proposals:
            deadline = day(p.endorse_until)
            if self.statuses[p.id] == OPEN and p.endorse_until:
                deadline += f" ({d_day(p.endorse_until, self.settings.today)})"
            lines.append(
                f"| [{text(p.title)}]({up}{p.id}.md) | @{text(p.proposer)} | {day(p.proposed)} "
                f"| {deadline} | {self.count[p.id]}명 |"
            )
        lines += ["", f"제안 {total}건 / {total} proposals", ""]
        if count > 1:
            lines.append(_pager(first_file, number, count, up))
        return "\n".join(lines) + "\n"

    def _filters(self, up, current) -> str:
        def item(label, target):
            return f"**{label}**" if target == current else f"[{label}]({up}{target})"

        sorts = " · ".join(item(label, target) for target, label, _ in SORTS)
        statuses = " · ".join(item(STATUSES[status], target) for status, target in STATUS_PAGES)
        tags = " ".join(item(f"#{text(tag)}", tag_file(tag)) for tag in self.tags)
        lines = [f"정렬: {sorts}  ", f"상태: {statuses}  "]
        if tags:
            lines.append(f"태그: {tags}")
        return "\n".join(lines)


def page_file(first_file: str, number: int) -> str:
    """index.md, index-2.md, index-3.md …"""
    return first_file if number == 1 else f"{first_file[:-3]}-{number}.md"


def _pager(first_file: str, number: int, count: int, up: str) -> str:
    """쪽: ‹ 이전 · 1 … 4 5 **6** 7 8 … 40 · 다음 ›"""

    def link(label, target):
        return f"[{label}]({up}{page_file(first_file, target)})"

    shown = sorted({1, count, *range(max(1, number - 2), min(count, number + 2) + 1)})
    parts, previous = [], 0
    for target in shown:
        if target > previous + 1:
            parts.append("…")
        parts.append(f"**{target}**" if target == number else link(str(target), target))
        previous = target
    if number > 1:
        parts.insert(0, link("‹ 이전", number - 1))
    if number < count:
        parts.append(link("다음 ›", number + 1))
    return "쪽 / pages: " + " · ".join(parts)


def proposal_page(proposal, record, status, archive, settings) -> str:
    members = archive.members
    deadline = day(proposal.endorse_until) or "없음"
    if proposal.endorse_until and status == OPEN:
        deadline += f" ({d_day(proposal.endorse_until, settings.today)})"
    tags = " ".join(f"[#{text(tag)}]({tag_file(tag)})" for tag in proposal.tags)
    rows = [
        ("제안자", person(proposal.proposer, members)),
        ("제안일", day(proposal.proposed)),
        ("제안동의 마감", deadline),
        ("상태", STATUSES.get(status, status)),
        ("공감", f"**{record.count}명**"),
    ]
    if proposal.phase:
        titles = {phase.id: phase.title for phase in settings.phases}
        rows.append(("단계", text(titles.get(proposal.phase, proposal.phase))))
    if tags:
        rows.append(("태그", tags))
    lines = [f"# {text(proposal.title)}", "", "| 항목 | 내용 |", "| --- | --- |"]
    lines += [f"| {label} | {value} |" for label, value in rows]
    lines += ["", proposal.body.strip(), ""]
    lines += _endorsers(record, members, settings)
    lines += audit_section(record, settings)
    return "\n".join(lines) + "\n"


def _endorsers(record, members, settings) -> list[str]:
    lines = ["## 공감한 사람", ""]
    counted = [act for act in record.acts if act.counted]
    if not counted:
        return lines + ["아직 집계된 공감이 없습니다. / No endorsement counted yet.", ""]
    lines.append(f"{len(counted)}명이 공감했습니다. / {len(counted)} endorsements.")
    lines.append("")
    for act in counted:
        where = provenance(settings, act.pr, act.commit)
        comment = f" — “{text(act.comment)}”" if act.comment else ""
        lines.append(
            f"- {person(act.handle, members)} · {moment(act.landed, settings.timezone)} · {where}"
            f" · {LEVELS[act.level]}{comment}"
        )
    return lines + [""]


def audit_section(record, settings) -> list[str]:
    lines = ["## 집계 내역", ""]
    if record.frozen_at is None:
        lines.append("마감 전에 반영된 기록이 없습니다. / Nothing had landed before the deadline.")
    else:
        frozen = record.frozen_at
        at = provenance(settings, frozen.pr, frozen.sha)
        if record.deadline_end is not None:
            last_second = record.deadline_end - timedelta(seconds=1)
            lines.append(
                f"마감일 {day(last_second.astimezone(settings.timezone).date())}이 끝나기 전에 마지막으로 반영된 커밋 {at}"
                f"({moment(frozen.time, settings.timezone)})의 파일을 셌습니다. "
                "그 뒤에 반영된 참여는 늦은 참여로 따로 보입니다."
            )
            lines.append("")
            lines.append(f"다시 세어 보려면 / to recount: `git log --first-parent --before={last_second.isoformat()} -1`")
        else:
            lines.append(f"최신 커밋 {at}({moment(frozen.time, settings.timezone)})의 파일을 셌습니다.")
    lines.append("")
    missing = [act for act in record.acts if not act.counted]
    if not missing:
        return lines + ["집계되지 않은 참여는 없습니다. / Every act was counted.", ""]
    lines += ["집계되지 않은 참여 / Acts not counted:", "", "| 아이디 | 사유 | 반영 | 기록 |", "| --- | --- | --- | --- |"]
    for act in missing:
        where = provenance(settings, act.pr, act.commit)
        lines.append(
            f"| @{text(act.handle)} | {REASONS[act.reason]} | {moment(act.landed, settings.timezone)} | {where} |"
        )
    return lines + [""]
