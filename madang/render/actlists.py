"""A record's lists that grow with its acts: who took part, and what was not counted and why.

A list that fits one page (ROWS_PER_PAGE rows) stays whole on the record's
page, as a small record always showed it. A longer one (a letter signed by
thousands) shows there its first PREVIEW rows, its pages by the handles they
hold, and a link to its own paged listing beside the record's page
(`proposals/<id>/endorsers.md`, `endorsers-2.md` …), so no page grows with the
record. The open data (data/*.json) keeps every act.
"""

import posixpath
from collections import Counter
from datetime import timedelta

from ..constants import REASONS
from .format import day, moment, page_heading, provenance, text
from .paging import page_file, pager

ROWS_PER_PAGE = 100
"""Rows per page of a record's own listing; a list this long or shorter stays whole on the record's page."""
PREVIEW = 20
"""Rows a record's page shows of a list that has its own pages."""


class RecordLists:
    """The paged listings of one record's page, collected while the page is written.

    `page` is the record page's path and `files` the listings' pages, both keyed
    the same way (under the board's folder or the site's root), so links between
    them are relative.
    """

    def __init__(self, page: str, title: str):
        self.page = page
        self.title = title
        self.files: dict[str, str] = {}

    def show(self, name: str, what: str, rows: list[str], block, *, keys=None, unit: str = "건", summary=(),
             per_page: int = ROWS_PER_PAGE, preview: int = PREVIEW) -> list[str]:
        """The record page's lines for one list of `rows` (one rendered item each).

        `block(rows, first)` wraps rows in their list or table, `first` being the
        1-based number of the first; `keys` are the rows' handles when the rows are
        in handle order, so the pages can be found by name; `summary` lines (counts
        per reason) are shown only when the list has pages of its own.
        """
        if len(rows) <= per_page:
            return block(rows, 1)
        first_file = f"{self._folder()}/{name}.md"
        count = -(-len(rows) // per_page)
        for number in range(1, count + 1):
            start = (number - 1) * per_page
            self.files[page_file(first_file, number)] = self._page(
                first_file, number, count, what, rows, start, rows[start : start + per_page], block, unit)
        total = f"{len(rows):,}{unit}"
        lines = [*summary, f"{what} {total} 가운데 처음 {preview}{unit}입니다. / The first {preview} of {len(rows):,}.",
                 "", *block(rows[:preview], 1), "",
                 f"**[{what} 전체 보기 ({total}, {count}쪽) / See all]({self._link(self.page, first_file)})**", ""]
        if keys is not None:
            lines += self._index(first_file, per_page, count, keys)
        return lines

    def _folder(self) -> str:
        """proposals/x.md → proposals/x; meetings/m/index.md → meetings/m."""
        return self.page.removesuffix("/index.md") if self.page.endswith("/index.md") else self.page.removesuffix(".md")

    def _link(self, source: str, target: str) -> str:
        return posixpath.relpath(target, posixpath.dirname(source) or ".")

    def _page(self, first_file, number, count, what, rows, start, chosen, block, unit) -> str:
        """One page of a listing: its heading, the way back to the record, `chosen` rows (from `start`), the pager."""
        heading = f"{self.title} · {what}" + (f" ({number}쪽)" if number > 1 else "")
        shown = f"{start + 1:,}–{start + len(chosen):,}"
        lines = [
            *page_heading(heading), "",
            f"[← {text(self.title)}]({self._link(first_file, self.page)}) · {len(rows):,}{unit} 가운데 {shown} / "
            f"{shown} of {len(rows):,}", "",
            *block(chosen, start + 1), "",
            pager(posixpath.basename(first_file), number, count, ""), "",
        ]
        return "\n".join(lines) + "\n"

    def _index(self, first_file, per_page, count, keys) -> list[str]:
        """Every page with the first and last handle on it, so a reader finds the page of a name.

        Markdown links, not raw HTML: MkDocs makes `.md` links into page addresses only in Markdown.
        """
        items = []
        for number in range(1, count + 1):
            first, last = keys[(number - 1) * per_page], keys[min(number * per_page, len(keys)) - 1]
            target = self._link(self.page, page_file(first_file, number))
            items.append(f"[{number}쪽]({target}) @{text(first)}–@{text(last)}")
        return ["아이디로 쪽 찾기 / pages by handle: " + " · ".join(items), ""]

def table(header: str):
    """A block for `show`: the rows under a Markdown table's header (`| a | b |`)."""
    columns = header.count("|") - 1
    return lambda rows, first: [header, "|" + " --- |" * columns, *rows]


def markdown_list(rows, first) -> list[str]:
    """A block for `show`: rows that are already Markdown list items (`- …`)."""
    return list(rows)


def audit_section(record, settings, lists: RecordLists) -> list[str]:
    """집계 내역: which commit was counted and how to recount it, then every act not counted with its reason."""
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
    lines += ["집계되지 않은 참여 / Acts not counted:", ""]
    rows = [
        f"| @{text(act.handle)} | {REASONS[act.reason]} | {moment(act.landed, settings.timezone)} "
        f"| {provenance(settings, act.pr, act.commit)} |"
        for act in missing
    ]
    block = table("| 아이디 | 사유 | 반영 | 기록 |")
    return lines + lists.show("not-counted", "집계되지 않은 참여", rows, block, keys=[act.handle for act in missing],
                              summary=reason_summary(missing)) + [""]


def reason_summary(acts) -> list[str]:
    """How many acts each reason left out, most first: the record page's summary of a long list."""
    reasons = Counter(act.reason for act in acts)
    lines = ["| 사유 | 건수 |", "| --- | ---: |"]
    lines += [f"| {REASONS[reason]} | {number:,}건 |" for reason, number in reasons.most_common()]
    return lines + [""]
